import { createHash } from 'crypto';

import type { Decision, Policy } from '../engine';

/**
 * One operator-queue row, flat so it fits a Data Table (string, number, boolean and date columns).
 * Values are kept as JSON text exactly as each system holds them.
 */
export interface QueueRow {
	queueId: string;
	status: 'open' | 'resolved' | 'dismissed' | 'resolved_upstream';
	category: string;
	priority: string;
	kind: string;
	rule: string;
	policy: string;
	key: string;
	field: string;
	aSystem: string;
	bSystem: string;
	aObject: string;
	bObject: string;
	aId: string;
	bId: string;
	aValue: string;
	bValue: string;
	aModifiedAt: string;
	bModifiedAt: string;
	reason: string;
	/** Hash of both values: a dismissed item comes back only when a value changes. */
	fingerprint: string;
	firstSeenAt: string;
	lastSeenAt: string;
	timesSeen: number;
	resolvedAt: string;
	resolvedBy: string;
	resolution: string;
	resolvedValue: string;
	note: string;
	ttrSeconds: number;
}

/** The columns the templates create for the queue table, with their Data Table types. */
export const QUEUE_COLUMNS: Array<{ name: keyof QueueRow; type: 'string' | 'number' }> = [
	'queueId', 'status', 'category', 'priority', 'kind', 'rule', 'policy', 'key', 'field', 'aSystem', 'bSystem', 'aObject', 'bObject',
	'aId', 'bId', 'aValue', 'bValue', 'aModifiedAt', 'bModifiedAt', 'reason', 'fingerprint', 'firstSeenAt', 'lastSeenAt', 'timesSeen',
	'resolvedAt', 'resolvedBy', 'resolution', 'resolvedValue', 'note', 'ttrSeconds',
].map((name) => ({ name: name as keyof QueueRow, type: name === 'timesSeen' || name === 'ttrSeconds' ? 'number' : 'string' }));

function hash(text: string, length: number): string {
	return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/** The same discrepancy (policy, kind, record, field) gets the same id in every cycle. */
export function queueIdOf(policy: Policy, d: Pick<Decision, 'kind' | 'key' | 'field' | 'aId' | 'bId'>): string {
	const subject = d.kind === 'missing_key' ? `${d.aId ?? ''}/${d.bId ?? ''}` : d.key;
	return hash(`${policy.name}\u0000${d.kind}\u0000${subject}\u0000${d.field ?? ''}`, 20);
}

function json(value: unknown): string {
	return value === undefined ? '' : JSON.stringify(value);
}

function iso(ms: number | null | undefined): string {
	return ms === null || ms === undefined ? '' : new Date(ms).toISOString();
}

/** A queue row for an escalated decision, as first seen `now`. */
export function rowFromDecision(policy: Policy, d: Decision, now: string): QueueRow {
	const discrepancy = d.discrepancy;
	const times = discrepancy.kind === 'mismatch' ? { a: discrepancy.a.modifiedAt, b: discrepancy.b.modifiedAt } : { a: null, b: null };
	const aValue = json(d.before.a);
	const bValue = json(d.before.b);
	return {
		queueId: queueIdOf(policy, d),
		status: 'open',
		category: d.escalation?.category ?? 'uncategorised',
		priority: d.escalation?.priority ?? 'medium',
		kind: d.kind,
		rule: d.rule,
		policy: policy.name,
		key: d.key,
		field: d.field ?? '',
		aSystem: policy.a.system,
		bSystem: policy.b.system,
		aObject: policy.a.object,
		bObject: policy.b.object,
		aId: d.aId ?? '',
		bId: d.bId ?? '',
		aValue,
		bValue,
		aModifiedAt: iso(times.a),
		bModifiedAt: iso(times.b),
		reason: d.reason,
		fingerprint: hash(`${aValue}\u0000${bValue}`, 16),
		firstSeenAt: now,
		lastSeenAt: now,
		timesSeen: 1,
		resolvedAt: '',
		resolvedBy: '',
		resolution: '',
		resolvedValue: '',
		note: '',
		ttrSeconds: 0,
	};
}

export function secondsBetween(fromIso: string, toIso: string): number {
	const from = Date.parse(fromIso);
	const to = Date.parse(toIso);
	return Number.isFinite(from) && Number.isFinite(to) ? Math.max(0, Math.round((to - from) / 1000)) : 0;
}
