import type { CycleRow, EventRow } from '../engine/rows';
import { collectSummaries, num, text, total, type Summaries } from './summaries';

function policyName(found: Summaries, fallback: string): string {
	return text(found.diff?.policy ?? found.resolve?.policy ?? found.apply?.policy ?? found.snapshots[0]?.policy ?? fallback);
}

function snapshotCalls(found: Summaries, side: 'a' | 'b'): number {
	return found.snapshots.filter((s) => s.side === side).reduce((sum, s) => sum + num(s.apiCalls), 0);
}

/** What Resolve settled and escalated; a dry run settled and escalated nothing. */
function resolved(found: Summaries): Record<string, unknown> {
	return found.resolve === undefined || found.resolve.dryRun === true ? {} : found.resolve;
}

/** One `reconcile_cycles` row from the summaries of one cycle's nodes. */
export function cycleRow(items: ReadonlyArray<{ json: Record<string, unknown> }>, ids: { cycleId: string; startedAt: string; now: string; mode: string; policy: string; dryRun?: boolean }): CycleRow {
	const found = collectSummaries(items);
	const diff = found.diff ?? {};
	const resolve = resolved(found);
	const apply = found.apply ?? {};
	const bySide = (apply.apiCallsBySide ?? {}) as { a?: number; b?: number };
	return {
		cycleId: ids.cycleId,
		policy: policyName(found, ids.policy),
		startedAt: ids.startedAt,
		finishedAt: ids.now,
		durationMs: Math.max(0, Date.parse(ids.now) - Date.parse(ids.startedAt)) || 0,
		mode: ids.mode,
		dryRun: ids.dryRun === true || found.resolve?.dryRun === true || found.apply?.dryRun === true,
		aborted: diff.aborted === true,
		abortReason: text(diff.reason),
		recordsA: num(diff.recordsA),
		recordsB: num(diff.recordsB),
		matched: num(diff.matched),
		discrepancies: num(diff.discrepancies),
		mismatchedFields: num(diff.mismatchedFields),
		onlyInA: num(diff.onlyInA),
		onlyInB: num(diff.onlyInB),
		conflicts: num(diff.duplicateKeys) + num(diff.missingKeys) + num(diff.schemaDrift),
		schemaDrift: num(diff.schemaDrift),
		autoResolved: total(resolve.autoResolvedByRule),
		autoResolvedByRule: JSON.stringify(resolve.autoResolvedByRule ?? {}),
		escalated: total(resolve.escalatedByCategory),
		escalatedByCategory: JSON.stringify(resolve.escalatedByCategory ?? {}),
		written: num(apply.updated) + num(apply.created),
		failed: num(apply.failed),
		apiCallsA: snapshotCalls(found, 'a') + num(bySide.a),
		apiCallsB: snapshotCalls(found, 'b') + num(bySide.b),
	};
}

const OTHER: Record<string, string> = { hubspot: 'salesforce', salesforce: 'hubspot' };

function outcomeOf(found: Summaries, counts: { records: number; written: number; failed: number; echoes: number }): string {
	if (found.rejected !== undefined) return num(found.rejected.status) === 401 ? 'rejected_signature' : 'rejected';
	if (counts.failed > 0) return 'failed';
	if (counts.written > 0) return 'written';
	if (counts.records === 0 && counts.echoes > 0) return 'echo';
	return 'no_change';
}

const REASON_CHARS = 1000;
/** Record ids kept per event row: enough to find the records of a typical delivery, bounded for a 100-event one. */
const LISTED_IDS = 20;

function idList(ids: unknown[] | undefined): string {
	if (!Array.isArray(ids)) return '';
	const listed = ids.slice(0, LISTED_IDS).map(String).join(',');
	return ids.length > LISTED_IDS ? `${listed} +${ids.length - LISTED_IDS} more` : listed;
}

/** Records the delivery named that this loop does not sync: unknown types (counted by the trigger) and other known ones. */
function notSynced(found: Summaries, objectType: string): { count: number; types: string[] } {
	const objects = (found.changes?.objects ?? {}) as Record<string, unknown>;
	const types = Object.keys(objects).filter((t) => t !== objectType);
	const count = num(found.changes?.ignored) + types.reduce((n, t) => n + (Array.isArray(objects[t]) ? (objects[t] as unknown[]).length : 0), 0);
	return { count, types };
}

/** Why a delivery was refused, or what went wrong with an accepted one: writes the API refused, records of types not synced here. */
function reasonOf(found: Summaries, objectType: string): string {
	if (found.rejected !== undefined) return text(found.rejected.reason);
	const parts: string[] = [];
	const failures = Array.isArray(found.apply?.failures) ? (found.apply.failures as Array<Record<string, unknown>>) : [];
	const failed = num(found.apply?.failed);
	if (failed > 0) {
		const listed = failures.map((f) => `${text(f.system)} ${text(f.object)} ${text(f.id) || text(f.key)}: ${text(f.code)} ${text(f.message)}`.trim());
		parts.push(`${failed} write${failed === 1 ? '' : 's'} failed${listed.length > 0 ? `: ${listed.join('; ')}` : ''}`);
	}
	const ignored = notSynced(found, objectType);
	if (ignored.count > 0) {
		const named = ignored.types.length > 0 ? ` (${ignored.types.join(', ')})` : '';
		parts.push(`${ignored.count} event${ignored.count === 1 ? '' : 's'} for object types this loop does not sync${named}: ignored`);
	}
	const reason = parts.join('. ');
	return reason.length > REASON_CHARS ? `${reason.slice(0, REASON_CHARS - 1)}…` : reason;
}

/** One `reconcile_events` row for a fast-loop delivery, from the trigger item and the nodes' summaries. */
export function eventRow(items: ReadonlyArray<{ json: Record<string, unknown> }>, ids: { now: string; policy: string; objectType: string }): EventRow {
	const found = collectSummaries(items);
	const trigger = found.changes ?? found.rejected ?? {};
	const source = text(trigger.source);
	const named = (found.changes?.objects as Record<string, unknown[]> | undefined)?.[ids.objectType];
	const records = Array.isArray(named) ? named.length : 0;
	const written = num(found.apply?.updated) + num(found.apply?.created);
	const failed = num(found.apply?.failed);
	const echoes = num(trigger.echoes);
	const receivedAt = text(trigger.receivedAt) || ids.now;
	return {
		receivedAt,
		policy: policyName(found, ids.policy),
		source,
		direction: source ? `${source}→${OTHER[source] ?? 'other'}` : '',
		channel: text(trigger.channel),
		objectType: ids.objectType,
		events: num(trigger.events),
		records,
		recordIds: idList(named),
		written,
		unchanged: Math.max(0, records - written - failed),
		failed,
		escalated: total(resolved(found).escalatedByCategory),
		echoes,
		duplicates: num(trigger.duplicates),
		outcome: outcomeOf(found, { records, written, failed, echoes }),
		latencyMs: Math.max(0, Date.parse(ids.now) - Date.parse(receivedAt)) || 0,
		reason: reasonOf(found, ids.objectType),
	};
}
