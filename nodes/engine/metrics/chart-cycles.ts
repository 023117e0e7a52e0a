/** The per-cycle chart (what each cycle found and how much it settled itself) and the drift sparkline. */
import { niceMax, r1, rect, svg, text, tickLabel, ticks, type ChartText } from './svg';
import type { CycleEntry } from './types';

export const CYCLE_COLORS = { auto: '#2563eb', escalated: '#d97706', other: '#7d8fa6', rate: '#0f172a', aborted: '#b91c1c' } as const;
const MUTED = '#5b6875';
const GRID = '#e4e8ee';
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** "Mon 06:00" from an ISO time written with the zone's offset (the wall clock is in the text). */
export function wallClock(iso: string): string {
	const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso);
	if (m === null) return iso;
	const day = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).getUTCDay();
	return `${DAYS[day]} ${m[4]}:${m[5]}`;
}

function column(c: CycleEntry, x: number, w: number, base: number, scale: number, plotH: number, top: number, hatch: string): string {
	if (c.aborted) {
		const marker = `<path d="M${r1(x + w / 2 - 5)} ${top + 4}l10 10m0 -10l-10 10" stroke="${CYCLE_COLORS.aborted}" stroke-width="2.2"/>`;
		return `${rect(x, top + 20, w, plotH - 20, `fill="url(#${hatch})" stroke="${CYCLE_COLORS.aborted}" stroke-width="1"`)}${marker}`;
	}
	if (c.discrepancies === null) return rect(x, base - plotH * 0.3, w, plotH * 0.3, `fill="none" stroke="${MUTED}" stroke-dasharray="3 3"`);
	const auto = c.autoResolved ?? 0;
	const esc = c.escalated ?? 0;
	const other = Math.max(0, c.discrepancies - auto - esc);
	let y = base;
	return [[auto, CYCLE_COLORS.auto], [esc, CYCLE_COLORS.escalated], [other, CYCLE_COLORS.other]]
		.map(([n, color]) => {
			const h = (Number(n) / scale) * plotH;
			y -= h;
			return Number(n) > 0 ? rect(x, y, w, h, `fill="${color}" stroke="#fff" stroke-width="1"`) : '';
		})
		.join('');
}

/**
 * Columns per cycle (auto-resolved, escalated, other findings stacked), aborted cycles as hatched red
 * columns marked ✕ rather than zero, and the auto-resolution rate as a line on a 0–100 % right axis.
 */
export function cycleChart(chart: ChartText, cycles: readonly CycleEntry[], width = 1000): string {
	const [left, right, top, plotH] = [48, 52, 12, 200];
	const height = top + plotH + 40;
	const slot = (width - left - right) / Math.max(cycles.length, 1);
	const w = Math.min(34, slot * 0.7);
	const max = niceMax(Math.max(0, ...cycles.map((c) => c.discrepancies ?? 0)));
	const base = top + plotH;
	const axis = ticks(max).map((t) => {
		const y = base - (t / max) * plotH;
		return `<line x1="${left}" x2="${width - right}" y1="${r1(y)}" y2="${r1(y)}" stroke="${GRID}"/>${text(left - 8, y + 4, tickLabel(t), `fill="${MUTED}" font-size="12" text-anchor="end"`)}`;
	});
	const pct = [0, 50, 100].map((p) => text(width - right + 8, base - (p / 100) * plotH + 4, `${p} %`, `fill="${MUTED}" font-size="12"`));
	const every = Math.max(1, Math.ceil(74 / slot));
	const cols = cycles.map((c, i) => {
		const x = left + i * slot + (slot - w) / 2;
		const label = i % every === 0 ? text(x + w / 2, base + 20, wallClock(c.startedAt), `fill="${MUTED}" font-size="12" text-anchor="middle"`) : '';
		return column(c, x, w, base, max, plotH, top, `${chart.id}-hatch`) + label;
	});
	const points = cycles.flatMap((c, i) => (c.autoResolutionRate === null ? [] : [[left + i * slot + slot / 2, base - c.autoResolutionRate * plotH] as const]));
	const line = points.length > 1 ? `<polyline points="${points.map(([x, y]) => `${r1(x)},${r1(y)}`).join(' ')}" fill="none" stroke="${CYCLE_COLORS.rate}" stroke-width="2"/>` : '';
	const dots = points.map(([x, y]) => `<circle cx="${r1(x)}" cy="${r1(y)}" r="3.5" fill="#fff" stroke="${CYCLE_COLORS.rate}" stroke-width="2"/>`).join('');
	const defs = `<defs><pattern id="${chart.id}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#fdecec"/><line x1="0" y1="0" x2="0" y2="6" stroke="#f3a9a9" stroke-width="3"/></pattern></defs>`;
	const empty = cycles.length === 0 ? text(width / 2, top + plotH / 2, 'No cycles ran this week', `fill="${MUTED}" font-size="15" text-anchor="middle"`) : '';
	return svg(width, height, chart, defs + axis.join('') + pct.join('') + cols.join('\n') + line + dots + empty);
}

/** A small line of per-cycle auto-resolution rates for the drift card (gaps for aborted cycles). */
export function sparkline(chart: ChartText, rates: ReadonlyArray<number | null>, width = 260, height = 44): string {
	const n = rates.length;
	if (n === 0) return '';
	const x = (i: number) => (n === 1 ? width / 2 : 4 + (i * (width - 8)) / (n - 1));
	const y = (r: number) => height - 4 - r * (height - 8);
	const segments: string[][] = [[]];
	rates.forEach((r, i) => (r === null ? segments.push([]) : segments[segments.length - 1].push(`${r1(x(i))},${r1(y(r))}`)));
	const lines = segments.filter((s) => s.length > 1).map((s) => `<polyline points="${s.join(' ')}" fill="none" stroke="#2563eb" stroke-width="2"/>`);
	const singles = segments.filter((s) => s.length === 1).map((s) => `<circle cx="${s[0].split(',')[0]}" cy="${s[0].split(',')[1]}" r="2.5" fill="#2563eb"/>`);
	const floor = `<line x1="0" x2="${width}" y1="${r1(y(0.5))}" y2="${r1(y(0.5))}" stroke="${GRID}" stroke-dasharray="2 3"/>`;
	return svg(width, height, chart, floor + lines.join('') + singles.join(''));
}
