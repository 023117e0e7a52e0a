/**
 * Compiles a parsed SOQL query against an object's describe: resolves field names
 * case-insensitively (INVALID_FIELD otherwise), checks literal types the way Salesforce does
 * (datetime fields take unquoted datetimes, dates take unquoted dates), and yields a row filter
 * and a sort comparator over stored values.
 */
import { DAY_MS } from '../../common/format';
import { to18 } from '../ids';
import type { SfField, SfObjectSchema, SfSchema } from '../schema';
import { findObject } from '../schema';
import { located, SoqlError } from './lexer';
import type { Condition, FieldRef, Literal, SoqlQuery } from './parser';

export type Row = Record<string, unknown>;

export interface CompiledQuery {
	object: SfObjectSchema;
	fields: SfField[];
	count: boolean;
	filter: (row: Row) => boolean;
	compare: ((a: Row, b: Row) => number) | undefined;
	limit?: number;
	offset: number;
}

/** A literal as the half-open range of stored values it denotes (a point has `end === start`). */
interface Range {
	start: number | string;
	end: number | string;
}

const TEXT_TYPES = new Set(['id', 'string', 'email', 'phone', 'url', 'textarea', 'picklist', 'reference', 'anyType']);
const NUMBER_TYPES = new Set(['double', 'currency', 'int']);

export function compileQuery(q: SoqlQuery, schema: SfSchema, text: string, now: number): CompiledQuery {
	const object = findObject(schema, q.object.name);
	if (!object) throw new SoqlError('INVALID_TYPE', located(text, q.object.pos, `sObject type '${q.object.name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`));
	const resolve = (f: FieldRef): SfField => {
		const field = object.byLower.get(f.name.toLowerCase());
		if (!field) {
			throw new SoqlError('INVALID_FIELD', located(text, f.pos, `No such column '${f.name}' on entity '${object.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`));
		}
		return field;
	};
	const fields = q.fields.map(resolve);
	const filter = q.where ? compileCondition(q.where, resolve, text, now) : () => true;
	const order = q.orderBy.map((o) => ({ field: resolve(o.field), desc: o.descending, nullsLast: o.nullsLast }));
	if (q.offset !== undefined && q.offset > 2000) throw new SoqlError('MALFORMED_QUERY', 'Maximum SOQL offset allowed is 2000');
	const compare =
		order.length === 0
			? undefined
			: (a: Row, b: Row) => {
					for (const o of order) {
						const c = compareValues(a[o.field.name], b[o.field.name], o.nullsLast, o.desc);
						if (c !== 0) return c;
					}
					return 0;
				};
	return { object, fields, count: q.count, filter, compare, limit: q.limit, offset: q.offset ?? 0 };
}

function sortable(v: unknown): number | string | null {
	if (v === null || v === undefined) return null;
	if (typeof v === 'string') return v.toLowerCase();
	if (typeof v === 'boolean') return v ? 1 : 0;
	return v as number;
}

function compareValues(a: unknown, b: unknown, nullsLast: boolean, desc: boolean): number {
	const x = sortable(a);
	const y = sortable(b);
	if (x === y) return 0;
	if (x === null) return nullsLast ? 1 : -1;
	if (y === null) return nullsLast ? -1 : 1;
	return (x < y ? -1 : 1) * (desc ? -1 : 1);
}

function startOfDay(ms: number): number {
	return Math.floor(ms / DAY_MS) * DAY_MS;
}

/** Date literals as UTC ranges (the simulated org's time zone is UTC). */
function dateLiteralRange(name: string, n: number | undefined, now: number): { start: number; end: number } {
	const today = startOfDay(now);
	const d = new Date(today);
	switch (name) {
		case 'TODAY':
			return { start: today, end: today + DAY_MS };
		case 'YESTERDAY':
			return { start: today - DAY_MS, end: today };
		case 'TOMORROW':
			return { start: today + DAY_MS, end: today + 2 * DAY_MS };
		case 'LAST_N_DAYS':
			return { start: today - (n ?? 1) * DAY_MS, end: today + DAY_MS };
		case 'NEXT_N_DAYS':
			return { start: today, end: today + ((n ?? 1) + 1) * DAY_MS };
		case 'THIS_MONTH':
			return { start: Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1), end: Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) };
		default:
			return { start: Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1), end: Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) };
	}
}

