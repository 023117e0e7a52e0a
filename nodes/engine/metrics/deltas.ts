/** Week-over-week changes as people read them: "▲ 3 points vs 89 % last week", coloured good or bad. */
import { formatCount, formatDuration, formatPercent } from './format';
import { esc, metric, pointer } from './html';
import type { MetricsResult, TrendName } from './types';

export type Unit = 'count' | 'rate' | 'seconds' | 'perDay';
/** Which way is good for a number: up (auto-resolution rate), down (queue depth), or neither. */
export type Good = 'up' | 'down' | 'neither';

export function formatValue(value: number | null, unit: Unit): string {
	switch (unit) {
		case 'rate':
			return formatPercent(value);
		case 'seconds':
			return formatDuration(value);
		case 'perDay':
			return value === null ? formatCount(null) : formatCount(Math.round(value * 10) / 10);
		case 'count':
			return formatCount(value);
	}
}

function changeText(change: number, unit: Unit): string {
	const size = Math.abs(change);
	switch (unit) {
		case 'rate': {
			const pts = Math.round(size * 100);
			return `${pts} point${pts === 1 ? '' : 's'}`;
		}
		case 'seconds':
			return formatDuration(size);
		case 'perDay':
			return formatCount(Math.round(size * 10) / 10);
		case 'count':
			return formatCount(size);
	}
}

/**
 * The delta line under a number ('' when this week has no value). A week in progress is compared with the
 * same days of the week before ("same time last week"), a complete week with the whole previous one.
 */
export function deltaHtml(r: MetricsResult, name: TrendName, unit: Unit, good: Good, cls = 'delta'): string {
	const trend = r.trends[name];
	const when = r.week.window.complete ? 'last week' : 'same time last week';
	// Nothing now and nothing then: a delta line would only be noise.
	if (trend.current === null || (trend.current === 0 && trend.previous === 0)) return '';
	if (trend.previous === null || trend.change === null) return `<p class="${cls} flat">no data ${when}</p>`;
	const previous = metric(pointer('trends', name, 'previous'), trend.previous, formatValue(trend.previous, unit));
	const shown = changeText(trend.change, unit);
	const rounded = unit === 'rate' ? Math.round(Math.abs(trend.change) * 100) : Math.abs(trend.change);
	if (rounded === 0 || shown === '0' || shown === '0 s') return `<p class="${cls} flat">= no change vs ${when} (${previous})</p>`;
	const up = trend.change > 0;
	const tone = good === 'neither' ? 'flat' : (good === 'up') === up ? 'good' : 'bad';
	const arrow = up ? '▲' : '▼';
	const word = tone === 'flat' ? '' : tone === 'good' ? ' better' : ' worse';
	return `<p class="${cls} ${tone}"><span aria-hidden="true">${arrow}</span> ${metric(pointer('trends', name, 'change'), trend.change, `${up ? '+' : '−'}${shown}`)} vs ${previous} ${when}<span class="sr">${esc(word)}</span></p>`;
}

/** Column heading for the previous week's numbers. */
export function lastWeekLabel(r: MetricsResult): string {
	return r.week.window.complete ? 'Last week' : 'Same days last week';
}

/** A number with its label and, when given, its week-over-week change (`delta` from `deltaHtml`). */
export function stat(label: string, path: string, value: number | null, text: string, delta = ''): string {
	return `<div class="stat"><div class="v">${metric(path, value, text)}</div><div class="l">${esc(label)}</div>${delta}</div>`;
}

/** The section frame: number, title, one-line explanation, content. */
export function sectionFrame(id: string, no: number, title: string, lede: string, body: string): string {
	return `<section class="card metric" id="${esc(id)}" data-section="${no}">\n<h2><span class="no">${no}</span>${esc(title)}</h2>\n<p class="lede">${esc(lede)}</p>\n${body}\n</section>`;
}
