import { cycleRow, eventRow } from '../../nodes/ReconcileLog/rows';

const ids = { now: '2026-03-02T09:00:01.000Z', policy: 'contacts', objectType: 'contacts' };
const changes = (objects: Record<string, string[]>, extra: Record<string, unknown> = {}) => ({
	json: { source: 'hubspot', channel: 'webhook', receivedAt: '2026-03-02T09:00:00.000Z', objects, events: 1, duplicates: 0, echoes: 0, ignored: 0, ...extra },
});

describe('Reconcile Log: event rows say why, not only how many', () => {
	it("names the records whose writes the API refused, with the API's reason", () => {
		const apply = {
			json: {
				summary: 'apply',
				updated: 0,
				created: 0,
				failed: 1,
				failures: [{ system: 'salesforce', object: 'Contact', id: '003A', key: 'ann@example.com', code: 'STRING_TOO_LONG', message: 'Last Name: data value too large: LLLL (max length=80)' }],
			},
		};
		const row = eventRow([changes({ contacts: ['101'] }), apply], ids);
		expect(row).toMatchObject({ outcome: 'failed', records: 1, failed: 1 });
		expect(row.reason).toBe('1 write failed: salesforce Contact 003A: STRING_TOO_LONG Last Name: data value too large: LLLL (max length=80)');
	});

	it('says when a delivery named only object types this loop does not sync, and which ones it knows', () => {
		expect(eventRow([changes({}, { ignored: 2, events: 2 })], ids)).toMatchObject({ outcome: 'no_change', records: 0, reason: '2 events for object types this loop does not sync: ignored' });
		const row = eventRow([changes({ Account: ['001A', '001B'], constructor: ['001C'] })], { ...ids, objectType: 'Contact' });
		expect(row).toMatchObject({ outcome: 'no_change', records: 0, reason: '3 events for object types this loop does not sync (Account, constructor): ignored' });
	});

	it('keeps the reason of a refused delivery, and no reason for a clean one', () => {
		const rejected = { json: { source: 'hubspot', channel: 'webhook', reason: 'invalid v3 signature', status: 401, receivedAt: '2026-03-02T09:00:00.000Z', bodyBytes: 10 } };
		expect(eventRow([rejected], ids)).toMatchObject({ outcome: 'rejected_signature', reason: 'invalid v3 signature' });
		expect(eventRow([changes({ contacts: ['101'] }), { json: { summary: 'apply', updated: 1, failed: 0, failures: [] } }], ids)).toMatchObject({ outcome: 'written', reason: '' });
	});

	it('names the records a delivery carried, the first 20 of a long one', () => {
		expect(eventRow([changes({ contacts: ['101', '102'] })], ids)).toMatchObject({ records: 2, recordIds: '101,102' });
		const many = Array.from({ length: 25 }, (_, i) => String(200 + i));
		expect(eventRow([changes({ contacts: many })], ids).recordIds).toBe(`${many.slice(0, 20).join(',')} +5 more`);
		const rejected = { json: { source: 'hubspot', channel: 'webhook', reason: 'invalid v3 signature', status: 401, receivedAt: '2026-03-02T09:00:00.000Z', bodyBytes: 10 } };
		expect(eventRow([rejected], ids)).toMatchObject({ records: 0, recordIds: '' });
	});

	it('counts no escalation for a fast loop whose Resolve ran dry', () => {
		const resolve = (dryRun: boolean) => ({ json: { summary: 'resolve', dryRun, escalatedByCategory: { ownership: 2 } } });
		expect(eventRow([changes({ contacts: ['101'] }), resolve(true)], ids)).toMatchObject({ escalated: 0 });
		expect(eventRow([changes({ contacts: ['101'] }), resolve(false)], ids)).toMatchObject({ escalated: 2 });
	});

	it('cuts a long reason short', () => {
		const failures = Array.from({ length: 20 }, (_, i) => ({ system: 'hubspot', object: 'contacts', id: String(i), code: 'VALIDATION_ERROR', message: 'x'.repeat(300) }));
		const row = eventRow([changes({ contacts: ['1'] }), { json: { summary: 'apply', failed: 25, failures } }], ids);
		expect(row.reason.length).toBe(1000);
		expect(row.reason.startsWith('25 writes failed: hubspot contacts 0: VALIDATION_ERROR xxx')).toBe(true);
	});

	it('marks a cycle whose Resolve or Apply ran dry as a dry run, with nothing resolved or escalated', () => {
		const ids2 = { cycleId: '7', startedAt: '2026-03-02T09:00:00.000Z', now: '2026-03-02T09:01:00.000Z', mode: 'full', policy: 'contacts' };
		const diff = { json: { summary: 'diff', policy: 'contacts', discrepancies: 3 } };
		const resolve = (dryRun: boolean) => ({ json: { summary: 'resolve', dryRun, autoResolved: 2, autoResolvedByRule: { recency: 2 }, escalated: 1, escalatedByCategory: { ownership: 1 } } });
		expect(cycleRow([diff, resolve(true)], ids2)).toMatchObject({ dryRun: true, discrepancies: 3, autoResolved: 0, escalated: 0 });
		expect(cycleRow([diff, resolve(false), { json: { summary: 'apply', dryRun: true, updated: 0 } }], ids2)).toMatchObject({ dryRun: true });
		expect(cycleRow([diff, resolve(false)], ids2)).toMatchObject({ dryRun: false, autoResolved: 2, escalated: 1 });
		// A dry run whose diff found nothing: Resolve never ran, the node's Dry Run parameter says so.
		expect(cycleRow([diff], { ...ids2, dryRun: true })).toMatchObject({ dryRun: true });
		expect(cycleRow([diff], { ...ids2, dryRun: false })).toMatchObject({ dryRun: false });
	});
});
