import { isDrift } from '../normalize';
import {
	otherSide,
	type Decision,
	type DuplicateKeyDiscrepancy,
	type MissingKeyDiscrepancy,
	type OnlyInDiscrepancy,
	type SchemaDriftDiscrepancy,
	type Side,
} from '../types';
import type { ResolveContext } from './context';

/**
 * The fields to create a record with on `target`, from the record that exists on the other side: every
 * synced field that normalises cleanly, formatted for the target, plus the key fields. Fields with an
 * escalate rule are left out: automation never writes them, so the next diff escalates them.
 */
export function creationFields(ctx: ResolveContext, source: OnlyInDiscrepancy['record'], target: Side): Record<string, unknown> {
	const from = otherSide(target);
	const fields: Record<string, unknown> = {};
	for (const spec of ctx.policy.match.keys) {
		const raw = source.fields[spec[from]];
		if (typeof raw === 'string' || typeof raw === 'number') fields[spec[target]] = typeof raw === 'string' ? raw.trim() : raw;
	}
	for (const { spec, codec } of ctx.fields.values()) {
		if (spec.rule.kind === 'escalate') continue;
		const raw = source.fields[spec[from]];
		const value = codec.normalize(raw, from);
		if (value === null || isDrift(value)) continue;
		const context = from === 'a' ? { aRaw: raw, from } : { bRaw: raw, from };
		fields[spec[target]] = codec.format(value, target, ctx.styles[target], context);
	}
	return fields;
}

function recordDecision(d: OnlyInDiscrepancy, action: Decision['action'], reason: string, extra: Partial<Decision> = {}): Decision {
	const side: Side = d.kind === 'only_in_a' ? 'a' : 'b';
	return {
		kind: d.kind,
		key: d.key,
		[side === 'a' ? 'aId' : 'bId']: d.id,
		rule: 'only_in',
		action,
		reason,
		before: { [side]: d.record.fields },
		discrepancy: d,
		...extra,
	};
}

/** A record on one side only: new (create, escalate or ignore per policy) or, with a baseline, deleted on the other side. */
export function resolveOnlyIn(d: OnlyInDiscrepancy, ctx: ResolveContext): Decision {
	const side: Side = d.kind === 'only_in_a' ? 'a' : 'b';
	const target = otherSide(side);
	const here = ctx.labels[side];
	const there = ctx.labels[target];
	const { policy } = ctx;
	const escalate = (category: string, reason: string) =>
		recordDecision(d, 'escalate', reason, { escalation: { category, priority: 'medium' } });
	const create = (reason: string) => {
		const fields = creationFields(ctx, d.record, target);
		return recordDecision(d, target === 'a' ? 'create_a' : 'create_b', reason, target === 'a' ? { writeA: fields } : { writeB: fields });
	};
	if (d.inBaseline) {
		const why = `${d.key} was in sync before and is now missing in ${there} (deleted or its key changed)`;
		if (policy.onDeleted === 'escalate') return escalate(policy.escalation.deleted, why);
		if (policy.onDeleted === 'recreate') return create(`${why}; the policy re-creates it`);
		return recordDecision(d, 'none', `${why}; the policy ignores deletions`);
	}
	const action = side === 'a' ? policy.onlyInA : policy.onlyInB;
	const why = `${d.key} exists only in ${here}`;
	if (action === 'create') return create(`${why}; the policy creates it in ${there}`);
	if (action === 'escalate') return escalate(policy.escalation.onlyIn, why);
	return recordDecision(d, 'none', `${why}; the policy ignores records only in ${here}`);
}

export function resolveDuplicateKey(d: DuplicateKeyDiscrepancy, ctx: ResolveContext): Decision {
	const reason = `key ${d.key} is held by ${d.aIds.length} record(s) in ${ctx.labels.a} (${d.aIds.join(', ') || 'none'}) and ${d.bIds.length} in ${ctx.labels.b} (${d.bIds.join(', ') || 'none'}); records are never paired by guess`;
	const base = { kind: d.kind, key: d.key, rule: 'duplicate_key' as const, reason, before: {}, discrepancy: d };
	if (ctx.policy.onDuplicateKey === 'escalate') {
		return { ...base, action: 'escalate', escalation: { category: ctx.policy.escalation.duplicateKey, priority: 'medium' } };
	}
	return { ...base, action: 'none' };
}

export function resolveMissingKey(d: MissingKeyDiscrepancy, ctx: ResolveContext): Decision {
	const reason = `${ctx.labels[d.side]} record ${d.id} has no usable ${d.keyFields.join(' + ')}, so it cannot be matched`;
	return { kind: d.kind, key: '', [d.side === 'a' ? 'aId' : 'bId']: d.id, rule: 'missing_key', action: 'none', reason, before: {}, discrepancy: d };
}

export function resolveSchemaDrift(d: SchemaDriftDiscrepancy, ctx: ResolveContext): Decision {
	const reason = `${ctx.labels[d.side]} ${d.field} does not fit type ${d.expectedType}: ${d.reason}; not written until the policy or the data is fixed`;
	const base = {
		kind: d.kind,
		key: d.key,
		field: d.field,
		[d.side === 'a' ? 'aId' : 'bId']: d.id,
		rule: 'schema_drift' as const,
		reason,
		before: { [d.side]: d.raw },
		discrepancy: d,
	};
	if (ctx.policy.onSchemaDrift === 'escalate') {
		return { ...base, action: 'escalate', escalation: { category: ctx.policy.escalation.schemaDrift, priority: 'medium' } };
	}
	return { ...base, action: 'none' };
}
