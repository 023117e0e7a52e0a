/** How numbers read in flags, the summary and the page: "92 %", "1,234", "3.2 h", "no data". */

export const NO_DATA = 'no data';

function grouped(n: number, decimals: number): string {
	const fixed = n.toFixed(decimals);
	const [whole, frac] = fixed.split('.');
	const sign = whole.startsWith('-') ? '-' : '';
	const digits = sign ? whole.slice(1) : whole;
	const withCommas = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
	return `${sign}${withCommas}${frac !== undefined ? `.${frac}` : ''}`;
}

/** Whole counts with thousands separators; fractions to one decimal. */
export function formatCount(n: number | null): string {
	if (n === null) return NO_DATA;
	return Number.isInteger(n) ? grouped(n, 0) : grouped(n, 1);
}

/** A fraction as a whole percentage, or one decimal below 10 % where a point matters ("2.5 %"). */
export function formatPercent(rate: number | null): string {
	if (rate === null) return NO_DATA;
	const pct = rate * 100;
	return `${Math.abs(pct) < 10 ? trim1(pct) : String(Math.round(pct))} %`;
}

/** Percentage points between two fractions, e.g. "21 points". */
export function formatPoints(change: number): string {
	const pts = Math.abs(Math.round(change * 100));
	return `${pts} point${pts === 1 ? '' : 's'}`;
}

/** Seconds as people say them: "40 s", "12 min", "3.2 h", "2.5 days". */
export function formatDuration(seconds: number | null): string {
	if (seconds === null) return NO_DATA;
	if (seconds < 60) return `${Math.round(seconds)} s`;
	if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
	if (seconds < 48 * 3600) return `${trim1(seconds / 3600)} h`;
	return `${trim1(seconds / 86400)} days`;
}

/** Milliseconds, for fast-loop latency. */
export function formatMs(ms: number | null): string {
	if (ms === null) return NO_DATA;
	if (ms < 1000) return `${Math.round(ms)} ms`;
	return ms < 60_000 ? `${trim1(ms / 1000)} s` : formatDuration(ms / 1000);
}

function trim1(n: number): string {
	const text = n.toFixed(1);
	return text.endsWith('.0') ? text.slice(0, -2) : text;
}

/** "3 items" / "1 item". */
export function plural(n: number, one: string, many = `${one}s`): string {
	return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** The readable name of a rule, outcome or closing status. */
export function humanName(name: string): string {
	return NAMES[name] ?? name.replace(/_/g, ' ');
}

const NAMES: Readonly<Record<string, string>> = {
	source_of_truth: 'Source of truth',
	recency: 'Most recent',
	merge: 'Merge',
	only_in: 'Missing record created',
	unknown: 'Unknown',
	written: 'Written',
	no_change: 'No change needed',
	echo: 'Own write (echo)',
	rejected_signature: 'Rejected signature',
	rejected: 'Rejected',
	failed: 'Failed',
	resolved: 'Resolved by an operator',
	dismissed: 'Dismissed',
	resolved_upstream: 'Fixed in a CRM',
};
