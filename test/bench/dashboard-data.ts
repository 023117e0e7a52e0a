/**
 * Two weeks of believable loop activity as Data Table rows, for the sample page and the benchmark:
 * fast-loop deliveries in both directions, a cycle every 6 hours (one aborted by the mass-change guard),
 * and an operator queue whose items get resolved, dismissed or fixed upstream, with a few left open.
 * Seeded, so the same options give the same rows.
 */
import type { CycleRow, EventRow, QueueRow } from '../../nodes/engine/rows';
import { Random } from '../fixtures/random';

export interface ScenarioOptions {
	/** Event rows over both weeks. */
	events: number;
	/** Monday 00:00 of the current week (UTC instant). */
	weekStartMs: number;
	/** The clock: rows end here. */
	nowMs: number;
	/** Auto-resolution rate in the previous and the current week (the sample shows it falling). */
	autoRate?: { previous: number; current: number };
	/** Share of deliveries that fail in the current week (the previous week has 0.5 %). */
	failureRate?: number;
	seed?: number;
}

export interface Scenario {
	events: EventRow[];
	cycles: CycleRow[];
	queue: QueueRow[];
}

const WEEK = 7 * 86_400_000;
const CATEGORIES = [['ownership', 6], ['deal value', 4], ['missing records', 3], ['contract dates', 2], ['recency undecidable', 2]] as const;
export const POLICY = 'HubSpot contacts ⇄ Salesforce contacts';

function weighted<T>(rng: Random, items: ReadonlyArray<readonly [T, number]>): T {
	const total = items.reduce((s, [, w]) => s + w, 0);
	let pick = rng.next() * total;
	for (const [item, w] of items) if ((pick -= w) < 0) return item;
	return items[items.length - 1][0];
}

function iso(ms: number): string {
	return new Date(ms).toISOString();
}

function eventRow(rng: Random, at: number, failureRate: number): EventRow {
	const fromHubSpot = rng.chance(0.62);
	const failedShare = failureRate;
	const outcome = weighted(rng, [['written', 0.7], ['no_change', 0.2], ['echo', 0.08 - failedShare], ['failed', failedShare], ['rejected_signature', 0.002]] as const);
	const events = outcome === 'rejected_signature' ? 0 : rng.int(1, 6);
	const records = outcome === 'rejected_signature' ? 0 : Math.max(1, Math.min(events, rng.int(1, 3)));
	return {
		receivedAt: iso(at),
		policy: POLICY,
		source: fromHubSpot ? 'hubspot' : 'salesforce',
		direction: fromHubSpot ? 'hubspot→salesforce' : 'salesforce→hubspot',
		channel: fromHubSpot ? 'webhook' : 'outbound_message',
		objectType: fromHubSpot ? 'contacts' : 'Contact',
		events,
		records,
		recordIds: Array.from({ length: records }, () => String(rng.int(1, 9_999_999))).join(','),
		written: outcome === 'written' ? records : 0,
		unchanged: outcome === 'no_change' ? records : 0,
		failed: outcome === 'failed' ? records : 0,
		escalated: 0,
		echoes: outcome === 'echo' ? events : 0,
		duplicates: rng.chance(0.05) ? 1 : 0,
		outcome,
		latencyMs: outcome === 'written' ? Math.round(400 + rng.next() ** 3 * 6000) : rng.int(20, 200),
		reason: outcome === 'failed' ? 'Salesforce answered 503 Service Unavailable' : '',
	};
}

export function scenarioEvents(rng: Random, options: ScenarioOptions): EventRow[] {
	const from = options.weekStartMs - WEEK;
	const span = options.nowMs - from;
	return Array.from({ length: options.events }, (_, i) => {
		// Slightly busier early on (power > 1): this week runs a little quieter than last.
		const at = from + Math.floor(((i + rng.next()) / options.events) ** 1.1 * span);
		return eventRow(rng, at, at >= options.weekStartMs ? (options.failureRate ?? 0.03) : 0.005);
	});
}

function cycleRow(rng: Random, n: number, at: number, rate: number, aborted: boolean): CycleRow {
	const found = aborted ? 0 : rng.int(18, 42);
	const escalated = aborted ? 0 : Math.round(found * (1 - rate) * (0.8 + rng.next() * 0.4));
	const auto = aborted ? 0 : Math.max(0, found - escalated - rng.int(0, 2));
	const sot = Math.round(auto * 0.45);
	const recency = Math.round(auto * 0.35);
	const merge = Math.round(auto * 0.12);
	const byRule = aborted ? {} : { source_of_truth: sot, recency, merge, only_in: auto - sot - recency - merge };
	const byCategory: Record<string, number> = {};
	for (let i = 0; i < escalated; i++) {
		const c = weighted(rng, CATEGORIES);
		byCategory[c] = (byCategory[c] ?? 0) + 1;
	}
	return {
		cycleId: `cycle-${String(n).padStart(4, '0')}`,
		policy: POLICY,
		startedAt: iso(at),
		finishedAt: iso(at + 95_000),
		dryRun: false,
		durationMs: 95_000 + rng.int(0, 30_000),
		mode: 'full',
		aborted,
		abortReason: aborted ? 'Salesforce returned 3,112 records, 9,005 (74.3 %) fewer than the previous cycle: nothing written' : '',
		recordsA: 12_140,
		recordsB: aborted ? 3_112 : 12_117,
		matched: 12_090,
		discrepancies: found,
		mismatchedFields: found - 3,
		onlyInA: 2,
		onlyInB: 1,
		conflicts: 0,
		schemaDrift: 0,
		autoResolved: auto,
		autoResolvedByRule: JSON.stringify(byRule),
		escalated,
		escalatedByCategory: JSON.stringify(byCategory),
		written: auto,
		failed: 0,
		apiCallsA: 130,
		apiCallsB: 61,
	};
}

