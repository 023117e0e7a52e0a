import type { SnapshotRecord } from '../engine';

/** Which records a snapshot reads. */
export type ReadScope =
	| { kind: 'full' }
	/** Records modified at or after `since` (ISO); the caller adds the lookback. */
	| { kind: 'modified_since'; since: string }
	/** Specific record ids (fast loop: the records a webhook named). */
	| { kind: 'ids'; ids: string[] }
	/** Records whose `field` equals one of `values` (fast loop: the other side's copies of those records). */
	| { kind: 'keys'; field: string; values: Array<string | number> };

export interface ReadRequest {
	object: string;
	/** Fields to read, in the system's own names. */
	fields: string[];
	scope: ReadScope;
	/** HubSpot only: read per-property history to get per-field modification times (halves the page size). */
	fieldHistory?: boolean;
}

/** API usage of one node run, reported with its output. */
export interface CallStats {
	calls: number;
	retries: number;
	/** Milliseconds spent waiting on rate limits and backoff. */
	waitedMs: number;
	byEndpoint: Record<string, number>;
}

export interface ReadResult {
	records: SnapshotRecord[];
	/** Ids asked for (scope `ids`) that the system does not have. */
	missingIds: string[];
}

export interface WriteOp {
	op: 'update' | 'create';
	/** Record id for updates. */
	id?: string;
	fields: Record<string, unknown>;
	/** Caller's reference (e.g. the input item index) to pair results with requests. */
	ref: number;
}

export interface WriteFailure {
	/** The system's error code: HubSpot category (VALIDATION_ERROR…) or Salesforce statusCode (INVALID_FIELD…). */
	code: string;
	message: string;
	fields?: string[];
	httpStatus?: number;
	/** Never sent: an earlier request of the same run failed outright, for this reason, and the run stopped. */
	notSent?: boolean;
}

export interface WriteResult {
	ref: number;
	ok: boolean;
	/** Id of the written (or created) record. */
	id?: string;
	error?: WriteFailure;
}

export function emptyStats(): CallStats {
	return { calls: 0, retries: 0, waitedMs: 0, byEndpoint: {} };
}

export function countCall(stats: CallStats, endpoint: string): void {
	stats.calls++;
	stats.byEndpoint[endpoint] = (stats.byEndpoint[endpoint] ?? 0) + 1;
}
