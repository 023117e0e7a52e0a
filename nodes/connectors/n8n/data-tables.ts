/**
 * n8n's own public API for Data Tables, in batches: find a table by its exact name, list rows matching an
 * OR of conditions, delete by condition, insert many rows in one call.
 */
import { NodeApiError, NodeOperationError, type IExecuteFunctions, type IHttpRequestMethods, type JsonObject } from 'n8n-workflow';

import { httpFailure } from '../shared/http-error';
import { RetryBudget } from '../shared/retry';
import { countCall, type CallStats } from '../types';

export const N8N_CREDENTIAL = 'reconcileN8nApi';

export interface N8nClient {
	ctx: IExecuteFunctions;
	apiUrl: string;
	stats: CallStats;
	retry: RetryBudget;
}

export interface Condition {
	columnName: string;
	condition: 'eq';
	value: string;
}

export type Row = Record<string, unknown> & { id?: number; updatedAt?: string };

export async function n8nClient(ctx: IExecuteFunctions, stats: CallStats): Promise<N8nClient> {
	const credentials = await ctx.getCredentials(N8N_CREDENTIAL);
	return { ctx, apiUrl: String(credentials.apiUrl ?? '').replace(/\/+$/, ''), stats, retry: new RetryBudget() };
}

async function call<T>(client: N8nClient, method: IHttpRequestMethods, path: string, qs?: Record<string, string>, body?: unknown): Promise<T> {
	const endpoint = `${method} ${path.replace(/\/data-tables\/[^/]+/, '/data-tables/{id}')}`;
	const outcome = await client.retry.run(
		client.stats,
		async () => {
			countCall(client.stats, endpoint);
			return (await client.ctx.helpers.httpRequestWithAuthentication.call(client.ctx, N8N_CREDENTIAL, {
				method,
				url: `${client.apiUrl}${path}`,
				qs,
				body: body as never,
				json: true,
			})) as T;
		},
		(error) => {
			const status = httpFailure(error).status;
			return status === undefined || status >= 500 || status === 429 ? { retry: true, reason: `HTTP ${status ?? 'network error'}` } : { retry: false };
		},
	);
	if (outcome.ok) return outcome.value;
	const failure = httpFailure(outcome.error);
	const message = (failure.body as { message?: string } | undefined)?.message ?? failure.message;
	throw new NodeApiError(client.ctx.getNode(), (failure.body ?? { message }) as JsonObject, {
		message: `n8n API ${failure.status ?? 'network error'} on ${endpoint}: ${message}`,
		httpCode: failure.status === undefined ? undefined : String(failure.status),
	});
}

interface Page<T> {
	data: T[];
	nextCursor?: string | null;
}

/**
 * Table ids by instance and name, for a few minutes: every fast-loop delivery loads and saves baseline rows,
 * and looking the table up each time was one more API call per node run. A table deleted and created again
 * gets a new id: `withTable` notices the 404 and looks the name up again.
 */
const TABLE_ID_TTL_MS = 300_000;
const tableIds = new Map<string, { id: string; expiresAt: number }>();

/**
 * Runs `work` with the id of the table named `name`, from the cache when fresh; if the API answers 404 for a
 * cached id (the table was replaced), once more with the id looked up anew.
 */
export async function withTable<T>(client: N8nClient, name: string, work: (tableId: string) => Promise<T>): Promise<T> {
	const key = `${client.apiUrl}\u0000${name}`;
	const cached = tableIds.get(key);
	const now = Date.now();
	if (cached !== undefined && cached.expiresAt > now) {
		let failure: unknown;
		try {
			return await work(cached.id);
		} catch (error) {
			failure = error;
		}
		if (!(failure instanceof NodeApiError) || failure.httpCode !== '404') throw failure;
		tableIds.delete(key);
	}
	const id = await tableIdByName(client, name);
	tableIds.set(key, { id, expiresAt: now + TABLE_ID_TTL_MS });
	return await work(id);
}

/** The id of the table named exactly `name` (the API's name filter matches substrings). */
export async function tableIdByName(client: N8nClient, name: string): Promise<string> {
	let cursor: string | undefined;
	do {
		const qs: Record<string, string> = { filter: JSON.stringify({ name }), limit: '250' };
		if (cursor) qs.cursor = cursor;
		const page = await call<Page<{ id: string; name: string }>>(client, 'GET', '/data-tables', qs);
		const found = page.data.find((t) => t.name === name);
		if (found) return found.id;
		cursor = page.nextCursor ?? undefined;
	} while (cursor);
	throw new NodeOperationError(client.ctx.getNode(), `Data table "${name}" not found`, {
		description: 'Run the Reconcile cycle workflow once: it creates the tables. Check that the API key belongs to the project that owns them.',
	});
}

/** Rows matching any of `conditions`, all pages. */
export async function rowsMatchingAny(client: N8nClient, tableId: string, conditions: Condition[]): Promise<Row[]> {
	const rows: Row[] = [];
	let cursor: string | undefined;
	do {
		const qs: Record<string, string> = { filter: JSON.stringify({ type: 'or', filters: conditions }), limit: '250' };
		if (cursor) qs.cursor = cursor;
		const page = await call<Page<Row>>(client, 'GET', `/data-tables/${tableId}/rows`, qs);
		rows.push(...page.data);
		cursor = page.nextCursor ?? undefined;
	} while (cursor);
	return rows;
}

export async function deleteRowsMatchingAny(client: N8nClient, tableId: string, conditions: Condition[]): Promise<void> {
	await call(client, 'DELETE', `/data-tables/${tableId}/rows/delete`, { filter: JSON.stringify({ type: 'or', filters: conditions }) });
}

export async function insertRows(client: N8nClient, tableId: string, rows: Array<Record<string, unknown>>): Promise<void> {
	await call(client, 'POST', `/data-tables/${tableId}/rows`, undefined, { data: rows, returnType: 'count' });
}
