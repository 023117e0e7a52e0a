import { startHubSpotSim } from '../index';
import type { HubSpotSim } from './sim';
import { hs, manualClock } from '../test-helpers';

const clock = manualClock();
let sim: HubSpotSim;

beforeAll(async () => {
	sim = await startHubSpotSim({ records: 250, seed: 3, clock, rateLimits: false });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

async function listAll(path: string, limit = 100): Promise<{ ids: string[]; pages: number }> {
	const ids: string[] = [];
	let after: string | undefined;
	let pages = 0;
	do {
		const res = await hs(sim, `${path}${path.includes('?') ? '&' : '?'}limit=${limit}${after ? `&after=${encodeURIComponent(after)}` : ''}`);
		expect(res.status).toBe(200);
		ids.push(...res.body.results.map((r: { id: string }) => r.id));
		after = res.body.paging?.next?.after;
		pages++;
	} while (after);
	return { ids, pages };
}

describe('HubSpot objects API', () => {
	it('pages through every contact exactly once with an opaque after cursor', async () => {
		const { ids, pages } = await listAll('/crm/v3/objects/contacts');
		expect(ids.length).toBe(250);
		expect(new Set(ids).size).toBe(250);
		expect(pages).toBe(3);
		expect(sim.calls().byEndpoint['GET /crm/v3/objects/contacts']).toBe(3);
		const first = await hs(sim, '/crm/v3/objects/contacts?limit=1');
		expect(first.body.paging.next.after).not.toMatch(/^\d+$/);
		expect(first.body.paging.next.link).toContain('after=');
	});

	it('returns 10 by default and rejects a limit over 100', async () => {
		expect((await hs(sim, '/crm/v3/objects/contacts')).body.results).toHaveLength(10);
		const res = await hs(sim, '/crm/v3/objects/contacts?limit=101');
		expect(res.status).toBe(400);
		expect(res.body).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR' });
		expect(res.body.correlationId).toMatch(/^[0-9a-f-]{36}$/);
	});

	it('returns default properties, requested ones (repeated or comma-separated) as strings, unknown ones ignored', async () => {
		const defaults = (await hs(sim, '/crm/v3/objects/contacts?limit=1')).body.results[0];
		expect(Object.keys(defaults.properties).sort()).toEqual(['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname']);
		expect(defaults.properties.hs_object_id).toBe(defaults.id);
		const asked = (await hs(sim, '/crm/v3/objects/contacts?limit=1&properties=phone&properties=product_interest,nope')).body.results[0];
		expect(Object.keys(asked.properties).sort()).toEqual(['phone', 'product_interest']);
		const deal = (await hs(sim, '/crm/v3/objects/deals?limit=1&properties=amount,closedate')).body.results[0];
		expect(typeof deal.properties.amount).toBe('string');
		expect(deal.properties.closedate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
	});

	it('reads by id or by email with idProperty, and answers 404 with the error body', async () => {
		const any = sim.truthAll('contacts')[5] as any;
		const byEmail = await hs(sim, `/crm/v3/objects/contacts/${encodeURIComponent(any.properties.email)}?idProperty=email`);
		expect(byEmail.body.id).toBe(any.id);
		const missing = await hs(sim, '/crm/v3/objects/contacts/1');
		expect(missing.status).toBe(404);
		expect(missing.body).toMatchObject({ status: 'error', message: 'resource not found', category: 'OBJECT_NOT_FOUND' });
	});

	it('updates with PATCH, clears with "", and keeps per-field history newest first with the integration as source', async () => {
		const id = (sim.truthAll('contacts')[0] as any).id;
		clock.advance(60_000);
		const res = await hs(sim, `/crm/v3/objects/contacts/${id}`, { method: 'PATCH', body: { properties: { jobtitle: 'Buyer', phone: '' } } });
		expect(res.status).toBe(200);
		const read = await hs(sim, `/crm/v3/objects/contacts/${id}?properties=jobtitle,phone,lastmodifieddate&propertiesWithHistory=jobtitle`);
		expect(read.body.properties).toMatchObject({ jobtitle: 'Buyer', phone: null, lastmodifieddate: new Date(clock()).toISOString() });
		const [latest, original] = read.body.propertiesWithHistory.jobtitle;
		expect(latest).toMatchObject({ value: 'Buyer', timestamp: new Date(clock()).toISOString(), sourceType: 'INTEGRATION', sourceId: String(sim.appId) });
		expect(original.sourceType).toBe('CRM_UI');
		const [write] = sim.writes();
		expect(write).toMatchObject({ channel: 'api', object: 'contacts', id, changed: ['jobtitle', 'phone'] });
		expect(write.fields.jobtitle.new).toBe('Buyer');
	});

	it('validates values: unknown property, invalid option, read-only and invalid email, as a 400 with inner codes', async () => {
		const id = (sim.truthAll('contacts')[0] as any).id;
		const res = await hs(sim, `/crm/v3/objects/contacts/${id}`, {
			method: 'PATCH',
			body: { properties: { nope: 'x', lifecyclestage: 'Customer', hs_object_id: '1', email: 'not-an-email' } },
		});
		expect(res.status).toBe(400);
		expect(res.body.category).toBe('VALIDATION_ERROR');
		const inner = JSON.parse(res.body.message.replace('Property values were not valid: ', ''));
		expect(inner.map((e: { error: string }) => e.error).sort()).toEqual(['INVALID_EMAIL', 'INVALID_OPTION', 'PROPERTY_DOESNT_EXIST', 'READ_ONLY_VALUE']);
		expect(sim.writes()).toHaveLength(0);
	});

	it('accepts multi-select values joined with ; and rejects a value that is not an option', async () => {
		const id = (sim.truthAll('contacts')[0] as any).id;
		expect((await hs(sim, `/crm/v3/objects/contacts/${id}`, { method: 'PATCH', body: { properties: { product_interest: 'CRM;Support' } } })).status).toBe(200);
		expect((await hs(sim, `/crm/v3/objects/contacts/${id}`, { method: 'PATCH', body: { properties: { product_interest: 'CRM;Gardening' } } })).status).toBe(400);
		expect((await hs(sim, `/crm/v3/objects/contacts/${id}`, { method: 'PATCH', body: { properties: { hs_lead_status: 'NEW;OPEN' } } })).status).toBe(400);
	});

	it('creates with 201 and refuses a second contact with the same email with 409', async () => {
		const created = await hs(sim, '/crm/v3/objects/contacts', { body: { properties: { email: 'new.person@example.com', firstname: 'New' } } });
		expect(created.status).toBe(201);
		expect(created.body.properties.email).toBe('new.person@example.com');
		const again = await hs(sim, '/crm/v3/objects/contacts', { body: { properties: { email: 'NEW.person@example.com' } } });
		expect(again.status).toBe(409);
		expect(again.body).toMatchObject({ category: 'CONFLICT', message: `Contact already exists. Existing ID: ${created.body.id}` });
	});

	it('archives with 204; archived records list only with archived=true', async () => {
		const id = (sim.truthAll('contacts')[0] as any).id;
		expect((await hs(sim, `/crm/v3/objects/contacts/${id}`, { method: 'DELETE' })).status).toBe(204);
		expect((await hs(sim, `/crm/v3/objects/contacts/${id}`)).status).toBe(404);
		const archived = await hs(sim, '/crm/v3/objects/contacts?archived=true');
		expect(archived.body.results.map((r: { id: string }) => r.id)).toEqual([id]);
		expect(archived.body.results[0]).toMatchObject({ archived: true });
		expect(archived.body.results[0].archivedAt).toBeDefined();
		expect((await listAll('/crm/v3/objects/contacts')).ids).not.toContain(id);
	});

	it('describes properties with types, field types and options; external options come empty', async () => {
		const res = await hs(sim, '/crm/v3/properties/contacts');
		const byName = Object.fromEntries(res.body.results.map((p: { name: string }) => [p.name, p]));
		expect(byName.lifecyclestage).toMatchObject({ type: 'enumeration', fieldType: 'radio' });
		expect(byName.lifecyclestage.options.map((o: { value: string }) => o.value)).toContain('marketingqualifiedlead');
		expect(byName.product_interest).toMatchObject({ type: 'enumeration', fieldType: 'checkbox' });
		expect(byName.hubspot_owner_id).toMatchObject({ externalOptions: true, options: [] });
		expect(byName.lastmodifieddate.modificationMetadata.readOnlyValue).toBe(true);
		const owners = await hs(sim, '/crm/v3/owners');
		expect(owners.body.results.map((o: { id: string }) => o.id)).toEqual(sim.owners.map((o) => o.hubspotOwnerId));
		const stages = await hs(sim, '/crm/v3/pipelines/deals');
		expect(stages.body.results[0].stages.map((s: { id: string }) => s.id)).toContain('closedwon');
	});
});
