/** Sections 3–5: auto-resolved by rule, escalated by category, time to resolution and the queue. */
import { barChart, histogramChart, type Bar } from './chart-bars';
import { RULES } from './cycles';
import { deltaHtml, lastWeekLabel, sectionFrame, stat } from './deltas';
import { formatCount, formatDuration, humanName } from './format';
import { esc, metricCell, pointer, table, th } from './html';
import type { MetricsResult } from './types';

export const RULE_COLORS: Readonly<Record<string, string>> = {
	source_of_truth: '#2563eb',
	recency: '#7c3aed',
	merge: '#0f766e',
	only_in: '#64748b',
	unknown: '#94a3b8',
};
const CATEGORY_COLOR = '#c2570c';
const CLOSED_BY: Readonly<Record<string, string>> = { resolved: 'resolved by an operator', dismissed: 'dismissed', resolved_upstream: 'fixed directly in a CRM' };
/** Green for quick, through amber, to red for items that waited days. */
const TTR_COLORS = ['#1f8a5b', '#5aa35a', '#d9a31a', '#e07b24', '#c81e1e'];

/** Names present in either week, the preferred ones first even at zero. */
function names(cur: Readonly<Record<string, number>>, prev: Readonly<Record<string, number>>, first: readonly string[] = []): string[] {
	const rest = [...new Set([...Object.keys(cur), ...Object.keys(prev)])].filter((n) => !first.includes(n));
	rest.sort((x, y) => (cur[y] ?? 0) - (cur[x] ?? 0) || (prev[y] ?? 0) - (prev[x] ?? 0) || (x < y ? -1 : 1));
	return [...first, ...rest];
}

function chartDesc(bars: readonly Bar[]): string {
	return bars.map((b) => `${b.label}: ${b.value} this week, ${b.previous ?? 0} last week`).join('; ') || 'None';
}

export function autoResolvedSection(r: MetricsResult): string {
	const a = r.week.autoResolved;
	const prev = r.previousWeek.autoResolved;
	const rules = names(a.byRule, prev.byRule, RULES.slice(0, 3));
	const bars = rules.map((n) => ({ label: humanName(n), value: a.byRule[n] ?? 0, previous: prev.byRule[n] ?? 0, color: RULE_COLORS[n] ?? RULE_COLORS.unknown }));
	const at = (...path: Array<string | number>) => pointer('week', 'autoResolved', ...path);
	const fast = a.fastLoop;
	const stats = [
		stat('auto-resolved by cycles', at('total'), a.total, formatCount(a.total), deltaHtml(r, 'autoResolved', 'count', 'neither', 'd')),
		...(fast === null ? [] : [stat('settled by the fast loop', at('fastLoop', 'total'), fast.total, formatCount(fast.total))]),
	];
	const rows = rules.map((n) => [
		th(humanName(n)),
		metricCell(at('byRule', n), a.byRule[n] ?? 0, formatCount(a.byRule[n] ?? 0)),
		metricCell(pointer('previousWeek', 'autoResolved', 'byRule', n), prev.byRule[n] ?? 0, formatCount(prev.byRule[n] ?? 0)),
		...(fast === null ? [] : [metricCell(at('fastLoop', 'byRule', n), fast.byRule[n] ?? 0, formatCount(fast.byRule[n] ?? 0))]),
	]);
	const headers = ['Rule', 'This week', lastWeekLabel(r), ...(fast === null ? [] : ['Fast loop'])];
	const chart = barChart({ id: 'chart-rules', title: 'Auto-resolved discrepancies by rule', desc: chartDesc(bars) }, bars, lastWeekLabel(r).toLowerCase());
	const body = `<div class="stats">${stats.join('')}</div>\n${chart}\n<div class="table-wrap">${table('Auto-resolved by rule (slow loop)', headers, rows)}</div>`;
	return sectionFrame('auto-resolved', 3, 'Auto-resolved by rule', 'Discrepancies the policy settled without a person: source of truth, most recent, merge.', body);
}

