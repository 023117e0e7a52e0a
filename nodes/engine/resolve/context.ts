import { codecFor, sameNormalized, valueStyleOf, type FieldCodec, type ValueStyle } from '../normalize';
import { sideLabel } from '../labels';
import type { FieldSpec, Policy } from '../policy/schema';
import type { Decision, MismatchDiscrepancy, Normalized, Priority, RuleName, Side } from '../types';

/** What every strategy needs, computed once per resolve run. */
export interface ResolveContext {
	policy: Policy;
	labels: Record<Side, string>;
	styles: Record<Side, ValueStyle>;
	fields: Map<string, { spec: FieldSpec; codec: FieldCodec }>;
}

export function createContext(policy: Policy): ResolveContext {
	return {
		policy,
		labels: { a: sideLabel(policy, 'a'), b: sideLabel(policy, 'b') },
		styles: { a: valueStyleOf(policy.a.system), b: valueStyleOf(policy.b.system) },
		fields: new Map(policy.fields.map((spec) => [spec.name, { spec, codec: codecFor(spec) }])),
	};
}

export function fieldOf(ctx: ResolveContext, name: string): { spec: FieldSpec; codec: FieldCodec } {
	const field = ctx.fields.get(name);
	// A discrepancy naming a field the policy lacks means diff and resolve ran with different policies.
	if (field === undefined) throw new Error(`Field "${name}" is not in policy "${ctx.policy.name}"; diff and resolve must use the same policy`);
	return field;
}

/** Human-readable value for reasons: `"a@b.com"`, `[x, y]`, `blank`. */
export function show(value: Normalized): string {
	if (value === null) return 'blank';
	if (Array.isArray(value)) return `[${value.join(', ')}]`;
	return JSON.stringify(value);
}

/**
 * A decision that settles `d` on `value`: each side whose current value differs gets a write, formatted
 * for that system. `from` names the side whose raw value won, so its own spelling is written.
 */
export function settle(
	ctx: ResolveContext,
	d: MismatchDiscrepancy,
	rule: RuleName,
	value: Normalized,
	reason: string,
	from?: Side,
): Decision {
	const { codec } = fieldOf(ctx, d.field);
	const toA = !sameNormalized(value, d.a.value);
	const toB = !sameNormalized(value, d.b.value);
	const context = { aRaw: d.a.raw, bRaw: d.b.raw, from };
	const decision: Decision = {
		kind: 'mismatch',
		key: d.key,
		field: d.field,
		aId: d.aId,
		bId: d.bId,
		rule,
		action: toA && toB ? 'write_both' : toA ? 'write_a' : toB ? 'write_b' : 'none',
		reason,
		before: { a: d.a.raw, b: d.b.raw },
		after: value,
		discrepancy: d,
	};
	if (toA) decision.writeA = codec.format(value, 'a', ctx.styles.a, context);
	if (toB) decision.writeB = codec.format(value, 'b', ctx.styles.b, context);
	return decision;
}

/** A decision that sends `d` to the operator queue. Escalations never write. */
export function escalateDecision(
	d: MismatchDiscrepancy,
	rule: RuleName,
	category: string,
	priority: Priority,
	reason: string,
): Decision {
	return {
		kind: 'mismatch',
		key: d.key,
		field: d.field,
		aId: d.aId,
		bId: d.bId,
		rule,
		action: 'escalate',
		reason,
		before: { a: d.a.raw, b: d.b.raw },
		escalation: { category, priority },
		discrepancy: d,
	};
}
