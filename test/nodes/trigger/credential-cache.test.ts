import type { ICredentialDataDecryptedObject, IWebhookFunctions } from 'n8n-workflow';

import { CredentialCache } from '../../../nodes/ReconcileTrigger/credential-cache';

/** Just enough of a webhook context: a node with one credential, and n8n's read of it (counted). */
function context(credentialId: string, reads: { n: number; data: ICredentialDataDecryptedObject; fail?: boolean }, nodeId = 'n1'): IWebhookFunctions {
	return {
		getNode: () => ({ id: nodeId, credentials: { reconcileHubSpotApi: { id: credentialId, name: 'HubSpot' } } }),
		getWorkflow: () => ({ id: 'wf1' }),
		getCredentials: async () => {
			reads.n++;
			if (reads.fail) throw new Error('Node does not have any credentials set');
			return reads.data;
		},
	} as unknown as IWebhookFunctions;
}

describe("the trigger's credential cache", () => {
	it('reads a credential from n8n once per TTL, per node and credential', async () => {
		const cache = new CredentialCache(30_000);
		const reads = { n: 0, data: { clientSecret: 'one' } };
		const ctx = context('c1', reads);
		expect(await cache.get(ctx, 'reconcileHubSpotApi', 0)).toEqual({ clientSecret: 'one' });
		expect(await cache.get(ctx, 'reconcileHubSpotApi', 29_999)).toEqual({ clientSecret: 'one' });
		expect(reads.n).toBe(1);
		// A secret edited in place: seen after the TTL.
		reads.data = { clientSecret: 'two' };
		expect(await cache.get(ctx, 'reconcileHubSpotApi', 30_000)).toEqual({ clientSecret: 'two' });
		expect(reads.n).toBe(2);
		// Another credential selected on the node, or another node: read at once.
		expect(await cache.get(context('c2', reads), 'reconcileHubSpotApi', 30_001)).toEqual({ clientSecret: 'two' });
		await cache.get(context('c1', reads, 'n2'), 'reconcileHubSpotApi', 30_001);
		expect(reads.n).toBe(4);
	});

	it('keeps no failure: a credential that could not be read is asked for again on the next delivery', async () => {
		const cache = new CredentialCache(30_000);
		const reads = { n: 0, data: { clientSecret: 'one' }, fail: true };
		const ctx = context('c1', reads);
		await expect(cache.get(ctx, 'reconcileHubSpotApi', 0)).rejects.toThrow('Node does not have any credentials set');
		reads.fail = false;
		expect(await cache.get(ctx, 'reconcileHubSpotApi', 1)).toEqual({ clientSecret: 'one' });
		expect(reads.n).toBe(2);
	});
});
