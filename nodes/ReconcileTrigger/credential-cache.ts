/**
 * The trigger's credentials, kept for a short while per node. Reading a credential in a webhook costs n8n
 * several database queries and a decryption (about 45 ms of the ~65 ms a delivery took to be answered on a
 * 2-core machine, measured with the fast-loop benchmark), and every delivery needs the secret before it can
 * be answered. A secret edited in place is picked up within `TTL_MS`; selecting another credential on the
 * node takes effect at once (the key names the credential id). Per process, like the replay guard.
 */
import type { ICredentialDataDecryptedObject, IWebhookFunctions } from 'n8n-workflow';

export const TTL_MS = 30_000;
const MAX_ENTRIES = 1_000;

interface Entry {
	data: ICredentialDataDecryptedObject;
	expiresAt: number;
}

export class CredentialCache {
	private readonly entries = new Map<string, Entry>();

	constructor(private readonly ttlMs = TTL_MS) {}

	/** The credential `type` of this node, from n8n at most once per `ttlMs`; failures are never kept. */
	async get(ctx: IWebhookFunctions, type: string, now: number): Promise<ICredentialDataDecryptedObject> {
		const node = ctx.getNode();
		const key = `${ctx.getWorkflow().id ?? ''}\u0000${node.id}\u0000${type}\u0000${node.credentials?.[type]?.id ?? ''}`;
		const hit = this.entries.get(key);
		if (hit !== undefined && hit.expiresAt > now) return hit.data;
		const data = await ctx.getCredentials(type);
		if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
		this.entries.set(key, { data, expiresAt: now + this.ttlMs });
		return data;
	}
}

export const triggerCredentials = new CredentialCache();
