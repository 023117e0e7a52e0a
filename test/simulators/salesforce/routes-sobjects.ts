/**
 * Single-record sObject routes: create (201), read, update (204, never creates), delete (204),
 * upsert by external id (201 created / 200 updated, `?updateOnly=true`), read by external id,
 * and the `updated`/`deleted` change-window endpoints.
 */
import { isRecord, type Router, type SimRequest, type SimResponse } from '../common/http';
import { isValidId } from './ids';
import { valueContext, writable, type SfContext } from './context';
import { entityDeleted, lockError, notFound, parseBody, recordErrors, sfError } from './errors';
import type { SfObjectSchema } from './schema';
import { findObject } from './schema';
import { recordJson } from './serialize';
import type { SfRecord } from './store';
import { checkRecord } from './values';

const BASE = '/services/data/{version}/sobjects/{sobject}';

function objectOf(ctx: SfContext, req: SimRequest): SfObjectSchema | undefined {
	return findObject(ctx.schema(), req.params.sobject);
}

function bodyRecord(req: SimRequest): { ok: true; body: Record<string, unknown> } | { ok: false; response: SimResponse } {
	const parsed = parseBody(req.rawBody);
	if (!parsed.ok) return parsed;
	if (!isRecord(parsed.body)) return { ok: false, response: sfError(400, 'JSON_PARSER_ERROR', 'The request body must be a JSON object') };
	return { ok: true, body: parsed.body };
}

function selectFields(o: SfObjectSchema, req: SimRequest) {
	const names = req.query.get('fields')?.split(',').map((f) => f.trim().toLowerCase());
	return names ? o.fields.filter((f) => names.includes(f.name.toLowerCase())) : o.fields;
}

function read(ctx: SfContext, req: SimRequest): SimResponse {
	const o = objectOf(ctx, req);
	if (!o) return notFound();
	const id = req.params.id;
	const r = isValidId(id) ? ctx.store.get(o.name, id) : undefined;
	if (!r) return notFound();
	if (r.values.IsDeleted === true) return entityDeleted();
	return { status: 200, body: recordJson(req.params.version, o, r.values, selectFields(o, req)) };
}

function create(ctx: SfContext, req: SimRequest): SimResponse {
	const o = objectOf(ctx, req);
	if (!o) return notFound();
	if (!o.createable) return sfError(400, 'INVALID_TYPE', `entity type ${o.name} does not support create`);
	const input = bodyRecord(req);
	if (!input.ok) return input.response;
	const checked = checkRecord(o, input.body, 'create', valueContext(ctx, o.name));
	if (!checked.ok) return recordErrors(checked.errors);
	if (ctx.faults.locked()) return lockError();
	const r = ctx.store.create(o.name, checked.values, ctx.actor(req));
	return { status: 201, body: { id: r.values.Id, success: true, errors: [] } };
}

/** Looks up a live record for writing, or the 404 Salesforce answers. */
function target(ctx: SfContext, o: SfObjectSchema, id: string): SfRecord | SimResponse {
	const r = isValidId(id) ? ctx.store.get(o.name, id) : undefined;
	if (!r) return notFound();
	if (r.values.IsDeleted === true) return entityDeleted();
	return r;
}

function update(ctx: SfContext, req: SimRequest): SimResponse {
	const o = objectOf(ctx, req);
	if (!o || !writable(ctx, o.name)) return notFound();
	const r = target(ctx, o, req.params.id);
	if ('status' in r) return r;
	const input = bodyRecord(req);
	if (!input.ok) return input.response;
	const checked = checkRecord(o, input.body, 'update', valueContext(ctx, o.name), String(r.values.Id));
	if (!checked.ok) return recordErrors(checked.errors);
	if (ctx.faults.locked()) return lockError(String(r.values.Id));
	ctx.store.update(o.name, r, checked.values, ctx.actor(req));
	return { status: 204 };
}

function remove(ctx: SfContext, req: SimRequest): SimResponse {
	const o = objectOf(ctx, req);
	if (!o || !writable(ctx, o.name)) return notFound();
	const r = target(ctx, o, req.params.id);
	if ('status' in r) return r;
	if (ctx.faults.locked()) return lockError(String(r.values.Id));
	ctx.store.delete(o.name, r, ctx.actor(req));
	return { status: 204 };
}

