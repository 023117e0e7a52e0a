/** Bar charts: this week against last week, stacked outcomes, and the time-to-resolution histogram. */
import { formatCount } from './format';
import { clip, niceMax, rect, svg, text, tickLabel, ticks, type ChartText } from './svg';

const INK = '#1c2733';
const MUTED = '#5b6875';
const GRID = '#e4e8ee';
/** Last week's bars: grey, yet 3:1 against white like every other mark. */
const GHOST = '#8795a7';

export interface Bar {
	label: string;
	value: number;
	/** Last week's value, drawn as a thin grey bar under this week's. */
	previous?: number | null;
	color: string;
}

function grid(x0: number, width: number, y0: number, y1: number, max: number): string {
	return ticks(max)
		.map((t) => {
			const x = x0 + (t / max) * width;
			return `<line x1="${x.toFixed(1)}" x2="${x.toFixed(1)}" y1="${y0}" y2="${y1}" stroke="${GRID}"/>${text(x, y1 + 16, tickLabel(t), `fill="${MUTED}" font-size="12" text-anchor="middle"`)}`;
		})
		.join('');
}

/** Horizontal bars, one row per label, with last week as a thin grey bar beneath. */
export function barChart(chart: ChartText, bars: readonly Bar[], previousLabel = 'last week', width = 480): string {
	const labelW = Math.round(width * 0.34);
	const plotW = width - labelW - 56;
	const rowH = 38;
	const height = 24 + bars.length * rowH + 26;
	const max = niceMax(Math.max(...bars.map((b) => Math.max(b.value, b.previous ?? 0)), 0));
	const rows = bars.map((b, i) => {
		const y = 24 + i * rowH;
		const w = (b.value / max) * plotW;
		const prev = b.previous === null || b.previous === undefined ? '' : rect(labelW, y + 22, ((b.previous ?? 0) / max) * plotW, 5, `fill="${GHOST}" rx="1"`);
		return [
			text(labelW - 10, y + 15, clip(b.label, Math.round(labelW / 7.5)), `fill="${INK}" font-size="13" text-anchor="end"`),
			rect(labelW, y + 4, w, 16, `fill="${b.color}" rx="2"`),
			prev,
			text(labelW + w + 6, y + 16, formatCount(b.value), `fill="${INK}" font-size="13" font-weight="600"`),
		].join('');
	});
	const legend = `${rect(labelW, 4, 12, 10, `fill="${INK}" rx="2"`)}${text(labelW + 17, 13, 'this week', `fill="${MUTED}" font-size="12"`)}${rect(labelW + 90, 7, 14, 5, `fill="${GHOST}"`)}${text(labelW + 109, 13, previousLabel, `fill="${MUTED}" font-size="12"`)}`;
	return svg(width, height, chart, grid(labelW, plotW, 20, height - 24, max) + legend + rows.join('\n'));
}

export interface Segment {
	label: string;
	value: number;
	color: string;
}

/** One horizontal bar per row, split into segments (outcomes), with a legend of the segments on top. */
export function stackedBars(chart: ChartText, rows: ReadonlyArray<{ label: string; segments: readonly Segment[] }>, legend: readonly Segment[], width = 1000): string {
	const labelW = 190;
	const plotW = width - labelW - 70;
	const top = 40;
	const rowH = 44;
	const height = top + rows.length * rowH + 26;
	const max = niceMax(Math.max(0, ...rows.map((r) => r.segments.reduce((s, x) => s + x.value, 0))));
	let lx = labelW;
	const keys = legend.map((s) => {
		const item = `${rect(lx, 8, 12, 12, `fill="${s.color}" rx="2"`)}${text(lx + 17, 18, s.label, `fill="${INK}" font-size="13"`)}`;
		lx += 30 + s.label.length * 7.2;
		return item;
	});
	const bars = rows.map((r, i) => {
		const y = top + i * rowH;
		let x = labelW;
		const parts = r.segments.map((s) => {
			const w = (s.value / max) * plotW;
			// A white seam between segments keeps neighbours apart whatever their colours.
			const part = s.value > 0 ? rect(x, y + 6, w, 24, `fill="${s.color}" stroke="#fff" stroke-width="1.5"`) : '';
			x += w;
			return part;
		});
		const total = r.segments.reduce((s, x) => s + x.value, 0);
		return `${text(labelW - 12, y + 23, r.label, `fill="${INK}" font-size="14" font-weight="600" text-anchor="end"`)}${parts.join('')}${text(x + 8, y + 23, formatCount(total), `fill="${INK}" font-size="14" font-weight="600"`)}`;
	});
	return svg(width, height, chart, grid(labelW, plotW, top - 4, height - 24, max) + keys.join('') + bars.join('\n'));
}

/** Columns for the histogram buckets, each labelled with its count. */
export function histogramChart(chart: ChartText, buckets: ReadonlyArray<{ label: string; count: number; color: string }>, width = 560): string {
	const left = 40;
	const top = 18;
	const plotH = 170;
	const height = top + plotH + 44;
	const colW = (width - left - 10) / buckets.length;
	const max = niceMax(Math.max(0, ...buckets.map((b) => b.count)));
	const axis = ticks(max)
		.map((t) => {
			const y = top + plotH - (t / max) * plotH;
			return `<line x1="${left}" x2="${width - 10}" y1="${y.toFixed(1)}" y2="${y.toFixed(1)}" stroke="${GRID}"/>${text(left - 8, y + 4, tickLabel(t), `fill="${MUTED}" font-size="12" text-anchor="end"`)}`;
		})
		.join('');
	const cols = buckets.map((b, i) => {
		const h = (b.count / max) * plotH;
		const x = left + i * colW + colW * 0.15;
		const w = colW * 0.7;
		const y = top + plotH - h;
		return `${rect(x, y, w, h, `fill="${b.color}" rx="3"`)}${text(x + w / 2, y - 6, formatCount(b.count), `fill="${INK}" font-size="14" font-weight="600" text-anchor="middle"`)}${text(x + w / 2, top + plotH + 22, b.label, `fill="${INK}" font-size="13" text-anchor="middle"`)}`;
	});
	return svg(width, height, chart, axis + cols.join('\n'));
}
