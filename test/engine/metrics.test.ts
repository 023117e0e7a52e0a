import { computeMetrics, distribution, histogram, percentile, type MetricsOptions, type MetricsRows } from '../../nodes/engine/metrics';
import { AFTER, WEEK, ZONE, cycle, event, frozen, queueItem, resolution } from './metrics-fixtures';

const options: MetricsOptions = { weekStart: WEEK, now: AFTER, timeZone: ZONE, systems: ['hubspot', 'salesforce'] };
const none: MetricsRows = { events: [], cycles: [], queue: [] };

function metrics(rows: Partial<MetricsRows>, extra: Partial<MetricsOptions> = {}) {
	return computeMetrics({ ...none, ...rows }, { ...options, ...extra });
}

describe('week boundaries', () => {
	it('starts the ISO week on Monday 00:00 in the configured zone', () => {
		const m = metrics({ events: [event('2026-05-31T22:30:00Z'), event('2026-05-31T21:59:59Z')] });
		expect(m.week.window).toMatchObject({ isoWeek: '2026-W23', start: '2026-06-01T00:00:00.000+02:00', end: '2026-06-08T00:00:00.000+02:00', label: '1–7 Jun 2026', complete: true, elapsedDays: 7 });
		expect(m.week.events.deliveries).toBe(1); // Monday 00:30 in Berlin
		expect(m.previousWeek.events.deliveries).toBe(1); // Sunday 23:59:59 in Berlin
		expect(m.previousWeek.window.isoWeek).toBe('2026-W22');
	});

	it('uses UTC when no zone is given', () => {
		const m = computeMetrics({ ...none, events: [event('2026-05-31T22:30:00Z')] }, { weekStart: WEEK, now: AFTER });
		expect(m.week.window.start).toBe('2026-06-01T00:00:00.000Z');
		expect([m.week.events.deliveries, m.previousWeek.events.deliveries]).toEqual([0, 1]);
	});

	it('keeps wall-clock Mondays across a daylight-saving change (a 167-hour week is still 7 days)', () => {
		const m = metrics({}, { weekStart: '2026-03-25' });
		expect(m.week.window).toMatchObject({ start: '2026-03-23T00:00:00.000+01:00', end: '2026-03-30T00:00:00.000+02:00', elapsedDays: 7, label: '23–29 Mar 2026' });
	});

	it('compares a week in progress with the same days of the week before', () => {
		const now = '2026-06-03T10:00:00Z'; // Wednesday 12:00 in Berlin
		const rows = { events: [event('2026-06-02T08:00:00Z'), event('2026-05-26T08:00:00Z'), event('2026-05-28T08:00:00Z')] };
		const m = metrics(rows, { now });
		expect(m.week.window).toMatchObject({ complete: false, elapsedDays: 2.5, observedUntil: '2026-06-03T12:00:00.000+02:00' });
		expect(m.previousWeek.window.observedUntil).toBe('2026-05-27T12:00:00.000+02:00');
		// The previous Thursday is after "the same moment last week": left out of the comparison.
		expect([m.week.events.deliveries, m.previousWeek.events.deliveries]).toEqual([1, 1]);
		expect(m.trends.deliveries).toEqual({ current: 1, previous: 1, change: 0 });
	});

	it('leaves rows stamped after now out of the current week', () => {
		const m = metrics({ events: [event('2026-06-02T08:00:00Z'), event('2026-06-05T08:00:00Z')] }, { now: '2026-06-03T10:00:00Z' });
		expect(m.week.events.deliveries).toBe(1);
	});

	it('rejects an unknown zone and a week that is not a date', () => {
		expect(() => metrics({}, { timeZone: 'Mars/Olympus' })).toThrow('Time zone must be an IANA zone');
		expect(() => metrics({}, { weekStart: 'last tuesday' })).toThrow('weekStart must be an ISO date');
	});
});

