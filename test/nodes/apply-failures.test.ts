/**
 * Reconcile Apply when requests fail outright, over real HTTP to the simulators: rate limits, refused
 * credentials, missing credentials, whole-batch rejections. Nothing written may be reported failed, and
 * nothing refused may be dropped.
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { ReconcileApply } from '../../nodes/ReconcileApply/ReconcileApply.node';
import { startSims, type Sims } from '../simulators';
import { contactsPolicy } from '../fixtures/sim-policy';
import { jsonOf } from './harness/items';
import { runNode } from './harness/run-node';
import { credentialTypes, simCredentials } from './harness/sims';

describe('Reconcile Apply when a request fails outright', () => {
	let sims: Sims;
	let policy: string;

	beforeAll(async () => {
		sims = await startSims({ records: 400, seed: 23, hubspot: { rateLimits: false }, salesforce: { dailyApiLimit: false } });
		policy = JSON.stringify(contactsPolicy(sims.hubspot.owners));
	});
	afterAll(async () => await sims.close());
	beforeEach(() => {
		sims.hubspot.resetCalls();
		sims.salesforce.resetCalls();
	});

	const apply = async (patches: object[], opts: { continueOnFail?: boolean; credentials?: ReturnType<typeof simCredentials> } = {}) =>
		(
			await runNode({
				nodeType: new ReconcileApply(),
				parameters: { policy },
				inputs: [patches.map((json) => ({ json: json as never }))],
				credentials: opts.credentials ?? simCredentials(sims),
				credentialTypes,
				continueOnFail: opts.continueOnFail,
			})
		).outputs;

	const hsIds = () => sims.hubspot.truthAll('contacts').map((r) => String(r.id));
	const sfIds = () => sims.salesforce.truthAll('Contact').map((r) => String(r.Id));
	const hsUpdate = (id: string, i: number, title: string) => ({
		side: 'a',
		op: 'update',
		id,
		key: `k${i}`,
		fields: { jobtitle: title },
		baseline: { key: `k${i}`, aId: id, bId: `b${i}`, values: { job_title: title }, dependsOn: [{ side: 'a', id }] },
	});
	const errorOf = (json: Record<string, unknown>) => json.error as { code: string; message: string; httpStatus?: number; notSent?: boolean };

	it("keeps what HubSpot wrote when a later batch is refused, and fails only that batch's records and the unsent ones with the API's reason", async () => {
		const ids = hsIds().slice(0, 150);
		const updates = ids.map((id, i) => hsUpdate(id, i, `Batch run ${i}`));
		const creates = [0, 1].map((i) => ({ side: 'a', op: 'create', key: `late-${i}@example.com`, fields: { email: `late-${i}@example.com`, lastname: 'Late' } }));
		// Two calls left today: the lookup for the creates and the first batch of updates.
		sims.hubspot.limiter.reset();
		sims.hubspot.setRateLimits({ daily: 2, perTenSeconds: Infinity, searchPerSecond: Infinity });
		let out;
		try {
			out = await apply([...updates, ...creates]);
		} finally {
			sims.hubspot.setRateLimits(false);
		}
		const [written, failed, baseline, , summaries] = out;
		const [summary] = jsonOf(summaries);
		expect(jsonOf(written).map((w) => w.id)).toEqual(ids.slice(0, 100));
		expect(jsonOf(written).every((w) => w.result === 'updated')).toBe(true);
		expect(sims.hubspot.truth('contacts', ids[0])).toMatchObject({ properties: expect.objectContaining({ jobtitle: 'Batch run 0' }) });
		expect(sims.hubspot.truth('contacts', ids[149])).not.toMatchObject({ properties: expect.objectContaining({ jobtitle: 'Batch run 149' }) });
		// Every record that was written has its baseline row.
		expect(jsonOf(baseline).map((r) => r.key)).toEqual(ids.slice(0, 100).map((_, i) => `k${i}`));
		expect(jsonOf(failed).map((f) => f.id ?? f.key)).toEqual([...ids.slice(100), 'late-0@example.com', 'late-1@example.com']);
		expect(errorOf(jsonOf(failed)[0])).toMatchObject({ code: 'RATE_LIMIT', httpStatus: 429, message: expect.stringContaining('You have reached your daily limit.') });
		expect(errorOf(jsonOf(failed)[0]).notSent).toBeUndefined();
		expect(errorOf(jsonOf(failed)[50])).toMatchObject({ code: 'RATE_LIMIT', notSent: true });
		expect(failed[0].pairedItem).toEqual({ item: 100 });
		expect(summary).toMatchObject({ updated: 100, failed: 52 });
	});

	it('writes the first Salesforce collection and fails the next with REQUEST_LIMIT_EXCEEDED once its retries are spent', async () => {
		const ids = sfIds().slice(0, 250);
		const updates = ids.map((id, i) => ({ side: 'b', op: 'update', id, key: `k${i}`, fields: { Title: `Collection run ${i}` } }));
		sims.salesforce.limit.reset();
		sims.salesforce.limit.max = 1;
		let out;
		try {
			out = await apply(updates);
		} finally {
			sims.salesforce.limit.max = Infinity;
		}
		const [written, failed, , , summaries] = out;
		const [summary] = jsonOf(summaries);
		expect(jsonOf(written).map((w) => w.id)).toEqual(ids.slice(0, 200));
		expect(sims.salesforce.truth('Contact', ids[199])).toMatchObject({ Title: 'Collection run 199' });
		expect(jsonOf(failed).map((f) => f.id)).toEqual(ids.slice(200));
		expect(errorOf(jsonOf(failed)[0])).toMatchObject({ code: 'REQUEST_LIMIT_EXCEEDED', httpStatus: 403, message: expect.stringContaining('TotalRequests Limit exceeded.') });
		// Backed off and retried within the budget (6 attempts per request) before giving up.
		expect(sims.salesforce.calls().byStatus['403']).toBe(6);
		expect(summary).toMatchObject({ updated: 200, failed: 50, retries: 5 });
	}, 60_000);

	it('sends Salesforce records that hit a row lock again, up to three more times, and reports those still locked', async () => {
		const ids = sfIds().slice(300, 320);
		const updates = ids.map((id, i) => ({ side: 'b', op: 'update', id, key: `k${i}`, fields: { Title: `Locked ${i}` } }));
		sims.salesforce.setFaults({ lockErrorRate: 1 });
		let stuck;
		try {
			stuck = await apply(updates);
		} finally {
			sims.salesforce.setFaults({});
		}
		expect(jsonOf(stuck[1]).map((f) => errorOf(f).code)).toEqual(Array(20).fill('UNABLE_TO_LOCK_ROW'));
		expect(jsonOf(stuck[4])[0]).toMatchObject({ failed: 20, retries: 60, byEndpoint: { 'PATCH /composite/sobjects': 4 } });
		sims.salesforce.setFaults({ lockErrorRate: 0.5 });
		let some;
		try {
			some = await apply(updates);
		} finally {
			sims.salesforce.setFaults({});
		}
		const [written, failed, , , [summary]] = some;
		expect(written.length + failed.length).toBe(20);
		expect(written.length).toBeGreaterThan(10); // half would pass on the first try alone
		expect(jsonOf(failed).every((f) => errorOf(f).code === 'UNABLE_TO_LOCK_ROW')).toBe(true);
		expect(summary.json.retries).toBeGreaterThan(0);
		for (const w of jsonOf(written)) expect(sims.salesforce.truth('Contact', String(w.id))).toMatchObject({ Title: (w.fields as { Title: string }).Title });
	});

	it('fails a HubSpot batch refused with 401 as a whole, in one request, with the reason', async () => {
		const credentials = simCredentials(sims);
		credentials.reconcileHubSpotApi.accessToken = 'pat-na1-revoked';
		const updates = hsIds()
			.slice(0, 10)
			.map((id, i) => hsUpdate(id, i, 'Never'));
		const [written, failed] = await apply(updates, { credentials, continueOnFail: true });
		expect(written).toEqual([]);
		expect(jsonOf(failed).map((f) => errorOf(f).code)).toEqual(Array(10).fill('INVALID_AUTHENTICATION'));
		expect(errorOf(jsonOf(failed)[0])).toMatchObject({ httpStatus: 401, message: expect.stringMatching(/^HubSpot 401 INVALID_AUTHENTICATION on POST \/crm\/v3\/objects\/contacts\/batch\/update: /) });
		// One request, not one per half: n8n's request helper replays a 401 once after re-authenticating, that is all.
		expect(sims.hubspot.calls()).toMatchObject({ total: 2, byStatus: { '401': 2 } });
	});

	it('splits a HubSpot batch refused for one input (409 CONFLICT) until that record stands alone, and writes the others', async () => {
		const [x, y, z, owner] = hsIds().slice(20, 24);
		const taken = String((sims.hubspot.truth('contacts', owner) as { properties: { email: string } }).properties.email);
		const [written, failed] = await apply([hsUpdate(x, 0, 'Split ok'), { side: 'a', op: 'update', id: y, key: 'k1', fields: { email: taken } }, hsUpdate(z, 2, 'Split ok')]);
		expect(jsonOf(written).map((w) => w.id).sort()).toEqual([x, z].sort());
		expect(jsonOf(failed).map((f) => [f.id, errorOf(f).code, errorOf(f).httpStatus])).toEqual([[y, 'CONFLICT', 409]]);
		expect(errorOf(jsonOf(failed)[0]).message).toContain(`Contact already exists. Existing ID: ${owner}`);
	});

	it('splits a HubSpot create batch refused with 400 for two inputs with the same email: one is created, the other refused as a duplicate', async () => {
		const twins = [0, 1].map((i) => ({ side: 'a', op: 'create', key: 'twin@example.com', fields: { email: 'twin@example.com', lastname: `Twin ${i}` } }));
		const [written, failed] = await apply(twins);
		expect(jsonOf(written).map((w) => [w.key, w.result])).toEqual([['twin@example.com', 'created']]);
		expect(jsonOf(failed).map((f) => errorOf(f).code)).toEqual(['CONFLICT']);
		expect(sims.hubspot.truthAll('contacts').filter((c) => (c.properties as { email?: string }).email === 'twin@example.com')).toHaveLength(1);
	});

	it("gives a record HubSpot's error when a 207 error names no record", async () => {
		const [x, y] = hsIds().slice(30, 32);
		sims.hubspot.setFaults({ uncorrelatedBatchErrors: true });
		let failed;
		try {
			[, failed] = await apply([hsUpdate(x, 0, 'Fine'), { side: 'a', op: 'update', id: y, key: 'k1', fields: { lifecyclestage: 'not-a-stage' } }]);
		} finally {
			sims.hubspot.setFaults({});
		}
		expect(jsonOf(failed).map((f) => [f.id, errorOf(f).code])).toEqual([[y, 'VALIDATION_ERROR']]);
		expect(errorOf(jsonOf(failed)[0]).message).toMatch(/^Property values were not valid: .*not-a-stage.* \(HubSpot did not name the record\)$/);
	});

	it('keeps a configuration error as it is: no HubSpot credentials stop the node with NodeOperationError', async () => {
		const { reconcileSalesforceApi } = simCredentials(sims);
		const run = apply([hsUpdate(hsIds()[40], 0, 'Nope')], { credentials: { reconcileSalesforceApi } as never });
		await expect(run).rejects.toBeInstanceOf(NodeOperationError);
		await expect(run).rejects.not.toBeInstanceOf(NodeApiError);
	});

	it('with On Error set to continue, sends the side it has no credentials for to Failed and still writes the other side', async () => {
		const { reconcileSalesforceApi } = simCredentials(sims);
		const sf = sfIds()[40];
		const [written, failed] = await apply([hsUpdate(hsIds()[40], 0, 'Nope'), { side: 'b', op: 'update', id: sf, key: 'k', fields: { Title: 'Still written' } }], {
			credentials: { reconcileSalesforceApi } as never,
			continueOnFail: true,
		});
		expect(jsonOf(written).map((w) => w.id)).toEqual([sf]);
		expect(jsonOf(failed).map((f) => errorOf(f).code)).toEqual(['CONFIGURATION_ERROR']);
		expect(failed[0].pairedItem).toEqual({ item: 0 });
		expect(sims.salesforce.truth('Contact', sf)).toMatchObject({ Title: 'Still written' });
	});
});
