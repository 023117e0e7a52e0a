import { isoInstant } from '../normalize';
import type { Rule } from '../policy/schema';
import type { Decision, MismatchDiscrepancy, Side } from '../types';
import { escalateDecision, settle, type ResolveContext } from './context';

type RecencyRule = Extract<Rule, { kind: 'recency' }>;
type Fallback = RecencyRule['onTie'];

function win(d: MismatchDiscrepancy, side: Side, ctx: ResolveContext, reason: string): Decision {
	return settle(ctx, d, 'recency', d[side].value, reason, side);
}

function fallback(d: MismatchDiscrepancy, rule: RecencyRule, ctx: ResolveContext, choice: Fallback, why: string): Decision {
	if (choice === 'escalate') return escalateDecision(d, 'recency', rule.category, rule.priority, `${why}; escalated`);
	const side: Side = choice === 'prefer_a' ? 'a' : 'b';
	return win(d, side, ctx, `${why}; the policy prefers ${ctx.labels[side]}`);
}

function stamp(ms: number, source: string): string {
	return `${isoInstant(ms)} (${source})`;
}

/**
 * The most recently modified value wins. With a baseline, a field changed on one side only since the last
 * agreement follows that side whatever the timestamps say (a record-level timestamp moves for any field).
 * When both changed, timestamps decide; a tie within the clock-skew tolerance or a missing timestamp
 * follows the rule's fallback (escalate by default).
 */
export function resolveRecency(d: MismatchDiscrepancy, rule: RecencyRule, ctx: ResolveContext): Decision {
	if (d.changed === 'a' || d.changed === 'b') {
		const reason = `only ${ctx.labels[d.changed]} changed ${d.field} since the last agreed value`;
		return win(d, d.changed, ctx, reason);
	}
	const ta = d.a.modifiedAt;
	const tb = d.b.modifiedAt;
	if (ta === null || tb === null) {
		const missing = [ta === null ? ctx.labels.a : null, tb === null ? ctx.labels.b : null].filter(Boolean).join(' and ');
		return fallback(d, rule, ctx, rule.onMissingTimestamp, `no modification time from ${missing} for ${d.field}`);
	}
	if (Math.abs(ta - tb) <= rule.clockSkewMs) {
		const why = `${ctx.labels.a} and ${ctx.labels.b} changed ${d.field} within ${rule.clockSkewMs} ms of each other`;
		return fallback(d, rule, ctx, rule.onTie, why);
	}
	const newer: Side = ta > tb ? 'a' : 'b';
	const older: Side = newer === 'a' ? 'b' : 'a';
	const reason = `${ctx.labels[newer]} changed ${d.field} more recently: ${stamp(d[newer].modifiedAt as number, d[newer].modifiedAtSource)} vs ${stamp(d[older].modifiedAt as number, d[older].modifiedAtSource)}`;
	return win(d, newer, ctx, reason);
}
