import type { Distribution, HistogramBucket } from './types';

const HOUR = 3600;
const DAY = 24 * HOUR;

/** Time-to-resolution buckets people talk in: within the hour, the morning, the day, a few days, longer. */
export const TTR_BUCKETS: ReadonlyArray<Omit<HistogramBucket, 'count'>> = [
	{ label: '< 1 h', fromSeconds: 0, toSeconds: HOUR },
	{ label: '1–4 h', fromSeconds: HOUR, toSeconds: 4 * HOUR },
	{ label: '4–24 h', fromSeconds: 4 * HOUR, toSeconds: DAY },
	{ label: '1–3 d', fromSeconds: DAY, toSeconds: 3 * DAY },
	{ label: '> 3 d', fromSeconds: 3 * DAY, toSeconds: null },
];

/**
 * Nearest-rank percentile of ascending `sorted`: the smallest value with at least p % of the values at or
 * below it, so the answer is always an observed value (p90 of 10 items is the 9th).
 */
export function percentile(sorted: readonly number[], p: number): number | null {
	if (sorted.length === 0) return null;
	const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
	return sorted[rank - 1];
}

/** p50 / p90 / max of the values (not mutated). */
export function distribution(values: readonly number[]): Distribution {
	const sorted = Float64Array.from(values).sort();
	const list = Array.from(sorted);
	return { count: list.length, p50: percentile(list, 50), p90: percentile(list, 90), max: list.length ? list[list.length - 1] : null };
}

export function histogram(values: readonly number[]): HistogramBucket[] {
	const buckets = TTR_BUCKETS.map((b) => ({ ...b, count: 0 }));
	for (const v of values) {
		const bucket = buckets.find((b) => v >= b.fromSeconds && (b.toSeconds === null || v < b.toSeconds));
		if (bucket !== undefined) bucket.count++;
	}
	return buckets;
}

/** Rounds to 4 decimals so JSON stays readable and byte-stable; rates keep 0.01 % precision. */
export function round4(value: number): number {
	return Math.round(value * 10000) / 10000;
}

/** part / whole, or null when the whole is 0: an empty week has no rate, not a 0 % one. */
export function ratio(part: number, whole: number): number | null {
	return whole > 0 ? round4(part / whole) : null;
}

/** Count per day of the observed part of a week; null under an hour observed (too short to mean anything). */
export function perDay(count: number, elapsedDays: number): number | null {
	return elapsedDays >= 1 / 24 ? round4(count / elapsedDays) : null;
}

/** Names in a stable order: the preferred ones first (in that order), then the rest alphabetically. */
export function ordered(counts: Readonly<Record<string, number>>, first: readonly string[] = []): Record<string, number> {
	const rest = Object.keys(counts)
		.filter((k) => !first.includes(k))
		.sort();
	const out: Record<string, number> = {};
	for (const k of [...first.filter((k) => k in counts), ...rest]) out[k] = counts[k];
	return out;
}
