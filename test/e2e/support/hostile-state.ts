/**
 * What the hostile-input suite compares before and after each attack: the simulators' write logs (API and
 * UI channel) and every row of every Data Table in the n8n instance.
 */
import { listDataTables, listExecutions, listRows, pollUntil, type Execution, type Row } from '../../harness';
import type { Stack } from '../../harness/stack';
import type { WriteLogEntry } from '../../simulators';

export const EVENTS = 'reconcile_events';

export interface WriteMark {
	hubspot: number;
	salesforce: number;
}

/** Positions in both write logs now. */
export function writeMark(stack: Stack): WriteMark {
	return { hubspot: stack.sims.hubspot.writes(0).length, salesforce: stack.sims.salesforce.writes(0).length };
}

/** Every write either simulator accepted since `mark`, by the integration (api) or a person (ui). */
export function writesSince(stack: Stack, mark: WriteMark): WriteLogEntry[] {
	return [...stack.sims.hubspot.writes(mark.hubspot), ...stack.sims.salesforce.writes(mark.salesforce)];
}

export type TableState = Map<string, Row[]>;

/** Every row of every Data Table, by table name. */
export async function tableState(stack: Stack): Promise<TableState> {
	const state: TableState = new Map();
	for (const table of await listDataTables(stack.n8n)) state.set(table.name, await listRows(stack.n8n, { id: table.id }));
	return state;
}

export interface TableChanges {
	added: Row[];
	removed: Row[];
	changed: Array<{ before: Row; after: Row }>;
}

/** Rows added, removed and changed per table (tables without changes left out). */
export function tableChanges(before: TableState, after: TableState): Record<string, TableChanges> {
	const out: Record<string, TableChanges> = {};
	for (const name of new Set([...before.keys(), ...after.keys()])) {
		const was = new Map((before.get(name) ?? []).map((r) => [r.id, r]));
		const now = new Map((after.get(name) ?? []).map((r) => [r.id, r]));
		const changes: TableChanges = { added: [], removed: [], changed: [] };
		for (const [id, row] of now) {
			const old = was.get(id);
			if (old === undefined) changes.added.push(row);
			else if (JSON.stringify(old) !== JSON.stringify(row)) changes.changed.push({ before: old, after: row });
		}
		for (const [id, row] of was) if (!now.has(id)) changes.removed.push(row);
		if (changes.added.length + changes.removed.length + changes.changed.length > 0) out[name] = changes;
	}
	return out;
}

/** Waits until the events table has `count` rows more than `before` and n8n and the simulators are quiet; returns the new rows. */
export async function newEventRows(stack: Stack, before: TableState, count: number, timeoutMs = 60_000): Promise<Row[]> {
	const known = new Set((before.get(EVENTS) ?? []).map((r) => r.id));
	await pollUntil(
		`${count} new ${EVENTS} row(s)`,
		async () => ((await stack.rows(EVENTS)).filter((r) => !known.has(r.id as number)).length >= count ? true : undefined),
		{ timeoutMs, intervalMs: 200 },
	);
	await stack.quiet();
	return ((await stack.rows(EVENTS)) as Row[]).filter((r) => !known.has(r.id));
}

/** Executions of one workflow that ended in error, newest first, with their data. */
export async function failedExecutions(stack: Stack, workflowId: string): Promise<Execution[]> {
	return await listExecutions(stack.n8n, workflowId, { status: 'error', includeData: true });
}
