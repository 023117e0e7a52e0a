import type { Rule } from '../policy/schema';
import { otherSide, type Decision, type MismatchDiscrepancy } from '../types';
import { settle, type ResolveContext } from './context';

type SourceOfTruthRule = Extract<Rule, { kind: 'source_of_truth' }>;

/**
 * The source side's value wins. With `unlessBlank` (HubSpot's "Prefer Salesforce unless blank"), a blank
 * source does not erase the other side: the other side's value is kept and written to the source.
 */
export function resolveSourceOfTruth(d: MismatchDiscrepancy, rule: SourceOfTruthRule, ctx: ResolveContext): Decision {
	const source = rule.side;
	const other = otherSide(source);
	const sourceLabel = ctx.labels[source];
	if (rule.unlessBlank && d[source].value === null) {
		const reason = `${sourceLabel} is the source of truth for ${d.field} unless blank; it is blank, so ${ctx.labels[other]}'s value is kept`;
		return settle(ctx, d, 'source_of_truth', d[other].value, reason, other);
	}
	return settle(ctx, d, 'source_of_truth', d[source].value, `${sourceLabel} is the source of truth for ${d.field}`, source);
}
