import type { Rule } from '../policy/schema';
import type { Decision, MismatchDiscrepancy } from '../types';
import { escalateDecision, show, type ResolveContext } from './context';

type EscalateRule = Extract<Rule, { kind: 'escalate' }>;

/** High-stakes fields (deal value, contract dates, ownership): every discrepancy goes to an operator. */
export function resolveEscalate(d: MismatchDiscrepancy, rule: EscalateRule, ctx: ResolveContext): Decision {
	const reason = `${d.field} is a "${rule.category}" field: ${ctx.labels.a} has ${show(d.a.value)}, ${ctx.labels.b} has ${show(d.b.value)}; an operator decides`;
	return escalateDecision(d, 'escalate', rule.category, rule.priority, reason);
}
