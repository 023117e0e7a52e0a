/**
 * Gives both weeks the same names in every breakdown — outcomes, directions, rules, categories — with
 * zeros where a week had none, so "0 last week" is a number in the JSON rather than a missing key, and
 * every count the page shows can be looked up.
 */
import { RULES } from './cycles';
import { emptyDirection, OUTCOMES } from './events';
import { ordered } from './stats';
import type { DirectionMetrics, EventMetrics, WeekMetrics } from './types';

/** The outcomes the issue names are always listed. */
const NAMED_OUTCOMES = ['written', 'no_change', 'rejected_signature', 'failed'];
/** The seed's three rules are always listed. */
const NAMED_RULES = RULES.slice(0, 3);

function fill(counts: Readonly<Record<string, number>>, names: Iterable<string>, first: readonly string[]): Record<string, number> {
	const out: Record<string, number> = { ...counts };
	for (const name of names) out[name] ??= 0;
	return ordered(out, first);
}

function keysOf(...maps: ReadonlyArray<Readonly<Record<string, unknown>> | null | undefined>): Set<string> {
	return new Set(maps.flatMap((m) => (m ? Object.keys(m) : [])));
}

function alignEvents(cur: EventMetrics, prev: EventMetrics): [EventMetrics, EventMetrics] {
	const directions = keysOf(cur.byDirection, prev.byDirection);
	const outcomes = new Set([...NAMED_OUTCOMES, ...keysOf(cur.byOutcome, prev.byOutcome)]);
	const one = (e: EventMetrics, other: EventMetrics): EventMetrics => {
		const byDirection: Record<string, DirectionMetrics> = {};
		for (const key of [...Object.keys(e.byDirection), ...[...directions].filter((k) => !(k in e.byDirection))]) {
			const d = e.byDirection[key] ?? { ...emptyDirection(other.byDirection[key].source, other.byDirection[key].target, {}), label: other.byDirection[key].label };
			byDirection[key] = { ...d, byOutcome: fill(d.byOutcome, outcomes, OUTCOMES) };
		}
		return { ...e, byOutcome: fill(e.byOutcome, outcomes, OUTCOMES), byDirection };
	};
	return [one(cur, prev), one(prev, cur)];
}

/** Both weeks with the same keys in every breakdown. */
export function alignWeeks(cur: WeekMetrics, prev: WeekMetrics): [WeekMetrics, WeekMetrics] {
	const [events, prevEvents] = alignEvents(cur.events, prev.events);
	const rules = new Set([...NAMED_RULES, ...keysOf(cur.autoResolved.byRule, prev.autoResolved.byRule, cur.autoResolved.fastLoop?.byRule, prev.autoResolved.fastLoop?.byRule)]);
	const categories = keysOf(cur.escalated.byCategory, prev.escalated.byCategory, cur.escalated.cycleDecisionsByCategory, prev.escalated.cycleDecisionsByCategory, cur.queue.openByCategory, prev.queue.openByCategory);
	const one = (w: WeekMetrics, e: EventMetrics): WeekMetrics => ({
		...w,
		events: e,
		autoResolved: {
			...w.autoResolved,
			byRule: fill(w.autoResolved.byRule, rules, RULES),
			fastLoop: w.autoResolved.fastLoop === null ? null : { ...w.autoResolved.fastLoop, byRule: fill(w.autoResolved.fastLoop.byRule, rules, RULES) },
		},
		escalated: { ...w.escalated, byCategory: fill(w.escalated.byCategory, categories, []), cycleDecisionsByCategory: fill(w.escalated.cycleDecisionsByCategory, categories, []) },
		queue: { ...w.queue, openByCategory: fill(w.queue.openByCategory, categories, []) },
	});
	return [one(cur, events), one(prev, prevEvents)];
}
