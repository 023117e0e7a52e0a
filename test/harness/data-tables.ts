/**
 * Data Tables over the public API (n8n ≥ 2.7): the setup step the templates need (tables referenced by name
 * must exist) and the assertions the e2e tests make (what the workflows wrote).
 *
 * Name lookups go through `findDataTable`, which filters by exact equality: both the API's name filter and
 * the Data table node's `mode: "name"` match case-insensitive substrings.
 */
import type { N8nHandle } from './n8n-process';

export type ColumnType = 'string' | 'number' | 'boolean' | 'date';

export interface ColumnSpec {
	name: string;
	type: ColumnType;
}

export interface DataTable {
	id: string;
	name: string;
	columns: Array<ColumnSpec & { id: string; index: number }>;
	projectId: string;
	createdAt: string;
	updatedAt: string;
	sizeBytes?: number;
}

export type Row = { id: number; createdAt: string; updatedAt: string } & Record<string, unknown>;

export type Condition = 'eq' | 'neq' | 'like' | 'ilike' | 'gt' | 'gte' | 'lt' | 'lte';

/** The API's filter, or a plain object meaning "every key equals its value". */
export type RowFilter =
	| { type: 'and' | 'or'; filters: Array<{ columnName: string; condition: Condition; value: unknown }> }
	| Record<string, string | number | boolean | null>;

/** Table id, or its exact name. */
export type TableRef = string | { id: string };

interface Page<T> {
	data: T[];
	nextCursor?: string | null;
}

function toApiFilter(filter: RowFilter): object {
	if ('filters' in filter && Array.isArray(filter.filters)) return filter;
	return {
		type: 'and',
		filters: Object.entries(filter).map(([columnName, value]) => ({ columnName, condition: 'eq', value })),
	};
}

async function allPages<T>(h: N8nHandle, path: string, params: URLSearchParams): Promise<T[]> {
	const out: T[] = [];
	let cursor: string | undefined;
	do {
		const q = new URLSearchParams(params);
		q.set('limit', '250');
		if (cursor) q.set('cursor', cursor);
		const page = await h.api<Page<T>>('GET', `${path}?${q}`);
		out.push(...page.data);
		cursor = page.nextCursor ?? undefined;
	} while (cursor);
	return out;
}

/** Columns in their table order (the API returns them in no particular order). */
function ordered(t: DataTable): DataTable {
	return { ...t, columns: [...t.columns].sort((a, b) => a.index - b.index) };
}

/** All tables the API key's owner can see, optionally those whose name contains `nameContains`. */
export async function listDataTables(h: N8nHandle, nameContains?: string): Promise<DataTable[]> {
	const params = new URLSearchParams();
	if (nameContains) params.set('filter', JSON.stringify({ name: nameContains }));
	return (await allPages<DataTable>(h, '/data-tables', params)).map(ordered);
}

/** The table named exactly `name` (case-sensitive), if any. */
export async function findDataTable(h: N8nHandle, name: string): Promise<DataTable | undefined> {
	return (await listDataTables(h, name)).find((t) => t.name === name);
}

/**
 * The table `name` with at least `columns`: created when missing, missing columns added when it exists.
 * A column that exists with another type is an error (changing it would need a migration, not a setup step).
 */
export async function ensureDataTable(h: N8nHandle, name: string, columns: ColumnSpec[]): Promise<DataTable> {
	const existing = await findDataTable(h, name);
	if (!existing) return ordered(await h.api<DataTable>('POST', '/data-tables', { name, columns }));
	let added = false;
	for (const col of columns) {
		const have = existing.columns.find((c) => c.name === col.name);
		if (have && have.type !== col.type) {
			throw new Error(`data table "${name}": column "${col.name}" is ${have.type}, wanted ${col.type}`);
		}
		if (!have) {
			await h.api('POST', `/data-tables/${existing.id}/columns`, col);
			added = true;
		}
	}
	return added ? ordered(await h.api<DataTable>('GET', `/data-tables/${existing.id}`)) : existing;
}

/** Resolves an exact name (or `{ id }`, or an id string that is not a table name) to the table id. */
export async function tableId(h: N8nHandle, ref: TableRef): Promise<string> {
	if (typeof ref !== 'string') return ref.id;
	return (await findDataTable(h, ref))?.id ?? ref;
}

export async function deleteDataTable(h: N8nHandle, ref: TableRef): Promise<void> {
	await h.api('DELETE', `/data-tables/${await tableId(h, ref)}`);
}

/** Every row (following the cursor), optionally filtered and sorted (`column:asc|desc`). */
export async function listRows(h: N8nHandle, ref: TableRef, { filter, sortBy }: { filter?: RowFilter; sortBy?: string } = {}): Promise<Row[]> {
	const params = new URLSearchParams();
	if (filter) params.set('filter', JSON.stringify(toApiFilter(filter)));
	if (sortBy) params.set('sortBy', sortBy);
	return await allPages<Row>(h, `/data-tables/${await tableId(h, ref)}/rows`, params);
}

/** Inserts rows and returns them as stored (with id, createdAt, updatedAt). */
export async function insertRows(h: N8nHandle, ref: TableRef, rows: Array<Record<string, unknown>>): Promise<Row[]> {
	if (rows.length === 0) return [];
	return await h.api<Row[]>('POST', `/data-tables/${await tableId(h, ref)}/rows`, { data: rows, returnType: 'all' });
}

/** Sets `data` on the rows matching `filter` (PATCH …/rows/update) and returns them as updated. */
export async function updateRows(h: N8nHandle, ref: TableRef, filter: RowFilter, data: Record<string, unknown>): Promise<Row[]> {
	return await h.api<Row[]>('PATCH', `/data-tables/${await tableId(h, ref)}/rows/update`, { filter: toApiFilter(filter), data, returnData: true });
}

/** Deletes the rows matching `filter` (the API refuses an unfiltered delete) and returns them. */
export async function deleteRows(h: N8nHandle, ref: TableRef, filter: RowFilter): Promise<Row[]> {
	const q = new URLSearchParams({ filter: JSON.stringify(toApiFilter(filter)), returnData: 'true' });
	return await h.api<Row[]>('DELETE', `/data-tables/${await tableId(h, ref)}/rows/delete?${q}`);
}

/** Removes every row (DELETE …/rows/clear). */
export async function clearRows(h: N8nHandle, ref: TableRef): Promise<void> {
	await h.api('DELETE', `/data-tables/${await tableId(h, ref)}/rows/clear`);
}
