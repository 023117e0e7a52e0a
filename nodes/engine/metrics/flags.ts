/**
 * Plain-language flags when a number crosses its threshold, grouped by the seed's three questions: is the
 * sync drifting, are the source systems misbehaving, is operator coverage keeping pace. A week in progress
 * is compared with the same days of the week before (see `weekSpans`), so counts compare directly.
 */
import { formatCount, formatDuration, formatPercent, formatPoints, plural } from './format';
import type { Flag, MetricsThresholds, WeekMetrics } from './types';

type Rule = (cur: WeekMetrics, prev: WeekMetrics, t: MetricsThresholds) => Flag | null;

const HOUR = 3600;

/** What the previous counts cover: the whole last week, or the same days of it. */
export function comparedWith(cur: WeekMetrics): string {
	return cur.window.complete ? 'last week' : 'on the same days last week';
}

/** When the previous snapshot (queue depth) was taken. */
function sameMoment(cur: WeekMetrics): string {
	return cur.window.complete ? 'at the end of last week' : 'at this time last week';
}

/** Percentage points between two rates as shown (92 % − 71 % reads as 21, whatever the decimals were). */
function shownPoints(before: number, now: number): number {
	return Math.round(before * 100) - Math.round(now * 100);
}

const autoResolutionDrop: Rule = (cur, prev, t) => {
	const [now, before] = [cur.cycles.autoResolutionRate, prev.cycles.autoResolutionRate];
	if (now === null || before === null || (before - now) * 100 < t.autoResolutionDropPoints) return null;
	const message = `Auto-resolution rate fell from ${formatPercent(before)} ${comparedWith(cur)} to ${formatPercent(now)} (${formatPoints(shownPoints(before, now) / 100)} down): more discrepancies need an operator.`;
	return { id: 'auto_resolution_drop', question: 'drift', message };
};

const autoResolutionLow: Rule = (cur, prev, t) => {
	const now = cur.cycles.autoResolutionRate;
	if (now === null || now * 100 >= t.autoResolutionFloorPercent || autoResolutionDrop(cur, prev, t) !== null) return null;
	return { id: 'auto_resolution_low', question: 'drift', message: `Auto-resolution rate is ${formatPercent(now)}, below the ${t.autoResolutionFloorPercent} % target.` };
};

const deliveryDrop: Rule = (cur, prev, t) => {
	const [now, before] = [cur.events.deliveries, prev.events.deliveries];
	// A day at least: in the first hours of a Monday, quiet nights make any comparison noise.
	if (cur.window.elapsedDays < 1 || before < t.deliveryDropMin || now > before * (1 - t.deliveryDropPercent / 100)) return null;
	const message = `Fast-loop deliveries fell from ${formatCount(before)} ${comparedWith(cur)} to ${formatCount(now)}: check that the webhook subscriptions are still active.`;
	return { id: 'fast_loop_drop', question: 'drift', message };
};

const slowLoopSilent: Rule = (cur, _prev, t) => {
	const until = Date.parse(cur.window.observedUntil);
	const last = cur.cycles.lastStartedAt === null ? null : Date.parse(cur.cycles.lastStartedAt);
	const since = last === null ? Date.parse(cur.window.start) : last;
	const hours = (until - since) / (HOUR * 1000);
	if (hours < t.slowLoopSilentHours) return null;
	const message =
		last === null
			? `No reconciliation cycle has run yet: is the schedule active?`
			: `No reconciliation cycle has started for ${formatDuration(hours * HOUR)}: is the schedule active?`;
	return { id: 'slow_loop_silent', question: 'drift', message };
};

