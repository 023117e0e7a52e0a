import type {
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	INodeProperties,
} from 'n8n-workflow';

function trimSlash(url: unknown): string {
	return String(url ?? '').replace(/\/+$/, '');
}

/**
 * Salesforce with the OAuth 2.0 client-credentials flow of a connected app, against the org's My Domain
 * URL (Salesforce allows this flow only there). The session token is fetched on first use and fetched
 * again whenever Salesforce answers 401 INVALID_SESSION_ID: n8n re-runs `preAuthentication` for the
 * `expirable` field and replays the request.
 */
export class ReconcileSalesforceApi implements ICredentialType {
	name = 'reconcileSalesforceApi';

	displayName = 'Reconcile Salesforce API';

	icon = 'file:../nodes/icons/reconcile.svg' as const;

	documentationUrl = 'https://help.salesforce.com/s/articleView?id=sf.connected_app_client_credentials_setup.htm';

	properties: INodeProperties[] = [
		{
			displayName: 'My Domain URL',
			name: 'domainUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://acme.my.salesforce.com',
			description: "Your org's My Domain URL; the client-credentials flow only works there",
		},
		{
			displayName: 'Consumer Key (Client ID)',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
		},
		{
			displayName: 'Consumer Secret (Client Secret)',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'API Version',
			name: 'apiVersion',
			type: 'string',
			default: '60.0',
			description: 'REST API version without the "v", e.g. 60.0',
		},
		{
			displayName: 'Integration User ID',
			name: 'integrationUserId',
			type: 'string',
			default: '',
			description:
				"ID (005…) of the connected app's Run As user. Changes it makes arrive in Flow callouts and Outbound Messages with this LastModifiedById, which the fast loop counts as echoes.",
		},
		{
			displayName: 'Callout Shared Secret',
			name: 'calloutSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Secret your Flow HTTP callout sends in the X-Reconcile-Secret header (set it on the Named Credential). The Reconcile Trigger rejects callouts without it.',
		},
		{
			displayName: 'Organization ID',
			name: 'organizationId',
			type: 'string',
			default: '',
			placeholder: '00D…',
			description: 'Your org ID (15 or 18 characters). Outbound Messages from any other org are rejected.',
		},
		{
			displayName: 'Session Token',
			name: 'sessionToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject): Promise<IDataObject> {
		const response = (await this.helpers.httpRequest({
			method: 'POST',
			url: `${trimSlash(credentials.domainUrl)}/services/oauth2/token`,
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({
				grant_type: 'client_credentials',
				client_id: String(credentials.clientId ?? ''),
				client_secret: String(credentials.clientSecret ?? ''),
			}).toString(),
		})) as { access_token?: string };
		return { sessionToken: response.access_token };
	}

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { Authorization: '=Bearer {{$credentials.sessionToken}}' },
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.domainUrl.replace(/\\/+$/, "")}}',
			url: '=/services/data/v{{$credentials.apiVersion}}/limits',
		},
	};
}
