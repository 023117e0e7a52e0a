/** Sections 1 and 2: the fast loop's deliveries and the slow loop's cycles. */
import { stackedBars } from './chart-bars';
import { CYCLE_COLORS, cycleChart, wallClock } from './chart-cycles';
import { deltaHtml, lastWeekLabel, sectionFrame, stat } from './deltas';
import { OUTCOMES } from './events';
import { formatCount, formatMs, formatPercent, humanName } from './format';
import { esc, metricCell, pointer, table, th } from './html';
import type { MetricsResult } from './types';

export const OUTCOME_COLORS: Readonly<Record<string, string>> = {
	written: '#1f8a5b',
	no_change: '#7d8fa6',
	echo: '#b3bfcc',
	rejected_signature: '#d97706',
	rejected: '#a16207',
	failed: '#c81e1e',
};
const OTHER = '#6b7280';
const SHORT: Readonly<Record<string, string>> = { no_change: 'No change', echo: 'Echo', rejected_signature: 'Bad signature' };

/** Column headings short enough for seven numeric columns. */
function shortName(outcome: string): string {
	return SHORT[outcome] ?? humanName(outcome);
}

/** Outcomes to show: the four the issue names always, others when they occur. */
function outcomesShown(r: MetricsResult): string[] {
	const seen = new Set(Object.keys(r.week.events.byOutcome));
	const always = ['written', 'no_change', 'rejected_signature', 'failed'];
	const known = OUTCOMES.filter((o) => always.includes(o) || seen.has(o));
	return [...known, ...[...seen].filter((o) => !(OUTCOMES as readonly string[]).includes(o)).sort()];
}

export function eventsSection(r: MetricsResult): string {
	const e = r.week.events;
	const at = (...path: Array<string | number>) => pointer('week', 'events', ...path);
	const outcomes = outcomesShown(r);
	const stats = [
		stat('deliveries', at('deliveries'), e.deliveries, formatCount(e.deliveries), deltaHtml(r, 'deliveries', 'count', 'neither', 'd')),
		stat('events in them', at('events'), e.events, formatCount(e.events)),
		stat('records written', at('written'), e.written, formatCount(e.written)),
		stat('deliveries failed', at('failureRate'), e.failureRate, formatPercent(e.failureRate), deltaHtml(r, 'failureRate', 'rate', 'down', 'd')),
		stat('write latency p50', at('writeLatencyMs', 'p50'), e.writeLatencyMs.p50, formatMs(e.writeLatencyMs.p50)),
		stat('write latency p90', at('writeLatencyMs', 'p90'), e.writeLatencyMs.p90, formatMs(e.writeLatencyMs.p90)),
	];
	const directions = Object.entries(e.byDirection);
	const color = (o: string) => OUTCOME_COLORS[o] ?? OTHER;
	const chartRows = directions.map(([, d]) => ({ label: d.label, segments: outcomes.map((o) => ({ label: humanName(o), value: d.byOutcome[o] ?? 0, color: color(o) })) }));
	const desc = directions.map(([, d]) => `${d.label}: ${outcomes.map((o) => `${humanName(o)} ${d.byOutcome[o] ?? 0}`).join(', ')}`).join('. ');
	const chart = directions.length
		? stackedBars({ id: 'chart-events', title: 'Fast-loop deliveries by direction and outcome', desc }, chartRows, outcomes.map((o) => ({ label: humanName(o), value: 0, color: color(o) })))
		: '<p class="empty">No fast-loop deliveries this week.</p>';
	const previous = r.previousWeek.events.byDirection;
	const rows = directions.map(([key, d]) => [
		th(d.label),
		metricCell(at('byDirection', key, 'deliveries'), d.deliveries, formatCount(d.deliveries)),
		...outcomes.map((o) => metricCell(at('byDirection', key, 'byOutcome', o), d.byOutcome[o] ?? 0, formatCount(d.byOutcome[o] ?? 0))),
		metricCell(at('byDirection', key, 'events'), d.events, formatCount(d.events)),
		metricCell(at('byDirection', key, 'written'), d.written, formatCount(d.written)),
		metricCell(pointer('previousWeek', 'events', 'byDirection', key, 'deliveries'), previous[key]?.deliveries ?? 0, formatCount(previous[key]?.deliveries ?? 0)),
	]);
	const headers = ['Direction', 'Deliveries', ...outcomes.map(shortName), 'Events', 'Records written', lastWeekLabel(r)];
	const body = `<div class="stats">${stats.join('')}</div>\n<div class="chart-wrap">${chart}</div>\n<div class="table-wrap">${table('Deliveries by direction and outcome (a delivery is one webhook call)', headers, rows)}</div>`;
	return sectionFrame('events', 1, 'Fast-loop events', 'Webhook deliveries by source and direction, and what became of them.', body);
}

