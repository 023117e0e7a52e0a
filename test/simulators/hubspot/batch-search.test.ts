import { startHubSpotSim } from '../index';
import type { HubSpotSim } from './sim';
import { hs, manualClock } from '../test-helpers';

const clock = manualClock(Date.parse('2025-03-01T12:00:00.000Z'));
let sim: HubSpotSim;
let ids: string[];

beforeAll(async () => {
	sim = await startHubSpotSim({ records: 10_150, seed: 5, clock, rateLimits: false });
});
afterAll(() => sim.close());
beforeEach(() => {
	sim.reset();
	ids = sim.truthAll('contacts').slice(0, 150).map((r: any) => r.id);
});

const batch = (op: string, body: unknown) => hs(sim, `/crm/v3/objects/contacts/batch/${op}`, { body });

describe('HubSpot batch API', () => {
	it('reads up to 100, answering 207 with OBJECT_NOT_FOUND for ids that do not exist', async () => {
		const res = await batch('read', { inputs: [{ id: ids[0] }, { id: '42' }, { id: ids[1] }], properties: ['email'] });
		expect(res.status).toBe(207);
		expect(res.body.results.map((r: { id: string }) => r.id).sort()).toEqual([ids[0], ids[1]].sort());
		expect(res.body).toMatchObject({ status: 'COMPLETE', numErrors: 1 });
		expect(res.body.errors[0]).toMatchObject({ status: 'error', category: 'OBJECT_NOT_FOUND', context: { ids: ['42'] } });
		expect(res.body.errors[0].message).toContain('Could not get some CONTACT objects');
		expect((await batch('read', { inputs: ids.slice(0, 101).map((id) => ({ id })) })).status).toBe(400);
		expect((await batch('read', { inputs: ids.slice(0, 100).map((id) => ({ id })) })).status).toBe(200);
	});

	it('does not promise input order (seeded shuffle), so clients must correlate by id', async () => {
		const res = await batch('read', { inputs: ids.slice(0, 50).map((id) => ({ id })) });
		const got = res.body.results.map((r: { id: string }) => r.id);
		expect(got).not.toEqual(ids.slice(0, 50));
		expect([...got].sort()).toEqual(ids.slice(0, 50).sort());
	});

	it('updates what exists and reports the rest in a 207', async () => {
		const res = await batch('update', { inputs: [{ id: ids[0], properties: { jobtitle: 'A' } }, { id: '999', properties: { jobtitle: 'B' } }] });
		expect(res.status).toBe(207);
		expect(res.body.results).toHaveLength(1);
		expect(res.body.results[0].properties.jobtitle).toBe('A');
		expect(res.body.errors[0].context.ids).toEqual(['999']);
		expect((sim.truth('contacts', ids[0]) as any).properties.jobtitle).toBe('A');
	});

	it('fails a whole batch with 400 on an invalid value, or per input with objectWriteTraceId', async () => {
		const inputs = [{ id: ids[0], properties: { jobtitle: 'ok' } }, { id: ids[1], properties: { lifecyclestage: 'bogus' } }];
		expect((await batch('update', { inputs })).status).toBe(400);
		expect(sim.writes()).toHaveLength(0);
		const traced = await batch('update', { inputs: inputs.map((i, n) => ({ ...i, objectWriteTraceId: `t${n}` })) });
		expect(traced.status).toBe(207);
		expect(traced.body.errors[0]).toMatchObject({ category: 'VALIDATION_ERROR', context: { objectWriteTraceId: ['t1'] } });
		expect(traced.body.results.map((r: { id: string }) => r.id)).toEqual([ids[0]]);
	});

	it("echoes each input's objectWriteTraceId in its result, the only handle a create can be correlated by", async () => {
		const created = await batch('create', { inputs: [{ properties: { email: 'trace-1@x.com' }, objectWriteTraceId: 'c1' }, { properties: { email: 'trace-2@x.com' }, objectWriteTraceId: 'c2' }] });
		expect(created.status).toBe(201);
		const byTrace = Object.fromEntries(created.body.results.map((r: { objectWriteTraceId: string; properties: { email: string } }) => [r.objectWriteTraceId, r.properties.email]));
		expect(byTrace).toEqual({ c1: 'trace-1@x.com', c2: 'trace-2@x.com' });
		const updated = await batch('update', { inputs: [{ id: ids[0], properties: { jobtitle: 'T' }, objectWriteTraceId: 'u1' }] });
		expect(updated.body.results[0]).toMatchObject({ id: ids[0], objectWriteTraceId: 'u1' });
		const untraced = await batch('update', { inputs: [{ id: ids[0], properties: { jobtitle: 'U' } }] });
		expect(untraced.body.results[0]).not.toHaveProperty('objectWriteTraceId');
	});

	it('rejects duplicate ids in one batch', async () => {
		const res = await batch('update', { inputs: [{ id: ids[0], properties: {} }, { id: ids[0], properties: {} }] });
		expect(res.status).toBe(400);
		expect(res.body.message).toContain('Duplicate IDs');
	});

	it('creates with 201 and upserts by email, flagging which records are new', async () => {
		const created = await batch('create', { inputs: [{ properties: { email: 'one@new.example' } }, { properties: { email: 'two@new.example' } }] });
		expect(created.status).toBe(201);
		const existing = (sim.truth('contacts', ids[0]) as any).properties.email;
		const up = await batch('upsert', {
			inputs: [
				{ id: existing, idProperty: 'email', properties: { jobtitle: 'Existing' } },
				{ id: 'three@new.example', idProperty: 'email', properties: { jobtitle: 'Fresh' } },
			],
		});
		expect(up.status).toBe(200);
		const byNew = Object.fromEntries(up.body.results.map((r: { new: boolean; properties: { jobtitle: string } }) => [r.properties.jobtitle, r.new]));
		expect(byNew).toEqual({ Existing: false, Fresh: true });
		expect((await batch('upsert', { inputs: [{ id: 'x', idProperty: 'jobtitle', properties: {} }] })).status).toBe(400);
	});
});

