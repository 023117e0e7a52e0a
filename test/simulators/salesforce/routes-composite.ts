/**
 * sObject Collections (`/composite/sobjects`): create, update, upsert by external id, delete and
 * read, ≤ 200 records, HTTP 200 with one result per record in request order. With `allOrNone`
 * every record is checked first and nothing is written if any fails; the others then report
 * ALL_OR_NONE_OPERATION_ROLLED_BACK.
 */
import { isRecord, type Router, type SimRequest, type SimResponse } from '../common/http';
import { isValidId } from './ids';
import { valueContext, writable, type SfContext } from './context';
import { lockMessage, notFound, parseBody, sfError } from './errors';
import { byExternalId } from './routes-sobjects';
import type { SfObjectSchema } from './schema';
import { findObject } from './schema';
import { recordJson } from './serialize';
import type { SfRecord } from './store';
import { checkRecord, type SfError } from './values';

const MAX_RECORDS = 200;
const BASE = '/services/data/{version}/composite/sobjects';

interface Result {
	id?: unknown;
	success: boolean;
	errors: SfError[];
	created?: boolean;
}

/** A checked record, ready to apply, or its errors. */
type Plan = { ok: true; apply: () => Result } | { ok: false; errors: SfError[]; id?: unknown };

function body(req: SimRequest): { ok: true; allOrNone: boolean; records: Array<Record<string, unknown>> } | { ok: false; response: SimResponse } {
	const parsed = parseBody(req.rawBody);
	if (!parsed.ok) return parsed;
	const b = parsed.body;
	if (!isRecord(b) || !Array.isArray(b.records) || !b.records.every(isRecord)) {
		return { ok: false, response: sfError(400, 'JSON_PARSER_ERROR', 'Request body must be {"allOrNone": …, "records": [ … ]}') };
	}
	if (b.records.length > MAX_RECORDS) {
		return { ok: false, response: sfError(400, 'EXCEEDED_ID_LIMIT', `record limit reached. cannot submit more than ${MAX_RECORDS} records into this call`) };
	}
	return { ok: true, allOrNone: b.allOrNone === true, records: b.records };
}

function typeOf(ctx: SfContext, record: Record<string, unknown>, fallback?: string): SfObjectSchema | undefined {
	const attrs = isRecord(record.attributes) ? record.attributes : {};
	const name = typeof attrs.type === 'string' ? attrs.type : fallback;
	const o = name ? findObject(ctx.schema(), name) : undefined;
	return o && writable(ctx, o.name) ? o : undefined;
}

const error = (statusCode: string, message: string, fields: string[] = []): SfError => ({ statusCode, message, fields });

/** Runs the plans; with allOrNone, any failure turns every other record into a rollback error and writes nothing. */
function execute(plans: Plan[], allOrNone: boolean): SimResponse {
	const failed = plans.some((p) => !p.ok);
	const results: Result[] = plans.map((p) => {
		if (!p.ok) return { ...(p.id !== undefined ? { id: p.id } : {}), success: false, errors: p.errors };
		if (allOrNone && failed) {
			return {
				success: false,
				errors: [error('ALL_OR_NONE_OPERATION_ROLLED_BACK', 'Record rolled back because not all records were valid and the request was using AllOrNone header')],
			};
		}
		return p.apply();
	});
	return { status: 200, body: results };
}

function lockFault(ctx: SfContext, id?: unknown): Plan | undefined {
	return ctx.faults.locked() ? { ok: false, errors: [error('UNABLE_TO_LOCK_ROW', lockMessage(id === undefined ? undefined : String(id)))], id } : undefined;
}

function create(ctx: SfContext, req: SimRequest): SimResponse {
	const input = body(req);
	if (!input.ok) return input.response;
	const plans = input.records.map((rec): Plan => {
		const o = typeOf(ctx, rec);
		if (!o) return { ok: false, errors: [error('INVALID_TYPE', 'Must specify a valid sObject type in attributes.type')] };
		if (rec.id !== undefined || rec.Id !== undefined) return { ok: false, errors: [error('INVALID_FIELD', 'cannot specify Id in an insert call', ['Id'])] };
		const checked = checkRecord(o, rec, 'create', valueContext(ctx, o.name));
		if (!checked.ok) return { ok: false, errors: checked.errors };
		return lockFault(ctx) ?? { ok: true, apply: () => ({ id: ctx.store.create(o.name, checked.values, ctx.actor(req)).values.Id, success: true, errors: [] }) };
	});
	return execute(plans, input.allOrNone);
}

function updateTarget(ctx: SfContext, o: SfObjectSchema, raw: unknown): SfRecord | SfError {
	if (raw === undefined) return error('MISSING_ARGUMENT', 'Id not specified in an update call', ['Id']);
	const id = String(raw);
	if (!isValidId(id)) return error('MALFORMED_ID', `${o.label} ID: id value of incorrect type: ${id}`, ['Id']);
	const r = ctx.store.get(o.name, id);
	if (!r) return error('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', []);
	if (r.values.IsDeleted === true) return error('ENTITY_IS_DELETED', 'entity is deleted', []);
	return r;
}