function cycleRow(r: MetricsResult, i: number): string[] {
	const c = r.week.cycles.perCycle[i];
	const at = (field: string) => pointer('week', 'cycles', 'perCycle', i, field);
	const status = c.aborted ? `Aborted${c.abortReason ? `: ${c.abortReason}` : ''}` : 'Completed';
	return [
		th(`${wallClock(c.startedAt)} · ${c.startedAt.slice(0, 10)}`),
		`<td>${esc(c.mode || '—')}</td>`,
		metricCell(at('discrepancies'), c.discrepancies, c.aborted ? '—' : formatCount(c.discrepancies)),
		metricCell(at('autoResolved'), c.autoResolved, c.aborted ? '—' : formatCount(c.autoResolved)),
		metricCell(at('escalated'), c.escalated, c.aborted ? '—' : formatCount(c.escalated)),
		metricCell(at('autoResolutionRate'), c.autoResolutionRate, c.aborted ? '—' : formatPercent(c.autoResolutionRate)),
		`<td>${esc(status)}</td>`,
	];
}

const LEGEND = [
	['auto-resolved', CYCLE_COLORS.auto],
	['escalated', CYCLE_COLORS.escalated],
	['other findings (reported, ignored)', CYCLE_COLORS.other],
] as const;

export function cyclesSection(r: MetricsResult): string {
	const c = r.week.cycles;
	const at = (...path: Array<string | number>) => pointer('week', 'cycles', ...path);
	const stats = [
		stat(`cycles run (${formatCount(c.aborted)} aborted)`, at('run'), c.run, formatCount(c.run), deltaHtml(r, 'cyclesRun', 'count', 'neither', 'd')),
		stat('discrepancies found', at('discrepancies'), c.discrepancies, formatCount(c.discrepancies), deltaHtml(r, 'discrepancies', 'count', 'down', 'd')),
		stat('per completed cycle', at('discrepanciesPerCycle'), c.discrepanciesPerCycle, formatCount(c.discrepanciesPerCycle)),
		stat('auto-resolution rate', at('autoResolutionRate'), c.autoResolutionRate, formatPercent(c.autoResolutionRate), deltaHtml(r, 'autoResolutionRate', 'rate', 'up', 'd')),
	];
	const legend = `<p class="legend">${LEGEND.map(([l, color]) => `<span><i style="background:${color}"></i>${esc(l)}</span>`).join('')}<span><i style="background:${CYCLE_COLORS.rate};height:3px;vertical-align:3px"></i>auto-resolution rate (right axis)</span><span><i style="background:#fdecec;border:1px solid ${CYCLE_COLORS.aborted}"></i>aborted (nothing compared)</span></p>`;
	const desc = c.perCycle.map((p) => `${wallClock(p.startedAt)}: ${p.aborted ? 'aborted' : `${formatCount(p.discrepancies)} found, ${formatPercent(p.autoResolutionRate)} auto-resolved`}`).join('; ') || 'No cycles ran this week';
	const chart = cycleChart({ id: 'chart-cycles', title: 'Discrepancies per reconciliation cycle and auto-resolution rate', desc }, c.perCycle);
	const rows = c.perCycle.map((_, i) => cycleRow(r, i));
	const list = rows.length
		? `<details><summary>Every cycle (${formatCount(rows.length)})</summary><div class="table-wrap">${table('Reconciliation cycles this week', ['Started', 'Mode', 'Found', 'Auto-resolved', 'Escalated', 'Rate', 'Status'], rows, [1, 6])}</div></details>`
		: '';
	const body = `<div class="stats">${stats.join('')}</div>\n${legend}\n<div class="chart-wrap">${chart}</div>\n${list}`;
	return sectionFrame('cycles', 2, 'Reconciliation cycles', 'Each scheduled cycle compares both systems; what it found, and how much it settled by policy.', body);
}

