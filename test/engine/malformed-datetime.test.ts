/**
 * Truncated or out-of-range timestamps are schema drift (field values) or "no timestamp" (record
 * times): never NaN, which compares unequal to itself, and never a RangeError from formatting it.
 */
import {
	diffSnapshots,
	parseInstant,
	parsePolicyOrThrow,
	reconcile,
	type MismatchDiscrepancy,
	type Policy,
	type SchemaDriftDiscrepancy,
	type SnapshotRecord,
} from '../../nodes/engine';
import { contactsPolicy } from '../fixtures/contacts-policy';

const MALFORMED = [
	'2024-05-01T10:30:5',
	'2024-05-01T10:30:',
	'2024-05-01 10:30:',
	'2024-05-01T10:30:00+0',
	'2024-05-01T10:30:00+01:',
	'9999999999999999', // 16 digits: epoch ms beyond the last instant a Date can hold
	1e17,
	-1e17,
];

function policyWithDatetime(): Policy {
	return parsePolicyOrThrow(
		contactsPolicy({
			fields: [
				{ name: 'last_activity', a: 'notes_last_updated', b: 'Last_Activity__c', type: 'datetime', rule: 'recency' },
				{ name: 'first_name', a: 'firstname', b: 'FirstName', type: 'string', rule: 'recency' },
			],
		}),
	);
}

function pair(activityA: unknown, activityB: unknown, times: { a?: SnapshotRecord['modifiedAt']; b?: SnapshotRecord['modifiedAt'] } = {}) {
	const a: SnapshotRecord = { id: '1', fields: { email: 'ada@example.com', notes_last_updated: activityA, firstname: 'Ada' }, modifiedAt: times.a ?? '2024-05-02T09:00:00.000Z' };
	const b: SnapshotRecord = { id: '003A', fields: { Email: 'ada@example.com', Last_Activity__c: activityB, FirstName: 'Ada' }, modifiedAt: times.b ?? '2024-05-01T09:00:00.000+0000' };
	return { a: [a], b: [b] };
}

describe('malformed timestamps', () => {
	it.each(MALFORMED)('reads %p as drift with a reason, never as NaN or an instant a Date cannot hold', (raw) => {
		const parsed = parseInstant(raw);
		expect(typeof parsed).toBe('object');
		expect((parsed as { reason: string }).reason).toMatch(/not a date\/time|not a time|outside the range/);
	});

	it.each(MALFORMED)('finds no mismatch between %p and itself, only drift on each side', (raw) => {
		const policy = policyWithDatetime();
		const { a, b } = pair(raw, raw);
		const found = diffSnapshots(policy, a, b).discrepancies;
		expect(found.map((d) => d.kind)).toEqual(['schema_drift', 'schema_drift']);
		for (const d of found as SchemaDriftDiscrepancy[]) expect(d).toMatchObject({ field: 'last_activity', expectedType: 'datetime', raw });
	});

	it.each(MALFORMED)('reconciles %p against a good value without throwing, reporting the drift', (raw) => {
		const policy = policyWithDatetime();
		const { a, b } = pair(raw, '2024-05-01T10:30:00.000+0000');
		const result = reconcile(policy, a, b);
		expect(result.plan.patches).toEqual([]);
		expect(result.decisions.map((d) => [d.rule, d.action])).toEqual([['schema_drift', 'none']]);
		expect(result.decisions[0].reason).toMatch(/^HubSpot last_activity does not fit type datetime: .+; not written/);
	});

	it.each(MALFORMED)('treats a record timestamp of %p as no timestamp, so recency follows its fallback', (raw) => {
		const policy = policyWithDatetime();
		const { a, b } = pair('2024-05-01T10:30:00Z', '2024-05-01T11:30:00Z', { a: raw as SnapshotRecord['modifiedAt'] });
		const result = reconcile(policy, a, b);
		const [d] = result.diff.discrepancies as MismatchDiscrepancy[];
		expect(d.a).toMatchObject({ modifiedAt: null, modifiedAtSource: 'none' });
		expect(result.decisions.map((x) => [x.action, x.reason])).toEqual([['escalate', 'no modification time from HubSpot for last_activity; escalated']]);
	});

	it('treats a malformed per-field timestamp as no timestamp', () => {
		const policy = policyWithDatetime();
		const { a, b } = pair('2024-05-01T10:30:00Z', '2024-05-01T11:30:00Z');
		const withFieldTime = [{ ...a[0], fieldModifiedAt: { notes_last_updated: '2024-05-03T08:15:' } }];
		const [d] = diffSnapshots(policy, withFieldTime, b).discrepancies as MismatchDiscrepancy[];
		expect(d.a).toMatchObject({ modifiedAt: null, modifiedAtSource: 'none' });
		expect(() => reconcile(policy, withFieldTime, b)).not.toThrow();
	});

	it('still reads the complete forms the fast path handles', () => {
		expect(parseInstant('2024-05-01T10:30:05')).toBe(Date.UTC(2024, 4, 1, 10, 30, 5));
		expect(parseInstant('2024-05-01T10:30')).toBe(Date.UTC(2024, 4, 1, 10, 30));
		expect(parseInstant('2024-05-01T10:30:00+01')).toBe(Date.UTC(2024, 4, 1, 9, 30));
		expect(parseInstant(8.64e15)).toBe(8.64e15);
	});
});