const escalationSpike: Rule = (cur, prev, t) => {
	const [now, before] = [cur.escalated.newItems, prev.escalated.newItems];
	if (now < t.escalationSpikeMin || (before > 0 && now < before * t.escalationSpikeRatio)) return null;
	const message =
		before === 0
			? `${plural(now, 'new escalation')} this week, none ${comparedWith(cur)}: a source system may be sending unusual values.`
			: `New escalations rose from ${formatCount(before)} ${comparedWith(cur)} to ${formatCount(now)} (×${formatCount(Math.round((now / before) * 10) / 10)}): a source system may be sending unusual values.`;
	return { id: 'escalation_spike', question: 'sources', message };
};

const failedDeliveries: Rule = (cur, _prev, t) => {
	const r = cur.events.failureRate;
	if (r === null || r === 0 || r * 100 < t.failedDeliveriesPercent) return null;
	const failed = cur.events.byOutcome.failed ?? 0;
	return { id: 'failed_deliveries', question: 'sources', message: `${formatPercent(r)} of fast-loop deliveries failed (${formatCount(failed)} of ${formatCount(cur.events.deliveries)}).` };
};

const rejectedSignatures: Rule = (cur, _prev, t) => {
	const n = cur.events.byOutcome.rejected_signature ?? 0;
	if (n === 0 || n < t.rejectedSignatures) return null;
	const message = `${plural(n, 'webhook delivery', 'webhook deliveries')} rejected for a bad signature: check the webhook secrets, or someone is probing the URL.`;
	return { id: 'rejected_signatures', question: 'sources', message };
};

const abortedCycles: Rule = (cur, _prev, t) => {
	const n = cur.cycles.aborted;
	if (n === 0 || n < t.abortedCycles) return null;
	const reason = cur.cycles.perCycle.find((c) => c.aborted && c.abortReason !== '')?.abortReason;
	const because = reason ? `: ${reason}${/[.!?]$/.test(reason) ? '' : '.'}` : '.';
	const message = `${formatCount(n)} of ${plural(cur.cycles.run, 'reconciliation cycle')} aborted${because}`;
	return { id: 'aborted_cycles', question: 'sources', message };
};

const queueGrowth: Rule = (cur, prev, t) => {
	const [now, before] = [cur.queue.open, prev.queue.open];
	if (now - before < t.queueGrowthItems) return null;
	return { id: 'queue_growth', question: 'coverage', message: `The operator queue grew from ${plural(before, 'open item')} ${sameMoment(cur)} to ${formatCount(now)}.` };
};

const oldestOpen: Rule = (cur, _prev, t) => {
	const age = cur.queue.oldestOpenSeconds;
	const item = cur.queue.oldest;
	if (age === null || item === null || age < t.oldestOpenHours * HOUR) return null;
	const what = [item.category, item.field && item.key ? `${item.field} of ${item.key}` : item.key].filter(Boolean).join(': ');
	return { id: 'oldest_open', question: 'coverage', message: `The oldest open item has waited ${formatDuration(age)}${what ? ` (${what})` : ''}.` };
};

const slowResolution: Rule = (cur, prev, t) => {
	const p90 = cur.ttr.p90;
	if (p90 === null || p90 < t.ttrP90Hours * HOUR) return null;
	const before = prev.ttr.p90 === null ? '' : ` (${comparedWith(cur)}: ${formatDuration(prev.ttr.p90)})`;
	const message = `90 % of the items closed this week took up to ${formatDuration(p90)}${before}, over the ${formatDuration(t.ttrP90Hours * HOUR)} target.`;
	return { id: 'slow_resolution', question: 'coverage', message };
};

const RULES: readonly Rule[] = [autoResolutionDrop, autoResolutionLow, deliveryDrop, slowLoopSilent, escalationSpike, failedDeliveries, rejectedSignatures, abortedCycles, queueGrowth, oldestOpen, slowResolution];

/** Every flag the week raises, in question order (drift, sources, coverage). */
export function flagsFor(cur: WeekMetrics, prev: WeekMetrics, thresholds: MetricsThresholds): Flag[] {
	return RULES.flatMap((rule) => rule(cur, prev, thresholds) ?? []);
}