/** The record an external-id value names: by `Id` or by a unique external-id field. */
export function byExternalId(ctx: SfContext, o: SfObjectSchema, field: string, value: string): SfRecord | undefined | 'bad-field' {
	if (field.toLowerCase() === 'id') {
		const r = isValidId(value) ? ctx.store.get(o.name, value) : undefined;
		return r && r.values.IsDeleted !== true ? r : undefined;
	}
	const f = o.byLower.get(field.toLowerCase());
	if (!f || !f.externalId) return 'bad-field';
	return ctx.store.findUnique(o.name, f.name, value);
}

function upsert(ctx: SfContext, req: SimRequest): SimResponse {
	const o = objectOf(ctx, req);
	if (!o || !writable(ctx, o.name)) return notFound();
	const { field, value } = req.params;
	const existing = byExternalId(ctx, o, field, value);
	if (existing === 'bad-field') return unknownExternalIdField(field);
	const input = bodyRecord(req);
	if (!input.ok) return input.response;
	const vctx = valueContext(ctx, o.name);
	if (existing) {
		const checked = checkRecord(o, input.body, 'update', vctx, String(existing.values.Id));
		if (!checked.ok) return recordErrors(checked.errors);
		if (ctx.faults.locked()) return lockError(String(existing.values.Id));
		ctx.store.update(o.name, existing, checked.values, ctx.actor(req));
		return { status: 200, body: { id: existing.values.Id, success: true, errors: [], created: false } };
	}
	if (req.query.get('updateOnly') === 'true') return notFound();
	const extName = o.byLower.get(field.toLowerCase())?.name ?? field;
	const checked = checkRecord(o, { ...input.body, ...(extName === 'Id' ? {} : { [extName]: value }) }, 'create', vctx);
	if (!checked.ok) return recordErrors(checked.errors);
	const r = ctx.store.create(o.name, checked.values, ctx.actor(req));
	return { status: 201, body: { id: r.values.Id, success: true, errors: [], created: true } };
}

function unknownExternalIdField(field: string): SimResponse {
	return sfError(404, 'NOT_FOUND', `Provided external ID field does not exist or is not accessible: ${field}`);
}

function readByExternalId(ctx: SfContext, req: SimRequest): SimResponse {
	const o = objectOf(ctx, req);
	if (!o) return notFound();
	const r = byExternalId(ctx, o, req.params.field, req.params.value);
	if (r === 'bad-field') return unknownExternalIdField(req.params.field);
	if (!r) return notFound();
	return { status: 200, body: recordJson(req.params.version, o, r.values, selectFields(o, req)) };
}

function changeWindow(ctx: SfContext, req: SimRequest, deleted: boolean): SimResponse {
	const o = objectOf(ctx, req);
	if (!o) return notFound();
	const start = Date.parse(req.query.get('start') ?? '');
	const end = Date.parse(req.query.get('end') ?? '');
	if (Number.isNaN(start) || Number.isNaN(end)) return sfError(400, 'INVALID_REQUEST', 'start and end are required datetimes');
	const inWindow = (r: SfRecord) => {
		const t = Number(r.values.SystemModstamp);
		return t >= start && t <= end && (r.values.IsDeleted === true) === deleted;
	};
	const rows = ctx.store.all(o.name).filter(inWindow);
	const covered = new Date(Math.floor(Math.min(end, ctx.clock()) / 60_000) * 60_000).toISOString().replace('Z', '+0000');
	if (!deleted) return { status: 200, body: { ids: rows.map((r) => r.values.Id), latestDateCovered: covered } };
	return {
		status: 200,
		body: {
			deletedRecords: rows.map((r) => ({ id: r.values.Id, deletedDate: new Date(Number(r.values.SystemModstamp)).toISOString().replace('Z', '+0000') })),
			earliestDateAvailable: new Date(ctx.clock() - 15 * 86_400_000).toISOString().replace('Z', '+0000'),
			latestDateCovered: covered,
		},
	};
}

export function registerSObjectRoutes(router: Router, ctx: SfContext): void {
	router
		.add('POST', BASE, (req) => create(ctx, req))
		.add('GET', `${BASE}/updated`, (req) => changeWindow(ctx, req, false))
		.add('GET', `${BASE}/deleted`, (req) => changeWindow(ctx, req, true))
		.add('GET', `${BASE}/{id}`, (req) => read(ctx, req))
		.add('PATCH', `${BASE}/{id}`, (req) => update(ctx, req))
		.add('DELETE', `${BASE}/{id}`, (req) => remove(ctx, req))
		.add('GET', `${BASE}/{field}/{value}`, (req) => readByExternalId(ctx, req))
		.add('PATCH', `${BASE}/{field}/{value}`, (req) => upsert(ctx, req));
}

