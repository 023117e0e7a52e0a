import { NodeApiError } from 'n8n-workflow';

import { ReconcileSnapshot } from '../../nodes/ReconcileSnapshot/ReconcileSnapshot.node';
import { startSims, type Sims } from '../simulators';
import { contactsPolicy } from '../fixtures/sim-policy';
import { jsonOf } from './harness/items';
import { runNode } from './harness/run-node';
import { credentialTypes, simCredentials } from './harness/sims';

describe('Reconcile Snapshot node against the simulators (real HTTP)', () => {
	let sims: Sims;
	let policy: string;

	beforeAll(async () => {
		sims = await startSims({ records: 2500, seed: 7, hubspot: { rateLimits: false }, salesforce: { dailyApiLimit: false } });
		policy = JSON.stringify(contactsPolicy(sims.hubspot.owners));
	});
	afterAll(async () => await sims.close());
	beforeEach(() => {
		sims.hubspot.resetCalls();
		sims.salesforce.resetCalls();
		sims.hubspot.setFaults({});
		sims.salesforce.setFaults({});
	});

	const snapshot = async (parameters: Record<string, unknown>, inputs = [[{ json: {} }]]) =>
		await runNode({ nodeType: new ReconcileSnapshot(), parameters: { policy, ...parameters }, inputs, credentials: simCredentials(sims), credentialTypes });

	it('pages through every HubSpot contact with the minimum number of calls', async () => {
		const { outputs } = await snapshot({ source: 'hubspot', side: 'a', scope: 'full' });
		const [records, [stats]] = outputs;
		const total = sims.hubspot.truthAll('contacts').length;
		expect(records).toHaveLength(total);
		expect(new Set(jsonOf(records).map((r) => r.id)).size).toBe(total);
		expect(stats.json).toMatchObject({ records: total, apiCalls: Math.ceil(total / 100), minimumCalls: Math.ceil(total / 100), retries: 0 });
		expect(sims.hubspot.calls().byEndpoint).toEqual({ 'GET /crm/v3/objects/contacts': Math.ceil(total / 100) });
		const first = records[0].json as { fields: Record<string, unknown>; modifiedAt: string; system: string };
		expect(Object.keys(first.fields).sort()).toEqual(['email', 'firstname', 'hs_lead_status', 'hubspot_owner_id', 'jobtitle', 'lastname', 'lifecyclestage', 'phone', 'product_interest']);
		expect(first.modifiedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
	});

	it('reads every Salesforce contact in batches of 2,000 through nextRecordsUrl', async () => {
		const { outputs } = await snapshot({ source: 'salesforce', side: 'b', scope: 'full' });
		const total = sims.salesforce.truthAll('Contact').length;
		expect(outputs[0]).toHaveLength(total);
		expect(outputs[1][0].json).toMatchObject({ apiCalls: Math.ceil(total / 2000), minimumCalls: Math.ceil(total / 2000) });
		expect((outputs[0][0].json as { modifiedAt: string }).modifiedAt).toMatch(/\.000\+0000$/);
	});

	it('reads the records a webhook named, pairing each with the item that named it', async () => {
		const ids = sims.hubspot.truthAll('contacts').slice(0, 150).map((r) => String(r.id));
		const inputs = [[{ json: { ids: ids.slice(0, 100) } }, { json: { ids: [...ids.slice(100), '99999999'] } }]];
		const { outputs } = await snapshot({ source: 'hubspot', side: 'a', scope: 'ids', ids: '={{ $json.ids }}' }, inputs);
		expect(outputs[0]).toHaveLength(150);
		expect(outputs[0].find((r) => r.json.id === ids[120])?.pairedItem).toEqual({ item: 1 });
		expect(outputs[1][0].json).toMatchObject({ missingIds: ['99999999'], apiCalls: 2 });
	});

	it("finds the other side's copies by key (Salesforce SOQL IN, case-insensitive emails)", async () => {
		const emails = sims.hubspot.truthAll('contacts').slice(0, 40).map((r) => String((r.properties as Record<string, unknown>).email).toUpperCase());
		const { outputs } = await snapshot({ source: 'salesforce', side: 'b', scope: 'keys', keyValues: '={{ $json.emails }}' }, [[{ json: { emails } }]]);
		expect(outputs[0].length).toBeGreaterThanOrEqual(30);
		expect(sims.salesforce.calls().byEndpoint['GET /services/data/v60.0/query']).toBe(1);
	});

	it('reads only what changed since a watermark on both systems (search / SOQL on SystemModstamp), and everything for an empty one', async () => {
		const since = new Date(Date.now() - 1000).toISOString();
		const hs = sims.hubspot.truthAll('contacts').slice(10, 13).map((r) => String(r.id));
		const sf = sims.salesforce.truthAll('Contact').slice(20, 22).map((r) => String(r.Id));
		for (const id of hs) sims.hubspot.uiUpdate('contacts', id, { jobtitle: 'Changed since' });
		for (const id of sf) sims.salesforce.uiUpdate('Contact', id, { Title: 'Changed since' });
		const changedA = await snapshot({ source: 'hubspot', side: 'a', scope: 'modifiedSince', since, lookbackHours: 0 });
		expect(jsonOf(changedA.outputs[0]).map((r) => r.id).sort()).toEqual([...hs].sort());
		expect(changedA.outputs[1][0].json).toMatchObject({ scope: 'modified_since', records: 3, apiCalls: 1 });
		expect(sims.hubspot.calls().byEndpoint).toEqual({ 'POST /crm/v3/objects/contacts/search': 1 });
		const changedB = await snapshot({ source: 'salesforce', side: 'b', scope: 'modifiedSince', since, lookbackHours: 0 });
		expect(jsonOf(changedB.outputs[0]).map((r) => r.id).sort()).toEqual([...sf].sort());
		expect(changedB.outputs[1][0].json).toMatchObject({ scope: 'modified_since', records: 2, apiCalls: 1 });

		// The lookback reaches further back: a day before the watermark still includes today's edits.
		const later = new Date(Date.now() + 3_600_000).toISOString();
		expect((await snapshot({ source: 'hubspot', side: 'a', scope: 'modifiedSince', since: later, lookbackHours: 24 })).outputs[0].length).toBeGreaterThanOrEqual(3);
		expect((await snapshot({ source: 'hubspot', side: 'a', scope: 'modifiedSince', since: later, lookbackHours: 0 })).outputs[0]).toHaveLength(0);

		// No watermark (a cycle's full pass): every record, with the fewest calls.
		sims.hubspot.resetCalls();
		const all = await snapshot({ source: 'hubspot', side: 'a', scope: 'modifiedSince', since: '' });
		const total = sims.hubspot.truthAll('contacts').length;
		expect(all.outputs[0]).toHaveLength(total);
		expect(all.outputs[1][0].json).toMatchObject({ scope: 'full', records: total, apiCalls: Math.ceil(total / 100), minimumCalls: Math.ceil(total / 100) });
	});

	it('names a watermark that is not a date/time', async () => {
		await expect(snapshot({ source: 'hubspot', side: 'a', scope: 'modifiedSince', since: 'yesterday' })).rejects.toThrow('"Modified Since" is not a date/time: "yesterday"');
		expect(sims.hubspot.calls().total).toBe(0);
	});

	it('rides out a 429 storm with backoff and still reads everything', async () => {
		sims.hubspot.setFaults({ rateLimitRate: 0.3 });
		const { outputs } = await snapshot({ source: 'hubspot', side: 'a', scope: 'full' });
		expect(outputs[0]).toHaveLength(sims.hubspot.truthAll('contacts').length);
		const stats = outputs[1][0].json as { retries: number; apiCalls: number };
		expect(stats.retries).toBeGreaterThan(3);
		expect(sims.hubspot.calls().byStatus['429']).toBe(stats.retries);
	}, 120_000);

	it('rides out Salesforce 403 REQUEST_LIMIT_EXCEEDED with backoff and still reads everything', async () => {
		sims.salesforce.setFaults({ rateLimitRate: 0.5 });
		const { outputs } = await snapshot({ source: 'salesforce', side: 'b', scope: 'full' });
		expect(outputs[0]).toHaveLength(sims.salesforce.truthAll('Contact').length);
		const stats = outputs[1][0].json as { retries: number; apiCalls: number; waitedMs: number };
		expect(stats.retries).toBeGreaterThan(0);
		expect(stats.waitedMs).toBeGreaterThan(0);
		expect(sims.salesforce.calls().byStatus['403']).toBe(stats.retries);
		expect(stats.apiCalls).toBe(Math.ceil(sims.salesforce.truthAll('Contact').length / 2000) + stats.retries);
	}, 60_000);

	it('stops with the API error, not a partial snapshot, when the retries for a page are spent', async () => {
		// The first page is served; the daily limit refuses the second one on every attempt.
		sims.salesforce.limit.reset();
		sims.salesforce.limit.max = 1;
		try {
			const run = snapshot({ source: 'salesforce', side: 'b', scope: 'full' });
			await expect(run).rejects.toBeInstanceOf(NodeApiError);
			await expect(run).rejects.toMatchObject({ httpCode: '403', message: 'Salesforce 403 REQUEST_LIMIT_EXCEEDED on GET /query/{locator}: TotalRequests Limit exceeded.' });
		} finally {
			sims.salesforce.limit.max = Infinity;
		}
		expect(sims.salesforce.calls().byEndpoint).toMatchObject({ 'GET /services/data/v60.0/query': 1, 'GET /services/data/v60.0/query/{locator}': 6 });
	}, 60_000);

	it('gives every record its normalised match key, as the Diff computes it from the policy', async () => {
		const [id] = sims.salesforce.truthAll('Contact').map((r) => String(r.Id));
		sims.salesforce.uiUpdate('Contact', id, { Email: '  Mixed.Case@Example.COM ' });
		const { outputs } = await snapshot({ source: 'salesforce', side: 'b', scope: 'ids', ids: id });
		expect(jsonOf(outputs[0])).toEqual([expect.objectContaining({ id, key: 'mixed.case@example.com' })]);
		const listed = await snapshot({ source: 'salesforce', fieldsFrom: 'list', object: 'Contact', fields: 'Email', scope: 'ids', ids: id });
		expect(listed.outputs[0][0].json).not.toHaveProperty('key'); // no policy, no key to compute
	});

	it('fetches a new Salesforce session when the old one expired (401 INVALID_SESSION_ID)', async () => {
		const credentials = simCredentials(sims);
		const first = await runNode({ nodeType: new ReconcileSnapshot(), parameters: { policy, source: 'salesforce', side: 'b', scope: 'keys', keyValues: 'nobody@example.com' }, inputs: [[{ json: {} }]], credentials, credentialTypes });
		const token = first.credentials.store.reconcileSalesforceApi.sessionToken;
		expect(token).not.toBe('');
		sims.salesforce.expireTokens();
		credentials.reconcileSalesforceApi.sessionToken = token;
		const second = await runNode({ nodeType: new ReconcileSnapshot(), parameters: { policy, source: 'salesforce', side: 'b', scope: 'full' }, inputs: [[{ json: {} }]], credentials, credentialTypes });
		expect(second.outputs[0]).toHaveLength(sims.salesforce.truthAll('Contact').length);
		expect(second.credentials.log.filter((e) => e.event === 'preAuthentication')).toHaveLength(1);
		expect(second.credentials.store.reconcileSalesforceApi.sessionToken).not.toBe(token);
		expect(sims.salesforce.calls().byStatus['401']).toBe(1);
	});

	it('reports a wrong HubSpot token as the API error with its category', async () => {
		const credentials = simCredentials(sims);
		credentials.reconcileHubSpotApi.accessToken = 'pat-na1-wrong';
		const run = runNode({ nodeType: new ReconcileSnapshot(), parameters: { policy, source: 'hubspot', side: 'a', scope: 'full' }, inputs: [[{ json: {} }]], credentials, credentialTypes });
		await expect(run).rejects.toThrow(/^HubSpot 401 INVALID_AUTHENTICATION on GET \/crm\/v3\/objects\/contacts: /);
	});
});
