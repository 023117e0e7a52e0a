import { diffSnapshots, resolveAll, type Decision, type PolicyInput } from '../../nodes/engine';
import { hsContact, policyOf, sfContact } from '../fixtures/builders';

function decide(overrides: Partial<PolicyInput>, a: ReturnType<typeof hsContact>[], b: ReturnType<typeof sfContact>[], baseline?: Parameters<typeof diffSnapshots>[3]): Decision[] {
	const policy = policyOf(overrides);
	return resolveAll(policy, diffSnapshots(policy, a, b, baseline).discrepancies);
}

const only = (decisions: Decision[]) => {
	expect(decisions).toHaveLength(1);
	return decisions[0];
};

describe('source of truth', () => {
	it('writes the source value to the other side', () => {
		const d = only(decide({}, [hsContact('1', 'a@x.com', { lifecyclestage: 'customer' })], [sfContact('003A', 'a@x.com', { Lifecycle_Stage__c: 'MQL' })]));
		expect(d).toMatchObject({
			rule: 'source_of_truth',
			action: 'write_b',
			reason: 'HubSpot is the source of truth for lifecycle_stage',
			before: { a: 'customer', b: 'MQL' },
			after: 'customer',
			writeB: 'Customer',
		});
		expect(d.writeA).toBeUndefined();
	});

	it('keeps the other value when the source is blank and the rule says "unless blank"', () => {
		const d = only(decide({}, [hsContact('1', 'a@x.com', { jobtitle: 'CTO' })], [sfContact('003A', 'a@x.com', { Title: null })]));
		expect(d).toMatchObject({ action: 'write_b', after: 'CTO', writeB: 'CTO' });
		expect(d.reason).toMatch(/unless blank; it is blank, so HubSpot's value is kept/);
	});

	it('lets a blank source clear the other side without "unless blank"', () => {
		const policy = policyOf();
		const fields = policy.fields.map((f) => (f.name === 'job_title' ? { ...f, rule: { kind: 'source_of_truth' as const, side: 'b' as const, unlessBlank: false } } : f));
		const d = only(decide({ fields }, [hsContact('1', 'a@x.com', { jobtitle: 'CTO' })], [sfContact('003A', 'a@x.com', { Title: '' })]));
		expect(d).toMatchObject({ action: 'write_a', after: null, writeA: '' });
	});
});

describe('recency', () => {
	it('takes the newer side by record timestamps', () => {
		const d = only(decide({}, [hsContact('1', 'a@x.com', { firstname: 'Augusta' }, '2024-05-02T00:00:00.000Z')], [sfContact('003A', 'a@x.com', {}, '2024-05-01T00:00:00.000+0000')]));
		expect(d).toMatchObject({ rule: 'recency', action: 'write_b', writeB: 'Augusta' });
		expect(d.reason).toBe('HubSpot changed first_name more recently: 2024-05-02T00:00:00.000Z (record) vs 2024-05-01T00:00:00.000Z (record)');
	});

	it('escalates a tie within the clock-skew tolerance', () => {
		const d = only(decide({}, [hsContact('1', 'a@x.com', { firstname: 'Augusta' }, '2024-05-01T00:00:00.400Z')], [sfContact('003A', 'a@x.com', {}, '2024-05-01T00:00:00.000+0000')]));
		expect(d).toMatchObject({ action: 'escalate', escalation: { category: 'recency undecidable', priority: 'low' } });
		expect(d.reason).toMatch(/within 1000 ms of each other; escalated/);
	});

	it('escalates when a timestamp is missing, or follows the configured fallback', () => {
		const a = [hsContact('1', 'a@x.com', { firstname: 'Augusta' }, null)];
		const b = [sfContact('003A', 'a@x.com')];
		expect(only(decide({}, a, b))).toMatchObject({ action: 'escalate', reason: 'no modification time from HubSpot for first_name; escalated' });
		const policy = policyOf();
		const fields = policy.fields.map((f) => (f.name === 'first_name' ? { ...f, rule: { ...f.rule, onMissingTimestamp: 'prefer_b' as const } } : f));
		expect(only(decide({ fields }, a, b))).toMatchObject({ action: 'write_a', writeA: 'Ada' });
	});

	it('follows the only side that changed since the baseline, whatever the timestamps say', () => {
		const baseline = { baseline: [{ key: 'a@x.com', aId: '1', bId: '003A', values: { first_name: 'Ada' } }] };
		// Salesforce's record timestamp is newer (another field changed there), but only HubSpot changed first_name.
		const d = only(decide({}, [hsContact('1', 'a@x.com', { firstname: 'Augusta' }, '2024-05-01T00:00:00.000Z')], [sfContact('003A', 'a@x.com', {}, '2024-06-01T00:00:00.000+0000')], baseline));
		expect(d).toMatchObject({ action: 'write_b', writeB: 'Augusta', reason: 'only HubSpot changed first_name since the last agreed value' });
	});

	it('lets timestamps decide when both sides changed since the baseline', () => {
		const baseline = { baseline: [{ key: 'a@x.com', aId: '1', bId: '003A', values: { first_name: 'Ada' } }] };
		const d = only(decide({}, [hsContact('1', 'a@x.com', { firstname: 'Augusta' }, '2024-05-01T00:00:00.000Z')], [sfContact('003A', 'a@x.com', { FirstName: 'Countess' }, '2024-06-01T00:00:00.000+0000')], baseline));
		expect(d).toMatchObject({ action: 'write_a', writeA: 'Countess' });
	});
});

describe('merge', () => {
	it('writes the union to every side that lacks part of it', () => {
		const policy = policyOf();
		const fields = policy.fields.map((f) => (f.name === 'product_interest' ? { ...f, rule: { kind: 'merge' as const, strategy: 'union' as const } } : f));
		const d = only(decide({ fields }, [hsContact('1', 'a@x.com', { product_interest: 'crm;support' })], [sfContact('003A', 'a@x.com', { Product_Interest__c: 'analytics;crm' })]));
		expect(d).toMatchObject({ rule: 'merge', action: 'write_both', after: ['analytics', 'crm', 'support'], writeA: 'analytics;crm;support', writeB: 'analytics;crm;support' });
	});

	it('three-way: keeps a removal made on one side since the baseline', () => {
		const baseline = { baseline: [{ key: 'a@x.com', aId: '1', bId: '003A', values: { product_interest: ['analytics', 'crm'] } }] };
		// HubSpot removed analytics; Salesforce added support.
		const d = only(decide({}, [hsContact('1', 'a@x.com', { product_interest: 'crm' })], [sfContact('003A', 'a@x.com', { Product_Interest__c: 'analytics;crm;support' })], baseline));
		expect(d).toMatchObject({ action: 'write_both', after: ['crm', 'support'], writeA: 'crm;support', writeB: 'crm;support' });
		expect(d.reason).toMatch(/three-way merge .* against the last agreed \[analytics, crm\]/);
	});

	it('three-way without a baseline falls back to union and says so', () => {
		const d = only(decide({}, [hsContact('1', 'a@x.com', { product_interest: 'crm' })], [sfContact('003A', 'a@x.com', { Product_Interest__c: 'support' })]));
		expect(d).toMatchObject({ after: ['crm', 'support'] });
		expect(d.reason).toMatch(/no baseline yet, so a plain union/);
	});
});

describe('escalate', () => {
	it('sends high-stakes fields to an operator and never writes', () => {
		const d = only(decide({}, [hsContact('1', 'a@x.com', { hubspot_owner_id: '102' })], [sfContact('003A', 'a@x.com')]));
		expect(d).toMatchObject({ rule: 'escalate', action: 'escalate', escalation: { category: 'ownership', priority: 'high' } });
		expect(d.writeA).toBeUndefined();
		expect(d.writeB).toBeUndefined();
		expect(d.reason).toBe('owner is a "ownership" field: HubSpot has "102", Salesforce has "101"; an operator decides');
	});
});

describe('records on one side, duplicates, drift', () => {
	it('creates a record only in A on side B with its synced fields, except escalate-rule fields', () => {
		const d = only(decide({}, [hsContact('1', 'new@x.com')], []));
		expect(d).toMatchObject({ kind: 'only_in_a', action: 'create_b', aId: '1' });
		expect(d.writeB).toEqual({
			Email: 'new@x.com',
			FirstName: 'Ada',
			LastName: 'Lovelace',
			Phone: '+1 415 555 0100',
			Title: 'CTO',
			Lifecycle_Stage__c: 'Lead',
			Lead_Status__c: 'New',
			Product_Interest__c: 'analytics;crm',
		});
	});

	it('escalates a record only in B when the policy says so', () => {
		expect(only(decide({}, [], [sfContact('003B', 'b@x.com')]))).toMatchObject({ action: 'escalate', escalation: { category: 'missing records' } });
	});

	it('escalates a pair that was in sync and lost one side, instead of re-creating it', () => {
		const d = only(decide({}, [hsContact('1', 'gone@x.com')], [], { baseline: [{ key: 'gone@x.com', aId: '1', bId: '003G', values: {} }] }));
		expect(d).toMatchObject({ action: 'escalate', escalation: { category: 'deleted records' } });
		expect(d.reason).toMatch(/was in sync before and is now missing in Salesforce/);
	});

	it('escalates duplicate keys and reports drift without writing', () => {
		const decisions = decide(
			{},
			[hsContact('1', 'dup@x.com'), hsContact('2', 'drift@x.com', { lifecyclestage: 'zombie' })],
			[sfContact('003A', 'dup@x.com'), sfContact('003B', 'dup@x.com'), sfContact('003C', 'drift@x.com')],
		);
		expect(decisions.map((d) => [d.kind, d.action])).toEqual([
			['schema_drift', 'none'],
			['duplicate_key', 'escalate'],
		]);
	});
});

describe('determinism', () => {
	it('gives byte-identical decisions for the same input', () => {
		const a = [hsContact('1', 'a@x.com', { firstname: 'Augusta', hubspot_owner_id: '102' }, '2024-05-03T00:00:00.000Z'), hsContact('2', 'c@x.com')];
		const b = [sfContact('003A', 'a@x.com'), sfContact('003B', 'b@x.com')];
		expect(JSON.stringify(decide({}, a, b))).toBe(JSON.stringify(decide({}, a, b)));
	});
});
