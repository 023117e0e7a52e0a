import { diffSnapshots, type MismatchDiscrepancy } from '../../nodes/engine';
import { hsContact, policyOf, sfContact } from '../fixtures/builders';

const policy = policyOf();

describe('diffSnapshots', () => {
	it('finds nothing when the two sides differ only in formatting a person calls equal', () => {
		const a = [hsContact('1', 'ada@example.com', { phone: '4155550100', product_interest: 'crm;analytics' })];
		const b = [sfContact('003A', 'Ada@Example.com', { Phone: '+1 (415) 555-0100', Product_Interest__c: 'analytics;crm', FirstName: ' Ada ' })];
		const result = diffSnapshots(policy, a, b);
		expect(result.discrepancies).toEqual([]);
		expect(result.stats).toMatchObject({ recordsA: 1, recordsB: 1, matched: 1, inSync: 1, mismatchedFields: 0 });
	});

	it('reports each differing field with raw and normalised values and timestamps', () => {
		const a = [hsContact('1', 'ada@example.com', { jobtitle: 'CTO', lifecyclestage: 'customer' }, '2024-05-02T09:00:00.123Z')];
		const b = [sfContact('003A', 'ada@example.com', { Title: 'Chief Technology Officer', Lifecycle_Stage__c: 'MQL' }, '2024-05-01T08:00:00.000+0000')];
		const [title, stage, ...rest] = diffSnapshots(policy, a, b).discrepancies as MismatchDiscrepancy[];
		expect(rest).toEqual([]);
		expect(title).toEqual({
			kind: 'mismatch',
			key: 'ada@example.com',
			field: 'job_title',
			aId: '1',
			bId: '003A',
			a: { raw: 'CTO', value: 'CTO', modifiedAt: Date.parse('2024-05-02T09:00:00.123Z'), modifiedAtSource: 'record' },
			b: { raw: 'Chief Technology Officer', value: 'Chief Technology Officer', modifiedAt: Date.parse('2024-05-01T08:00:00Z'), modifiedAtSource: 'record' },
			changed: 'unknown',
		});
		expect(stage).toMatchObject({ field: 'lifecycle_stage', a: { raw: 'customer', value: 'customer' }, b: { raw: 'MQL', value: 'marketingqualifiedlead' } });
	});

	it('prefers per-field timestamps over the record timestamp', () => {
		const a = [{ ...hsContact('1', 'ada@example.com', { firstname: 'Augusta' }), fieldModifiedAt: { firstname: '1714557600000' } }];
		const b = [sfContact('003A', 'ada@example.com')];
		const [d] = diffSnapshots(policy, a, b).discrepancies as MismatchDiscrepancy[];
		expect(d.a).toMatchObject({ modifiedAt: 1714557600000, modifiedAtSource: 'field' });
		expect(d.b.modifiedAtSource).toBe('record');
	});

	it('reports a value that does not fit the declared type as schema drift, not a mismatch', () => {
		const a = [hsContact('1', 'ada@example.com', { lifecyclestage: 'lead;customer' })];
		const b = [sfContact('003A', 'ada@example.com', { Phone: 'ask reception' })];
		const result = diffSnapshots(policy, a, b);
		expect(result.discrepancies).toEqual([
			expect.objectContaining({ kind: 'schema_drift', field: 'lifecycle_stage', side: 'a', id: '1', raw: 'lead;customer', expectedType: 'enum' }),
			expect.objectContaining({ kind: 'schema_drift', field: 'phone', side: 'b', id: '003A', raw: 'ask reception', expectedType: 'phone' }),
		]);
		expect(result.stats.schemaDrift).toBe(2);
		expect(result.stats.mismatchedFields).toBe(0);
	});

	it('lists records present on one side only, and knows when a baseline says they were in sync', () => {
		const a = [hsContact('1', 'new@example.com'), hsContact('2', 'gone@example.com')];
		const baseline = [{ key: 'gone@example.com', aId: '2', bId: '003G', values: {} }];
		const result = diffSnapshots(policy, a, [sfContact('003B', 'b-only@example.com')], { baseline });
		expect(result.discrepancies.map((d) => [d.kind, 'key' in d ? d.key : '', 'inBaseline' in d ? d.inBaseline : null])).toEqual([
			['only_in_b', 'b-only@example.com', false],
			['only_in_a', 'gone@example.com', true],
			['only_in_a', 'new@example.com', false],
		]);
	});

	it('says which side changed since the last agreed value', () => {
		const baseline = [{ key: 'ada@example.com', aId: '1', bId: '003A', values: { job_title: 'CTO', first_name: 'Ada', phone: '+14155550100' } }];
		const a = [hsContact('1', 'ada@example.com', { jobtitle: 'CEO', firstname: 'Augusta' })];
		const b = [sfContact('003A', 'ada@example.com', { FirstName: 'Countess', Phone: '4155550199' })];
		const found = diffSnapshots(policy, a, b, { baseline }).discrepancies as MismatchDiscrepancy[];
		expect(found.map((d) => [d.field, d.changed, d.baseline])).toEqual([
			['first_name', 'both', 'Ada'],
			['job_title', 'a', 'CTO'],
			['phone', 'b', '+14155550100'],
		]);
	});

	it('emits baseline rows for new and changed agreements only', () => {
		const a = [hsContact('1', 'ada@example.com'), hsContact('2', 'bob@example.com')];
		const b = [sfContact('003A', 'ada@example.com'), sfContact('003B', 'bob@example.com')];
		const first = diffSnapshots(policy, a, b);
		expect(first.baseline.map((r) => r.key)).toEqual(['ada@example.com', 'bob@example.com']);
		expect(first.baseline[0].values).toEqual({
			first_name: 'Ada',
			last_name: 'Lovelace',
			phone: '+14155550100',
			job_title: 'CTO',
			lifecycle_stage: 'lead',
			lead_status: 'new',
			product_interest: ['analytics', 'crm'],
			owner: '101',
		});
		const again = diffSnapshots(policy, a, b, { baseline: first.baseline });
		expect(again.baseline).toEqual([]);
		const changed = diffSnapshots(policy, [hsContact('1', 'ada@example.com', { jobtitle: 'CEO' }), a[1]], [sfContact('003A', 'ada@example.com', { Title: 'CEO' }), b[1]], {
			baseline: first.baseline,
		});
		expect(changed.baseline.map((r) => [r.key, r.values.job_title])).toEqual([['ada@example.com', 'CEO']]);
	});

	it('lists baseline keys that neither full snapshot holds, but not for partial snapshots', () => {
		const baseline = [{ key: 'vanished@example.com', aId: '9', bId: '003Z', values: {} }];
		expect(diffSnapshots(policy, [], [], { baseline }).staleBaselineKeys).toEqual(['vanished@example.com']);
		expect(diffSnapshots(policy, [], [], { baseline, scope: 'partial' }).staleBaselineKeys).toEqual([]);
	});

	it('skips fields absent from a record when the policy says missing means unknown', () => {
		const p = policyOf();
		p.fields[3] = { ...p.fields[3], treatMissingAs: 'unknown' };
		const a = [hsContact('1', 'ada@example.com')];
		delete a[0].fields.jobtitle;
		expect(diffSnapshots(p, a, [sfContact('003A', 'ada@example.com')]).discrepancies).toEqual([]);
		expect(diffSnapshots(policy, a, [sfContact('003A', 'ada@example.com')]).discrepancies).toHaveLength(1);
	});
});
