import type { Policy } from './policy/schema';
import type { Side } from './types';

export interface RecordCounts {
	a: number;
	b: number;
}

/**
 * The mass-change guard: when a full snapshot of one side suddenly lacks more than the allowed share of
 * the records it had last cycle, something upstream broke (an outage, a pagination bug, a revoked
 * permission). Writing on that basis would create or escalate thousands of phantom differences, so the
 * cycle aborts with no writes. Returns the reason to abort, or null.
 */
export function massChangeReason(policy: Policy, current: RecordCounts, previous: RecordCounts | undefined, labels: Record<Side, string>): string | null {
	if (previous === undefined) return null;
	const { maxMissingPercent, minRecords } = policy.massChangeGuard;
	for (const side of ['a', 'b'] as const) {
		const before = previous[side];
		if (before < minRecords || before <= 0) continue;
		const lost = before - current[side];
		const percent = (lost / before) * 100;
		if (percent > maxMissingPercent) {
			return `${labels[side]} returned ${current[side]} records, ${lost} (${percent.toFixed(1)} %) fewer than the ${before} of the previous cycle; the guard allows ${maxMissingPercent} %, so this cycle writes nothing`;
		}
	}
	return null;
}
