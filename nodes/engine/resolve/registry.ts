import type { Rule, RuleKind } from '../policy/schema';
import type { Decision, MismatchDiscrepancy } from '../types';
import type { ResolveContext } from './context';
import { resolveEscalate } from './escalate';
import { resolveMerge } from './merge';
import { resolveRecency } from './recency';
import { resolveSourceOfTruth } from './source-of-truth';

export type Strategy<K extends RuleKind> = (
	d: MismatchDiscrepancy,
	rule: Extract<Rule, { kind: K }>,
	ctx: ResolveContext,
) => Decision;

/** One strategy per rule kind; the mapped type makes a missing strategy a compile error. */
export const strategies: { [K in RuleKind]: Strategy<K> } = {
	source_of_truth: resolveSourceOfTruth,
	recency: resolveRecency,
	merge: resolveMerge,
	escalate: resolveEscalate,
};

export function strategyFor<K extends RuleKind>(kind: K): Strategy<K> {
	return strategies[kind];
}
