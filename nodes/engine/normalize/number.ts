import { describe, Drift, isBlank, type NormalizeResult } from './drift';

// `\d+(\.\d*)?`, not `\d+\.?\d*`: the same numbers, but the latter splits a run of digits every possible way
// before it fails, so a 50,000-digit value took seconds.
const NUMERIC = /^[+-]?(\d+(?:\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;
/**
 * Thousands grouping is read only where it cannot mean anything else: one kind of separator (comma,
 * white space or underscore) between groups of exactly three digits, and a decimal part, if any, after a
 * point. `1,200.50`, `1 200` and `1_000` qualify; `1.200,50` (a decimal comma, 1200.5 in much of Europe),
 * `12,34`, `1,2345` or `1,000 000` do not, and are drift rather than a silently different number.
 * The one reading this assumes is that a comma before exactly three digits groups thousands (`1,200` is
 * 1200, as HubSpot and Salesforce users in the US write it, never 1.2).
 */
const GROUPED = /^[+-]?\d{1,3}([,_]|\s)\d{3}(?:\1\d{3})*(?:\.\d*)?$/;
const SEPARATORS = /[,_\s]/g;
/** Digits and separators only, but neither form above: the separators are what is wrong. */
const DIGITS_AND_SEPARATORS = /^[+-]?[\d.,_\s]+$/;
const DIGIT = /\d/;

/** Rounds half away from zero at `precision` decimals, via the decimal string to avoid 1.005 → 1.00. */
export function roundTo(value: number, precision: number): number {
	const factor = 10 ** precision;
	const rounded = Math.round(Math.abs(value) * factor + Number.EPSILON * factor) / factor;
	return value < 0 ? -rounded : rounded;
}

function readNumberText(raw: string): number | Drift {
	const text = raw.trim();
	if (NUMERIC.test(text)) return Number(text);
	if (GROUPED.test(text)) return Number(text.replace(SEPARATORS, ''));
	if (DIGITS_AND_SEPARATORS.test(text) && DIGIT.test(text)) {
		return new Drift(`${describe(raw)} is not a number: separators are ambiguous (decimals take ".", thousands are grouped in threes, e.g. 1,200.50)`);
	}
	return new Drift(`${describe(raw)} is not a number`);
}

/**
 * Numbers compare at the declared precision: HubSpot's `"1200"`, Salesforce's `1200` and `"1,200.00"`
 * are equal at precision 2. A currency symbol, a unit or an ambiguous separator is drift, not a number.
 */
export function normalizeNumber(raw: unknown, precision: number): NormalizeResult {
	if (isBlank(raw)) return null;
	let value: number;
	if (typeof raw === 'number') value = raw;
	else if (typeof raw === 'string') {
		const read = readNumberText(raw);
		if (read instanceof Drift) return read;
		value = read;
	} else return new Drift(`expected a number, got ${typeof raw} ${describe(raw)}`);
	if (!Number.isFinite(value)) return new Drift(`${describe(raw)} is not a finite number`);
	const rounded = roundTo(value, precision);
	return rounded === 0 ? 0 : rounded; // no -0
}
