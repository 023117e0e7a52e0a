import { createHash } from 'crypto';

import type { Decision, Policy } from '../engine';
import type { QueueRow } from '../engine/rows';

export type { QueueRow } from '../engine/rows';

function hash(text: string, length: number): string {
	return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/** The same discrepancy (policy, kind, record, field) gets the same id in every cycle. */
export function discrepancyIdOf(policy: Policy, d: Pick<Decision, 'kind' | 'key' | 'field' | 'aId' | 'bId'>): string {
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
	const discrepancyId = discrepancyIdOf(policy, d);
	return {
		queueId: `${discrepancyId}-1`,
		discrepancyId,
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
