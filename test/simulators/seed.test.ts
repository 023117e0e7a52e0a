import { startSims, type Sims } from './index';
import { buildSeedPlan, resolveSeedOptions } from './seed/plan';
import { sf, soql } from './test-helpers';

const options = { records: 2000, seed: 7, driftRate: 0.2, onlyInHubSpotRate: 0.05, onlyInSalesforceRate: 0.05, duplicateRate: 0.03 };
const plan = (o = options) => buildSeedPlan(resolveSeedOptions(o, Date.now()));

describe('seed plan', () => {
	it('is a pure function of the options', () => {
		expect(JSON.stringify(plan())).toBe(JSON.stringify(plan()));
		expect(JSON.stringify(plan({ ...options, seed: 8 }).manifest)).not.toBe(JSON.stringify(plan().manifest));
	});

	it('plants drift, one-sided records and duplicates at roughly the configured rates', () => {
		const { manifest } = plan();
		const contacts = 2000;
		expect(manifest.onlyInHubSpot.filter((r) => r.object === 'contacts').length).toBeGreaterThan(contacts * 0.03);
		expect(manifest.onlyInSalesforce.filter((r) => r.object === 'Contact').length).toBeGreaterThan(contacts * 0.03);
		expect(manifest.duplicates.length).toBeGreaterThan(contacts * 0.015);
		const kinds = new Set(manifest.drift.map((d) => d.kind));
		expect(kinds).toEqual(new Set(['format', 'real']));
		const variants = new Set(manifest.drift.map((d) => d.variant));
		for (const v of ['email-case', 'phone-format', 'multiselect-order', 'amount-decimals', 'closedate-zone', 'title', 'deal-stage', 'amount', 'tags']) {
			expect(variants).toContain(v);
		}
	});

	it('formats drift the way people do and records which side is newer', () => {
		const { manifest } = plan();
		const byVariant = (v: string) => manifest.drift.filter((d) => d.variant === v);
		const phone = byVariant('phone-format')[0];
		expect(String(phone.hubspotValue).replace(/\D/g, '').slice(-10)).toBe(String(phone.salesforceValue).replace(/\D/g, '').slice(-10));
		expect(phone.hubspotValue).not.toBe(phone.salesforceValue);
		const email = byVariant('email-case')[0];
		expect(String(email.salesforceValue).toLowerCase()).toBe(email.hubspotValue);
		const amount = byVariant('amount-decimals')[0];
		expect(amount.hubspotValue).toBe(`${String(amount.salesforceValue)}.00`);
		const order = byVariant('multiselect-order')[0];
		expect(String(order.hubspotValue).split(';').sort()).toEqual(String(order.salesforceValue).split(';').sort());
		const zone = byVariant('closedate-zone')[0];
		expect(zone.hubspotValue).toMatch(/^\d{4}-\d{2}-\d{2}T0[45]:00:00\.000Z$/);
		expect(String(zone.hubspotValue).slice(0, 10)).toBe(zone.salesforceValue);
		for (const d of manifest.drift) expect(['hubspot', 'salesforce']).toContain(d.newer);
	});
});

describe('startSims', () => {
	let sims: Sims;
	beforeAll(async () => {
		sims = await startSims({ ...options, records: 500 });
	});
	afterAll(() => sims.close());

	it('puts the same people on both sides, matchable by email', () => {
		const hsEmails = new Set(sims.hubspot.truthAll('contacts').map((r: any) => r.properties.email));
		const sfEmails = sims.salesforce.truthAll('Contact').map((r: any) => String(r.Email).trim().toLowerCase());
		const shared = sfEmails.filter((e) => hsEmails.has(e));
		expect(shared.length).toBeGreaterThan(500 * 0.85);
	});

	it('links deals to opportunities by HubSpot deal id', async () => {
		const res = await sf(sims.salesforce, soql('SELECT Id, HubSpot_Deal_Id__c, Amount FROM Opportunity WHERE HubSpot_Deal_Id__c != null LIMIT 5'));
		for (const opp of res.body.records) {
			const deal = sims.hubspot.truth('deals', opp.HubSpot_Deal_Id__c) as any;
			expect(deal).toBeDefined();
		}
	});

	it('holds exactly the drifted values the manifest names', () => {
		for (const d of sims.manifest.drift.slice(0, 50)) {
			const h = sims.hubspot.truth(d.object, d.hubspotId) as any;
			const s = sims.salesforce.truth({ contacts: 'Contact', companies: 'Account', deals: 'Opportunity' }[d.object], d.salesforceId) as any;
			expect(h.properties[d.hubspot]).toBe(d.hubspotValue);
			expect(s[d.salesforce]).toEqual(d.salesforceValue);
		}
	});

	it('resets both sides to the seeded data', async () => {
		const contact = sims.hubspot.truthAll('contacts')[0] as any;
		const account = sims.salesforce.truthAll('Account')[0] as any;
		sims.hubspot.uiUpdate('contacts', contact.id, { jobtitle: 'Changed' });
		sims.salesforce.uiUpdate('Account', account.Id, { Name: 'Changed Inc' });
		sims.reset();
		expect((sims.hubspot.truth('contacts', contact.id) as any).properties.jobtitle).toBe(contact.properties.jobtitle);
		expect((sims.salesforce.truth('Account', account.Id) as any).Name).toBe(account.Name);
		expect(sims.hubspot.writes()).toEqual([]);
	});

	it('routes schema changes to the side that owns the object', () => {
		sims.schemaChange({ kind: 'add-option', object: 'Contact', field: 'Lifecycle_Stage__c', value: 'Partner' });
		sims.schemaChange({ kind: 'add-option', object: 'contacts', field: 'lifecyclestage', value: 'partner' });
		expect(sims.salesforce.schema.get('Contact')!.byLower.get('lifecycle_stage__c')!.picklistValues.map((v) => v.value)).toContain('Partner');
		expect(sims.hubspot.schema.contacts.get('lifecyclestage')!.options.map((o) => o.value)).toContain('partner');
		sims.reset();
		expect(sims.hubspot.schema.contacts.get('lifecyclestage')!.options.map((o) => o.value)).not.toContain('partner');
	});
});
