import type { Rule } from '../policy/schema';
import type { Decision, MismatchDiscrepancy, Normalized } from '../types';
import { settle, show, type ResolveContext } from './context';

type MergeRule = Extract<Rule, { kind: 'merge' }>;

function asSet(value: Normalized | undefined): Set<string> {
	return new Set(Array.isArray(value) ? value : value === null || value === undefined ? [] : [String(value)]);
}

function toValue(items: Iterable<string>): Normalized {
	const list = [...items].sort();
	return list.length === 0 ? null : list;
}

/** Union: every option either side holds (the seed's merge rule). */
export function union(a: Normalized, b: Normalized): Normalized {
	return toValue(new Set([...asSet(a), ...asSet(b)]));
}

/**
 * Three-way set merge against the last agreed set: an option added on either side is kept, an option
 * removed on either side stays removed. Without a baseline it falls back to union.
 */
export function threeWay(a: Normalized, b: Normalized, base: Normalized): Normalized {
	const setA = asSet(a);
	const setB = asSet(b);
	const setBase = asSet(base);
	const result = new Set<string>();
	for (const item of new Set([...setA, ...setB])) {
		const removed = setBase.has(item) && (!setA.has(item) || !setB.has(item));
		if (!removed) result.add(item);
	}
	return toValue(result);
}

/** Merge for list fields: both sides end with the merged set. */
export function resolveMerge(d: MismatchDiscrepancy, rule: MergeRule, ctx: ResolveContext): Decision {
	if (rule.strategy === 'three_way' && d.baseline !== undefined) {
		const merged = threeWay(d.a.value, d.b.value, d.baseline);
		const reason = `three-way merge of ${d.field} against the last agreed ${show(d.baseline)}: additions and removals on either side both apply`;
		return settle(ctx, d, 'merge', merged, reason);
	}
	const note = rule.strategy === 'three_way' ? ' (no baseline yet, so a plain union)' : '';
	return settle(ctx, d, 'merge', union(d.a.value, d.b.value), `union of ${d.field} from both sides${note}`);
}
