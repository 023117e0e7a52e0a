import type { SnapshotRecord } from '../../engine';
import type { ReadRequest, ReadResult } from '../types';
import { SYSTEM_FIELDS, toSnapshotRecord, type SalesforceRecord } from './mapping';
import { datetimeLiteral, identifier, inLists, literal, selectFrom } from './soql';
import { salesforceRequest, type SalesforceClient } from './transport';

interface QueryPage {
	totalSize: number;
	done: boolean;
	nextRecordsUrl?: string;
	records: SalesforceRecord[];
}

/** The largest batch Salesforce serves: ceil(N / 2000) calls for N rows. */
const BATCH_SIZE = 2000;

/** Runs a query and follows `nextRecordsUrl` until `done`. */
async function query(client: SalesforceClient, soql: string, fields: readonly string[]): Promise<SnapshotRecord[]> {
	const records: SnapshotRecord[] = [];
	const headers = { 'Sforce-Query-Options': `batchSize=${BATCH_SIZE}` };
	let page = await salesforceRequest<QueryPage>(client, { method: 'GET', path: '/query', qs: { q: soql }, headers, idempotent: true, endpoint: 'GET /query' });
	for (;;) {
		for (const record of page.records) records.push(toSnapshotRecord(record, fields));
		if (page.done || page.nextRecordsUrl === undefined) break;
		page = await salesforceRequest<QueryPage>(client, { method: 'GET', path: page.nextRecordsUrl, headers, idempotent: true, endpoint: 'GET /query/{locator}' });
	}
	return records;
}

function selected(request: ReadRequest): string[] {
	return [...new Set([...request.fields, ...SYSTEM_FIELDS])];
}

async function byValues(client: SalesforceClient, request: ReadRequest, field: string, values: ReadonlyArray<string | number>): Promise<SnapshotRecord[]> {
	const records: SnapshotRecord[] = [];
	for (const list of inLists([...new Set(values)])) {
		const where = `${identifier(field)} IN (${list.map(literal).join(', ')})`;
		records.push(...(await query(client, selectFrom(request.object, selected(request), where), request.fields)));
	}
	return records;
}

/** Reads a Salesforce snapshot for the requested scope: full, modified since (SystemModstamp, indexed), by ids or by key values. */
export async function readSalesforce(client: SalesforceClient, request: ReadRequest): Promise<ReadResult> {
	const { scope } = request;
	switch (scope.kind) {
		case 'full':
			return { records: await query(client, selectFrom(request.object, selected(request)), request.fields), missingIds: [] };
		case 'modified_since': {
			const where = `SystemModstamp >= ${datetimeLiteral(scope.since)}`;
			return { records: await query(client, selectFrom(request.object, selected(request), where), request.fields), missingIds: [] };
		}
		case 'ids': {
			const records = await byValues(client, request, 'Id', scope.ids);
			// Salesforce accepts 15- and 18-character ids; compare on the case-sensitive 15-character stem.
			const found = new Set(records.map((r) => r.id.slice(0, 15)));
			return { records, missingIds: scope.ids.filter((id) => !found.has(id.slice(0, 15))) };
		}
		case 'keys':
			return { records: await byValues(client, request, scope.field, scope.values), missingIds: [] };
	}
}
