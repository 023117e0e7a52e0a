import type { Policy } from '../policy/schema';
import type { Decision, Discrepancy, MismatchDiscrepancy } from '../types';
import { createContext, fieldOf, type ResolveContext } from './context';
import { resolveDuplicateKey, resolveMissingKey, resolveOnlyIn, resolveSchemaDrift } from './records';
import { strategyFor } from './registry';

export { union, threeWay } from './merge';
export { strategies } from './registry';
export { createContext, type ResolveContext } from './context';
export { sideLabel } from '../labels';
export { creationFields } from './records';

function resolveMismatch(d: MismatchDiscrepancy, ctx: ResolveContext): Decision {
	const { rule } = fieldOf(ctx, d.field).spec;
	// The registry is indexed by the same discriminant as the rule, so this pairing is sound.
	const strategy = strategyFor(rule.kind) as (d: MismatchDiscrepancy, r: typeof rule, c: ResolveContext) => Decision;
	return strategy(d, rule, ctx);
}

/** Applies the policy to one discrepancy. */
export function resolveOne(d: Discrepancy, ctx: ResolveContext): Decision {
	switch (d.kind) {
		case 'mismatch':
			return resolveMismatch(d, ctx);
		case 'only_in_a':
		case 'only_in_b':
			return resolveOnlyIn(d, ctx);
		case 'duplicate_key':
			return resolveDuplicateKey(d, ctx);
		case 'missing_key':
			return resolveMissingKey(d, ctx);
		case 'schema_drift':
			return resolveSchemaDrift(d, ctx);
	}
}

/**
 * Resolves every discrepancy by its field's rule (or the policy's record-level settings). Pure and
 * deterministic: the same policy and discrepancies give the same decisions, in the same order.
 */
export function resolveAll(policy: Policy, discrepancies: readonly Discrepancy[]): Decision[] {
	const ctx = createContext(policy);
	return discrepancies.map((d) => resolveOne(d, ctx));
}
