import { chunks, sendBatches } from '../shared/batches';
import type { WriteOp, WriteResult } from '../types';
import { salesforceFailure, salesforceRequest, type SalesforceClient, type SalesforceError } from './transport';

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
 * results come back in request order.
 */
async function writeBatch(client: SalesforceClient, object: string, ops: WriteOp[]): Promise<WriteResult[]> {
	const kind = ops[0].op;
	const records = ops.map((op) => ({ attributes: { type: object }, ...(kind === 'update' ? { id: op.id } : {}), ...op.fields }));
	const response = await salesforceRequest<CollectionResult[]>(client, {
		method: kind === 'update' ? 'PATCH' : 'POST',
		path: '/composite/sobjects',
		body: { allOrNone: false, records },
		idempotent: kind === 'update',
		endpoint: `${kind === 'update' ? 'PATCH' : 'POST'} /composite/sobjects`,
	});
	return ops.map((op, index) => asResult(op, response[index]));
}

/**
 * Writes updates and creates through sObject Collections, 200 per call; per-record failures are results.
 * Records that hit UNABLE_TO_LOCK_ROW are sent again; a request that fails outright fails its records and
 * the ones not sent yet (see `sendBatches`).
 */
export async function writeSalesforce(client: SalesforceClient, object: string, ops: WriteOp[]): Promise<WriteResult[]> {
	const batches = (['update', 'create'] as const).flatMap((kind) => chunks(ops.filter((op) => op.op === kind), BATCH));
	return await sendBatches(
		batches,
		{
			send: async (batch) => await writeBatch(client, object, batch),
			reasonOf: salesforceFailure,
			resend: (result, attempt) => result.error?.code === 'UNABLE_TO_LOCK_ROW' && attempt <= LOCK_RETRIES,
		},
		client.stats,
	);
}
