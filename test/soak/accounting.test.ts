/**
 * The soak's definitions on small, hand-made final states: which changes count, when a change is reached,
 * superseded, explained by a rule or lost, and what the write-log and queue audits flag.
 */
import { parsePolicyOrThrow, type SnapshotRecord } from '../../nodes/engine';
import { discrepancyIdOf } from '../../nodes/ReconcileEscalate/row';
import { contactsPolicy } from '../fixtures/sim-policy';
import type { Owner, WriteLogEntry } from '../simulators';
import { auditAutomation, auditQueue, classifyChanges, countOutcomes, isEffectiveChange, type Final, type UserChange } from './accounting';

const owners: Owner[] = [
	{ hubspotOwnerId: '101', hubspotUserId: 9101, salesforceUserId: '005A', email: 'a@x.test', firstName: 'A' } as Owner,
	{ hubspotOwnerId: '102', hubspotUserId: 9102, salesforceUserId: '005B', email: 'b@x.test', firstName: 'B' } as Owner,
];
const policy = parsePolicyOrThrow(contactsPolicy(owners));

const base = { firstname: 'Ada', lastname: 'Byron', phone: '+1 415 555 0100', jobtitle: 'CTO', lifecyclestage: 'lead', hs_lead_status: 'NEW', product_interest: 'CRM', hubspot_owner_id: '101' };
const baseSf = { FirstName: 'Ada', LastName: 'Byron', Phone: '(415) 555-0100', Title: 'CTO', Lifecycle_Stage__c: 'Lead', Lead_Status__c: 'New', Product_Interest__c: 'CRM', OwnerId: '005A' };

function hs(props: Record<string, unknown> = {}, id = '1', email = 'ada@x.test'): SnapshotRecord {
	return { id, fields: { ...base, email, ...props }, modifiedAt: null };
}
function sf(fields: Record<string, unknown> = {}, id = '003A', email = 'ada@x.test'): SnapshotRecord {
	return { id, fields: { ...baseSf, Email: email, ...fields }, modifiedAt: null };
}
function final(a: Record<string, unknown>, b: Record<string, unknown>): Final {
	return { a: [hs(a)], b: [sf(b)] };
}
let seq = 0;
function change(side: 'a' | 'b', field: string, old: unknown, value: unknown, id = side === 'a' ? '1' : '003A'): UserChange {
	return { seq: ++seq, side, id, field, old, new: value };
}
const none = new Set<string>();

describe('which edits count as changes', () => {
	it('counts a value change, not a re-formatting the policy sees as equal', () => {
		expect(isEffectiveChange(policy, 'a', 'phone', '+1 415 555 0100', '(415) 555-0100')).toBe(false);
		expect(isEffectiveChange(policy, 'a', 'phone', '+1 415 555 0100', '+1 415 555 0199')).toBe(true);
		expect(isEffectiveChange(policy, 'b', 'lead_status', 'New', 'New;Open')).toBe(true);
	});
});

