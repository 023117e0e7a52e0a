/**
 * `POST /crm/v3/objects/{type}/search`: filterGroups, one sort, ≤ 200 per page, an integer `after`
 * offset, and HubSpot's hard 10,000-result window (a 400 beyond it), which is why incremental
 * readers must restart from their last timestamp instead of paging on.
 */
import { isRecord, type Router, type SimRequest, type SimResponse } from '../common/http';
import type { HubSpotObject } from '../seed/model';
import type { HsContext } from './context';
import { parseBody, validation } from './errors';
import { withObject } from './routes-objects';
import { compileFilterGroups, sortKey, type Predicate } from './search-filter';
import { requestedProperties, toJson } from './serialize';
import type { HsRecord } from './store';

const MAX_LIMIT = 200;
const RESULT_WINDOW = 10_000;
const MAX_BODY = 3_000;

const QUERY_PROPERTIES: Record<HubSpotObject, string[]> = {
	contacts: ['email', 'firstname', 'lastname', 'phone', 'company'],
	companies: ['name', 'domain', 'phone'],
	deals: ['dealname'],
};

function parseSort(raw: unknown): { property: string; descending: boolean } | string | undefined {
	if (raw === undefined) return undefined;
	if (!Array.isArray(raw)) return 'sorts must be an array';
	if (raw.length > 1) return 'Only one sort is allowed';
	if (raw.length === 0) return undefined;
	const s = raw[0];
	if (typeof s === 'string') return s.startsWith('-') ? { property: s.slice(1), descending: true } : { property: s, descending: false };
	if (!isRecord(s)) return 'Invalid sort';
	return { property: String(s.propertyName), descending: s.direction === 'DESCENDING' };
}

function queryPredicate(object: HubSpotObject, ctx: HsContext, query: unknown): Predicate {
	if (typeof query !== 'string' || query.trim() === '') return () => true;
	const q = query.trim().toLowerCase();
	return (r) => QUERY_PROPERTIES[object].some((p) => ctx.store.value(object, r, p)?.toLowerCase().includes(q) ?? false);
}

function search(ctx: HsContext, object: HubSpotObject, req: SimRequest): SimResponse {
	const id = ctx.correlationId();
	if (req.rawBody.length > MAX_BODY) return validation(`Search request body exceeds ${MAX_BODY} characters`, id);
	const parsed = parseBody(req.rawBody, id);
	if (!parsed.ok) return parsed.response;
	const body = isRecord(parsed.body) ? parsed.body : {};
	const limit = body.limit === undefined ? 10 : Number(body.limit);
	if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) return validation(`limit must be between 1 and ${MAX_LIMIT}`, id);
	const after = body.after === undefined || body.after === null || body.after === '' ? 0 : Number(body.after);
	if (!Number.isInteger(after) || after < 0) return validation(`Invalid after value ${String(body.after)}`, id);
	if (after >= RESULT_WINDOW) {
		return validation(`Search results are limited to ${RESULT_WINDOW} records; paging beyond ${RESULT_WINDOW} is not supported (after=${after})`, id);
	}
	const filter = compileFilterGroups(ctx, object, body.filterGroups);
	if (typeof filter === 'string') return validation(filter, id);
	const sort = parseSort(body.sorts) ?? { property: 'createdate', descending: false };
	if (typeof sort === 'string') return validation(sort, id);
	const sortProp = ctx.schema[object].get(sort.property);
	if (!sortProp) return validation(`Property "${sort.property}" does not exist on ${object}`, id);
	const matchesQuery = queryPredicate(object, ctx, body.query);
	// Archived records never appear in search.
	const matched: Array<{ r: HsRecord; k: number | string | null }> = [];
	for (const r of ctx.store.all(object)) {
		if (!r.archived && filter(r) && matchesQuery(r)) matched.push({ r, k: sortKey(ctx, object, sortProp, r) });
	}
	const dir = sort.descending ? -1 : 1;
	matched.sort((a, b) => {
		if (a.k === b.k) return Number(a.r.id) - Number(b.r.id);
		if (a.k === null) return 1;
		if (b.k === null) return -1;
		return (a.k < b.k ? -1 : 1) * dir;
	});
	const properties = requestedProperties(ctx, object, Array.isArray(body.properties) ? body.properties.map(String) : undefined);
	const page = matched.slice(after, after + limit).map((m) => toJson(ctx, object, m.r, properties));
	const out: Record<string, unknown> = { total: matched.length, results: page };
	if (after + limit < matched.length) out.paging = { next: { after: String(after + limit) } };
	return { status: 200, body: out };
}

export function registerSearchRoutes(router: Router, ctx: HsContext): void {
	router.add('POST', '/crm/v3/objects/{objectType}/search', withObject(ctx, (o, req) => search(ctx, o, req)));
}
