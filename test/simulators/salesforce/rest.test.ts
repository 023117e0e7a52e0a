import { startSalesforceSim } from '../index';
import { makeId } from './ids';
import type { SalesforceSim } from './sim';
import { manualClock, sf, soql } from '../test-helpers';

const clock = manualClock(Date.parse('2025-03-01T12:00:00.250Z'));
let sim: SalesforceSim;
let contacts: any[];

beforeAll(async () => {
	sim = await startSalesforceSim({ records: 4500, seed: 4, clock });
});
afterAll(() => sim.close());
beforeEach(() => {
	sim.reset();
	contacts = sim.truthAll('Contact');
});

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

describe('Salesforce OAuth', () => {
	it('mints a client-credentials token with the fields clients need', async () => {
		const res = await fetch(`${sim.url}/services/oauth2/token`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			body: form({ grant_type: 'client_credentials', client_id: sim.clientId, client_secret: sim.clientSecret }),
		});
		const body = (await res.json()) as Record<string, string>;
		expect(res.status).toBe(200);
		expect(body).toMatchObject({ instance_url: sim.url, token_type: 'Bearer', id: `${sim.url}/id/${sim.orgId}/${sim.integrationUserId}`, issued_at: String(clock()) });
		expect(body.signature).toMatch(/=$/);
		expect(body).not.toHaveProperty('refresh_token');
		expect((await sf(sim, soql('SELECT Id FROM Account LIMIT 1'), { token: body.access_token })).status).toBe(200);
	});

	it('answers bad credentials with an OAuth error object', async () => {
		const res = await fetch(`${sim.url}/services/oauth2/token`, { method: 'POST', body: form({ grant_type: 'client_credentials', client_id: sim.clientId, client_secret: 'nope' }) });
		expect(res.status).toBe(400);
		expect(await res.json()).toEqual({ error: 'invalid_client', error_description: 'invalid client credentials' });
	});

	it('expires sessions after inactivity and on demand with 401 INVALID_SESSION_ID', async () => {
		clock.advance(2 * 3_600_000 + 1);
		const res = await sf(sim, soql('SELECT Id FROM Contact LIMIT 1'));
		expect(res.status).toBe(401);
		expect(res.body).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
		sim.reset();
		await sf(sim, '/__sim/expire-tokens', { method: 'POST' });
		expect((await sf(sim, soql('SELECT Id FROM Contact LIMIT 1'))).status).toBe(401);
	});
});

