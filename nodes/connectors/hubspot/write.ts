import type { NodeApiError } from 'n8n-workflow';

import { chunks, sendBatches } from '../shared/batches';
import type { WriteFailure, WriteOp, WriteResult } from '../types';
import { hubspotFailure, hubspotRequest, type HubSpotClient } from './transport';

const BATCH = 100;

interface BatchError {
	status?: string;
	category?: string;
	message?: string;
	context?: { ids?: string[]; objectWriteTraceId?: string[] };
}

interface BatchResponse {
	results?: Array<{ id: string; objectWriteTraceId?: string }>;
	errors?: BatchError[];
}

function failure(error: BatchError): WriteFailure {
	return { code: error.category ?? 'ERROR', message: error.message ?? 'HubSpot reported an error for this record' };
}

/**
 * A whole batch refused for what one of its inputs holds: 400 VALIDATION_ERROR (HubSpot fails the batch
 * for one bad value when it cannot answer per input) or 409 CONFLICT (an email another contact has). Worth
 * splitting so the good records are still written. 401, 403, 404, an exhausted 429 or a 5xx would fail
 * every half alike: the batch fails whole, with its reason.
 */
function isPerInputRejection(error: NodeApiError): boolean {
	const { code, httpStatus } = hubspotFailure(error);
	return (httpStatus === 400 && code === 'VALIDATION_ERROR') || (httpStatus === 409 && code === 'CONFLICT');
}

/** One batch call; a 207 reports per-record errors by id (updates) or trace id (both). */
async function writeBatch(client: HubSpotClient, object: string, ops: WriteOp[]): Promise<WriteResult[]> {
	const kind = ops[0].op;
	const path = `/crm/v3/objects/${object}/batch/${kind}`;
	// A trace id per input lets HubSpot report bad records one by one (207) instead of failing the batch.
	const inputs = ops.map((op) => (kind === 'update' ? { id: op.id, properties: op.fields, objectWriteTraceId: String(op.ref) } : { properties: op.fields, objectWriteTraceId: String(op.ref) }));
	const { body } = await hubspotRequest<BatchResponse>(client, { method: 'POST', path, body: { inputs }, idempotent: kind === 'update', endpoint: `POST ${path}` });
	return correlate(kind, ops, body);
}

/** Errors by the record they name (id or trace id), and those naming none of this batch's records. */
function errorsByHandle(kind: 'update' | 'create', ops: WriteOp[], response: BatchResponse): { named: Map<string, WriteFailure>; unnamed: BatchError[] } {
	const named = new Map<string, WriteFailure>();
	const unnamed: BatchError[] = [];
	const handles = new Set(ops.map((op) => (kind === 'update' ? String(op.id) : String(op.ref))));
	const traceToHandle = new Map(ops.map((op) => [String(op.ref), kind === 'update' ? String(op.id) : String(op.ref)]));
	for (const error of response.errors ?? []) {
		const byId = kind === 'update' ? (error.context?.ids ?? []) : [];
		const byTrace = (error.context?.objectWriteTraceId ?? []).map((trace) => traceToHandle.get(String(trace)) ?? String(trace));
		const mine = [...byId, ...byTrace].map(String).filter((handle) => handles.has(handle));
		for (const handle of mine) named.set(handle, failure(error));
		if (mine.length === 0) unnamed.push(error);
	}
	return { named, unnamed };
}

function unnamedFailure(errors: BatchError[]): WriteFailure {
	const first = failure(errors[0]);
	const more = errors.length > 1 ? `; ${errors.length - 1} more such error(s)` : '';
	return { ...first, message: `${first.message} (HubSpot did not name the record${more})` };
}

function correlate(kind: 'update' | 'create', ops: WriteOp[], response: BatchResponse): WriteResult[] {
	const { named, unnamed } = errorsByHandle(kind, ops, response);
	// HubSpot sent an error without saying which record it is about: the records left without a result
	// carry it (its category and message) rather than a claim that HubSpot said nothing.
	const unplaced = unnamed.length === 0 ? undefined : unnamedFailure(unnamed);
	const created = new Map<string, string>();
	for (const result of response.results ?? []) if (result.objectWriteTraceId !== undefined) created.set(result.objectWriteTraceId, result.id);
	const succeeded = new Set((response.results ?? []).map((r) => String(r.id)));
	return ops.map((op) => {
		const handle = kind === 'update' ? String(op.id) : String(op.ref);
		const error = named.get(handle);
		if (error !== undefined) return { ref: op.ref, ok: false, id: op.id, error };
		if (kind === 'create') {
			const id = created.get(handle);
			if (id !== undefined) return { ref: op.ref, ok: true, id };
			return { ref: op.ref, ok: false, error: unplaced ?? { code: 'NO_RESULT', message: 'HubSpot returned no result for this record' } };
		}
		if (!succeeded.has(String(op.id)) && (response.errors?.length ?? 0) > 0) {
			return { ref: op.ref, ok: false, id: op.id, error: unplaced ?? { code: 'NO_RESULT', message: 'HubSpot returned neither a result nor an error for this record' } };
		}
		return { ref: op.ref, ok: true, id: op.id };
	});
}

/**
 * Writes updates (batch/update) and creates (batch/create), 100 per call; per-record failures are results.
 * A batch HubSpot rejects for one input is split in halves until the bad records stand alone; a request
 * that fails outright fails its records and the ones not sent yet (see `sendBatches`).
 */
export async function writeHubSpot(client: HubSpotClient, object: string, ops: WriteOp[]): Promise<WriteResult[]> {
	const batches = (['update', 'create'] as const).flatMap((kind) => chunks(ops.filter((op) => op.op === kind), BATCH));
	return await sendBatches(batches, { send: async (batch) => await writeBatch(client, object, batch), reasonOf: hubspotFailure, splits: isPerInputRejection }, client.stats);
}
