/**
 * The dashboard's numbers: the seed's five (fast-loop events, cycles and discrepancies, auto-resolved by
 * rule, escalated by category, time to resolution) for one week and the week before, with trends and
 * plain-language flags. Rates are fractions (0.92, shown as 92 %); `null` means "no data", never zero.
 */

/** Where a flag belongs among the seed's three questions. */
export type Question = 'drift' | 'sources' | 'coverage';

export interface MetricsThresholds {
	/** Drift: the auto-resolution rate fell by at least this many percentage points week over week. */
	autoResolutionDropPoints: number;
	/** Drift: the auto-resolution rate is below this percentage. */
	autoResolutionFloorPercent: number;
	/** Drift: fast-loop deliveries per day fell by at least this percentage (lost webhooks look like this)… */
	deliveryDropPercent: number;
	/** …when the previous week had at least this many deliveries. */
	deliveryDropMin: number;
	/** Drift: no reconciliation cycle started in this many hours before the end of the observed week. */
	slowLoopSilentHours: number;
	/** Sources: new escalations per day are at least this multiple of the previous week's… */
	escalationSpikeRatio: number;
	/** …and the week has at least this many new escalations. */
	escalationSpikeMin: number;
	/** Sources: at least this percentage of fast-loop deliveries failed. */
	failedDeliveriesPercent: number;
	/** Sources: at least this many deliveries were rejected for a bad signature. */
	rejectedSignatures: number;
	/** Sources: at least this many cycles were aborted (mass-change guard, errors). */
	abortedCycles: number;
	/** Coverage: the open queue grew by at least this many items over the week. */
	queueGrowthItems: number;
	/** Coverage: the oldest open item has waited at least this many hours. */
	oldestOpenHours: number;
	/** Coverage: the 90th percentile time to resolution is at least this many hours. */
	ttrP90Hours: number;
}

export interface MetricsOptions {
	/** Any date or instant in the week to report; snapped to Monday 00:00 of its ISO week in `timeZone`. */
	weekStart: string;
	/** The clock, as an ISO instant: the current week is observed up to here, queue ages are measured to here. */
	now: string;
	/** IANA zone for week boundaries and labels. Default UTC. */
	timeZone?: string;
	thresholds?: Partial<MetricsThresholds>;
	/** Count only rows of this policy (rows without a policy name are always counted). */
	policyName?: string;
	/** The two synced systems, so both directions are listed even without events, e.g. ['hubspot', 'salesforce']. */
	systems?: readonly [string, string];
	/** Display names by system, e.g. `{ hubspot: 'HubSpot' }`. */
	labels?: Readonly<Record<string, string>>;
}

/** Rows as read from the Data Tables: strings, numbers, booleans, JSON text (or already parsed). */
export interface MetricsRows {
	events: readonly unknown[];
	cycles: readonly unknown[];
	queue: readonly unknown[];
	resolutions?: readonly unknown[];
}

export interface WeekWindow {
	/** `2026-W23` */
	isoWeek: string;
	/** Monday 00:00 in the zone, as ISO with offset. */
	start: string;
	/** The next Monday 00:00 (exclusive). */
	end: string;
	/** `1–7 Jun 2026` */
	label: string;
	/**
	 * The week's numbers cover start → here: min(end, now) for the reported week; for the previous week the
	 * same wall-clock moment one week earlier, so a week in progress is compared with the same days.
	 */
	observedUntil: string;
	complete: boolean;
	/** Days from start to observedUntil (0–7, fractional; DST weeks are 7 calendar days). */
	elapsedDays: number;
}

export interface Distribution {
	count: number;
	p50: number | null;
	p90: number | null;
	max: number | null;
}

export interface DirectionMetrics {
	source: string;
	target: string;
	label: string;
	deliveries: number;
	events: number;
	records: number;
	written: number;
	unchanged: number;
	failed: number;
	echoes: number;
	duplicates: number;
	/** Deliveries by outcome: written, no_change, echo, rejected_signature, rejected, failed, and any other. */
	byOutcome: Record<string, number>;
}

export interface EventMetrics {
	deliveries: number;
	events: number;
	records: number;
	written: number;
	unchanged: number;
	failed: number;
	escalated: number;
	deliveriesPerDay: number | null;
	/** Failed deliveries / deliveries. */
	failureRate: number | null;
	byOutcome: Record<string, number>;
	/** Keyed `source→target`, both policy directions first. */
	byDirection: Record<string, DirectionMetrics>;
	/** Webhook received → writes done, over deliveries that wrote something (milliseconds). */
	writeLatencyMs: Distribution;
}

export interface CycleEntry {
	cycleId: string;
	startedAt: string;
	mode: string;
	aborted: boolean;
	abortReason: string;
	/** `null` for aborted cycles (nothing was compared) and for rows missing the number. */
	discrepancies: number | null;
	autoResolved: number | null;
	escalated: number | null;
	autoResolutionRate: number | null;
	durationMs: number | null;
}

