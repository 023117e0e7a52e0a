/** Small row builders for the metrics tests: each takes a time and the columns that matter to the test. */
import type { CycleRow, EventRow, QueueRow, ResolutionRow } from '../../nodes/engine/rows';

/** Week 23 of 2026 in Europe/Berlin: Monday 1 June 00:00 +02:00 = 31 May 22:00 UTC. */
export const ZONE = 'Europe/Berlin';
export const WEEK = '2026-06-03';
/** A moment after the week: the week is complete. */
export const AFTER = '2026-06-10T12:00:00Z';

export function event(receivedAt: string, overrides: Partial<EventRow> = {}): EventRow {
	const source = overrides.source ?? 'hubspot';
	return {
		receivedAt,
		policy: 'contacts',
		source,
		direction: `${source}→${source === 'hubspot' ? 'salesforce' : 'hubspot'}`,
		channel: 'webhook',
		objectType: 'contacts',
		events: 1,
		records: 1,
		recordIds: '1',
		written: 1,
		unchanged: 0,
		failed: 0,
		escalated: 0,
		echoes: 0,
		duplicates: 0,
		outcome: 'written',
		latencyMs: 1000,
		reason: '',
		...overrides,
	};
}

export function cycle(cycleId: string, startedAt: string, overrides: Partial<Omit<CycleRow, 'autoResolvedByRule' | 'escalatedByCategory'>> & { byRule?: Record<string, number>; byCategory?: Record<string, number> } = {}): CycleRow {
	const { byRule = {}, byCategory = {}, ...rest } = overrides;
	const autoResolved = Object.values(byRule).reduce((s, n) => s + n, 0);
	const escalated = Object.values(byCategory).reduce((s, n) => s + n, 0);
	return {
		cycleId,
		policy: 'contacts',
		startedAt,
		finishedAt: startedAt,
		durationMs: 60_000,
		mode: 'full',
		dryRun: false,
		aborted: false,
		abortReason: '',
		recordsA: 100,
		recordsB: 100,
		matched: 100,
		discrepancies: autoResolved + escalated,
		mismatchedFields: autoResolved + escalated,
		onlyInA: 0,
		onlyInB: 0,
		conflicts: 0,
		schemaDrift: 0,
		autoResolved,
		autoResolvedByRule: JSON.stringify(byRule),
		escalated,
		escalatedByCategory: JSON.stringify(byCategory),
		written: autoResolved,
		failed: 0,
		apiCallsA: 10,
		apiCallsB: 10,
		...rest,
	};
}

/** A queue item; closed when `resolvedAt` is given (status `resolved` unless said otherwise). */
export function queueItem(id: string, firstSeenAt: string, overrides: Partial<QueueRow> = {}): QueueRow {
	const closed = overrides.resolvedAt !== undefined && overrides.resolvedAt !== '';
	return {
		queueId: `${id}-1`,
		discrepancyId: id,
		status: closed ? 'resolved' : 'open',
		category: 'ownership',
		priority: 'high',
		kind: 'mismatch',
		rule: 'escalate',
		policy: 'contacts',
		key: `${id}@example.com`,
		field: 'owner',
		aSystem: 'hubspot',
		bSystem: 'salesforce',
		aObject: 'contacts',
		bObject: 'Contact',
		aId: '1',
		bId: '003A',
		aValue: '"101"',
		bValue: '"005B"',
		aModifiedAt: '',
		bModifiedAt: '',
		reason: 'Escalated by policy',
		fingerprint: 'f',
		firstSeenAt,
		lastSeenAt: firstSeenAt,
		timesSeen: 1,
		resolvedAt: '',
		resolvedBy: '',
		resolution: '',
		resolvedValue: '',
		note: '',
		ttrSeconds: 0,
		...overrides,
	};
}

export function resolution(at: string, rule: string, overrides: Partial<ResolutionRow> = {}): ResolutionRow {
	return { at, policy: 'contacts', loop: 'fast', key: 'k', field: 'f', rule, action: 'write_b', reason: '', before: '{}', after: '""', aId: '1', bId: '2', ...overrides };
}

/** Deep-freezes test input, so a test fails if the code under test mutates it. */
export function frozen<T>(value: T): T {
	if (typeof value === 'object' && value !== null) {
		for (const v of Object.values(value)) frozen(v);
		Object.freeze(value);
	}
	return value;
}