function update(ctx: SfContext, req: SimRequest): SimResponse {
	const input = body(req);
	if (!input.ok) return input.response;
	const plans = input.records.map((rec): Plan => {
		const o = typeOf(ctx, rec);
		const rawId = rec.id ?? rec.Id;
		if (!o) return { ok: false, errors: [error('INVALID_TYPE', 'Must specify a valid sObject type in attributes.type')], id: rawId };
		const r = updateTarget(ctx, o, rawId);
		if ('statusCode' in r) return { ok: false, errors: [r], id: rawId };
		const id = r.values.Id;
		const checked = checkRecord(o, rec, 'update', valueContext(ctx, o.name), String(id));
		if (!checked.ok) return { ok: false, errors: checked.errors, id };
		return lockFault(ctx, id) ?? { ok: true, apply: () => (ctx.store.update(o.name, r, checked.values, ctx.actor(req)), { id, success: true, errors: [] }) };
	});
	return execute(plans, input.allOrNone);
}

function upsert(ctx: SfContext, req: SimRequest): SimResponse {
	const o = findObject(ctx.schema(), req.params.sobject);
	if (!o || !writable(ctx, o.name)) return notFound();
	const field = req.params.field;
	const extField = o.byLower.get(field.toLowerCase());
	if (!extField || (!extField.externalId && extField.name !== 'Id')) {
		return sfError(404, 'NOT_FOUND', `Provided external ID field does not exist or is not accessible: ${field}`);
	}
	const input = body(req);
	if (!input.ok) return input.response;
	const vctx = valueContext(ctx, o.name);
	const plans = input.records.map((rec): Plan => {
		const key = rec[extField.name] ?? rec[field];
		if (key === undefined || key === null) return { ok: false, errors: [error('MISSING_ARGUMENT', `${extField.name} not specified`, [extField.name])] };
		const existing = byExternalId(ctx, o, extField.name, String(key));
		if (existing && existing !== 'bad-field') {
			const id = existing.values.Id;
			const checked = checkRecord(o, rec, 'update', vctx, String(id));
			if (!checked.ok) return { ok: false, errors: checked.errors, id };
			return lockFault(ctx, id) ?? { ok: true, apply: () => (ctx.store.update(o.name, existing, checked.values, ctx.actor(req)), { id, success: true, errors: [], created: false }) };
		}
		const checked = checkRecord(o, rec, 'create', vctx);
		if (!checked.ok) return { ok: false, errors: checked.errors };
		return lockFault(ctx) ?? { ok: true, apply: () => ({ id: ctx.store.create(o.name, checked.values, ctx.actor(req)).values.Id, success: true, errors: [], created: true }) };
	});
	return execute(plans, input.allOrNone);
}

function remove(ctx: SfContext, req: SimRequest): SimResponse {
	const ids = (req.query.get('ids') ?? '').split(',').filter(Boolean);
	if (ids.length > MAX_RECORDS) return sfError(400, 'EXCEEDED_ID_LIMIT', `record limit reached. cannot submit more than ${MAX_RECORDS} records into this call`);
	const plans = ids.map((id): Plan => {
		const prefix = id.slice(0, 3);
		const o = [...ctx.schema().values()].find((s) => s.keyPrefix === prefix && s.createable);
		const r = o && isValidId(id) ? ctx.store.get(o.name, id) : undefined;
		if (!o || !r) return { ok: false, errors: [error('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id')], id };
		if (r.values.IsDeleted === true) return { ok: false, errors: [error('ENTITY_IS_DELETED', 'entity is deleted')], id };
		return lockFault(ctx, id) ?? { ok: true, apply: () => (ctx.store.delete(o.name, r, ctx.actor(req)), { id: r.values.Id, success: true, errors: [] }) };
	});
	return execute(plans, req.query.get('allOrNone') === 'true');
}

function retrieve(ctx: SfContext, req: SimRequest): SimResponse {
	const o = findObject(ctx.schema(), req.params.sobject);
	if (!o) return notFound();
	const ids = (req.query.get('ids') ?? '').split(',').filter(Boolean);
	const names = (req.query.get('fields') ?? 'Id').split(',').map((f) => f.trim().toLowerCase());
	const fields = o.fields.filter((f) => names.includes(f.name.toLowerCase()));
	const records = ids.map((id) => {
		const r = isValidId(id) ? ctx.store.get(o.name, id) : undefined;
		return r && r.values.IsDeleted !== true ? recordJson(req.params.version, o, r.values, fields) : null;
	});
	return { status: 200, body: records };
}

export function registerCompositeRoutes(router: Router, ctx: SfContext): void {
	router
		.add('POST', BASE, (req) => create(ctx, req))
		.add('PATCH', BASE, (req) => update(ctx, req))
		.add('DELETE', BASE, (req) => remove(ctx, req))
		.add('GET', `${BASE}/{sobject}`, (req) => retrieve(ctx, req))
		.add('PATCH', `${BASE}/{sobject}/{field}`, (req) => upsert(ctx, req));
}
