import type { WriteOp, WriteResult } from '../types';
import { salesforceRequest, type SalesforceClient, type SalesforceError } from './transport';

/** sObject Collections take 200 records per call. */
const BATCH = 200;
/** Row locks are transient: records that hit one are retried this many times before being reported. */
const LOCK_RETRIES = 3;

interface CollectionResult {
	id?: string;
	success: boolean;
	errors: SalesforceError[];
}

function asResult(op: WriteOp, result: CollectionResult | undefined): WriteResult {
	if (result === undefined) return { ref: op.ref, ok: false, id: op.id, error: { code: 'NO_RESULT', message: 'Salesforce returned no result for this record' } };
	if (result.success) return { ref: op.ref, ok: true, id: result.id ?? op.id };
	const [error] = result.errors;
	return {
		ref: op.ref,
		ok: false,
		id: op.id,
		error: { code: error?.statusCode ?? error?.errorCode ?? 'UNKNOWN', message: error?.message ?? 'Salesforce rejected this record', fields: error?.fields },
	};
}

/**
 * One collection call with `allOrNone: false`: good records are written even when others fail, and the
 * results come back in request order. Records that hit UNABLE_TO_LOCK_ROW are sent again.
 */
async function writeBatch(client: SalesforceClient, object: string, kind: 'update' | 'create', ops: WriteOp[]): Promise<WriteResult[]> {
	const results = new Map<number, WriteResult>();
	let pending = ops;
	for (let attempt = 0; pending.length > 0; attempt++) {
		const records = pending.map((op) => ({ attributes: { type: object }, ...(kind === 'update' ? { id: op.id } : {}), ...op.fields }));
		const response = await salesforceRequest<CollectionResult[]>(client, {
			method: kind === 'update' ? 'PATCH' : 'POST',
			path: '/composite/sobjects',
			body: { allOrNone: false, records },
			idempotent: kind === 'update',
			endpoint: `${kind === 'update' ? 'PATCH' : 'POST'} /composite/sobjects`,
		});
		const retry: WriteOp[] = [];
		pending.forEach((op, index) => {
			const result = asResult(op, response[index]);
			if (!result.ok && result.error?.code === 'UNABLE_TO_LOCK_ROW' && attempt < LOCK_RETRIES) retry.push(op);
			else results.set(op.ref, result);
		});
		if (retry.length > 0) client.stats.retries += retry.length;
		pending = retry;
	}
	return ops.map((op) => results.get(op.ref)!);
}

/** Writes updates and creates through sObject Collections, 200 per call; per-record failures are results, not throws. */
export async function writeSalesforce(client: SalesforceClient, object: string, ops: WriteOp[]): Promise<WriteResult[]> {
	const results: WriteResult[] = [];
	for (const kind of ['update', 'create'] as const) {
		const selected = ops.filter((op) => op.op === kind);
		for (let i = 0; i < selected.length; i += BATCH) results.push(...(await writeBatch(client, object, kind, selected.slice(i, i + BATCH))));
	}
	return results;
}
