/** Inline SVG basics: an accessible wrapper, axis scaling, text. No scripts, no external references. */
import { formatCount } from './format';
import { esc } from './html';

export interface ChartText {
	/** Unique in the page: names the title and description elements. */
	id: string;
	title: string;
	desc: string;
}

/** `<svg role="img">` (HTML5 inline SVG: no namespace URL needed) with `<title>` and `<desc>` as its accessible name and description. */
export function svg(width: number, height: number, { id, title, desc }: ChartText, body: string): string {
	return [
		`<svg class="chart${width >= 900 ? ' wide' : ''}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${id}t ${id}d">`,
		`<title id="${id}t">${esc(title)}</title><desc id="${id}d">${esc(desc)}</desc>`,
		body,
		'</svg>',
	].join('\n');
}

/** A round step (1, 2 or 5 × 10^k, at least 1) giving at most 5 intervals up to `max`. */
function niceStep(max: number): number {
	if (!(max > 5)) return 1;
	const power = 10 ** Math.floor(Math.log10(max / 5));
	for (const step of [1, 2, 5, 10]) if (max / (step * power) <= 5) return step * power;
	return 10 * power;
}

/** The axis maximum: the data maximum rounded up to a whole step (at least 1). */
export function niceMax(max: number): number {
	const step = niceStep(max);
	return Math.max(1, Math.ceil(max / step) * step);
}

/** Ticks from 0 to an axis maximum from `niceMax`, one per step. */
export function ticks(max: number): number[] {
	const step = niceStep(max);
	return Array.from({ length: Math.round(max / step) + 1 }, (_, i) => i * step);
}

export function r1(n: number): string {
	return String(Math.round(n * 10) / 10);
}

export function text(x: number, y: number, content: string, attrs = ''): string {
	return `<text x="${r1(x)}" y="${r1(y)}"${attrs ? ` ${attrs}` : ''}>${esc(content)}</text>`;
}

export function rect(x: number, y: number, w: number, h: number, attrs: string): string {
	return `<rect x="${r1(x)}" y="${r1(y)}" width="${r1(Math.max(0, w))}" height="${r1(Math.max(0, h))}" ${attrs}/>`;
}

/** Shortens a label to fit roughly `chars` characters (the full text stays in the table and the SVG title). */
export function clip(label: string, chars: number): string {
	return label.length <= chars ? label : `${label.slice(0, chars - 1)}…`;
}

/** Axis tick text: whole numbers with separators, small fractions with one decimal. */
export function tickLabel(n: number): string {
	if (Number.isInteger(n)) return n >= 10000 ? `${formatCount(Math.round(n / 1000))}k` : formatCount(n);
	return r1(n);
}
