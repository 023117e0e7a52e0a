/**
 * `POST /crm/v3/objects/{type}/batch/{read|create|update|upsert|archive}`: ≤ 100 inputs; ids that do
 * not exist become a 207 with `errors[]` while the rest succeed; result order is not the input
 * order (HubSpot does not promise it, and clients must correlate by id).
 */
import { isoMs } from '../common/format';
import { isRecord, type Router, type SimRequest, type SimResponse } from '../common/http';
import type { HubSpotObject } from '../seed/model';
import { OBJECT_LABEL, type HsContext } from './context';
import { conflict, parseBody, propertyErrors, validation } from './errors';
import { lookup, withObject } from './routes-objects';
import type { HsRecord } from './store';
import {
	checkProperties,
	emailOwner,
	historyProperties,
	requestedProperties,
	toJson,
	type HsRecordJson,
} from './serialize';

const MAX_INPUTS = 100;

interface BatchError {
	status: 'error';
	category: string;
	message: string;
	context: Record<string, string[]>;
}

type Input = Record<string, unknown>;

type Outcome = { ok: true; inputs: Input[]; body: Record<string, unknown> } | { ok: false; response: SimResponse };

function readInputs(ctx: HsContext, req: SimRequest): Outcome {
	const parsed = parseBody(req.rawBody, ctx.correlationId());
	if (!parsed.ok) return parsed;
	const body = parsed.body;
	if (!isRecord(body) || !Array.isArray(body.inputs) || !body.inputs.every(isRecord)) {
		return { ok: false, response: validation('Invalid input JSON: "inputs" must be an array of objects', ctx.correlationId()) };
	}
	if (body.inputs.length > MAX_INPUTS) {
		return { ok: false, response: validation(`Batch input size ${body.inputs.length} exceeds the maximum of ${MAX_INPUTS}`, ctx.correlationId()) };
	}
	return { ok: true, inputs: body.inputs, body };
}

function respond(ctx: HsContext, startedAt: number, results: HsRecordJson[], errors: BatchError[], okStatus: number): SimResponse {
	ctx.orderRng?.shuffle(results);
	const body: Record<string, unknown> = { status: 'COMPLETE', results };
	if (errors.length > 0) {
		body.numErrors = errors.reduce((n, e) => n + Math.max(1, Object.values(e.context)[0]?.length ?? 1), 0);
		body.errors = ctx.faults().uncorrelatedBatchErrors ? errors.map(({ context: _context, ...error }) => error) : errors;
	}
	body.startedAt = isoMs(startedAt);
	body.completedAt = isoMs(ctx.clock());
	return { status: errors.length > 0 ? 207 : okStatus, body };
}

function notFoundError(object: HubSpotObject, verb: string, ids: string[]): BatchError {
	return {
		status: 'error',
		category: 'OBJECT_NOT_FOUND',
		message: `Could not ${verb} some ${OBJECT_LABEL[object]} objects, they may be deleted or not exist. Check that ids are valid.`,
		context: { ids },
	};
}

function read(ctx: HsContext, object: HubSpotObject, req: SimRequest): SimResponse {
	const started = ctx.clock();
	const input = readInputs(ctx, req);
	if (!input.ok) return input.response;
	const names = (v: unknown) => (Array.isArray(v) ? v.map(String) : undefined);
	const properties = requestedProperties(ctx, object, names(input.body.properties));
	const history = historyProperties(ctx, object, names(input.body.propertiesWithHistory));
	const idProperty = typeof input.body.idProperty === 'string' ? input.body.idProperty : null;
	const results: HsRecordJson[] = [];
	const missing: string[] = [];
	for (const { id } of input.inputs) {
		const r = lookup(ctx, object, String(id), idProperty);
		if (r && !r.archived) results.push(toJson(ctx, object, r, properties, history));
		else missing.push(String(id));
	}
	return respond(ctx, started, results, missing.length > 0 ? [notFoundError(object, 'get', missing)] : [], 200);
}

/** Batch writes fail whole (400) on an invalid value unless every input carries an `objectWriteTraceId`, which turns failures into per-input 207 errors. */
function validateAll(
	ctx: HsContext,
	object: HubSpotObject,
	inputs: Input[],
): { ok: true; values: Array<Record<string, string | null>>; failed: Map<number, BatchError> } | { ok: false; response: SimResponse } {
	const traced = inputs.every((i) => typeof i.objectWriteTraceId === 'string');
	const values: Array<Record<string, string | null>> = [];
	const failed = new Map<number, BatchError>();
	for (const [i, input] of inputs.entries()) {
		const checked = checkProperties(ctx, object, input.properties ?? {});
		if (checked.ok) {
			values.push(checked.values);
			continue;
		}
		if (!traced) return { ok: false, response: propertyErrors(checked.errors, ctx.correlationId()) };
		values.push({});
		failed.set(i, {
			status: 'error',
			category: 'VALIDATION_ERROR',
			message: `Property values were not valid: ${JSON.stringify(checked.errors)}`,
			context: { objectWriteTraceId: [String(input.objectWriteTraceId)] },
		});
	}
	return { ok: true, values, failed };
}

/** A written record as the batch answers it; HubSpot echoes the input's `objectWriteTraceId`, the handle clients correlate creates by. */
function writeResult(ctx: HsContext, object: HubSpotObject, values: Record<string, string | null>, r: HsRecord, input?: Input): HsRecordJson {
	const json = toJson(ctx, object, r, Object.keys(values).concat(['hs_lastmodifieddate', 'hs_object_id']));
	return typeof input?.objectWriteTraceId === 'string' ? { ...json, objectWriteTraceId: input.objectWriteTraceId } : json;
}

