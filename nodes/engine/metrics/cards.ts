/** The top of the page: the seed's three questions answered at a glance, then the flags. */
import { sparkline } from './chart-cycles';
import { deltaHtml, formatValue } from './deltas';
import { formatCount, formatDuration, formatPercent } from './format';
import { esc, metric, pointer } from './html';
import type { MetricsResult, Question } from './types';

const QUESTIONS: Record<Question, string> = {
	drift: 'Is the sync drifting?',
	sources: 'Are the source systems misbehaving?',
	coverage: 'Is operator coverage keeping pace?',
};

function pill(flagged: boolean, hasData: boolean): string {
	if (flagged) return '<span class="pill watch">Needs attention</span>';
	return hasData ? '<span class="pill ok">On track</span>' : '<span class="pill nodata">No data</span>';
}

function card(result: MetricsResult, question: Question, hasData: boolean, body: string): string {
	const flags = result.flagDetails.filter((f) => f.question === question);
	const list = flags.length ? `<ul class="qflags">${flags.map((f) => `<li data-flag="${esc(f.id)}">${esc(f.message)}</li>`).join('')}</ul>` : '';
	return `<article class="card q" id="q-${question}">${pill(flags.length > 0, hasData)}<h2>${esc(QUESTIONS[question])}</h2>${body}${list}</article>`;
}

function mini(label: string, value: string): string {
	return `<span>${esc(label)} <b>${value}</b></span>`;
}

function driftCard(r: MetricsResult): string {
	const c = r.week.cycles;
	const rate = c.autoResolutionRate;
	const spark = sparkline(
		{ id: 'spark-drift', title: 'Auto-resolution rate per cycle', desc: c.perCycle.map((p) => `${p.startedAt}: ${p.aborted ? 'aborted' : formatPercent(p.autoResolutionRate)}`).join('; ') || 'No cycles' },
		c.perCycle.map((p) => p.autoResolutionRate),
	);
	const body = [
		`<p class="big">${metric(pointer('week', 'cycles', 'autoResolutionRate'), rate, formatPercent(rate))}</p>`,
		rate === null
			? '<p class="caption">no completed cycle found anything to resolve this week</p>'
			: `<p class="caption">of discrepancies auto-resolved (${formatCount(c.autoResolved)} of ${formatCount(c.autoResolved + c.escalated)})</p>`,
		deltaHtml(r, 'autoResolutionRate', 'rate', 'up'),
		spark ? `<div class="spark">${spark}<p class="caption small">auto-resolution rate per cycle, 0–100 %</p></div>` : '',
		`<p class="minis">${mini('cycles', metric(pointer('week', 'cycles', 'run'), c.run, formatCount(c.run)))}${mini('last cycle', esc(lastCycle(r)))}${mini('deliveries a day', metric(pointer('week', 'events', 'deliveriesPerDay'), r.week.events.deliveriesPerDay, formatValue(r.week.events.deliveriesPerDay, 'perDay')))}</p>`,
	];
	return card(r, 'drift', rate !== null, body.join('\n'));
}

function lastCycle(r: MetricsResult): string {
	const last = r.week.cycles.lastStartedAt;
	if (last === null) return 'never';
	const seconds = (Date.parse(r.week.window.observedUntil) - Date.parse(last)) / 1000;
	return `${formatDuration(Math.max(0, seconds))} ago`;
}

function sourcesCard(r: MetricsResult): string {
	const e = r.week.escalated;
	const ev = r.week.events;
	const rejected = ev.byOutcome.rejected_signature ?? 0;
	const body = [
		`<p class="big">${metric(pointer('week', 'escalated', 'newItems'), e.newItems, formatCount(e.newItems))}<small>new escalations</small></p>`,
		`<p class="caption">${metric(pointer('week', 'escalated', 'newItemsPerDay'), e.newItemsPerDay, formatValue(e.newItemsPerDay, 'perDay'))} a day reached the operator queue</p>`,
		deltaHtml(r, 'newEscalations', 'count', 'down'),
		`<p class="minis">${mini('failed deliveries', metric(pointer('week', 'events', 'failureRate'), ev.failureRate, formatPercent(ev.failureRate)))}${mini('bad signatures', metric(pointer('week', 'events', 'byOutcome', 'rejected_signature'), rejected, formatCount(rejected)))}${mini('aborted cycles', metric(pointer('week', 'cycles', 'aborted'), r.week.cycles.aborted, formatCount(r.week.cycles.aborted)))}</p>`,
	];
	return card(r, 'sources', ev.deliveries > 0 || r.week.cycles.run > 0 || e.newItems > 0, body.join('\n'));
}

function coverageCard(r: MetricsResult): string {
	const q = r.week.queue;
	const t = r.week.ttr;
	const body = [
		`<p class="big">${metric(pointer('week', 'queue', 'open'), q.open, formatCount(q.open))}<small>open in the queue</small></p>`,
		q.open === 0
			? '<p class="caption">nothing waiting for an operator</p>'
			: `<p class="caption">oldest waiting ${metric(pointer('week', 'queue', 'oldestOpenSeconds'), q.oldestOpenSeconds, formatDuration(q.oldestOpenSeconds))}</p>`,
		deltaHtml(r, 'queueDepth', 'count', 'down'),
		`<p class="minis">${mini('closed', metric(pointer('week', 'ttr', 'count'), t.count, formatCount(t.count)))}${mini('p50', metric(pointer('week', 'ttr', 'p50'), t.p50, formatDuration(t.p50)))}${mini('p90', metric(pointer('week', 'ttr', 'p90'), t.p90, formatDuration(t.p90)))}</p>`,
	];
	return card(r, 'coverage', q.open > 0 || t.count > 0, body.join('\n'));
}

/** The three question cards. */
export function questionCards(r: MetricsResult): string {
	return `<div class="questions">\n${driftCard(r)}\n${sourcesCard(r)}\n${coverageCard(r)}\n</div>`;
}
