/** Builders for n8n's stock Data table node (`n8n-nodes-base.dataTable` v1.1), addressing tables by name. */
import type { N8nNode } from './builder';

type NodeSpec = Omit<N8nNode, 'id'>;

const TYPE = 'n8n-nodes-base.dataTable';
const VERSION = 1.1;

function byName(table: string) {
	return { __rl: true, mode: 'name', value: table };
}

export interface Condition {
	column: string;
	condition: 'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte' | 'isTrue' | 'isFalse' | 'isEmpty' | 'isNotEmpty';
	value?: string;
}

function filters(conditions: Condition[], match: 'all' | 'any' = 'all') {
	return {
		matchType: match === 'all' ? 'allConditions' : 'anyCondition',
		filters: { conditions: conditions.map((c) => ({ keyName: c.column, condition: c.condition, ...(c.value === undefined ? {} : { keyValue: c.value }) })) },
	};
}

/** Creates the table with its columns unless it exists (first run of a fresh instance). */
export function ensureTable(name: string, position: [number, number], spec: { name: string; columns: ReadonlyArray<{ name: string; type: string }> }): NodeSpec {
	return {
		name,
		type: TYPE,
		typeVersion: VERSION,
		position,
		parameters: {
			resource: 'table',
			operation: 'create',
			tableName: spec.name,
			columns: { column: spec.columns.map((c) => ({ name: c.name, type: c.type })) },
			options: { createIfNotExists: true },
		},
		executeOnce: true,
		// Two first runs at once (a schedule and "Run cycle now"): the slower create fails on n8n's unique
		// (project, name) constraint although the table is there; go on. A table that truly cannot be created
		// fails the first read of it, with n8n's "Data table not found".
		onError: 'continueRegularOutput',
	};
}

export interface GetOptions {
	conditions: Condition[];
	/** Rows matching every condition (default) or any of them. */
	match?: 'all' | 'any';
	limit?: number;
	orderBy?: { column: string; direction: 'ASC' | 'DESC' };
	/** Emit one empty item when nothing matches, so the workflow goes on. */
	alwaysOutputData?: boolean;
	executeOnce?: boolean;
}

export function getRows(name: string, position: [number, number], table: string, options: GetOptions): NodeSpec {
	const parameters: Record<string, unknown> = {
		resource: 'row',
		operation: 'get',
		dataTableId: byName(table),
		...filters(options.conditions, options.match),
		returnAll: options.limit === undefined,
	};
	if (options.limit !== undefined) parameters.limit = options.limit;
	if (options.orderBy) Object.assign(parameters, { orderBy: true, orderByColumn: options.orderBy.column, orderByDirection: options.orderBy.direction });
	return {
		name,
		type: TYPE,
		typeVersion: VERSION,
		position,
		parameters,
		...(options.alwaysOutputData ? { alwaysOutputData: true } : {}),
		...(options.executeOnce ? { executeOnce: true } : {}),
	};
}

/**
 * The sync policy the cycle workflow published last. The policy is edited in one place (the cycle's "Sync
 * policy" node); every other workflow reads the newest published copy and takes the policy's name from it
 * for its own filters, so renaming or replacing the policy needs no edit anywhere else. With several
 * policies on one instance, add a condition on `name` here.
 */
export function publishedPolicy(name: string, position: [number, number], table: string): NodeSpec {
	// No policy yet (no cycle has run): one empty item, so the workflow can say so instead of ending silently.
	return getRows(name, position, table, { conditions: [], limit: 1, orderBy: { column: 'publishedAt', direction: 'DESC' }, alwaysOutputData: true });
}

/** Items already shaped as rows (the Reconcile nodes emit them so); system columns are dropped by n8n. */
const AUTO_MAP = { mappingMode: 'autoMapInputData', value: {}, matchingColumns: [], schema: [] };

export function insertRows(name: string, position: [number, number], table: string): NodeSpec {
	return {
		name,
		type: TYPE,
		typeVersion: VERSION,
		position,
		// Bulk insert: one statement for all items, when the table is addressed without an expression.
		parameters: { resource: 'row', operation: 'insert', dataTableId: byName(table), columns: AUTO_MAP, options: { optimizeBulk: true } },
	};
}

export function upsertRows(name: string, position: [number, number], table: string, match: Condition[]): NodeSpec {
	return {
		name,
		type: TYPE,
		typeVersion: VERSION,
		position,
		parameters: { resource: 'row', operation: 'upsert', dataTableId: byName(table), ...filters(match), columns: AUTO_MAP, options: {} },
	};
}

export function updateRows(name: string, position: [number, number], table: string, match: Condition[]): NodeSpec {
	return {
		name,
		type: TYPE,
		typeVersion: VERSION,
		position,
		parameters: { resource: 'row', operation: 'update', dataTableId: byName(table), ...filters(match), columns: AUTO_MAP, options: {} },
	};
}

/** Deletes the rows that match every condition (once per execution, and goes on even when none matched). */
export function deleteRows(name: string, position: [number, number], table: string, conditions: Condition[]): NodeSpec {
	return {
		name,
		type: TYPE,
		typeVersion: VERSION,
		position,
		parameters: { resource: 'row', operation: 'deleteRows', dataTableId: byName(table), ...filters(conditions), options: {} },
		alwaysOutputData: true,
		executeOnce: true,
	};
}