describe('fast-loop events', () => {
	it('counts deliveries by direction and outcome, with records and latency of writes', () => {
		const at = '2026-06-02T08:00:00Z';
		const events = [
			event(at, { latencyMs: 800 }),
			event(at, { latencyMs: 2000, events: 3, records: 2, written: 2 }),
			event(at, { outcome: 'no_change', written: 0, unchanged: 1, latencyMs: 50 }),
			event(at, { source: 'salesforce', outcome: 'failed', written: 0, failed: 1 }),
			event(at, { source: 'salesforce', direction: 'salesforce -> hubspot', outcome: 'rejected_signature', events: 0, records: 0, written: 0 }),
		];
		const e = metrics({ events }).week.events;
		expect(e).toMatchObject({ deliveries: 5, events: 6, records: 5, written: 3, unchanged: 1, failed: 1, failureRate: 0.2 });
		expect(e.byOutcome).toEqual({ written: 2, no_change: 1, rejected_signature: 1, failed: 1 });
		expect(Object.keys(e.byDirection)).toEqual(['hubspot→salesforce', 'salesforce→hubspot']);
		expect(e.byDirection['hubspot→salesforce']).toMatchObject({ label: 'HubSpot → Salesforce', deliveries: 3, written: 3, byOutcome: { written: 2, no_change: 1 } });
		expect(e.byDirection['salesforce→hubspot']).toMatchObject({ deliveries: 2, byOutcome: { rejected_signature: 1, failed: 1 } });
		expect(e.writeLatencyMs).toEqual({ count: 2, p50: 800, p90: 2000, max: 2000 });
	});

	it('lists both policy directions even in a week without deliveries', () => {
		const e = metrics({}).week.events;
		expect(Object.values(e.byDirection).map((d) => [d.label, d.deliveries])).toEqual([['HubSpot → Salesforce', 0], ['Salesforce → HubSpot', 0]]);
		expect(e.failureRate).toBeNull();
		expect(e.writeLatencyMs.p50).toBeNull();
	});

	it('derives a missing direction from the source and the policy systems', () => {
		const e = metrics({ events: [event('2026-06-02T08:00:00Z', { source: 'salesforce', direction: '' })] }).week.events;
		expect(e.byDirection['salesforce→hubspot'].deliveries).toBe(1);
	});
});

