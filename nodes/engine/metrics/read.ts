/**
 * Tolerant readers for Data Table rows. Numbers may arrive as numbers or numeric text, booleans as
 * booleans, "true"/"false" or 0/1, JSON columns as text or already parsed. What cannot be read is
 * reported once per table and problem (with the first few rows), never thrown and never silently dropped.
 */
import type { MetricsWarning } from './types';

export type Row = Readonly<Record<string, unknown>>;

const EXAMPLES = 5;
/** Columns every Data Table row carries; a row with nothing else is n8n's "always output data" placeholder. */
const SYSTEM_COLUMNS = new Set(['id', 'createdAt', 'updatedAt']);

export class Warnings {
	private readonly byProblem = new Map<string, MetricsWarning>();

	add(table: string, message: string, index: number, row?: Row): void {
		const slot = `${table}\u0000${message}`;
		let warning = this.byProblem.get(slot);
		if (warning === undefined) {
			warning = { table, message, count: 0, examples: [] };
			this.byProblem.set(slot, warning);
		}
		warning.count++;
		if (warning.examples.length < EXAMPLES) {
			const id = row?.id;
			warning.examples.push(typeof id === 'string' || typeof id === 'number' ? { index, id } : { index });
		}
	}

	list(): MetricsWarning[] {
		return [...this.byProblem.values()].sort((x, y) => (x.table !== y.table ? (x.table < y.table ? -1 : 1) : x.message < y.message ? -1 : 1));
	}
}

export function isRow(value: unknown): value is Row {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isPlaceholder(row: Row): boolean {
	for (const key in row) if (!SYSTEM_COLUMNS.has(key)) return false;
	return true;
}

export function isBlank(value: unknown): boolean {
	return value === undefined || value === null || value === '';
}

/** A finite number, or null when blank or unreadable (the caller decides whether that is worth a warning). */
export function toNumber(value: unknown): number | null {
	if (typeof value === 'number') return Number.isFinite(value) ? value : null;
	if (typeof value === 'string' && value.trim() !== '') {
		const parsed = Number(value);
		return Number.isFinite(parsed) ? parsed : null;
	}
	return null;
}

export function toText(value: unknown): string {
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	return '';
}

/** Epoch milliseconds of an ISO string, an epoch number or a Date; null when absent or unreadable. */
export function toTime(value: unknown): number | null {
	if (typeof value === 'string') {
		if (value === '') return null;
		const ms = Date.parse(value);
		return Number.isNaN(ms) ? null : ms;
	}
	if (typeof value === 'number') return Number.isFinite(value) ? value : null;
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.getTime();
	return null;
}

/** Data Table booleans; a blank column reads as false (the column default). */
export function toBoolean(value: unknown): boolean | null {
	if (value === true || value === 1 || value === 'true' || value === '1' || value === 'TRUE') return true;
	if (isBlank(value) || value === false || value === 0 || value === 'false' || value === '0' || value === 'FALSE') return false;
	return null;
}

/** `{"recency": 3}` as text or object → counts; null when it is not such a map. Blank reads as empty. */
export function toCounts(value: unknown): Record<string, number> | null {
	let parsed: unknown = value;
	if (typeof value === 'string') {
		if (value.trim() === '') return {};
		try {
			parsed = JSON.parse(value);
		} catch {
			return null; // reported by the caller, which knows the table and the row
		}
	}
	if (isBlank(parsed)) return {};
	if (!isRow(parsed)) return null;
	const counts: Record<string, number> = {};
	for (const [name, raw] of Object.entries(parsed)) {
		const n = toNumber(raw);
		if (n === null || n < 0) return null;
		counts[name] = n;
	}
	return counts;
}

/** Adds `counts` into `into`. */
export function addCounts(into: Record<string, number>, counts: Readonly<Record<string, number>>): void {
	for (const [name, n] of Object.entries(counts)) into[name] = (into[name] ?? 0) + n;
}

export function bump(into: Record<string, number>, name: string, by = 1): void {
	into[name] = (into[name] ?? 0) + by;
}

/**
 * Numeric column reader bound to a table's warnings: blank or unreadable values count as 0 and are
 * reported, so totals stay honest about what they could not read.
 */
export function countReader(warnings: Warnings, table: string) {
	return (row: Row, index: number, column: string): number => {
		const value = row[column];
		const n = toNumber(value);
		if (n !== null) return n;
		warnings.add(table, `${column} is ${isBlank(value) ? 'missing' : 'not a number'}: counted as 0`, index, row);
		return 0;
	};
}
