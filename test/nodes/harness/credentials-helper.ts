/**
 * A small stand-in for n8n's CLI CredentialsHelper (which lives in the `n8n` package, not in n8n-core):
 * decrypted credentials come from memory; generic `authenticate` blocks and `preAuthentication` with an
 * expirable field behave as n8n's do (refresh when the field is empty or the server said 401).
 */
import {
	ICredentialsHelper,
	type ICredentialDataDecryptedObject,
	type ICredentials,
	type ICredentialType,
	type IHttpRequestHelper,
	type IHttpRequestOptions,
	type INode,
	type INodeCredentialsDetails,
	type INodeProperties,
	type IRequestOptionsSimplified,
} from 'n8n-workflow';

/** Resolves `={{$credentials.x}}`-style templates the way n8n's expression engine would for these simple cases. */
export function resolveCredentialTemplate(template: string, credentials: ICredentialDataDecryptedObject): string {
	if (!template.startsWith('=')) return template;
	return template.slice(1).replace(/\{\{\s*([^}]+?)\s*\}\}/g, (_, expression: string) => {
		// Test-only evaluation of the credential's own expressions (no user input reaches here).
		const evaluate = new Function('$credentials', `return (${expression});`) as (c: unknown) => unknown;
		return String(evaluate(credentials));
	});
}

export class TestCredentialsHelper extends ICredentialsHelper {
	/** Every authenticated request and every token fetch, for assertions. */
	readonly log: Array<{ type: string; event: 'authenticate' | 'preAuthentication' }> = [];

	constructor(
		private readonly types: Record<string, ICredentialType>,
		readonly store: Record<string, ICredentialDataDecryptedObject>,
	) {
		super();
	}

	private type(name: string): ICredentialType {
		const type = this.types[name];
		if (type === undefined) throw new Error(`Unknown credential type ${name}`);
		return type;
	}

	getParentTypes(name: string): string[] {
		return this.type(name).extends ?? [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
	): Promise<IHttpRequestOptions> {
		this.log.push({ type: typeName, event: 'authenticate' });
		const auth = this.type(typeName).authenticate;
		if (auth === undefined || typeof auth === 'function' || auth.type !== 'generic') return requestOptions as IHttpRequestOptions;
		const options = requestOptions as unknown as Record<string, Record<string, unknown> | undefined>;
		for (const [where, values] of Object.entries(auth.properties as Record<string, Record<string, string>>)) {
			options[where] = { ...(options[where] ?? {}) };
			for (const [key, value] of Object.entries(values)) options[where]![key] = resolveCredentialTemplate(value, credentials);
		}
		return requestOptions as IHttpRequestOptions;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		_node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.type(typeName);
		const expirable = type.properties.find((p) => p.type === 'hidden' && p.typeOptions?.expirable === true);
		if (expirable === undefined || type.preAuthentication === undefined) return undefined;
		if (credentials[expirable.name] !== '' && credentials[expirable.name] !== undefined && !credentialsExpired) return undefined;
		this.log.push({ type: typeName, event: 'preAuthentication' });
		const output = await type.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined) return undefined;
		Object.assign(this.store[typeName], output); // n8n saves the refreshed token with the credential
		return Object.assign(credentials, output);
	}

	async runPreAuthentication(helpers: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject, typeName: string) {
		return (await this.type(typeName).preAuthentication?.call(helpers, credentials)) as ICredentialDataDecryptedObject | undefined;
	}

	async getCredentials(_details: INodeCredentialsDetails, type: string): Promise<ICredentials> {
		throw new Error(`getCredentials(${type}) is not used by these tests`);
	}

	async getDecrypted(_additionalData: unknown, _details: INodeCredentialsDetails, type: string): Promise<ICredentialDataDecryptedObject> {
		const data = this.store[type];
		if (data === undefined) throw new Error(`No test credentials of type ${type}`);
		return { ...data };
	}

	async updateCredentials(_details: INodeCredentialsDetails, type: string, data: ICredentialDataDecryptedObject): Promise<void> {
		this.store[type] = { ...data };
	}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.type(type).properties;
	}
}