describe('cycles and auto-resolution', () => {
	const monday = '2026-06-01T06:00:00Z';
	const tuesday = '2026-06-02T06:00:00Z';

	it('totals discrepancies, auto-resolutions by rule and escalations, per cycle and for the week', () => {
		const cycles = [
			cycle('c1', monday, { byRule: { source_of_truth: 6, recency: 2 }, byCategory: { ownership: 2 } }),
			cycle('c2', tuesday, { byRule: { merge: 3, recency: 1 }, byCategory: { 'deal value': 1 }, discrepancies: 6 }),
		];
		const m = metrics({ cycles });
		expect(m.week.cycles).toMatchObject({ run: 2, completed: 2, aborted: 0, discrepancies: 16, autoResolved: 12, escalated: 3, discrepanciesPerCycle: 8, autoResolutionRate: 0.8 });
		expect(m.week.cycles.perCycle.map((c) => [c.cycleId, c.discrepancies, c.autoResolutionRate])).toEqual([['c1', 10, 0.8], ['c2', 6, 0.8]]);
		expect(m.week.autoResolved.byRule).toEqual({ source_of_truth: 6, recency: 3, merge: 3 });
		expect(Object.keys(m.week.autoResolved.byRule)).toEqual(['source_of_truth', 'recency', 'merge']);
		expect(m.week.escalated).toMatchObject({ cycleDecisions: 3, cycleDecisionsByCategory: { 'deal value': 1, ownership: 2 } });
	});

	it('shows aborted cycles without counting them as zero discrepancies', () => {
		const cycles = [cycle('c1', monday, { byRule: { recency: 4 }, byCategory: { ownership: 1 } }), cycle('c2', tuesday, { aborted: true, abortReason: 'Salesforce returned 10 records', discrepancies: 0 })];
		const m = metrics({ cycles });
		expect(m.week.cycles).toMatchObject({ run: 2, completed: 1, aborted: 1, discrepancies: 5, discrepanciesPerCycle: 5, autoResolutionRate: 0.8 });
		expect(m.week.cycles.perCycle[1]).toMatchObject({ aborted: true, abortReason: 'Salesforce returned 10 records', discrepancies: null, autoResolved: null, autoResolutionRate: null });
		expect(m.flags).toContain('1 of 2 reconciliation cycles aborted: Salesforce returned 10 records.');
	});

	it('gives a week of only escalations a 0 % rate, and a week without cycles no rate at all', () => {
		const escalationsOnly = metrics({ cycles: [cycle('c1', monday, { byCategory: { ownership: 3 } })] });
		expect(escalationsOnly.week.cycles.autoResolutionRate).toBe(0);
		expect(escalationsOnly.week.autoResolved).toEqual({ total: 0, byRule: { source_of_truth: 0, recency: 0, merge: 0 }, fastLoop: null });
		expect(escalationsOnly.flags).toContain('Auto-resolution rate is 0 %, below the 80 % target.');
		const empty = metrics({});
		expect(empty.week.cycles.autoResolutionRate).toBeNull();
		expect(empty.trends.autoResolutionRate).toEqual({ current: null, previous: null, change: null });
	});

	it('lists the same rules and categories in both weeks, with zeros, so every count can be looked up', () => {
		const m = metrics({ cycles: [cycle('p', '2026-05-26T06:00:00Z', { byRule: { only_in: 1 }, byCategory: { ownership: 1 } }), cycle('c', monday, { byCategory: { 'deal value': 2 } })] });
		expect(m.week.autoResolved.byRule).toEqual({ source_of_truth: 0, recency: 0, merge: 0, only_in: 0 });
		expect(m.previousWeek.autoResolved.byRule).toEqual({ source_of_truth: 0, recency: 0, merge: 0, only_in: 1 });
		expect(m.week.escalated.cycleDecisionsByCategory).toEqual({ 'deal value': 2, ownership: 0 });
		expect(m.previousWeek.escalated.cycleDecisionsByCategory).toEqual({ 'deal value': 0, ownership: 1 });
		expect(m.previousWeek.events.byDirection['hubspot→salesforce'].byOutcome).toEqual({ written: 0, no_change: 0, rejected_signature: 0, failed: 0 });
	});

	it('counts a cycle logged twice once', () => {
		const m = metrics({ cycles: [cycle('c1', monday, { byRule: { recency: 1 } }), cycle('c1', monday, { byRule: { recency: 1 } })] });
		expect(m.week.cycles.run).toBe(1);
		expect(m.warnings).toEqual([expect.objectContaining({ table: 'reconcile_cycles', message: 'cycleId appears more than once: counted once (the last row)', count: 1 })]);
	});

	it('leaves dry runs out: a preview cycle is no cycle run, a dry-run decision no auto-resolution', () => {
		const m = metrics({
			cycles: [cycle('real', monday, { byRule: { recency: 2 } }), cycle('preview', monday, { dryRun: true, byRule: { recency: 9 } })],
			resolutions: [resolution('2026-06-02T08:00:00Z', 'recency'), resolution('2026-06-02T08:00:00Z', 'recency', { dryRun: true })],
		});
		expect(m.week.cycles.run).toBe(1);
		expect(m.week.autoResolved.byRule.recency).toBe(2);
		expect(m.week.autoResolved.fastLoop).toEqual({ total: 1, byRule: { source_of_truth: 0, recency: 1, merge: 0 } });
	});

	it('reads fast-loop auto-resolutions by rule from resolution rows', () => {
		const resolutions = [resolution('2026-06-02T08:00:00Z', 'recency'), resolution('2026-06-02T09:00:00Z', 'recency'), resolution('2026-06-02T09:00:00Z', 'source_of_truth'), resolution('2026-06-02T09:00:00Z', 'recency', { loop: 'slow' })];
		expect(metrics({ resolutions }).week.autoResolved.fastLoop).toEqual({ total: 3, byRule: { source_of_truth: 1, recency: 2, merge: 0 } });
	});
});

