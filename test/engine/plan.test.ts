import { reconcile } from '../../nodes/engine';
import { hsContact, policyOf, sfContact } from '../fixtures/builders';

const policy = policyOf();

describe('buildPlan', () => {
	it('groups decisions into one minimal patch per record per system', () => {
		const a = [hsContact('1', 'a@x.com', { firstname: 'Augusta', lifecyclestage: 'customer', product_interest: 'crm' }, '2024-05-03T00:00:00.000Z')];
		const b = [sfContact('003A', 'a@x.com', { Title: 'CEO', Product_Interest__c: 'support' }, '2024-05-01T00:00:00.000+0000')];
		const { plan } = reconcile(policy, a, b);
		expect(plan.patches.map(({ side, id, fields }) => ({ side, id, fields }))).toEqual([
			{ side: 'a', id: '1', fields: { jobtitle: 'CEO', product_interest: 'crm;support' } },
			{ side: 'b', id: '003A', fields: { FirstName: 'Augusta', Lifecycle_Stage__c: 'Customer', Product_Interest__c: 'crm;support' } },
		]);
		expect(plan.patches[1].provenance.map((p) => p.rule)).toEqual(['recency', 'source_of_truth', 'merge']);
		expect(plan.summary.autoResolvedByRule).toEqual({ recency: 1, source_of_truth: 2, merge: 1 });
		expect(plan.summary.fieldsWritten).toEqual({ a: 2, b: 3 });
	});

	it('lists creates, escalations and reported findings separately', () => {
		const a = [hsContact('1', 'new@x.com'), hsContact('2', 'own@x.com', { hubspot_owner_id: '103' }), hsContact('3', 'drift@x.com', { lifecyclestage: 'zombie' })];
		const b = [sfContact('003B', 'own@x.com'), sfContact('003C', 'drift@x.com'), sfContact('003D', 'b-only@x.com')];
		const { plan } = reconcile(policy, a, b);
		expect(plan.creates).toEqual([expect.objectContaining({ side: 'b', key: 'new@x.com', sourceId: '1' })]);
		expect(plan.escalations.map((d) => [d.key, d.escalation?.category])).toEqual([
			['b-only@x.com', 'missing records'],
			['own@x.com', 'ownership'],
		]);
		expect(plan.reported.map((d) => d.rule)).toEqual(['schema_drift']);
		expect(plan.summary.escalatedByCategory).toEqual({ 'missing records': 1, ownership: 1 });
	});

	it('plans baseline rows as they will be once the writes land, with the writes they depend on', () => {
		const a = [hsContact('1', 'a@x.com', { firstname: 'Augusta', hubspot_owner_id: '103' }, '2024-05-03T00:00:00.000Z')];
		const b = [sfContact('003A', 'a@x.com')];
		const { diff, plan } = reconcile(policy, a, b);
		expect(plan.baseline).toHaveLength(1);
		expect(plan.baseline[0]).toMatchObject({ key: 'a@x.com', aId: '1', bId: '003A', dependsOn: [{ side: 'b', id: '003A' }] });
		expect(plan.baseline[0].values.first_name).toBe('Augusta');
		expect(plan.baseline[0].values.owner).toBeUndefined(); // escalated: no agreement yet
		expect(diff.baseline[0].values.first_name).toBeUndefined(); // the diff's rows are not mutated
	});

	it('aborts with no writes when one side suddenly lacks more records than the guard allows', () => {
		const a = Array.from({ length: 100 }, (_, i) => hsContact(String(i), `p${i}@x.com`));
		const b = a.slice(0, 80).map((r, i) => sfContact(`003${i}`, String(r.fields.email)));
		const { plan } = reconcile(policy, a, b, { previousCounts: { a: 100, b: 100 } });
		expect(plan.aborted?.reason).toBe(
			'Salesforce returned 80 records, 20 (20.0 %) fewer than the 100 of the previous cycle; the guard allows 10 %, so this cycle writes nothing',
		);
		expect(plan.patches).toEqual([]);
		expect(plan.creates).toEqual([]);
		expect(plan.escalations).toEqual([]);
		expect(plan.baseline).toEqual([]);
		expect(reconcile(policy, a, b, { previousCounts: { a: 100, b: 85 } }).plan.aborted).toBeNull();
		expect(reconcile(policy, a, b, { previousCounts: { a: 30, b: 30 } }).plan.aborted).toBeNull(); // below minRecords
	});
});
