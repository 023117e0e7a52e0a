/**
 * The systems a policy side can be, behind one interface: read a snapshot, write patches. HubSpot and
 * Salesforce go through n8n's authenticated request helpers; `items` sides are read from and written to
 * other n8n nodes by the Snapshot and Apply nodes themselves.
 */
import type { IExecuteFunctions, NodeApiError } from 'n8n-workflow';

import { hubspotClient, hubspotFailure } from './hubspot/transport';
import { readHubSpot } from './hubspot/read';
import { writeHubSpot } from './hubspot/write';
import { salesforceClient, salesforceFailure } from './salesforce/transport';
import { readSalesforce } from './salesforce/read';
import { writeSalesforce } from './salesforce/write';
import type { CallStats, ReadRequest, ReadResult, WriteFailure, WriteOp, WriteResult } from './types';

export * from './types';
export { itemToRecord, type ItemMapping } from './items/read';
export { HUBSPOT_CREDENTIAL } from './hubspot/transport';
export { SALESFORCE_CREDENTIAL } from './salesforce/transport';

export type ApiSystem = 'hubspot' | 'salesforce';

export async function readSnapshot(ctx: IExecuteFunctions, system: ApiSystem, request: ReadRequest, stats: CallStats): Promise<ReadResult> {
	if (system === 'hubspot') return await readHubSpot(await hubspotClient(ctx, stats), request);
	return await readSalesforce(await salesforceClient(ctx, stats), request);
}

/**
 * Writes the ops and returns one result per op. API failures never throw: a record the API refused, or
 * one whose request failed outright (after retries), is a failed result with the API's code and message;
 * records written before such a failure keep their results. Configuration errors (no credentials) throw.
 */
export async function writeRecords(ctx: IExecuteFunctions, system: ApiSystem, object: string, ops: WriteOp[], stats: CallStats): Promise<WriteResult[]> {
	if (ops.length === 0) return [];
	if (system === 'hubspot') return await writeHubSpot(await hubspotClient(ctx, stats), object, ops);
	return await writeSalesforce(await salesforceClient(ctx, stats), object, ops);
}

/** The system's code and message for a request that failed outright (the connectors throw NodeApiError for those). */
export function requestFailure(system: ApiSystem, error: NodeApiError): WriteFailure {
	return system === 'hubspot' ? hubspotFailure(error) : salesforceFailure(error);
}

/** The fewest calls a full read of `records` can take: 100 per HubSpot page, 2,000 per Salesforce batch. */
export function minimumReadCalls(system: ApiSystem, records: number): number {
	return Math.max(1, Math.ceil(records / (system === 'hubspot' ? 100 : 2000)));
}
