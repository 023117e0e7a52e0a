import { signatureV3 } from '../../simulators';
import { ReconcileTrigger } from '../../../nodes/ReconcileTrigger/ReconcileTrigger.node';
import { ReplayGuard } from '../../../nodes/ReconcileTrigger/replay-guard';
import { callTrigger, hubspotCredentials, HUBSPOT_SECRET, N8N_BASE, runLifecycle, salesforceCredentials, CALLOUT_SECRET } from './call-trigger';

const URL = `${N8N_BASE}/webhook/reconcile-hubspot`;

function signedHubSpot(body: string) {
	const ts = Date.now();
	return { body, headers: { 'X-HubSpot-Signature-v3': signatureV3(HUBSPOT_SECRET, 'POST', URL, body, ts), 'X-HubSpot-Request-Timestamp': String(ts) } };
}

const oneEvent = () => JSON.stringify([{ subscriptionType: 'contact.creation', objectId: Math.floor(Math.random() * 1e9) + 1, occurredAt: Date.now() }]);

describe('the Reconcile Trigger node', () => {
	it('is a webhook trigger with Changes and Rejected outputs and no usableAsTool', () => {
		const d = new ReconcileTrigger().description;
		expect(d).toMatchObject({ name: 'reconcileTrigger', displayName: 'Reconcile Trigger', group: ['trigger'], inputs: [], outputNames: ['Changes', 'Rejected'] });
		expect(d.usableAsTool).toBeUndefined();
		expect(d.webhooks).toEqual([expect.objectContaining({ httpMethod: 'POST', rawBody: true, isFullPath: true, path: '={{$parameter["path"]}}' })]);
	});

	it('refuses a body over the limit with 413 before checking anything else', async () => {
		const res = await callTrigger({ body: 'x'.repeat(2048), parameters: { options: { maxBodySizeKb: 1 } } });
		expect(res.status).toBe(413);
		expect(res.rejected[0]).toMatchObject({ reason: 'body of 2048 bytes exceeds the 1024-byte limit', status: 413, bodyBytes: 2048 });
	});

	it('accepts a body of exactly the limit', async () => {
		const body = oneEvent();
		const res = await callTrigger({ ...signedHubSpot(body), parameters: { options: { maxBodySizeKb: body.length / 1024 } } });
		expect(res.status).toBe(200);
	});

	it('applies the 1 MB default', async () => {
		const res = await callTrigger({ body: Buffer.alloc(1024 * 1024 + 1, 0x20) });
		expect(res.status).toBe(413);
	});

	it('reads the raw body through n8n when it has not been read yet', async () => {
		const res = await callTrigger({ ...signedHubSpot(oneEvent()), lazyBody: true });
		expect(res.status).toBe(200);
	});

	it('answers 400 when n8n can no longer read the body (a multipart upload)', async () => {
		const res = await callTrigger({ body: 'x', unreadableBody: true, headers: { 'Content-Type': 'multipart/form-data; boundary=x' } });
		expect(res.status).toBe(400);
		expect(res.rejected[0]).toMatchObject({ reason: 'body could not be read (multipart bodies are not accepted)', bodyBytes: 0 });
	});

	it('answers 500 (which senders retry) when the credential cannot verify anything', async () => {
		const res = await callTrigger({ ...signedHubSpot(oneEvent()), credentials: hubspotCredentials({ clientSecret: '' }) });
		expect(res.status).toBe(500);
		expect(res.rejected[0].reason).toBe('trigger not configured: the Reconcile HubSpot API credential has no Webhook Client Secret');
	});

	it('answers 500 when the node has no credential of the needed type', async () => {
		const res = await callTrigger({ parameters: { source: 'salesforceFlow' }, credentials: hubspotCredentials(), body: '{}' });
		expect(res.status).toBe(500);
		expect(res.rejected[0].reason).toBe('trigger not configured: no usable reconcileSalesforceApi credential');
	});

	it('never puts secrets, signatures or the body into the Rejected item', async () => {
		const body = '[{"objectId":1,"subscriptionType":"contact.creation","occurredAt":1,"propertyValue":"private@example.com"}]';
		const signature = signatureV3('wrong', 'POST', URL, body, Date.now());
		const res = await callTrigger({ body, headers: { 'X-HubSpot-Signature-v3': signature, 'X-HubSpot-Request-Timestamp': String(Date.now()) } });
		const text = JSON.stringify(res.rejected);
		for (const secret of [HUBSPOT_SECRET, signature, 'private@example.com', 'pat-na1-x']) expect(text).not.toContain(secret);
		expect(Object.keys(res.rejected[0]).sort()).toEqual(['bodyBytes', 'channel', 'reason', 'receivedAt', 'remoteAddress', 'source', 'status']);
	});

	it('answers every request exactly once and always emits exactly one item', async () => {
		for (const call of [signedHubSpot(oneEvent()), { body: 'garbage' }]) {
			const res = await callTrigger(call);
			expect(res.changes.length + res.rejected.length).toBe(1);
		}
	});

	describe('activation', () => {
		it('passes and registers nothing remotely when the credential can verify deliveries', async () => {
			await expect(runLifecycle('checkExists', {})).resolves.toBe(true);
			await expect(runLifecycle('create', {})).resolves.toBe(true);
			await expect(runLifecycle('delete', {})).resolves.toBe(true);
			await expect(runLifecycle('checkExists', { parameters: { source: 'salesforceFlow' }, credentials: salesforceCredentials() })).resolves.toBe(true);
			await expect(runLifecycle('checkExists', { parameters: { source: 'salesforceOutbound' }, credentials: salesforceCredentials() })).resolves.toBe(true);
		});

		it.each([
			['hubspot', hubspotCredentials({ clientSecret: '' }), 'has no Webhook Client Secret'],
			['salesforceFlow', salesforceCredentials({ calloutSecret: '' }), 'has no Callout Shared Secret'],
			['salesforceOutbound', salesforceCredentials({ organizationId: '00Dshort' }), 'has no valid Organization ID'],
		])('fails for %s with a message that says what is missing', async (source, credentials, message) => {
			await expect(runLifecycle('checkExists', { parameters: { source }, credentials })).rejects.toThrow(message);
		});
	});

	it('does not confuse two callout secrets of different lengths', async () => {
		const base = { parameters: { source: 'salesforceFlow' }, credentials: salesforceCredentials(), body: JSON.stringify({ object: 'Contact', record: { Id: '003000000000001AAA' } }) };
		expect((await callTrigger({ ...base, headers: { 'X-Reconcile-Secret': CALLOUT_SECRET.slice(0, -1) } })).status).toBe(401);
		expect((await callTrigger({ ...base, headers: { 'X-Reconcile-Secret': CALLOUT_SECRET } })).status).toBe(200);
	});
});

describe('the replay guard', () => {
	it('forgets keys once they expire', () => {
		const guard = new ReplayGuard();
		expect(guard.firstSeen('k', 100, 0)).toBe(true);
		expect(guard.firstSeen('k', 100, 50)).toBe(false);
		expect(guard.firstSeen('k', 300, 150)).toBe(true);
	});

	it('stays bounded under a flood of live keys', () => {
		const guard = new ReplayGuard(100);
		for (let i = 0; i < 1000; i++) guard.firstSeen(`k${i}`, 10_000, 0);
		expect(guard.firstSeen('k999', 10_000, 1)).toBe(false);
		expect(guard.firstSeen('k0', 10_000, 1)).toBe(true);
	});
});