export function escalatedSection(r: MetricsResult): string {
	const e = r.week.escalated;
	const prev = r.previousWeek.escalated;
	const open = r.week.queue.openByCategory;
	const categories = names(e.byCategory, { ...prev.byCategory, ...Object.fromEntries(Object.keys(open).map((k) => [k, 0])) });
	const bars = categories.map((n) => ({ label: n, value: e.byCategory[n] ?? 0, previous: prev.byCategory[n] ?? 0, color: CATEGORY_COLOR }));
	const at = (...path: Array<string | number>) => pointer('week', 'escalated', ...path);
	const stats = [
		stat('new queue items', at('newItems'), e.newItems, formatCount(e.newItems), deltaHtml(r, 'newEscalations', 'count', 'down', 'd')),
		stat('escalation decisions by cycles', at('cycleDecisions'), e.cycleDecisions, formatCount(e.cycleDecisions)),
	];
	const rows = categories.map((n) => [
		th(n),
		metricCell(at('byCategory', n), e.byCategory[n] ?? 0, formatCount(e.byCategory[n] ?? 0)),
		metricCell(pointer('previousWeek', 'escalated', 'byCategory', n), prev.byCategory[n] ?? 0, formatCount(prev.byCategory[n] ?? 0)),
		metricCell(pointer('week', 'queue', 'openByCategory', n), open[n] ?? 0, formatCount(open[n] ?? 0)),
	]);
	const chart = bars.length
		? barChart({ id: 'chart-categories', title: 'New operator escalations by category', desc: chartDesc(bars) }, bars, lastWeekLabel(r).toLowerCase())
		: '<p class="empty">No escalations this week or last.</p>';
	const list = rows.length ? `<div class="table-wrap">${table('Escalations by category', ['Category', 'New', lastWeekLabel(r), 'Open now'], rows)}</div>` : '';
	const body = `<div class="stats">${stats.join('')}</div>\n${chart}\n${list}`;
	return sectionFrame('escalated', 4, 'Escalated by category', 'New items in the operator queue, each discrepancy counted once, whichever loop found it.', body);
}

export function ttrSection(r: MetricsResult): string {
	const t = r.week.ttr;
	const q = r.week.queue;
	const at = (...path: Array<string | number>) => pointer('week', 'ttr', ...path);
	const stats = [
		stat('median (p50)', at('p50'), t.p50, formatDuration(t.p50), deltaHtml(r, 'ttrP50Seconds', 'seconds', 'down', 'd')),
		stat('p90', at('p90'), t.p90, formatDuration(t.p90), deltaHtml(r, 'ttrP90Seconds', 'seconds', 'down', 'd')),
		stat('longest', at('max'), t.max, formatDuration(t.max)),
		stat('items closed', at('count'), t.count, formatCount(t.count)),
		stat('open now', pointer('week', 'queue', 'open'), q.open, formatCount(q.open), deltaHtml(r, 'queueDepth', 'count', 'down', 'd')),
		stat('oldest open', pointer('week', 'queue', 'oldestOpenSeconds'), q.oldestOpenSeconds, formatDuration(q.oldestOpenSeconds)),
	];
	const buckets = t.histogram.map((b, i) => ({ label: b.label, count: b.count, color: TTR_COLORS[i] ?? TTR_COLORS[TTR_COLORS.length - 1] }));
	const desc = buckets.map((b) => `${b.label}: ${b.count}`).join('; ');
	const chart = histogramChart({ id: 'chart-ttr', title: 'Time to resolution of items closed this week', desc }, buckets);
	const prev = r.previousWeek.ttr.histogram;
	const rows = t.histogram.map((b, i) => [th(b.label), metricCell(at('histogram', i, 'count'), b.count, formatCount(b.count)), metricCell(pointer('previousWeek', 'ttr', 'histogram', i, 'count'), prev[i]?.count ?? 0, formatCount(prev[i]?.count ?? 0))]);
	const closed = Object.entries(q.closedBy).map(([k, n]) => `${CLOSED_BY[k] ?? k} ${formatCount(n)}`);
	const oldest = q.oldest === null ? '' : `<p class="caption">Oldest open: <strong>${esc(q.oldest.category)}</strong> — ${esc(q.oldest.field || 'record')} of ${esc(q.oldest.key)}, waiting since ${esc(q.oldest.firstSeenAt.slice(0, 16).replace('T', ' '))}.</p>`;
	const notes = `<p class="caption">Closed this week: ${esc(closed.join(', ') || 'none')}. Percentiles by nearest rank: p90 is the smallest time that 90 % of the closed items stayed within.</p>${oldest}`;
	const body = `<div class="stats">${stats.join('')}</div>\n<div class="pair-inner">${chart}<div class="table-wrap">${table('Items closed, by time to resolution', ['Waited', 'This week', lastWeekLabel(r)], rows)}</div></div>\n${notes}`;
	return sectionFrame('ttr', 5, 'Time to resolution', 'How long operator-queue items waited before someone (or a fix in a CRM) closed them, and what is waiting now.', body);
}
