import { alignWeeks } from './align';
import { cycleMetrics, fastLoopResolutions } from './cycles';
import { eventMetrics } from './events';
import { flagsFor } from './flags';
import { queueMetrics } from './queue';
import { Warnings } from './read';
import { RowSource } from './source';
import { round4 } from './stats';
import { summaryText } from './summary';
import { DEFAULT_THRESHOLDS, TREND_NAMES, type MetricsOptions, type MetricsResult, type MetricsRows, type MetricsThresholds, type Trend, type TrendName, type WeekMetrics } from './types';
import { weekSpans } from './week';

function thresholdsOf(given: Partial<MetricsThresholds> | undefined): MetricsThresholds {
	const out = { ...DEFAULT_THRESHOLDS };
	for (const [name, value] of Object.entries(given ?? {})) {
		if (!(name in DEFAULT_THRESHOLDS)) throw new Error(`Unknown threshold "${name}"; known: ${Object.keys(DEFAULT_THRESHOLDS).join(', ')}`);
		if (value === undefined || value === null) continue;
		if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new Error(`Threshold "${name}" must be a number ≥ 0, got ${JSON.stringify(value)}`);
		out[name as keyof MetricsThresholds] = value;
	}
	return out;
}

const PICK: Record<TrendName, (w: WeekMetrics) => number | null> = {
	autoResolutionRate: (w) => w.cycles.autoResolutionRate,
	newEscalations: (w) => w.escalated.newItems,
	escalationsPerDay: (w) => w.escalated.newItemsPerDay,
	queueDepth: (w) => w.queue.open,
	oldestOpenSeconds: (w) => w.queue.oldestOpenSeconds,
	ttrP50Seconds: (w) => w.ttr.p50,
	ttrP90Seconds: (w) => w.ttr.p90,
	deliveries: (w) => w.events.deliveries,
	deliveriesPerDay: (w) => w.events.deliveriesPerDay,
	failureRate: (w) => w.events.failureRate,
	cyclesRun: (w) => w.cycles.run,
	discrepancies: (w) => w.cycles.discrepancies,
	autoResolved: (w) => w.autoResolved.total,
};

function trends(cur: WeekMetrics, prev: WeekMetrics): Record<TrendName, Trend> {
	const out = {} as Record<TrendName, Trend>;
	for (const name of TREND_NAMES) {
		const [current, previous] = [PICK[name](cur), PICK[name](prev)];
		out[name] = { current, previous, change: current === null || previous === null ? null : round4(current - previous) };
	}
	return out;
}

/**
 * The dashboard's numbers for the ISO week containing `options.weekStart` and the week before, from the
 * rows the loops write (see `rows.ts`). Pure: the clock and the zone are parameters. Malformed rows are
 * reported in `warnings` (grouped by table and problem) instead of throwing; bad options throw.
 */
export function computeMetrics(rows: MetricsRows, options: MetricsOptions): MetricsResult {
	const timeZone = options.timeZone ?? 'UTC';
	const thresholds = thresholdsOf(options.thresholds);
	const { current, previous } = weekSpans(options.weekStart, options.now, timeZone);
	const spans = [current, previous];
	const warnings = new Warnings();
	const source = new RowSource(rows, warnings, options.policyName);
	const events = eventMetrics(source, spans, warnings, options.systems, options.labels ?? {});
	const cycles = cycleMetrics(source, spans, timeZone, warnings);
	const fastLoop = fastLoopResolutions(source, spans, warnings);
	const queue = queueMetrics(source, spans, timeZone, warnings);
	const [built, builtPrevious] = spans.map(
		(span, i): WeekMetrics => ({
			window: span.window,
			events: events[i],
			cycles: cycles[i].cycles,
			autoResolved: { ...cycles[i].autoResolved, fastLoop: fastLoop[i] },
			escalated: { ...queue[i].escalated, cycleDecisions: cycles[i].escalationDecisions.total, cycleDecisionsByCategory: cycles[i].escalationDecisions.byCategory },
			queue: queue[i].queue,
			ttr: queue[i].ttr,
		}),
	);
	const [week, previousWeek] = alignWeeks(built, builtPrevious);
	const flagDetails = flagsFor(week, previousWeek, thresholds);
	const flags = flagDetails.map((f) => f.message);
	return {
		generatedAt: options.now,
		timeZone,
		policyName: options.policyName ?? null,
		week,
		previousWeek,
		trends: trends(week, previousWeek),
		flags,
		flagDetails,
		summary: summaryText(week, flags, options.policyName ?? null),
		thresholds,
		warnings: warnings.list(),
		otherPolicyRows: source.otherPolicyRows,
	};
}
