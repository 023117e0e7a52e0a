/** `GET/POST /crm/v3/objects/{type}` and `GET/PATCH/DELETE /crm/v3/objects/{type}/{id}`. */
import { isRecord, type Router, type SimRequest, type SimResponse } from '../common/http';
import type { HubSpotObject } from '../seed/model';
import type { HsContext } from './context';
import { conflict, notFound, parseBody, propertyErrors, validation } from './errors';
import { resolveObjectType } from './schema';
import { checkProperties, emailOwner, historyProperties, listParam, requestedProperties, toJson } from './serialize';
import type { HsRecord } from './store';

const MAX_LIMIT = 100;

/** Opaque paging cursor: HubSpot's `after` is opaque to clients, so encode the next array position. */
export const encodeAfter = (position: number) => Buffer.from(String(position)).toString('base64');

function decodeAfter(after: string | null): number | undefined {
	if (after === null || after === '') return 0;
	const text = Buffer.from(after, 'base64').toString('utf8');
	return /^\d+$/.test(text) ? Number(text) : undefined;
}

export function withObject(
	ctx: HsContext,
	handler: (object: HubSpotObject, req: SimRequest) => SimResponse,
): (req: SimRequest) => SimResponse {
	return (req) => {
		const object = resolveObjectType(req.params.objectType);
		if (!object) return validation(`Unable to infer object type from: ${req.params.objectType}`, ctx.correlationId());
		return handler(object, req);
	};
}

/** The record a path id names, honouring `idProperty` (e.g. `/contacts/jon@x.com?idProperty=email`). */
export function lookup(ctx: HsContext, object: HubSpotObject, id: string, idProperty: string | null): HsRecord | undefined {
	if (idProperty && idProperty !== 'hs_object_id') return ctx.store.findBy(object, idProperty, id);
	return ctx.store.get(object, id);
}

function list(ctx: HsContext, object: HubSpotObject, req: SimRequest): SimResponse {
	const limit = req.query.has('limit') ? Number(req.query.get('limit')) : 10;
	if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
		return validation(`limit must be an integer between 1 and ${MAX_LIMIT}, got ${req.query.get('limit')}`, ctx.correlationId());
	}
	const start = decodeAfter(req.query.get('after'));
	if (start === undefined) return validation(`Invalid paging cursor after=${req.query.get('after')}`, ctx.correlationId());
	const archived = req.query.get('archived') === 'true';
	const properties = requestedProperties(ctx, object, listParam(req.query, 'properties'));
	const history = historyProperties(ctx, object, listParam(req.query, 'propertiesWithHistory'));
	const all = ctx.store.all(object);
	const results = [];
	let i = start;
	for (; i < all.length && results.length < limit; i++) {
		if (all[i].archived === archived) results.push(toJson(ctx, object, all[i], properties, history));
	}
	while (i < all.length && all[i].archived !== archived) i++;
	const body: Record<string, unknown> = { results };
	if (i < all.length) {
		const after = encodeAfter(i);
		body.paging = { next: { after, link: `?after=${encodeURIComponent(after)}` } };
	}
	return { status: 200, body };
}

function getOne(ctx: HsContext, object: HubSpotObject, req: SimRequest): SimResponse {
	const r = lookup(ctx, object, req.params.objectId, req.query.get('idProperty'));
	const archived = req.query.get('archived') === 'true';
	if (!r || r.archived !== archived) return notFound(ctx.correlationId());
	const properties = requestedProperties(ctx, object, listParam(req.query, 'properties'));
	const history = historyProperties(ctx, object, listParam(req.query, 'propertiesWithHistory'));
	return { status: 200, body: toJson(ctx, object, r, properties, history) };
}

function create(ctx: HsContext, object: HubSpotObject, req: SimRequest): SimResponse {
	const parsed = parseBody(req.rawBody, ctx.correlationId());
	if (!parsed.ok) return parsed.response;
	const input = isRecord(parsed.body) ? parsed.body.properties : undefined;
	const checked = checkProperties(ctx, object, input ?? {});
	if (!checked.ok) return propertyErrors(checked.errors, ctx.correlationId());
	const existing = emailOwner(ctx, object, checked.values);
	if (existing) return conflict(existing.id, ctx.correlationId());
	const r = ctx.store.create(object, checked.values, ctx.apiActor);
	return { status: 201, body: toJson(ctx, object, r, Object.keys(checked.values).concat(['createdate', 'hs_object_id', 'hs_lastmodifieddate'])) };
}

function update(ctx: HsContext, object: HubSpotObject, req: SimRequest): SimResponse {
	const r = lookup(ctx, object, req.params.objectId, req.query.get('idProperty'));
	if (!r || r.archived) return notFound(ctx.correlationId());
	const parsed = parseBody(req.rawBody, ctx.correlationId());
	if (!parsed.ok) return parsed.response;
	const input = isRecord(parsed.body) ? parsed.body.properties : undefined;
	const checked = checkProperties(ctx, object, input);
	if (!checked.ok) return propertyErrors(checked.errors, ctx.correlationId());
	const existing = emailOwner(ctx, object, checked.values, r);
	if (existing) return conflict(existing.id, ctx.correlationId());
	ctx.store.update(object, r, checked.values, ctx.apiActor);
	return { status: 200, body: toJson(ctx, object, r, Object.keys(checked.values).concat(['hs_lastmodifieddate', 'hs_object_id'])) };
}

function archive(ctx: HsContext, object: HubSpotObject, req: SimRequest): SimResponse {
	const r = ctx.store.get(object, req.params.objectId);
	// Archiving something already gone is not an error in HubSpot.
	if (r) ctx.store.archive(object, r, ctx.apiActor);
	return { status: 204 };
}

export function registerObjectRoutes(router: Router, ctx: HsContext): void {
	const base = '/crm/v3/objects/{objectType}';
	router
		.add('GET', base, withObject(ctx, (o, req) => list(ctx, o, req)))
		.add('POST', base, withObject(ctx, (o, req) => create(ctx, o, req)))
		.add('GET', `${base}/{objectId}`, withObject(ctx, (o, req) => getOne(ctx, o, req)))
		.add('PATCH', `${base}/{objectId}`, withObject(ctx, (o, req) => update(ctx, o, req)))
		.add('DELETE', `${base}/{objectId}`, withObject(ctx, (o, req) => archive(ctx, o, req)));
}
