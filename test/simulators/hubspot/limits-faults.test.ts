import { startHubSpotSim } from '../index';
import type { HubSpotSim } from './sim';
import { hs, manualClock } from '../test-helpers';

const clock = manualClock();
let sim: HubSpotSim;

beforeAll(async () => {
	sim = await startHubSpotSim({ records: 100, seed: 11, clock, rateLimits: { perTenSeconds: 5, daily: 1000, searchPerSecond: 2 } });
});
afterAll(() => sim.close());
beforeEach(() => {
	sim.reset();
	sim.setRateLimits({ perTenSeconds: 5, daily: 1000, searchPerSecond: 2 });
	clock.advance(86_400_000);
});

const list = () => hs(sim, '/crm/v3/objects/contacts?limit=1');

describe('HubSpot auth', () => {
	it('answers a wrong or missing token with HubSpot’s 401 body and auth-failure header', async () => {
		for (const token of ['pat-na1-wrong', `Bearer ${sim.accessToken}`]) {
			const res = await hs(sim, '/crm/v3/objects/contacts', { token });
			expect(res.status).toBe(401);
			expect(res.body).toMatchObject({ status: 'error', category: 'INVALID_AUTHENTICATION' });
			expect(res.body.message).toContain('Authentication credentials not found');
			expect(res.headers.get('x-hubspot-auth-failure')).toBe('401 Unauthorized');
			expect(res.headers.get('content-type')).toBe('application/json;charset=utf-8');
		}
	});
});

describe('HubSpot rate limits', () => {
	it('counts a rolling 10-second window, with headers, and a 429 naming the policy', async () => {
		for (let i = 0; i < 5; i++) {
			const ok = await list();
			expect(ok.status).toBe(200);
			expect(ok.headers.get('x-hubspot-ratelimit-remaining')).toBe(String(4 - i));
			expect(ok.headers.get('x-hubspot-ratelimit-max')).toBe('5');
			expect(ok.headers.get('x-hubspot-ratelimit-daily')).toBe('1000');
		}
		const limited = await list();
		expect(limited.status).toBe(429);
		expect(limited.body).toMatchObject({ status: 'error', errorType: 'RATE_LIMIT', policyName: 'TEN_SECONDLY_ROLLING', message: 'You have reached your ten_secondly_rolling limit.' });
		clock.advance(10_001);
		expect((await list()).status).toBe(200);
		expect(sim.calls().byStatus).toEqual({ '200': 6, '429': 1 });
	});

	it('stops at the daily limit with policy DAILY until the day rolls over', async () => {
		sim.limiter.useDaily(1000);
		const res = await list();
		expect(res.status).toBe(429);
		expect(res.body.policyName).toBe('DAILY');
		clock.advance(86_400_000);
		expect((await list()).status).toBe(200);
	});

	it('limits search per second with the "secondly" message', async () => {
		const search = () => hs(sim, '/crm/v3/objects/contacts/search', { body: { limit: 1 } });
		expect((await search()).status).toBe(200);
		expect((await search()).status).toBe(200);
		const res = await search();
		expect(res.status).toBe(429);
		expect(res.body.message).toBe('You have reached your secondly limit.');
	});
});

describe('HubSpot fault injection', () => {
	beforeEach(() => sim.setRateLimits(false));

	async function statuses(n: number): Promise<number[]> {
		const out: number[] = [];
		for (let i = 0; i < n; i++) out.push((await list()).status);
		return out;
	}

	it('injects 429s and 5xx at the configured rates, the same ones for the same seed', async () => {
		sim.setFaults({ rateLimitRate: 0.2, serverErrorRate: 0.1 });
		const first = await statuses(60);
		sim.setFaults({ rateLimitRate: 0.2, serverErrorRate: 0.1 });
		const second = await statuses(60);
		expect(second).toEqual(first);
		expect(first.filter((s) => s === 429).length).toBeGreaterThan(4);
		expect(first.filter((s) => s === 502).length).toBeGreaterThan(1);
		expect(first.filter((s) => s === 200).length).toBeGreaterThan(35);
	});

	it('locks writes (423) but not reads', async () => {
		sim.setFaults({ lockErrorRate: 1 });
		const id = (sim.truthAll('contacts')[0] as any).id;
		expect((await hs(sim, `/crm/v3/objects/contacts/${id}`, { method: 'PATCH', body: { properties: { jobtitle: 'x' } } })).status).toBe(423);
		expect((await hs(sim, `/crm/v3/objects/contacts/${id}`)).status).toBe(200);
	});

	it('adds latency to every API response', async () => {
		sim.setFaults({ latencyMs: 60 });
		const t0 = Date.now();
		await list();
		expect(Date.now() - t0).toBeGreaterThanOrEqual(55);
	});

	it('turns a select into a multi-select after a number of calls (schema change mid-run)', async () => {
		sim.setFaults({ schemaChanges: [{ afterCalls: 3, change: { kind: 'single-to-multi', object: 'contacts', field: 'hs_lead_status' } }] });
		const id = (sim.truthAll('contacts')[0] as any).id;
		const write = () => hs(sim, `/crm/v3/objects/contacts/${id}`, { method: 'PATCH', body: { properties: { hs_lead_status: 'NEW;OPEN' } } });
		expect((await write()).status).toBe(400);
		await list();
		await list();
		expect((await write()).status).toBe(200);
		const prop = await hs(sim, '/crm/v3/properties/contacts/hs_lead_status');
		expect(prop.body.fieldType).toBe('checkbox');
	});
});

describe('HubSpot control API', () => {
	it('counts calls by endpoint, resets them, and is itself neither counted nor limited', async () => {
		sim.setRateLimits({ perTenSeconds: 1 });
		await list();
		await hs(sim, '/crm/v3/objects/deals/search', { body: { limit: 1 } });
		for (let i = 0; i < 5; i++) expect((await hs(sim, '/__sim/calls')).status).toBe(200);
		const calls = (await hs(sim, '/__sim/calls')).body;
		expect(calls.byEndpoint).toEqual({ 'GET /crm/v3/objects/contacts': 1, 'POST /crm/v3/objects/deals/search': 1 });
		const model = (await hs(sim, '/__sim/model')).body;
		expect(model.owners[0]).toMatchObject({ hubspotOwnerId: sim.owners[0].hubspotOwnerId, salesforceUserId: sim.owners[0].salesforceUserId });
		expect(model.fields.contacts.find((f: { hubspot: string }) => f.hubspot === 'lifecyclestage').values.hubspotToSalesforce.marketingqualifiedlead).toBe('MQL');
		await hs(sim, '/__sim/calls', { method: 'DELETE' });
		expect((await hs(sim, '/__sim/calls')).body.total).toBe(0);
	});

	it('makes "UI" edits attributed to a HubSpot user and records them in the write log', async () => {
		const id = (sim.truthAll('deals')[0] as any).id;
		const res = await hs(sim, `/__sim/ui/deals/${id}`, { method: 'PATCH', body: { properties: { amount: '1234' }, userId: 555 } });
		expect(res.body.properties.amount).toBe('1234');
		const history = res.body.propertiesWithHistory.amount[0];
		expect(history).toMatchObject({ value: '1234', sourceType: 'CRM_UI', sourceId: 'userId:555' });
		const log = (await hs(sim, '/__sim/writes')).body;
		expect(log[0]).toMatchObject({ channel: 'ui', actor: 'userId:555', object: 'deals', id, changed: ['amount'] });
		const random = (await hs(sim, '/__sim/ui/random', { body: { count: 20 } })).body;
		expect(random).toHaveLength(20);
		expect(sim.writes(1)).toHaveLength(20);
	});
});