describe('what happened to each change', () => {
	it('reached: both systems hold the value (in their own vocabularies)', () => {
		const c = change('b', 'lead_status', 'New', 'Open');
		const [r] = classifyChanges(policy, [c], final({ hs_lead_status: 'OPEN' }, { Lead_Status__c: 'Open' }), none);
		expect(r.outcome).toBe('reached');
	});

	it('lost: the other side kept its old value and nothing explains it', () => {
		const c = change('a', 'last_name', 'Byron', 'Lovelace');
		const [r] = classifyChanges(policy, [c], final({ lastname: 'Byron' }, { LastName: 'Byron' }), none);
		expect(r.outcome).toBe('lost');
	});

	it('superseded: a later change to the same pair and field, on either side, replaced it; the later one must hold', () => {
		const first = change('a', 'last_name', 'Byron', 'Lovelace');
		const second = change('b', 'last_name', 'Byron', 'King');
		const results = classifyChanges(policy, [first, second], final({ lastname: 'King' }, { LastName: 'King' }), none);
		expect(results.map((r) => r.outcome)).toEqual(['superseded', 'reached']);
		const wrong = classifyChanges(policy, [first, second], final({ lastname: 'Lovelace' }, { LastName: 'Lovelace' }), none);
		expect(wrong.map((r) => r.outcome)).toEqual(['reached', 'lost']);
	});

	it('source of truth: a change on the non-source side is overruled; one on the source side must hold', () => {
		const hsTitle = change('a', 'job_title', 'CTO', 'CEO');
		const [overruled] = classifyChanges(policy, [hsTitle], final({ jobtitle: 'CTO' }, { Title: 'CTO' }), none);
		expect(overruled.outcome).toBe('source_of_truth');
		const sfTitle = change('b', 'job_title', 'CTO', 'CFO');
		const [lost] = classifyChanges(policy, [sfTitle], final({ jobtitle: 'CTO' }, { Title: 'CTO' }), none);
		expect(lost.outcome).toBe('lost');
		// A later non-source change does not supersede a source change.
		const later = change('a', 'job_title', 'CTO', 'COO');
		expect(classifyChanges(policy, [sfTitle, later], final({ jobtitle: 'CTO' }, { Title: 'CTO' }), none).map((r) => r.outcome)).toEqual(['lost', 'source_of_truth']);
	});

	it('source of truth unless blank: blanking the source keeps the other value; a non-source change then holds', () => {
		const blanked = change('b', 'job_title', 'CTO', '');
		expect(classifyChanges(policy, [blanked], final({ jobtitle: 'CTO' }, { Title: 'CTO' }), none)[0].outcome).toBe('source_of_truth');
		const hsTitle = change('a', 'job_title', 'CTO', 'CEO');
		expect(classifyChanges(policy, [blanked, hsTitle], final({ jobtitle: 'CEO' }, { Title: 'CEO' }), none)[1].outcome).toBe('reached');
		// Salesforce holding the kept value again is the source speaking (the fast loop wrote CTO back to it first).
		expect(classifyChanges(policy, [blanked, hsTitle], final({ jobtitle: 'CTO' }, { Title: 'CTO' }), none)[1].outcome).toBe('source_of_truth');
		expect(classifyChanges(policy, [blanked, hsTitle], final({ jobtitle: 'CTO' }, { Title: '' }), none)[1].outcome).toBe('lost');
	});

	it('escalated: the systems differ and the discrepancy is open in the queue; not queued, it is lost', () => {
		const c = change('b', 'owner', '005A', '005B');
		const state = final({ hubspot_owner_id: '101' }, { OwnerId: '005B' });
		const id = discrepancyIdOf(policy, { kind: 'mismatch', key: 'ada@x.test', field: 'owner' });
		expect(classifyChanges(policy, [c], state, new Set([id]))[0].outcome).toBe('escalated');
		expect(classifyChanges(policy, [c], state, none)[0].outcome).toBe('lost');
	});

	it('escalated only where the policy sends it to a person: an escalate rule, or a recency tie between both sides; otherwise a queued item is lost', () => {
		const id = discrepancyIdOf(policy, { kind: 'mismatch', key: 'ada@x.test', field: 'last_name' });
		const state = final({ lastname: 'Lovelace' }, { LastName: 'King' });
		const alone = change('a', 'last_name', 'Byron', 'Lovelace');
		expect(classifyChanges(policy, [alone], state, new Set([id]))[0]).toMatchObject({ outcome: 'lost', detail: expect.stringContaining('recency rule decides it') });
		const mine = change('a', 'last_name', 'Byron', 'Lovelace');
		const theirs = change('b', 'last_name', 'Byron', 'King');
		expect(classifyChanges(policy, [mine, theirs], state, new Set([id])).map((r) => r.outcome)).toEqual(['escalated', 'escalated']);
		const titleId = discrepancyIdOf(policy, { kind: 'mismatch', key: 'ada@x.test', field: 'job_title' });
		const title = change('b', 'job_title', 'CTO', 'CEO');
		expect(classifyChanges(policy, [title], final({ jobtitle: 'CTO' }, { Title: 'CEO' }), new Set([titleId]))[0].outcome).toBe('lost');
	});

	it('drift: a value that does not fit the field type is reported, not written', () => {
		const c = change('b', 'lead_status', 'New', 'New;Open');
		expect(classifyChanges(policy, [c], final({ hs_lead_status: 'NEW' }, { Lead_Status__c: 'New;Open' }), none)[0].outcome).toBe('drift');
		// A HubSpot change while Salesforce holds a drifted value cannot be carried over either.
		const h = change('a', 'lead_status', 'NEW', 'OPEN');
		expect(classifyChanges(policy, [h], final({ hs_lead_status: 'OPEN' }, { Lead_Status__c: 'New;Open' }), none)[0].outcome).toBe('drift');
	});

	it('merge: each option a change added or removed holds on both sides unless a later change toggled it', () => {
		const add = change('a', 'product_interest', 'CRM', 'CRM;Training');
		const remove = change('b', 'product_interest', 'CRM', '');
		// Three-way: Training added in HubSpot, CRM removed in Salesforce → [Training] on both.
		const merged = final({ product_interest: 'Training' }, { Product_Interest__c: 'Training' });
		expect(classifyChanges(policy, [add, remove], merged, none).map((r) => r.outcome)).toEqual(['reached', 'reached']);
		const dropped = final({ product_interest: 'CRM' }, { Product_Interest__c: 'CRM' });
		expect(classifyChanges(policy, [add], dropped, none)[0].outcome).toBe('lost');
		const readd = change('b', 'product_interest', '', 'CRM');
		expect(classifyChanges(policy, [remove, readd], dropped, none).map((r) => r.outcome)).toEqual(['superseded', 'reached']);
	});

	it('record rule: a record without a single partner is explained only when the queue holds it', () => {
		const c = change('b', 'last_name', 'Byron', 'King', '003Z');
		const state: Final = { a: [hs()], b: [sf(), sf({ LastName: 'King' }, '003Z', 'solo@x.test')] };
		expect(classifyChanges(policy, [c], state, none)[0].outcome).toBe('lost');
		const id = discrepancyIdOf(policy, { kind: 'only_in_b', key: 'solo@x.test' });
		expect(classifyChanges(policy, [c], state, new Set([id]))[0].outcome).toBe('record_rule');
		expect(countOutcomes(classifyChanges(policy, [c], state, new Set([id]))).record_rule).toBe(1);
	});
});