describe('operator queue', () => {
	// Last week: Tuesday 26 May; this week: Tuesday 2 June and Thursday 4 June.
	const lastTuesday = '2026-05-26T08:00:00Z';
	const tuesday = '2026-06-02T08:00:00Z';

	it('counts an item opened last week and still open in the current depth and the oldest age', () => {
		const queue = [queueItem('old', lastTuesday), queueItem('new', tuesday, { category: 'deal value' })];
		const q = metrics({ queue }, { now: '2026-06-04T08:00:00Z' }).week.queue;
		expect(q).toMatchObject({ open: 2, openByCategory: { 'deal value': 1, ownership: 1 }, oldestOpenSeconds: 9 * 86400 });
		expect(q.oldest).toMatchObject({ queueId: 'old-1', key: 'old@example.com', category: 'ownership', firstSeenAt: '2026-05-26T10:00:00.000+02:00' });
	});

	it("puts an item resolved this week in this week's time to resolution and last week's depth", () => {
		const queue = [
			queueItem('a', lastTuesday, { resolvedAt: '2026-06-02T08:00:00Z' }), // 7 days
			queueItem('b', lastTuesday, { resolvedAt: '2026-05-26T09:30:00Z' }), // 1.5 h, last week
			queueItem('c', tuesday, { resolvedAt: '2026-06-02T08:20:00Z', status: 'dismissed' }), // 20 min
		];
		const m = metrics({ queue });
		expect(m.week.ttr).toMatchObject({ count: 2, p50: 1200, p90: 7 * 86400, max: 7 * 86400, method: 'nearest-rank' });
		expect(m.week.ttr.histogram.map((b) => b.count)).toEqual([1, 0, 0, 0, 1]);
		expect(m.week.queue.closedBy).toEqual({ resolved: 1, dismissed: 1 });
		expect(m.previousWeek.ttr).toMatchObject({ count: 1, p50: 5400 });
		expect([m.previousWeek.queue.open, m.week.queue.open]).toEqual([1, 0]);
		expect(m.week.escalated).toMatchObject({ newItems: 1, byCategory: { ownership: 1 } });
		expect(m.previousWeek.escalated.newItems).toBe(2);
	});

	it('uses ttrSeconds only when the times cannot tell', () => {
		const queue = [queueItem('a', tuesday, { resolvedAt: '2026-06-02T09:00:00Z', ttrSeconds: 99 })];
		expect(metrics({ queue }).week.ttr.max).toBe(3600);
	});

	it('counts items by occurrence: a discrepancy back after resolution is a new escalation', () => {
		const queue = [queueItem('x', lastTuesday, { resolvedAt: '2026-05-27T08:00:00Z' }), { ...queueItem('x', tuesday), queueId: 'x-2' }];
		const m = metrics({ queue });
		expect([m.previousWeek.escalated.newItems, m.week.escalated.newItems, m.week.queue.open]).toEqual([1, 1, 1]);
	});
});