describe('Salesforce query', () => {
	it('pages 2000 at a time through locators, served under /query/ and /queryAll/', async () => {
		const first = await sf(sim, soql('SELECT Id, Email, LastModifiedDate FROM Contact'));
		expect(first.body).toMatchObject({ totalSize: 4500, done: false });
		expect(first.body.records).toHaveLength(2000);
		expect(first.body.records[0].attributes).toEqual({ type: 'Contact', url: `/services/data/v60.0/sobjects/Contact/${first.body.records[0].Id}` });
		expect(first.body.records[0].LastModifiedDate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000\+0000$/);
		expect(first.body.nextRecordsUrl).toMatch(/^\/services\/data\/v60\.0\/query\/01g\w+-2000$/);
		const locator = first.body.nextRecordsUrl.split('/').pop();
		const viaQueryAll = await sf(sim, `/queryAll/${locator}`);
		const second = await sf(sim, first.body.nextRecordsUrl);
		expect(viaQueryAll.body.records.map((r: any) => r.Id)).toEqual(second.body.records.map((r: any) => r.Id));
		const third = await sf(sim, second.body.nextRecordsUrl);
		expect(third.body).toMatchObject({ done: true, totalSize: 4500 });
		expect(third.body.records).toHaveLength(500);
		expect(third.body).not.toHaveProperty('nextRecordsUrl');
		expect(sim.calls().byEndpoint).toMatchObject({ 'GET /services/data/v60.0/query': 1, 'GET /services/data/v60.0/query/{locator}': 2, 'GET /services/data/v60.0/queryAll/{locator}': 1 });
	});

	it('follows Sforce-Query-Options batchSize within 200–2000', async () => {
		const small = await sf(sim, soql('SELECT Id FROM Contact'), { headers: { 'Sforce-Query-Options': 'batchSize=500' } });
		expect(small.body.records).toHaveLength(500);
		const tiny = await sf(sim, soql('SELECT Id FROM Contact'), { headers: { 'Sforce-Query-Options': 'batchSize=10' } });
		expect(tiny.body.records).toHaveLength(200);
	});

	it('hides deleted records from query and shows them to queryAll', async () => {
		const id = contacts[0].Id;
		expect((await sf(sim, `/sobjects/Contact/${id}`, { method: 'DELETE' })).status).toBe(204);
		const q = `SELECT Id, IsDeleted FROM Contact WHERE Id = '${id}'`;
		expect((await sf(sim, soql(q))).body.totalSize).toBe(0);
		const all = await sf(sim, `/queryAll?q=${encodeURIComponent(q)}`);
		expect(all.body.records[0]).toMatchObject({ Id: id, IsDeleted: true });
		expect((await sf(sim, `/sobjects/Contact/${id}`)).body[0].errorCode).toBe('ENTITY_IS_DELETED');
	});

	it('filters incrementally on SystemModstamp at second precision and answers COUNT()', async () => {
		clock.advance(3_600_000);
		await sf(sim, `/sobjects/Contact/${contacts[7].Id}`, { method: 'PATCH', body: { Title: 'Changed' } });
		const watermark = new Date(Math.floor(clock() / 1000) * 1000).toISOString();
		const res = await sf(sim, soql(`SELECT Id, Title, SystemModstamp, LastModifiedById FROM Contact WHERE SystemModstamp >= ${watermark}`));
		expect(res.body.records).toEqual([
			expect.objectContaining({ Id: contacts[7].Id, Title: 'Changed', SystemModstamp: watermark.replace('Z', '+0000'), LastModifiedById: sim.integrationUserId }),
		]);
		const count = await sf(sim, soql("SELECT COUNT() FROM Contact WHERE Title = 'Changed'"));
		expect(count.body).toEqual({ totalSize: 1, done: true, records: [] });
	});

	it('answers malformed queries and bad locators with Salesforce error arrays', async () => {
		const bad = await sf(sim, soql('SELECT Id FROM Contact WHERE Nope = 1'));
		expect(bad.status).toBe(400);
		expect(bad.body[0].errorCode).toBe('INVALID_FIELD');
		expect((await sf(sim, soql('SELEC Id FROM Contact'))).body[0].errorCode).toBe('MALFORMED_QUERY');
		expect((await sf(sim, '/query/01gSm0000000000AAA-2000')).body[0].errorCode).toBe('INVALID_QUERY_LOCATOR');
	});

	it('keeps at most 10 open cursors per user, dropping the oldest', async () => {
		const urls: string[] = [];
		for (let i = 0; i < 11; i++) urls.push((await sf(sim, soql('SELECT Id FROM Contact'))).body.nextRecordsUrl);
		expect((await sf(sim, urls[0])).body[0].errorCode).toBe('INVALID_QUERY_LOCATOR');
		expect((await sf(sim, urls[10])).status).toBe(200);
	});

	it('reads field history from ContactHistory with the writer and both values', async () => {
		const id = contacts[1].Id;
		await sf(sim, `/sobjects/Contact/${id}`, { method: 'PATCH', body: { Lead_Status__c: 'Connected', Title: contacts[1].Title } });
		const res = await sf(sim, soql(`SELECT Field, OldValue, NewValue, CreatedById, CreatedDate FROM ContactHistory WHERE ContactId = '${id}' ORDER BY CreatedDate DESC`));
		expect(res.body.records[0]).toMatchObject({ Field: 'Lead_Status__c', OldValue: contacts[1].Lead_Status__c, NewValue: 'Connected', CreatedById: sim.integrationUserId });
		expect(res.body.records.map((r: any) => r.Field)).not.toContain('Title');
		expect(res.body.records.at(-1).Field).toBe('created');
	});
});