/** A cycle every 6 hours from the previous week's Monday to now; the current week's third-to-last aborts. */
export function scenarioCycles(rng: Random, options: ScenarioOptions): CycleRow[] {
	const rates = options.autoRate ?? { previous: 0.92, current: 0.71 };
	const rows: CycleRow[] = [];
	for (let at = options.weekStartMs - WEEK + 3_600_000, n = 1; at < options.nowMs; at += 6 * 3_600_000, n++) {
		const current = at >= options.weekStartMs;
		rows.push(cycleRow(rng, n, at, current ? rates.current : rates.previous, false));
	}
	const abortAt = rows.length - 3;
	if (abortAt > 0 && Date.parse(rows[abortAt].startedAt) >= options.weekStartMs) rows[abortAt] = cycleRow(rng, abortAt + 1, Date.parse(rows[abortAt].startedAt), 0, true);
	return rows;
}

const FIELDS: Record<string, string> = { ownership: 'owner', 'deal value': 'amount', 'missing records': '', 'contract dates': 'contract_end', 'recency undecidable': 'phone' };

function queueRow(rng: Random, n: number, firstSeen: number, nowMs: number, slow: boolean): QueueRow {
	const category = weighted(rng, CATEGORIES);
	// Log-normal-ish waits: most within hours, a tail of days; slower when operators are stretched.
	const hours = Math.exp((slow ? 2.1 : 1.2) + 1.7 * (rng.next() + rng.next() + rng.next() - 1.5));
	const closeAt = firstSeen + Math.round(hours * 3_600_000);
	const closed = closeAt < nowMs;
	const status = closed ? weighted(rng, [['resolved', 8], ['dismissed', 1], ['resolved_upstream', 2]] as const) : 'open';
	const key = `contact${String(n).padStart(5, '0')}@example.com`;
	return {
		queueId: `d${String(n).padStart(6, '0')}-1`,
		discrepancyId: `d${String(n).padStart(6, '0')}`,
		status,
		category,
		priority: category === 'deal value' || category === 'ownership' ? 'high' : 'medium',
		kind: category === 'missing records' ? 'only_in_b' : 'mismatch',
		rule: category === 'recency undecidable' ? 'recency' : 'escalate',
		policy: POLICY,
		key,
		field: FIELDS[category] ?? '',
		aSystem: 'hubspot',
		bSystem: 'salesforce',
		aObject: 'contacts',
		bObject: 'Contact',
		aId: String(1000 + n),
		bId: `003${String(n).padStart(12, '0')}`,
		aValue: '"102"',
		bValue: '"005000000000003AAA"',
		aModifiedAt: iso(firstSeen - 3_600_000),
		bModifiedAt: iso(firstSeen - 1_800_000),
		reason: 'Escalated by policy',
		fingerprint: `f${n}`,
		firstSeenAt: iso(firstSeen),
		lastSeenAt: iso(Math.min(nowMs, closed ? closeAt : nowMs)),
		timesSeen: 1 + Math.floor(hours / 6),
		resolvedAt: closed ? iso(closeAt) : '',
		resolvedBy: closed && status === 'resolved' ? 'ops@example.com' : '',
		resolution: closed ? (status === 'resolved' ? 'keep_b' : status) : '',
		resolvedValue: '',
		note: '',
		ttrSeconds: closed ? Math.round((closeAt - firstSeen) / 1000) : 0,
	};
}

/** Queue items over both weeks (more, and slower, in the current one) plus two left open for days. */
export function scenarioQueue(rng: Random, options: ScenarioOptions & { queueItems?: number }): QueueRow[] {
	const total = options.queueItems ?? 70;
	const from = options.weekStartMs - WEEK;
	const rows: QueueRow[] = [];
	for (let n = 1; n <= total; n++) {
		// 35 % of items in the previous week, 65 % in the (shorter) current one: a spike.
		const current = n > total * 0.35;
		const start = current ? options.weekStartMs : from;
		const end = current ? options.nowMs : options.weekStartMs;
		const firstSeen = start + Math.floor(rng.next() * (end - start));
		rows.push(queueRow(rng, n, firstSeen, options.nowMs, current));
	}
	for (const daysAgo of [9.2, 5.5]) {
		const row = queueRow(rng, rows.length + 1, options.nowMs - daysAgo * 86_400_000, options.nowMs, false);
		rows.push({ ...row, status: 'open', resolvedAt: '', resolution: '', resolvedBy: '', ttrSeconds: 0, category: 'deal value', field: 'amount' });
	}
	return rows;
}

/** All three tables for one scenario. */
export function dashboardScenario(options: ScenarioOptions & { queueItems?: number }): Scenario {
	const rng = new Random(options.seed ?? 7);
	return { events: scenarioEvents(rng, options), cycles: scenarioCycles(rng, options), queue: scenarioQueue(rng, options) };
}
