/**
 * HubSpot search semantics: filters AND-ed within a group, groups OR-ed; numbers and dates compare
 * numerically (date values as epoch ms or ISO), strings case-insensitively, enumerations exactly.
 */
import { isRecord } from '../common/http';
import type { HubSpotObject } from '../seed/model';
import type { HsContext } from './context';
import type { HsProperty } from './schema';
import type { HsRecord } from './store';
import { toEpoch } from './values';

export type Predicate = (r: HsRecord) => boolean;

const LIMITS = { groups: 5, perGroup: 6, total: 18 };

const OPERATORS = new Set([
	'EQ', 'NEQ', 'LT', 'LTE', 'GT', 'GTE', 'BETWEEN', 'IN', 'NOT_IN', 'HAS_PROPERTY', 'NOT_HAS_PROPERTY', 'CONTAINS_TOKEN', 'NOT_CONTAINS_TOKEN',
]);

/** A comparable form of a record's property: a number for number/date types, else the raw string. */
export function sortKey(ctx: HsContext, object: HubSpotObject, p: HsProperty, r: HsRecord): number | string | null {
	switch (p.name) {
		case 'createdate':
			return r.createdAt;
		case 'hs_lastmodifieddate':
		case 'lastmodifieddate':
			return r.updatedAt;
		case 'hs_object_id':
			return Number(r.id);
	}
	const v = ctx.store.value(object, r, p.name);
	if (v === null) return null;
	if (p.type === 'number') return Number(v);
	if (p.type === 'date' || p.type === 'datetime') return toEpoch(v);
	return v;
}

function wildcard(pattern: string): RegExp {
	const escaped = pattern.toLowerCase().replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
	return new RegExp(`^${escaped}$`);
}

function compileFilter(ctx: HsContext, object: HubSpotObject, f: Record<string, unknown>): Predicate | string {
	const name = String(f.propertyName ?? '');
	const op = String(f.operator ?? '');
	const p = ctx.schema[object].get(name);
	if (!p) return `Property "${name}" does not exist on ${object}`;
	if (!OPERATORS.has(op)) return `Unsupported filter operator ${op}`;
	const numeric = p.type === 'number' || p.type === 'date' || p.type === 'datetime';
	const norm = (v: unknown): number | string => {
		const s = String(v);
		if (numeric) return p.type === 'number' ? Number(s) : toEpoch(s);
		return p.type === 'enumeration' ? s : s.toLowerCase();
	};
	const key = (r: HsRecord) => {
		const k = sortKey(ctx, object, p, r);
		return typeof k === 'string' && p.type !== 'enumeration' ? k.toLowerCase() : k;
	};
	const multi = p.fieldType === 'checkbox';
	const has = (k: number | string | null, v: number | string) =>
		multi && typeof k === 'string' ? k.split(';').includes(String(v)) : k === v;
	const value = f.value !== undefined ? norm(f.value) : undefined;
	if (numeric && typeof value === 'number' && Number.isNaN(value)) return `${String(f.value)} is not a valid value for ${name}`;
	switch (op) {
		case 'HAS_PROPERTY':
			return (r) => key(r) !== null;
		case 'NOT_HAS_PROPERTY':
			return (r) => key(r) === null;
		case 'EQ':
			return (r) => has(key(r), value as number | string);
		case 'NEQ':
			return (r) => !has(key(r), value as number | string);
		case 'LT':
			return (r) => { const k = key(r); return k !== null && k < (value as number | string); };
		case 'LTE':
			return (r) => { const k = key(r); return k !== null && k <= (value as number | string); };
		case 'GT':
			return (r) => { const k = key(r); return k !== null && k > (value as number | string); };
		case 'GTE':
			return (r) => { const k = key(r); return k !== null && k >= (value as number | string); };
		case 'BETWEEN': {
			const high = norm(f.highValue);
			return (r) => { const k = key(r); return k !== null && k >= (value as number | string) && k <= high; };
		}
		case 'IN':
		case 'NOT_IN': {
			const values = Array.isArray(f.values) ? f.values.map(norm) : [];
			const inSet = (r: HsRecord) => { const k = key(r); return values.some((v) => has(k, v)); };
			return op === 'IN' ? inSet : (r) => !inSet(r);
		}
		default: {
			const re = wildcard(String(f.value ?? ''));
			const contains = (r: HsRecord) => {
				const v = ctx.store.value(object, r, name);
				return v !== null && (re.test(v.toLowerCase()) || v.toLowerCase().split(/[\s;,]+/).some((t) => re.test(t)));
			};
			return op === 'CONTAINS_TOKEN' ? contains : (r) => !contains(r);
		}
	}
}

/** Compiles `filterGroups` into one predicate, or returns the validation message HubSpot would send. */
export function compileFilterGroups(ctx: HsContext, object: HubSpotObject, groups: unknown): Predicate | string {
	if (groups === undefined) return () => true;
	if (!Array.isArray(groups) || !groups.every(isRecord)) return 'filterGroups must be an array';
	if (groups.length > LIMITS.groups) return `Too many filter groups (${groups.length}); the limit is ${LIMITS.groups}`;
	let total = 0;
	const compiled: Predicate[][] = [];
	for (const g of groups) {
		const filters = Array.isArray(g.filters) ? g.filters.filter(isRecord) : [];
		total += filters.length;
		if (filters.length > LIMITS.perGroup) return `Too many filters in a group (${filters.length}); the limit is ${LIMITS.perGroup}`;
		const preds: Predicate[] = [];
		for (const f of filters) {
			const p = compileFilter(ctx, object, f);
			if (typeof p === 'string') return p;
			preds.push(p);
		}
		compiled.push(preds);
	}
	if (total > LIMITS.total) return `Too many filters (${total}); the limit is ${LIMITS.total}`;
	if (compiled.length === 0) return () => true;
	return (r) => compiled.some((group) => group.every((p) => p(r)));
}
