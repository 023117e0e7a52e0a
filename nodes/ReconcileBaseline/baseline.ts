import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { deleteRowsMatchingAny, insertRows, n8nClient, rowsMatchingAny, withTable, type Row } from '../connectors/n8n/data-tables';
import { emptyStats } from '../connectors/types';
import type { BaselineTableRow } from '../engine/rows';
import { item } from '../shared/items';

/**
 * Ids per request. The OR filter travels in the query string; measured on n8n 2.40 with SQLite, 50
 * conditions answer in ~30 ms and 100 in ~100 ms, so two calls of 50 beat one of 100.
 */
const CHUNK = 50;

function chunks<T>(items: readonly T[]): T[][] {
	const out: T[][] = [];
	for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
	return out;
}

/** The newest row per key: concurrent fast-loop runs may briefly leave two rows for one key. */
function newestPerKey(rows: Row[]): Row[] {
	const newest = new Map<string, Row>();
	for (const row of rows) {
		const key = String(row.key);
		const prior = newest.get(key);
		if (prior === undefined || String(row.updatedAt ?? '') > String(prior.updatedAt ?? '') || (row.updatedAt === prior.updatedAt && Number(row.id) > Number(prior.id))) newest.set(key, row);
	}
	return [...newest.values()];
}

/** Baseline rows of the records in the input (by their id on `side`), fifty ids per call. */
export async function loadBaseline(ctx: IExecuteFunctions, table: string, policy: string, side: 'a' | 'b'): Promise<INodeExecutionData[][]> {
	const ids = [...new Set(ctx.getInputData().map(({ json }) => json.id).filter((id): id is string | number => typeof id === 'string' || typeof id === 'number').map(String))];
	if (ids.length === 0) return [[]];
	const client = await n8nClient(ctx, emptyStats());
	const column = side === 'a' ? 'aId' : 'bId';
	const rows = await withTable(client, table, async (tableId) => {
		const found: Row[] = [];
		for (const part of chunks(ids)) found.push(...(await rowsMatchingAny(client, tableId, part.map((id) => ({ columnName: column, condition: 'eq', value: id })))));
		return found;
	});
	const mine = newestPerKey(rows.filter((row) => row.policy === policy));
	return [mine.map((row) => item(row, { item: 0 }))];
}

/**
 * Writes baseline rows as one batch per fifty keys: the new rows are inserted and the ones stored before
 * for those keys (of this policy) deleted — an upsert of many rows in three calls instead of one per row.
 */
export async function saveBaseline(ctx: IExecuteFunctions, table: string): Promise<INodeExecutionData[][]> {
	const latest = new Map<string, BaselineTableRow>();
	for (const { json } of ctx.getInputData()) {
		if (typeof json.key !== 'string' || typeof json.policy !== 'string') continue;
		latest.set(`${json.policy}\u0000${json.key}`, {
			policy: json.policy,
			key: json.key,
			aId: String(json.aId ?? ''),
			bId: String(json.bId ?? ''),
			values: typeof json.values === 'string' ? json.values : JSON.stringify(json.values ?? {}),
		});
	}
	const stats = emptyStats();
	if (latest.size === 0) return [[item({ saved: 0, replaced: 0, apiCalls: 0 }, { item: 0 })]];
	const client = await n8nClient(ctx, stats);
	const parts = chunks([...latest.values()]);
	let replaced = 0;
	// The first request of a part reads, so a stale cached table id fails before anything is written.
	const savePart = async (tableId: string, part: BaselineTableRow[]) => {
		const stored = await rowsMatchingAny(client, tableId, part.map((row) => ({ columnName: 'key', condition: 'eq', value: row.key })));
		const policies = new Set(part.map((row) => row.policy));
		const stale = stored.filter((row) => policies.has(String(row.policy)) && row.id !== undefined);
		// Insert first, delete after: a fast-loop run loading these keys in between sees the old row and the new
		// one (it keeps the newest), never none. Deleting first left a moment with no row, and a run that read
		// then compared the pair two-way on record timestamps, which can pick the wrong side (chaos soak).
		await insertRows(client, tableId, part as unknown as Array<Record<string, unknown>>);
		if (stale.length > 0) await deleteRowsMatchingAny(client, tableId, stale.map((row) => ({ columnName: 'id', condition: 'eq', value: String(row.id) })));
		replaced += stale.length;
	};
	const tableId = await withTable(client, table, async (id) => {
		await savePart(id, parts[0]);
		return id;
	});
	for (const part of parts.slice(1)) await savePart(tableId, part);
	return [[item({ saved: latest.size, replaced, apiCalls: stats.calls }, { item: 0 })]];
}