describe('Salesforce sObject rows', () => {
	it('creates (201), reads with ?fields, updates (204) and never creates on PATCH', async () => {
		const created = await sf(sim, '/sobjects/Contact', { body: { LastName: 'Nguyen', Email: 'n@new.example', Lifecycle_Stage__c: 'MQL' } });
		expect(created.status).toBe(201);
		expect(created.body).toMatchObject({ success: true, errors: [] });
		const id = created.body.id;
		expect((await sf(sim, `/sobjects/Contact/${id}`, { method: 'PATCH', body: { Title: 'Buyer' } })).status).toBe(204);
		const read = await sf(sim, `/sobjects/Contact/${id}?fields=Title,OwnerId`);
		expect(read.body).toEqual({ attributes: { type: 'Contact', url: `/services/data/v60.0/sobjects/Contact/${id}` }, OwnerId: sim.integrationUserId, Title: 'Buyer' });
		expect((await sf(sim, `/sobjects/Contact/${id.slice(0, 15)}`)).status).toBe(200);
		expect((await sf(sim, `/sobjects/Contact/${makeId('003', 99_999)}`, { method: 'PATCH', body: { Title: 'x' } })).body[0].errorCode).toBe('NOT_FOUND');
	});

	it('validates like Salesforce: restricted picklists, required and read-only fields, references, emails', async () => {
		const id = contacts[0].Id;
		const patch = (body: unknown) => sf(sim, `/sobjects/Contact/${id}`, { method: 'PATCH', body });
		expect((await patch({ Lifecycle_Stage__c: 'Hot' })).body[0]).toMatchObject({ errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', fields: ['Lifecycle_Stage__c'] });
		expect((await patch({ Product_Interest__c: 'CRM;Gardening' })).body[0].errorCode).toBe('INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST');
		expect((await patch({ LastModifiedDate: '2020-01-01T00:00:00.000+0000' })).body[0].errorCode).toBe('INVALID_FIELD_FOR_INSERT_UPDATE');
		expect((await patch({ OwnerId: makeId('005', 99_999) })).body[0].errorCode).toBe('INVALID_CROSS_REFERENCE_KEY');
		expect((await patch({ AccountId: 'garbage' })).body[0].errorCode).toBe('MALFORMED_ID');
		expect((await patch({ Email: 'nope' })).body[0].errorCode).toBe('INVALID_EMAIL_ADDRESS');
		expect((await patch({ Nope__c: 1 })).body[0].errorCode).toBe('INVALID_FIELD');
		const missing = await sf(sim, '/sobjects/Opportunity', { body: { Name: 'No stage' } });
		expect(missing.body[0]).toMatchObject({ errorCode: 'REQUIRED_FIELD_MISSING', fields: ['CloseDate', 'StageName'] });
		expect(sim.writes()).toHaveLength(0);
	});

	it('upserts by external id: 201 created, 200 updated, 404 with updateOnly', async () => {
		const path = '/sobjects/Opportunity/HubSpot_Deal_Id__c/99000001';
		const body = { Name: 'Upserted', StageName: 'Prospecting', CloseDate: '2025-06-30', Amount: 1200 };
		expect((await sf(sim, `${path}?updateOnly=true`, { method: 'PATCH', body })).status).toBe(404);
		const created = await sf(sim, path, { method: 'PATCH', body });
		expect(created.status).toBe(201);
		expect(created.body).toMatchObject({ success: true, created: true });
		const updated = await sf(sim, path, { method: 'PATCH', body: { Amount: 1300 } });
		expect(updated.status).toBe(200);
		expect(updated.body).toMatchObject({ id: created.body.id, created: false });
		expect((await sf(sim, '/sobjects/Opportunity/Name/x', { method: 'PATCH', body })).status).toBe(404);
		const dup = await sf(sim, '/sobjects/Opportunity', { body: { ...body, HubSpot_Deal_Id__c: '99000001' } });
		expect(dup.body[0].errorCode).toBe('DUPLICATE_VALUE');
	});

	it('describes objects with picklist and multi-select picklist values', async () => {
		const res = await sf(sim, '/sobjects/Contact/describe');
		const f = Object.fromEntries(res.body.fields.map((x: any) => [x.name, x]));
		expect(f.Lifecycle_Stage__c).toMatchObject({ type: 'picklist', restrictedPicklist: true });
		expect(f.Lifecycle_Stage__c.picklistValues[0]).toEqual({ active: true, defaultValue: false, label: 'Subscriber', validFor: null, value: 'Subscriber' });
		expect(f.Product_Interest__c.type).toBe('multipicklist');
		expect(f.OwnerId).toMatchObject({ type: 'reference', referenceTo: ['User'] });
		const opp = await sf(sim, '/sobjects/Opportunity/describe');
		expect(opp.body.fields.find((x: any) => x.name === 'HubSpot_Deal_Id__c')).toMatchObject({ externalId: true, unique: true });
		expect((await sf(sim, '/sobjects')).body.maxBatchSize).toBe(200);
	});

	it('applies a schema change: a picklist gains a value, another becomes multi-select', async () => {
		await sf(sim, '/__sim/schema-change', { method: 'POST', body: { kind: 'add-option', object: 'Contact', field: 'Lifecycle_Stage__c', value: 'Partner' } });
		await sf(sim, '/__sim/schema-change', { method: 'POST', body: { kind: 'single-to-multi', object: 'Contact', field: 'Lead_Status__c' } });
		const id = contacts[0].Id;
		expect((await sf(sim, `/sobjects/Contact/${id}`, { method: 'PATCH', body: { Lifecycle_Stage__c: 'Partner', Lead_Status__c: 'Open;Connected' } })).status).toBe(204);
		const f = (await sf(sim, '/sobjects/Contact/describe')).body.fields.find((x: any) => x.name === 'Lead_Status__c');
		expect(f.type).toBe('multipicklist');
	});
});

describe('Salesforce collections', () => {
	const records = (items: object[]) => items.map((r) => ({ attributes: { type: 'Contact' }, ...r }));

	it('updates per record, in request order, with statusCode errors', async () => {
		const res = await sf(sim, '/composite/sobjects', {
			method: 'PATCH',
			body: { allOrNone: false, records: records([{ id: contacts[0].Id, Title: 'A' }, { id: 'bad', Title: 'B' }, { id: contacts[1].Id, Lifecycle_Stage__c: 'Nope' }, { id: contacts[2].Id, Title: 'C' }]) },
		});
		expect(res.status).toBe(200);
		expect(res.body.map((r: any) => [r.success, r.errors[0]?.statusCode])).toEqual([
			[true, undefined],
			[false, 'MALFORMED_ID'],
			[false, 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST'],
			[true, undefined],
		]);
		expect(sim.writes().map((w) => w.id)).toEqual([contacts[0].Id, contacts[2].Id]);
	});

	it('writes nothing under allOrNone when one record fails, and says why for each', async () => {
		const res = await sf(sim, '/composite/sobjects', {
			method: 'PATCH',
			body: { allOrNone: true, records: records([{ id: contacts[0].Id, Title: 'A' }, { id: contacts[1].Id, Lifecycle_Stage__c: 'Nope' }]) },
		});
		expect(res.body.map((r: any) => r.errors[0].statusCode)).toEqual(['ALL_OR_NONE_OPERATION_ROLLED_BACK', 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST']);
		expect(sim.writes()).toHaveLength(0);
	});

	it('creates, upserts by external id and deletes in collections of at most 200', async () => {
		const created = await sf(sim, '/composite/sobjects', { body: { records: records([{ LastName: 'One' }, { LastName: 'Two' }]) } });
		expect(created.body.every((r: any) => r.success)).toBe(true);
		const up = await sf(sim, '/composite/sobjects/Opportunity/HubSpot_Deal_Id__c', {
			method: 'PATCH',
			body: { records: [{ attributes: { type: 'Opportunity' }, HubSpot_Deal_Id__c: '77', Name: 'N', StageName: 'Prospecting', CloseDate: '2025-05-01' }] },
		});
		expect(up.body[0]).toMatchObject({ success: true, created: true });
		const del = await sf(sim, `/composite/sobjects?ids=${created.body.map((r: any) => r.id).join(',')}`, { method: 'DELETE' });
		expect(del.body.map((r: any) => r.success)).toEqual([true, true]);
		const tooMany = await sf(sim, '/composite/sobjects', { method: 'PATCH', body: { records: records(Array(201).fill({ id: contacts[0].Id })) } });
		expect(tooMany.status).toBe(400);
		expect(tooMany.body[0].errorCode).toBe('EXCEEDED_ID_LIMIT');
	});
});

describe('Salesforce limits and faults', () => {
	it('reports usage in Sforce-Limit-Info and refuses with 403 REQUEST_LIMIT_EXCEEDED past the daily limit', async () => {
		const first = await sf(sim, soql('SELECT Id FROM Account LIMIT 1'));
		expect(first.headers.get('sforce-limit-info')).toBe('api-usage=1/100000');
		sim.limit.use(99_999);
		const refused = await sf(sim, soql('SELECT Id FROM Account LIMIT 1'));
		expect(refused.status).toBe(403);
		expect(refused.body).toEqual([{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]);
		clock.advance(86_400_000);
		sim.sessions.reset(); // a day of inactivity also expired the session
		expect((await sf(sim, soql('SELECT Id FROM Account LIMIT 1'))).status).toBe(200);
	});

	it('injects transient UNABLE_TO_LOCK_ROW on writes, per record in collections', async () => {
		sim.setFaults({ lockErrorRate: 0.5 });
		const res = await sf(sim, '/composite/sobjects', {
			method: 'PATCH',
			body: { records: contacts.slice(0, 20).map((c) => ({ attributes: { type: 'Contact' }, id: c.Id, Title: 'L' })) },
		});
		const locked = res.body.filter((r: any) => r.errors[0]?.statusCode === 'UNABLE_TO_LOCK_ROW');
		expect(locked.length).toBeGreaterThan(3);
		expect(locked.length).toBeLessThan(17);
		const single = [];
		for (let i = 0; i < 10; i++) single.push((await sf(sim, `/sobjects/Contact/${contacts[0].Id}`, { method: 'PATCH', body: { Title: `x${i}` } })).status);
		expect(single).toContain(400);
		expect(single).toContain(204);
	});

	it('injects REQUEST_LIMIT_EXCEEDED and 503 at the configured rates', async () => {
		sim.setFaults({ rateLimitRate: 0.3, serverErrorRate: 0.2 });
		const statuses: number[] = [];
		for (let i = 0; i < 40; i++) statuses.push((await sf(sim, soql('SELECT Id FROM Account LIMIT 1'))).status);
		expect(statuses).toContain(403);
		expect(statuses).toContain(503);
		expect(statuses).toContain(200);
	});
});
