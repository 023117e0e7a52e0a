import { diffSnapshots, type DiffOptions, type DiffResult } from './diff';
import { buildPlan, type Plan, type PlanOptions } from './plan';
import type { Policy } from './policy/schema';
import { resolveAll } from './resolve';
import type { Decision, SnapshotRecord } from './types';

export interface ReconcileOptions extends DiffOptions, PlanOptions {}

export interface ReconcileResult {
	diff: DiffResult;
	decisions: Decision[];
	plan: Plan;
}

/** The whole slow-loop pipeline in one call: diff (with the baseline), resolve by the policy, plan the writes. */
export function reconcile(
	policy: Policy,
	recordsA: readonly SnapshotRecord[],
	recordsB: readonly SnapshotRecord[],
	options: ReconcileOptions = {},
): ReconcileResult {
	const diff = diffSnapshots(policy, recordsA, recordsB, options);
	const decisions = resolveAll(policy, diff.discrepancies);
	const plan = buildPlan(policy, diff, decisions, options);
	return { diff, decisions, plan };
}
