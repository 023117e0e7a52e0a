import { NodeApiError } from 'n8n-workflow';

import { httpFailure } from '../shared/http-error';
import type { WriteFailure, WriteOp, WriteResult } from '../types';
import { hubspotRequest, type HubSpotClient } from './transport';

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

/** What a whole-batch 4xx says, for when it cannot be narrowed to one record. */
function batchFailure(error: unknown): WriteFailure {
	const found = httpFailure(error instanceof NodeApiError ? (error.cause ?? error) : error);
	const body = (typeof found.body === 'object' && found.body !== null ? found.body : {}) as { category?: string; message?: string };
	return { code: body.category ?? `HTTP_${found.status ?? 'ERROR'}`, message: body.message ?? found.message, httpStatus: found.status };
}

function isClientError(error: unknown): boolean {
	const status = error instanceof NodeApiError ? Number(error.httpCode) : httpFailure(error).status;
	return status !== undefined && status >= 400 && status < 500 && status !== 429;
}

/**
 * One batch call; a 207 reports per-record errors by id (updates) or trace id (creates). HubSpot may
 * reject a whole batch with 400 for one bad record: the batch is then split in halves until the bad
 * records stand alone, so the good ones are still written and each failure carries its own reason.
 */
async function writeBatch(client: HubSpotClient, object: string, kind: 'update' | 'create', ops: WriteOp[]): Promise<WriteResult[]> {
	const path = `/crm/v3/objects/${object}/batch/${kind}`;
	// A trace id per input lets HubSpot report bad records one by one (207) instead of failing the batch.
	const inputs = ops.map((op) => (kind === 'update' ? { id: op.id, properties: op.fields, objectWriteTraceId: String(op.ref) } : { properties: op.fields, objectWriteTraceId: String(op.ref) }));
	let response: BatchResponse | undefined;
	let rejected: NodeApiError | undefined;
	try {
		response = (await hubspotRequest<BatchResponse>(client, { method: 'POST', path, body: { inputs }, idempotent: kind === 'update', endpoint: `POST ${path}` })).body;
	} catch (error) {
		// hubspotRequest only throws NodeApiError, already carrying HubSpot's category and message.
		rejected = error as NodeApiError;
	}
	if (response !== undefined) return correlate(kind, ops, response);
	if (rejected === undefined || !isClientError(rejected)) throw rejected ?? new NodeApiError(client.ctx.getNode(), { message: 'HubSpot batch failed' });
	if (ops.length === 1) return [{ ref: ops[0].ref, ok: false, id: ops[0].id, error: batchFailure(rejected) }];
	const half = Math.ceil(ops.length / 2);
	return [...(await writeBatch(client, object, kind, ops.slice(0, half))), ...(await writeBatch(client, object, kind, ops.slice(half)))];
}

function correlate(kind: 'update' | 'create', ops: WriteOp[], response: BatchResponse): WriteResult[] {
	const failed = new Map<string, WriteFailure>();
	const traceToId = new Map(ops.map((op) => [String(op.ref), kind === 'update' ? String(op.id) : String(op.ref)]));
	for (const error of response.errors ?? []) {
		const byId = kind === 'update' ? (error.context?.ids ?? []) : [];
		const byTrace = (error.context?.objectWriteTraceId ?? []).map((trace) => traceToId.get(String(trace)) ?? String(trace));
		for (const handle of [...byId, ...byTrace]) failed.set(String(handle), failure(error));
	}
	const created = new Map<string, string>();
	for (const result of response.results ?? []) if (result.objectWriteTraceId !== undefined) created.set(result.objectWriteTraceId, result.id);
	const succeeded = new Set((response.results ?? []).map((r) => String(r.id)));
	return ops.map((op) => {
		const handle = kind === 'update' ? String(op.id) : String(op.ref);
		const error = failed.get(handle);
		if (error !== undefined) return { ref: op.ref, ok: false, id: op.id, error };
		if (kind === 'create') {
			const id = created.get(handle);
			return id === undefined ? { ref: op.ref, ok: false, error: { code: 'NO_RESULT', message: 'HubSpot returned no result for this record' } } : { ref: op.ref, ok: true, id };
		}
		if (!succeeded.has(String(op.id)) && (response.errors?.length ?? 0) > 0) {
			return { ref: op.ref, ok: false, id: op.id, error: { code: 'NO_RESULT', message: 'HubSpot returned neither a result nor an error for this record' } };
		}
		return { ref: op.ref, ok: true, id: op.id };
	});
}

/** Writes updates (batch/update) and creates (batch/create), 100 per call; never throws for per-record failures. */
export async function writeHubSpot(client: HubSpotClient, object: string, ops: WriteOp[]): Promise<WriteResult[]> {
	const results: WriteResult[] = [];
	for (const kind of ['update', 'create'] as const) {
		const selected = ops.filter((op) => op.op === kind);
		for (let i = 0; i < selected.length; i += BATCH) results.push(...(await writeBatch(client, object, kind, selected.slice(i, i + BATCH))));
	}
	return results;
}