function entry(partial: Partial<WriteLogEntry> & Pick<WriteLogEntry, 'system' | 'object' | 'fields'>): WriteLogEntry {
	return { seq: 1, time: '2026-01-01T00:00:00.000Z', channel: 'api', actor: 'integration', id: '1', op: 'update', changed: Object.keys(partial.fields), ...partial };
}

describe('the write-log audit', () => {
	it('flags automation writing an escalate field, writing over or into drift, or writing what the policy does not sync', () => {
		const audit = auditAutomation(policy, [
			entry({ system: 'salesforce', object: 'Contact', fields: { OwnerId: { old: '005A', new: '005B' } } }),
			entry({ system: 'salesforce', object: 'Contact', fields: { Lead_Status__c: { old: 'New;Open', new: 'Open' } } }),
			entry({ system: 'hubspot', object: 'contacts', fields: { hs_lead_status: { old: 'NEW', new: 'NEW;OPEN' } } }),
			entry({ system: 'hubspot', object: 'deals', fields: { amount: { old: '1', new: '2' } } }),
			entry({ system: 'hubspot', object: 'contacts', fields: { lastname: { old: 'A', new: 'B' } } }),
			entry({ system: 'hubspot', object: 'contacts', channel: 'ui', fields: { hubspot_owner_id: { old: '101', new: '102' } } }),
		]);
		expect(audit.escalateViolations).toHaveLength(1);
		expect(audit.driftWrites).toHaveLength(2);
		expect(audit.unsyncedWrites).toHaveLength(1);
		expect(audit.apiWrites).toBe(5);
	});
});

describe('the queue audit', () => {
	it('wants every escalated discrepancy open exactly once', () => {
		const state = final({ hubspot_owner_id: '101' }, { OwnerId: '005B' });
		const id = discrepancyIdOf(policy, { kind: 'mismatch', key: 'ada@x.test', field: 'owner' });
		const row = { status: 'open', policy: policy.name, discrepancyId: id };
		expect(auditQueue(policy, state, [], [row])).toMatchObject({ expected: 1, open: 1, duplicates: 0, missing: 0, stale: 0 });
		expect(auditQueue(policy, state, [], [row, row])).toMatchObject({ duplicates: 1 });
		expect(auditQueue(policy, state, [], [])).toMatchObject({ missing: 1 });
		expect(auditQueue(policy, final({}, {}), [], [row, { ...row, status: 'resolved_upstream' }])).toMatchObject({ expected: 0, stale: 1 });
	});
});
