/**
 * The Data Tables the templates create on first run and the dashboard reads. Names are chosen so none is a
 * substring of another: n8n resolves a table "by name" with a case-insensitive substring match.
 */
import type { BaselineTableRow, CycleRow, EventRow, PolicyRow, QueueRow, ResolutionRow, WeeklyRow } from '../engine/rows';

export type ColumnType = 'string' | 'number' | 'boolean' | 'date';

export interface TableSpec<Row> {
	name: string;
	columns: Array<{ name: keyof Row & string; type: ColumnType }>;
}

function table<Row>(name: string, columns: Record<keyof Row & string, ColumnType>): TableSpec<Row> {
	return { name, columns: Object.entries(columns).map(([column, type]) => ({ name: column as keyof Row & string, type: type as ColumnType })) };
}

export const EVENTS_TABLE = table<EventRow>('reconcile_events', {
	receivedAt: 'string', policy: 'string', source: 'string', direction: 'string', channel: 'string', objectType: 'string',
	events: 'number', records: 'number', recordIds: 'string', written: 'number', unchanged: 'number', failed: 'number', escalated: 'number',
	echoes: 'number', duplicates: 'number', outcome: 'string', latencyMs: 'number', reason: 'string',
});

export const CYCLES_TABLE = table<CycleRow>('reconcile_cycles', {
	cycleId: 'string', policy: 'string', startedAt: 'string', finishedAt: 'string', durationMs: 'number', mode: 'string', dryRun: 'boolean',
	aborted: 'boolean', abortReason: 'string', recordsA: 'number', recordsB: 'number', matched: 'number', discrepancies: 'number',
	mismatchedFields: 'number', onlyInA: 'number', onlyInB: 'number', conflicts: 'number', schemaDrift: 'number',
	autoResolved: 'number', autoResolvedByRule: 'string', escalated: 'number', escalatedByCategory: 'string', written: 'number',
	failed: 'number', apiCallsA: 'number', apiCallsB: 'number',
});

export const RESOLUTIONS_TABLE = table<ResolutionRow>('reconcile_resolutions', {
	at: 'string', policy: 'string', loop: 'string', key: 'string', field: 'string', rule: 'string', action: 'string',
	reason: 'string', before: 'string', after: 'string', aId: 'string', bId: 'string', dryRun: 'boolean',
});

export const QUEUE_TABLE = table<QueueRow>('reconcile_queue', {
	queueId: 'string', discrepancyId: 'string', status: 'string', category: 'string', priority: 'string', kind: 'string', rule: 'string', policy: 'string',
	key: 'string', field: 'string', aSystem: 'string', bSystem: 'string', aObject: 'string', bObject: 'string', aId: 'string',
	bId: 'string', aValue: 'string', bValue: 'string', aModifiedAt: 'string', bModifiedAt: 'string', reason: 'string',
	fingerprint: 'string', firstSeenAt: 'string', lastSeenAt: 'string', timesSeen: 'number', resolvedAt: 'string',
	resolvedBy: 'string', resolution: 'string', resolvedValue: 'string', note: 'string', ttrSeconds: 'number',
});

export const BASELINE_TABLE = table<BaselineTableRow>('reconcile_baseline', {
	policy: 'string', key: 'string', aId: 'string', bId: 'string', values: 'string',
});

export const POLICY_TABLE = table<PolicyRow>('reconcile_policy', { name: 'string', policy: 'string', publishedAt: 'string' });

export const WEEKLY_TABLE = table<WeeklyRow>('reconcile_weekly', {
	weekStart: 'string', policy: 'string', generatedAt: 'string', numbers: 'string', flags: 'string',
});

export const TABLES = [EVENTS_TABLE, CYCLES_TABLE, RESOLUTIONS_TABLE, QUEUE_TABLE, BASELINE_TABLE, POLICY_TABLE, WEEKLY_TABLE];