export interface CycleMetrics {
	/** Cycle rows started in the week, aborted ones included. */
	run: number;
	completed: number;
	aborted: number;
	/** Totals over completed cycles. */
	discrepancies: number;
	autoResolved: number;
	escalated: number;
	discrepanciesPerCycle: number | null;
	/** autoResolved / (autoResolved + escalated) over completed cycles. */
	autoResolutionRate: number | null;
	perCycle: CycleEntry[];
	/** Latest cycle start up to the end of the observed week (possibly in an earlier week). */
	lastStartedAt: string | null;
}

export interface AutoResolvedMetrics {
	/** Slow loop: sum of the completed cycles' auto-resolutions. */
	total: number;
	/** source_of_truth, recency, merge first; only_in = missing records created; unknown = unreadable by-rule JSON. */
	byRule: Record<string, number>;
	/** Fast loop, from resolution rows (`loop: fast`); null when no resolution rows were given. */
	fastLoop: { total: number; byRule: Record<string, number> } | null;
}

export interface EscalatedMetrics {
	/** Queue items first seen in the week (each discrepancy once, whichever loop found it). */
	newItems: number;
	newItemsPerDay: number | null;
	byCategory: Record<string, number>;
	/** Cycle escalation decisions: an item still open is counted again by every cycle that finds it. */
	cycleDecisions: number;
	cycleDecisionsByCategory: Record<string, number>;
}

export interface QueueMetrics {
	/** The instant the queue is described at: the end of the observed week. */
	asOf: string;
	open: number;
	openByCategory: Record<string, number>;
	oldestOpenSeconds: number | null;
	oldest: { queueId: string; key: string; field: string; category: string; firstSeenAt: string } | null;
	/** Items closed in the week, by how: resolved (operator), dismissed, resolved_upstream (fixed in a CRM). */
	closedBy: Record<string, number>;
}

export interface HistogramBucket {
	label: string;
	/** Inclusive lower bound, exclusive upper bound (null: no upper bound), in seconds. */
	fromSeconds: number;
	toSeconds: number | null;
	count: number;
}

export interface TtrMetrics extends Distribution {
	/** Nearest rank: the smallest observed value with at least p % of values at or below it. */
	method: 'nearest-rank';
	histogram: HistogramBucket[];
}

export interface WeekMetrics {
	window: WeekWindow;
	events: EventMetrics;
	cycles: CycleMetrics;
	autoResolved: AutoResolvedMetrics;
	escalated: EscalatedMetrics;
	queue: QueueMetrics;
	/** Time to resolution of queue items closed in the week, in seconds. */
	ttr: TtrMetrics;
}

export interface Trend {
	current: number | null;
	previous: number | null;
	/** current − previous (percentage points ×0.01 for rates); null unless both are known. */
	change: number | null;
}

export const TREND_NAMES = [
	'autoResolutionRate',
	'newEscalations',
	'escalationsPerDay',
	'queueDepth',
	'oldestOpenSeconds',
	'ttrP50Seconds',
	'ttrP90Seconds',
	'deliveries',
	'deliveriesPerDay',
	'failureRate',
	'cyclesRun',
	'discrepancies',
	'autoResolved',
] as const;
export type TrendName = (typeof TREND_NAMES)[number];

export interface Flag {
	id: string;
	question: Question;
	message: string;
}

export interface MetricsWarning {
	table: string;
	message: string;
	/** Rows with this problem. */
	count: number;
	/** The first few: position in the input and the Data Table row id when there is one. */
	examples: Array<{ index: number; id?: string | number }>;
}

export interface MetricsResult {
	generatedAt: string;
	timeZone: string;
	policyName: string | null;
	week: WeekMetrics;
	previousWeek: WeekMetrics;
	trends: Record<TrendName, Trend>;
	/** Plain-language flags, in question order: drift, sources, coverage. */
	flags: string[];
	flagDetails: Flag[];
	/** Plain-text digest of the five numbers and the flags, for e-mail or Slack. */
	summary: string;
	thresholds: MetricsThresholds;
	warnings: MetricsWarning[];
	/** Rows skipped because they belong to another policy. */
	otherPolicyRows: number;
}

export const DEFAULT_THRESHOLDS: MetricsThresholds = {
	autoResolutionDropPoints: 10,
	autoResolutionFloorPercent: 80,
	deliveryDropPercent: 50,
	deliveryDropMin: 20,
	slowLoopSilentHours: 24,
	escalationSpikeRatio: 1.5,
	escalationSpikeMin: 5,
	failedDeliveriesPercent: 2,
	rejectedSignatures: 1,
	abortedCycles: 1,
	queueGrowthItems: 5,
	oldestOpenHours: 72,
	ttrP90Hours: 48,
};
