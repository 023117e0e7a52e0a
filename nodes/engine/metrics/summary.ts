/** The five numbers and the flags as plain text, for the weekly e-mail or Slack message. */
import { formatCount, formatDuration, formatPercent, humanName } from './format';
import type { WeekMetrics } from './types';

/** Largest first, so the message leads with what matters. */
function list(counts: Readonly<Record<string, number>>, name: (k: string) => string = humanName): string {
	const parts = Object.entries(counts)
		.filter(([, n]) => n !== 0)
		.sort(([x, a], [y, b]) => b - a || (x < y ? -1 : 1))
		.map(([k, n]) => `${name(k)} ${formatCount(n)}`);
	return parts.length ? parts.join(', ') : 'none';
}

/**
 * One line per number, then the flags. The week in progress says how much of it is observed, so nobody
 * compares half a week with a whole one by eye.
 */
export function summaryText(week: WeekMetrics, flags: readonly string[], policyName: string | null): string {
	const { window: w, events, cycles, autoResolved, escalated, queue, ttr } = week;
	const progress = w.complete ? '' : ` (in progress: ${formatCount(Math.round(w.elapsedDays * 10) / 10)} of 7 days)`;
	const directions = Object.values(events.byDirection).map((d) => `${d.label} ${formatCount(d.deliveries)}`);
	const lines = [
		`Reconciliation week ${w.isoWeek}, ${w.label}${progress}${policyName ? ` — ${policyName}` : ''}`,
		`1. Fast-loop deliveries: ${formatCount(events.deliveries)}${directions.length ? ` (${directions.join(', ')})` : ''}; outcomes: ${list(events.byOutcome)}.`,
		`2. Cycles: ${formatCount(cycles.run)} run${cycles.aborted ? `, ${formatCount(cycles.aborted)} aborted` : ''}; discrepancies found: ${formatCount(cycles.discrepancies)}; auto-resolution rate ${formatPercent(cycles.autoResolutionRate)}.`,
		`3. Auto-resolved: ${formatCount(autoResolved.total)} (${list(autoResolved.byRule)}).`,
		`4. Escalated to operators: ${formatCount(escalated.newItems)} new (${list(escalated.byCategory, (k) => k)}).`,
		`5. Time to resolution: p50 ${formatDuration(ttr.p50)}, p90 ${formatDuration(ttr.p90)}, max ${formatDuration(ttr.max)} over ${formatCount(ttr.count)} closed; queue now ${formatCount(queue.open)} open${queue.oldestOpenSeconds === null ? '' : `, oldest ${formatDuration(queue.oldestOpenSeconds)}`}.`,
	];
	lines.push(flags.length ? 'Flags:' : 'No thresholds crossed.', ...flags.map((f) => `- ${f}`));
	return lines.join('\n');
}