/** Converts a literal to the stored representation of `field`, or explains the mismatch as Salesforce would. */
function toRange(field: SfField, lit: Literal, text: string, pos: number, now: number): Range | null {
	const mismatch = (expected: string): never => {
		throw new SoqlError('INVALID_FIELD', located(text, pos, `value of filter criterion for field '${field.name}' must be of type ${expected} and should not be enclosed in quotes`));
	};
	if (lit.kind === 'null') return null;
	if (field.type === 'datetime') {
		if (lit.kind === 'datetime') return { start: lit.value, end: lit.value };
		if (lit.kind === 'dateLiteral') return dateLiteralRange(lit.name, lit.n, now);
		return mismatch('dateTime');
	}
	if (field.type === 'date') {
		if (lit.kind === 'date') return { start: lit.value, end: lit.value };
		if (lit.kind === 'dateLiteral') {
			const r = dateLiteralRange(lit.name, lit.n, now);
			const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
			return { start: iso(r.start), end: iso(r.end) };
		}
		return mismatch('date');
	}
	if (NUMBER_TYPES.has(field.type)) return lit.kind === 'number' ? { start: lit.value, end: lit.value } : mismatch('number');
	if (field.type === 'boolean') return lit.kind === 'boolean' ? { start: lit.value ? 1 : 0, end: lit.value ? 1 : 0 } : mismatch('boolean');
	if (lit.kind !== 'string') return mismatch('string');
	const value = field.type === 'id' || field.type === 'reference' ? to18(lit.value) : lit.value;
	return { start: value.toLowerCase(), end: value.toLowerCase() };
}

function stored(field: SfField, v: unknown): number | string | null {
	if (v === null || v === undefined) return null;
	if (typeof v === 'boolean') return v ? 1 : 0;
	if (typeof v === 'string') return TEXT_TYPES.has(field.type) || field.type === 'multipicklist' ? v.toLowerCase() : v;
	return v as number;
}

function rangeTest(op: string, v: number | string, r: Range): boolean {
	const point = r.start === r.end;
	switch (op) {
		case '=':
			return point ? v === r.start : v >= r.start && v < r.end;
		case '!=':
			return point ? v !== r.start : v < r.start || v >= r.end;
		case '<':
			return v < r.start;
		case '<=':
			return point ? v <= r.start : v < r.end;
		case '>':
			return point ? v > r.start : v >= r.end;
		default:
			return v >= r.start;
	}
}

const sortedSet = (v: string) => v.split(';').sort().join(';');

function compileCondition(c: Condition, resolve: (f: FieldRef) => SfField, text: string, now: number): (row: Row) => boolean {
	switch (c.kind) {
		case 'and': {
			const parts = c.parts.map((p) => compileCondition(p, resolve, text, now));
			return (row) => parts.every((p) => p(row));
		}
		case 'or': {
			const parts = c.parts.map((p) => compileCondition(p, resolve, text, now));
			return (row) => parts.some((p) => p(row));
		}
		case 'not': {
			const inner = compileCondition(c.cond, resolve, text, now);
			return (row) => !inner(row);
		}
		case 'like': {
			const f = resolve(c.field);
			const re = new RegExp(`^${c.pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.')}$`, 'is');
			return (row) => typeof row[f.name] === 'string' && re.test(row[f.name] as string);
		}
		case 'includes': {
			const f = resolve(c.field);
			if (f.type !== 'multipicklist') throw new SoqlError('INVALID_FIELD', `INCLUDES/EXCLUDES apply only to multi-select picklists, not ${f.name}`);
			// Each literal is an AND of `;`-separated values; the literals are OR-ed.
			const wanted = c.values.map((v) => v.toLowerCase().split(';'));
			const test = (row: Row) => {
				const have = String(row[f.name] ?? '').toLowerCase().split(';');
				return wanted.some((all) => all.every((w) => have.includes(w)));
			};
			return c.negate ? (row) => !test(row) : test;
		}
		case 'in': {
			const f = resolve(c.field);
			const ranges = c.values.map((v) => toRange(f, v, text, c.pos, now));
			const test = (row: Row) => {
				const v = stored(f, row[f.name]);
				return ranges.some((r) => (r === null ? v === null : v !== null && rangeTest('=', v, r)));
			};
			return c.negate ? (row) => !test(row) : test;
		}
		case 'cmp': {
			const f = resolve(c.field);
			const r = toRange(f, c.value, text, c.pos, now);
			if (r === null) {
				if (c.op !== '=' && c.op !== '!=') throw new SoqlError('MALFORMED_QUERY', located(text, c.pos, 'null can only be compared with = or !='));
				return c.op === '=' ? (row) => stored(f, row[f.name]) === null : (row) => stored(f, row[f.name]) !== null;
			}
			if (f.type === 'multipicklist') {
				const want = sortedSet(String(r.start));
				return (row) => {
					const v = stored(f, row[f.name]);
					const eq = v !== null && sortedSet(String(v)) === want;
					return c.op === '!=' ? !eq : eq;
				};
			}
			return (row) => {
				const v = stored(f, row[f.name]);
				// In SOQL a null never satisfies a comparison except != (which it does).
				return v === null ? c.op === '!=' : rangeTest(c.op, v, r);
			};
		}
	}
}
