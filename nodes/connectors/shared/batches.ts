import { NodeApiError } from 'n8n-workflow';

import type { CallStats, WriteFailure, WriteOp, WriteResult } from '../types';

/** How one system writes a batch, and which failures it treats specially. */
export interface BatchWriter {
	/** One request for these ops (all of one kind); per-record failures are results, a failed request throws NodeApiError. */
	send(ops: WriteOp[]): Promise<WriteResult[]>;
	/** The API's reason for a request that failed outright, given to each of its records. */
	reasonOf(error: NodeApiError): WriteFailure;
	/** A rejected batch worth sending again in halves: one bad input failed all of them. */
	splits?(error: NodeApiError): boolean;
	/** A per-record failure that is transient (a row lock): that record is sent again, `attempt` counting from 1. */
	resend?(result: WriteResult, attempt: number): boolean;
}

function failed(op: WriteOp, error: WriteFailure): WriteResult {
	return { ref: op.ref, ok: false, id: op.id, error };
}

/** One request; the transports throw NodeApiError for every HTTP failure, anything else (a bug) is thrown on. */
async function attempt(writer: BatchWriter, batch: WriteOp[]): Promise<{ sent: WriteResult[] } | { refused: NodeApiError }> {
	let failure: unknown;
	try {
		return { sent: await writer.send(batch) };
	} catch (error) {
		failure = error;
	}
	if (failure instanceof NodeApiError) return { refused: failure };
	throw failure;
}

/**
 * Sends batches one after another and keeps every result as it comes. A request that fails outright
 * (network error, 5xx or rate limit after the retries, 401, 403) stops the run: its records fail with the
 * API's reason, the records not sent yet fail with the same reason (`notSent`), and the results of the
 * batches before stay, so a record already written is never reported failed, nor one not written as
 * written.
 */
export async function sendBatches(batches: WriteOp[][], writer: BatchWriter, stats: CallStats): Promise<WriteResult[]> {
	const results: WriteResult[] = [];
	const attempts = new Map<number, number>();
	const queue = batches.filter((b) => b.length > 0);
	for (let batch = queue.shift(); batch !== undefined; batch = queue.shift()) {
		const outcome = await attempt(writer, batch);
		if ('refused' in outcome) {
			const reason = writer.reasonOf(outcome.refused);
			if (writer.splits?.(outcome.refused) !== true) {
				results.push(...batch.map((op) => failed(op, reason)), ...queue.flat().map((op) => failed(op, { ...reason, notSent: true })));
				break;
			}
			const half = Math.ceil(batch.length / 2);
			if (batch.length === 1) results.push(failed(batch[0], reason));
			else queue.unshift(batch.slice(0, half), batch.slice(half));
			continue;
		}
		const byRef = new Map(batch.map((op) => [op.ref, op]));
		const again: WriteOp[] = [];
		for (const result of outcome.sent) {
			const op = byRef.get(result.ref);
			const tries = (attempts.get(result.ref) ?? 0) + 1;
			if (op !== undefined && !result.ok && writer.resend?.(result, tries) === true) {
				attempts.set(result.ref, tries);
				again.push(op);
			} else results.push(result);
		}
		if (again.length > 0) {
			stats.retries += again.length;
			queue.unshift(again);
		}
	}
	return results;
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
	const out: T[][] = [];
	for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
	return out;
}
