import { describe, Drift, isBlank, type NormalizeResult } from './drift';

const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const GROUPING = /[,\s_]/g;

/** Rounds half away from zero at `precision` decimals, via the decimal string to avoid 1.005 → 1.00. */
export function roundTo(value: number, precision: number): number {
	const factor = 10 ** precision;
	const rounded = Math.round(Math.abs(value) * factor + Number.EPSILON * factor) / factor;
	return value < 0 ? -rounded : rounded;
}

/**
 * Numbers compare at the declared precision: HubSpot's `"1200"`, Salesforce's `1200` and `"1,200.00"`
 * are equal at precision 2. A currency symbol or unit is drift, not a number.
 */
export function normalizeNumber(raw: unknown, precision: number): NormalizeResult {
	if (isBlank(raw)) return null;
	let value: number;
	if (typeof raw === 'number') value = raw;
	else if (typeof raw === 'string') {
		const text = raw.trim().replace(GROUPING, '');
		if (!NUMERIC.test(text)) return new Drift(`${describe(raw)} is not a number`);
		value = Number(text);
	} else return new Drift(`expected a number, got ${typeof raw} ${describe(raw)}`);
	if (!Number.isFinite(value)) return new Drift(`${describe(raw)} is not a finite number`);
	const rounded = roundTo(value, precision);
	return rounded === 0 ? 0 : rounded; // no -0
}