describe('malformed rows', () => {
	it('reports what it could not read, grouped by table and problem, and keeps going', () => {
		const at = '2026-06-02T08:00:00Z';
		const rows: MetricsRows = {
			events: [{ ...event('yesterday'), id: 7 }, event(at, { events: 'abc' as never }), 'not a row', {}, { id: 9, createdAt: at, updatedAt: at }],
			cycles: [{ ...cycle('c1', at, { byRule: { recency: 2 } }), autoResolvedByRule: '{"recency": 2', id: 3 }, { ...cycle('c2', at), discrepancies: '' as never }],
			queue: [{ ...queueItem('q', at), status: 'pending' as never }, queueItem('r', at, { status: 'resolved' })],
		};
		const m = computeMetrics(rows, options);
		expect(m.warnings.map((w) => [w.table, w.message, w.count])).toEqual([
			['reconcile_cycles', 'autoResolvedByRule is not a JSON object of counts: its total is shown under "unknown"', 1],
			['reconcile_cycles', 'discrepancies is missing: shown as unknown, left out of totals', 1],
			['reconcile_events', 'events is not a number: counted as 0', 1],
			['reconcile_events', 'not a row (an object of columns): skipped', 1],
			['reconcile_events', 'receivedAt is missing or not a time: row skipped', 1],
			['reconcile_queue', 'closed item without a readable resolvedAt: left out of time to resolution', 1],
			['reconcile_queue', 'status is not one of open, resolved, dismissed, resolved_upstream: row skipped', 1],
		]);
		expect(m.warnings.find((w) => w.message.startsWith('receivedAt'))?.examples).toEqual([{ index: 0, id: 7 }]);
		expect(m.week.events.deliveries).toBe(1); // placeholders ({} and system columns only) are not rows
		expect(m.week.autoResolved.byRule).toEqual({ source_of_truth: 0, recency: 0, merge: 0, unknown: 2 });
		expect(m.week.cycles.perCycle.map((c) => c.discrepancies)).toEqual([2, null]);
		expect(m.week.ttr.count).toBe(0);
	});

	it('reads numbers and booleans as Data Tables return them, and JSON columns already parsed', () => {
		const c = { ...cycle('c1', '2026-06-02T08:00:00Z'), aborted: 'false', discrepancies: '4', autoResolved: '3', autoResolvedByRule: { recency: '3' }, escalated: 1, escalatedByCategory: { ownership: 1 } };
		const m = computeMetrics({ ...none, cycles: [c] }, options);
		expect(m.warnings).toEqual([]);
		expect(m.week.cycles).toMatchObject({ completed: 1, discrepancies: 4, autoResolutionRate: 0.75 });
		expect(m.week.autoResolved.byRule).toEqual({ source_of_truth: 0, recency: 3, merge: 0 });
	});
});

describe('flags', () => {
	const lastWeek = (day: number) => `2026-05-${String(25 + day).padStart(2, '0')}T08:00:00Z`;
	const thisWeek = (day: number) => `2026-06-0${1 + day}T08:00:00Z`;

	it('says when the auto-resolution rate fell, from and to what', () => {
		const cycles = [cycle('p', lastWeek(1), { byRule: { recency: 92 }, byCategory: { ownership: 8 } }), cycle('c', thisWeek(1), { byRule: { recency: 71 }, byCategory: { ownership: 29 } })];
		const m = metrics({ cycles });
		expect(m.flags).toContain('Auto-resolution rate fell from 92 % last week to 71 % (21 points down): more discrepancies need an operator.');
		expect(m.flagDetails.find((f) => f.id === 'auto_resolution_drop')?.question).toBe('drift');
		expect(m.flags.some((f) => f.includes('below the 80 % target'))).toBe(false); // one flag per fall, not two
		expect(m.trends.autoResolutionRate).toEqual({ current: 0.71, previous: 0.92, change: -0.21 });
	});

	it('flags an escalation spike, failed and rejected deliveries, queue growth, old items and slow resolution', () => {
		const queue = [
			...Array.from({ length: 2 }, (_, i) => queueItem(`p${i}`, lastWeek(1), { resolvedAt: lastWeek(2) })),
			...Array.from({ length: 6 }, (_, i) => queueItem(`c${i}`, thisWeek(0))),
			queueItem('slow', lastWeek(0), { resolvedAt: thisWeek(1) }),
		];
		const events = [...Array.from({ length: 9 }, () => event(thisWeek(1))), event(thisWeek(1), { outcome: 'failed' }), event(thisWeek(2), { outcome: 'rejected_signature' })];
		const m = metrics({ queue, events, cycles: [cycle('c', thisWeek(6))] });
		expect(m.flagDetails.map((f) => f.id)).toEqual(['escalation_spike', 'failed_deliveries', 'rejected_signatures', 'queue_growth', 'oldest_open', 'slow_resolution']);
		expect(m.flags).toEqual([
			'New escalations rose from 3 last week to 6 (×2): a source system may be sending unusual values.',
			'9.1 % of fast-loop deliveries failed (1 of 11).',
			'1 webhook delivery rejected for a bad signature: check the webhook secrets, or someone is probing the URL.',
			'The operator queue grew from 1 open item at the end of last week to 6.',
			'The oldest open item has waited 6.6 days (ownership: owner of c0@example.com).',
			'90 % of the items closed this week took up to 8 days (last week: 24 h), over the 2 days target.',
		]);
	});

	it('flags a silent slow loop and a drop in fast-loop deliveries', () => {
		const events = [...Array.from({ length: 30 }, () => event(lastWeek(1))), event(thisWeek(1))];
		const m = metrics({ events, cycles: [cycle('c', thisWeek(1))] });
		expect(m.flags).toEqual([
			'Fast-loop deliveries fell from 30 last week to 1: check that the webhook subscriptions are still active.',
			'No reconciliation cycle has started for 5.6 days: is the schedule active?',
		]);
		expect(metrics({}).flags).toEqual(['No reconciliation cycle has run yet: is the schedule active?']);
	});

	it('takes thresholds as options and refuses unknown ones', () => {
		const cycles = [cycle('c', thisWeek(6), { byRule: { recency: 85 }, byCategory: { ownership: 15 } })];
		expect(metrics({ cycles }).flags).toEqual([]);
		expect(metrics({ cycles }, { thresholds: { autoResolutionFloorPercent: 90 } }).flags).toEqual(['Auto-resolution rate is 85 %, below the 90 % target.']);
		expect(() => metrics({}, { thresholds: { autoResolutionFloor: 1 } as never })).toThrow('Unknown threshold "autoResolutionFloor"');
		expect(() => metrics({}, { thresholds: { ttrP90Hours: -1 } })).toThrow('Threshold "ttrP90Hours" must be a number ≥ 0');
	});
});