function update(ctx: HsContext, object: HubSpotObject, req: SimRequest): SimResponse {
	const started = ctx.clock();
	const input = readInputs(ctx, req);
	if (!input.ok) return input.response;
	const ids = input.inputs.map((i) => String(i.id));
	const dupes = ids.filter((id, i) => ids.indexOf(id) !== i);
	if (dupes.length > 0) return validation(`Duplicate IDs found in batch input: [${dupes.join(', ')}]. IDs must be unique`, ctx.correlationId());
	const checked = validateAll(ctx, object, input.inputs);
	if (!checked.ok) return checked.response;
	const missing: string[] = [];
	const targets = new Map<number, HsRecord>();
	for (const [i, item] of input.inputs.entries()) {
		if (checked.failed.has(i)) continue;
		const idProperty = typeof item.idProperty === 'string' ? item.idProperty : null;
		const r = lookup(ctx, object, ids[i], idProperty);
		if (!r || r.archived) {
			missing.push(ids[i]);
			continue;
		}
		// Check every input before writing any, so a conflict does not leave half a batch applied.
		const clash = emailOwner(ctx, object, checked.values[i], r);
		if (clash) return conflict(clash.id, ctx.correlationId());
		targets.set(i, r);
	}
	const results: HsRecordJson[] = [];
	for (const [i, r] of targets) {
		ctx.store.update(object, r, checked.values[i], ctx.apiActor);
		results.push(writeResult(ctx, object, checked.values[i], r, input.inputs[i]));
	}
	const errors = [...checked.failed.values(), ...(missing.length > 0 ? [notFoundError(object, 'update', missing)] : [])];
	return respond(ctx, started, results, errors, 200);
}

function create(ctx: HsContext, object: HubSpotObject, req: SimRequest): SimResponse {
	const started = ctx.clock();
	const input = readInputs(ctx, req);
	if (!input.ok) return input.response;
	const checked = validateAll(ctx, object, input.inputs);
	if (!checked.ok) return checked.response;
	const pending = [...checked.values.entries()].filter(([i]) => !checked.failed.has(i));
	const emails = new Set<string>();
	for (const [, values] of pending) {
		const clash = emailOwner(ctx, object, values);
		if (clash) return conflict(clash.id, ctx.correlationId());
		const email = object === 'contacts' ? values.email?.toLowerCase() : undefined;
		if (email && emails.has(email)) return validation(`Duplicate email ${email} in batch input`, ctx.correlationId());
		if (email) emails.add(email);
	}
	const results = pending.map(([i, values]) => writeResult(ctx, object, values, ctx.store.create(object, values, ctx.apiActor), input.inputs[i]));
	return respond(ctx, started, results, [...checked.failed.values()], 201);
}

function isUniqueProperty(ctx: HsContext, object: HubSpotObject, name: string): boolean {
	return name === 'hs_object_id' || (object === 'contacts' && name === 'email') || ctx.schema[object].get(name)?.hasUniqueValue === true;
}

function upsert(ctx: HsContext, object: HubSpotObject, req: SimRequest): SimResponse {
	const started = ctx.clock();
	const input = readInputs(ctx, req);
	if (!input.ok) return input.response;
	for (const item of input.inputs) {
		const idProperty = String(item.idProperty ?? '');
		if (!isUniqueProperty(ctx, object, idProperty)) {
			return validation(`Unable to perform update/upsert by non-unique ${OBJECT_LABEL[object]} property ${idProperty || '(missing idProperty)'}`, ctx.correlationId());
		}
	}
	const checked = validateAll(ctx, object, input.inputs);
	if (!checked.ok) return checked.response;
	const results: Array<HsRecordJson & { new: boolean }> = [];
	for (const [i, item] of input.inputs.entries()) {
		if (checked.failed.has(i)) continue;
		const idProperty = String(item.idProperty);
		const existing = lookup(ctx, object, String(item.id), idProperty);
		const values = checked.values[i];
		if (existing && !existing.archived) {
			ctx.store.update(object, existing, values, ctx.apiActor);
			results.push({ ...writeResult(ctx, object, values, existing, item), new: false });
		} else {
			const props = idProperty === 'hs_object_id' ? values : { ...values, [idProperty]: String(item.id) };
			results.push({ ...writeResult(ctx, object, props, ctx.store.create(object, props, ctx.apiActor), item), new: true });
		}
	}
	return respond(ctx, started, results, [...checked.failed.values()], 200);
}

function archive(ctx: HsContext, object: HubSpotObject, req: SimRequest): SimResponse {
	const input = readInputs(ctx, req);
	if (!input.ok) return input.response;
	for (const { id } of input.inputs) {
		const r = ctx.store.get(object, String(id));
		if (r) ctx.store.archive(object, r, ctx.apiActor);
	}
	return { status: 204 };
}

export function registerBatchRoutes(router: Router, ctx: HsContext): void {
	const base = '/crm/v3/objects/{objectType}/batch';
	const ops = { read, create, update, upsert, archive };
	for (const [name, op] of Object.entries(ops)) {
		router.add('POST', `${base}/${name}`, withObject(ctx, (o, req) => op(ctx, o, req)));
	}
}