describe('HubSpot search API', () => {
	const search = (body: unknown) => hs(sim, '/crm/v3/objects/contacts/search', { body });
	const modifiedSince = (ms: number) => [{ filters: [{ propertyName: 'hs_lastmodifieddate', operator: 'GTE', value: String(ms) }] }];

	it('finds records modified since a watermark, sorted ascending, including API changes', async () => {
		clock.advance(3_600_000);
		await hs(sim, `/crm/v3/objects/contacts/${ids[3]}`, { method: 'PATCH', body: { properties: { jobtitle: 'Moved' } } });
		const res = await search({ filterGroups: modifiedSince(clock() - 1000), sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'ASCENDING' }], properties: ['jobtitle'] });
		expect(res.body.total).toBe(1);
		expect(res.body.results[0]).toMatchObject({ id: ids[3], properties: { jobtitle: 'Moved' } });
		const iso = await search({ filterGroups: [{ filters: [{ propertyName: 'lastmodifieddate', operator: 'GTE', value: new Date(clock() - 1000).toISOString() }] }] });
		expect(iso.body.total).toBe(1);
	});

	it('ORs filter groups, ANDs filters, and supports IN, HAS_PROPERTY and CONTAINS_TOKEN', async () => {
		const all = sim.truthAll('contacts') as any[];
		const count = (pred: (p: Record<string, string | null>) => boolean) => all.filter((r) => pred(r.properties)).length;
		const res = await search({
			filterGroups: [
				{ filters: [{ propertyName: 'lifecyclestage', operator: 'EQ', value: 'customer' }, { propertyName: 'hs_lead_status', operator: 'IN', values: ['NEW', 'OPEN'] }] },
				{ filters: [{ propertyName: 'jobtitle', operator: 'EQ', value: 'cto' }] },
			],
			limit: 1,
		});
		expect(res.body.total).toBe(count((p) => (p.lifecyclestage === 'customer' && ['NEW', 'OPEN'].includes(p.hs_lead_status ?? '')) || p.jobtitle === 'CTO'));
		const tagged = await search({ filterGroups: [{ filters: [{ propertyName: 'product_interest', operator: 'EQ', value: 'CRM' }] }], limit: 1 });
		expect(tagged.body.total).toBe(count((p) => (p.product_interest ?? '').split(';').includes('CRM')));
		const token = await search({ filterGroups: [{ filters: [{ propertyName: 'email', operator: 'CONTAINS_TOKEN', value: '*@acme*' }] }], limit: 1 });
		expect(token.body.total).toBe(count((p) => /@acme/.test(p.email ?? '')));
		const none = await search({ filterGroups: [{ filters: [{ propertyName: 'product_interest', operator: 'NOT_HAS_PROPERTY' }] }], limit: 1 });
		expect(none.body.total).toBe(count((p) => p.product_interest === undefined || p.product_interest === null));
	});

	it('pages 200 at a time and answers 400 past the 10,000-result window', async () => {
		expect((await search({ limit: 201 })).status).toBe(400);
		const page = await search({ limit: 200, after: '9800' });
		expect(page.body.total).toBe(10_150);
		expect(page.body.paging.next.after).toBe('10000');
		const beyond = await search({ limit: 200, after: '10000' });
		expect(beyond.status).toBe(400);
		expect(beyond.body.category).toBe('VALIDATION_ERROR');
	});

	it('allows one sort and at most 5 groups, 6 filters per group and 18 filters in all', async () => {
		const f = { propertyName: 'jobtitle', operator: 'HAS_PROPERTY' };
		expect((await search({ sorts: ['createdate', '-email'] })).status).toBe(400);
		expect((await search({ filterGroups: Array(6).fill({ filters: [f] }) })).status).toBe(400);
		expect((await search({ filterGroups: [{ filters: Array(7).fill(f) }] })).status).toBe(400);
		expect((await search({ filterGroups: Array(4).fill({ filters: Array(5).fill(f) }) })).status).toBe(400);
		expect((await search({ sorts: ['-createdate'], filterGroups: [{ filters: [f] }] })).status).toBe(200);
	});
});