describe('computeMetrics as a whole', () => {
	const rows = (): MetricsRows => ({
		events: [event('2026-06-02T08:00:00Z'), event('2026-06-02T08:00:00Z', { policy: 'deals' })],
		cycles: [cycle('c1', '2026-06-02T06:00:00Z', { byRule: { recency: 1 } })],
		queue: [queueItem('q', '2026-06-02T08:00:00Z')],
	});

	it('counts only the chosen policy and says how many rows belonged to others', () => {
		const m = metrics(rows(), { policyName: 'contacts' });
		expect([m.week.events.deliveries, m.otherPolicyRows]).toEqual([1, 1]);
	});

	it('is deterministic and leaves its input alone', () => {
		const input = frozen(rows());
		expect(JSON.stringify(computeMetrics(input, options))).toBe(JSON.stringify(computeMetrics(rows(), options)));
	});

	it('writes a plain-text summary with "no data" where there is none', () => {
		const m = metrics({});
		expect(m.summary).toContain('auto-resolution rate no data');
		expect(m.summary).toContain('Time to resolution: p50 no data');
		expect(m.summary).not.toMatch(/NaN|undefined|Infinity/);
	});
});

describe('percentiles and buckets', () => {
	it('uses the nearest rank, so every percentile is an observed value', () => {
		const ten = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
		expect(distribution(ten)).toEqual({ count: 10, p50: 5, p90: 9, max: 10 });
		expect(distribution([7])).toEqual({ count: 1, p50: 7, p90: 7, max: 7 });
		expect(distribution([])).toEqual({ count: 0, p50: null, p90: null, max: null });
		expect(percentile([1, 2, 3], 0)).toBe(1);
		expect(ten).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
	});

	it('puts each time in one bucket, lower bound inclusive', () => {
		const counts = histogram([0, 3599, 3600, 14399, 14400, 86399, 86400, 259199, 259200, 10 ** 7]).map((b) => [b.label, b.count]);
		expect(counts).toEqual([['< 1 h', 2], ['1–4 h', 2], ['4–24 h', 2], ['1–3 d', 2], ['> 3 d', 2]]);
	});
});
