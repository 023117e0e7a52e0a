import type { DiffResult } from './diff';
import { massChangeReason, type RecordCounts } from './guard';
import type { Policy } from './policy/schema';
import { createContext } from './resolve';
import type { BaselineRecord, Create, Decision, Patch, RuleName, Side } from './types';

/** A baseline row as it will be true once the listed writes succeed (none listed: true now). Save it only if they did. */
export interface PlannedBaseline extends BaselineRecord {
	dependsOn?: Array<{ side: Side; id: string }>;
}

export interface PlanSummary {
	patches: RecordCounts;
	creates: RecordCounts;
	fieldsWritten: RecordCounts;
	/** Field discrepancies settled automatically, by rule (source_of_truth, recency, merge, only_in…). */
	autoResolvedByRule: Record<string, number>;
	escalatedByCategory: Record<string, number>;
	/** Findings left as they are (ignored records, reported drift), by rule. */
	reportedByRule: Record<string, number>;
}

export interface Plan {
	/** Set when the mass-change guard stopped the cycle: nothing below is to be written. */
	aborted: { reason: string } | null;
	patches: Patch[];
	creates: Create[];
	escalations: Decision[];
	reported: Decision[];
	baseline: PlannedBaseline[];
	staleBaselineKeys: string[];
	summary: PlanSummary;
}

export interface PlanOptions {
	/** Record counts of the previous full cycle, for the mass-change guard. */
	previousCounts?: RecordCounts;
}

const WRITES: Partial<Record<Decision['action'], Side[]>> = { write_a: ['a'], write_b: ['b'], write_both: ['a', 'b'] };

function bump(counts: Record<string, number>, name: string): void {
	counts[name] = (counts[name] ?? 0) + 1;
}

function emptySummary(): PlanSummary {
	return {
		patches: { a: 0, b: 0 },
		creates: { a: 0, b: 0 },
		fieldsWritten: { a: 0, b: 0 },
		autoResolvedByRule: {},
		escalatedByCategory: {},
		reportedByRule: {},
	};
}

class PatchBook {
	private readonly bySideAndId = new Map<string, Patch>();

	add(side: Side, id: string, key: string, field: string, value: unknown, rule: RuleName, reason: string): void {
		const slot = `${side}\u0000${id}`;
		let patch = this.bySideAndId.get(slot);
		if (patch === undefined) {
			patch = { side, id, key, fields: {}, provenance: [] };
			this.bySideAndId.set(slot, patch);
		}
		patch.fields[field] = value;
		patch.provenance.push({ field, rule, reason });
	}

	sorted(): Patch[] {
		return [...this.bySideAndId.values()].sort((x, y) =>
			x.side !== y.side ? (x.side < y.side ? -1 : 1) : x.key < y.key ? -1 : x.key > y.key ? 1 : x.id < y.id ? -1 : 1,
		);
	}
}

/**
 * Turns decisions into minimal writes: one patch per record per system holding only the fields that change,
 * creates for records missing on one side, the escalations, and the baseline rows that will hold once the
 * writes land. Sorted and deterministic; inputs are not mutated.
 */
export function buildPlan(policy: Policy, diff: DiffResult, decisions: readonly Decision[], options: PlanOptions = {}): Plan {
	const ctx = createContext(policy);
	const summary = emptySummary();
	const counts = { a: diff.stats.recordsA, b: diff.stats.recordsB };
	const abortReason = massChangeReason(policy, counts, options.previousCounts, ctx.labels);
	if (abortReason !== null) {
		return { aborted: { reason: abortReason }, patches: [], creates: [], escalations: [], reported: [], baseline: [], staleBaselineKeys: [], summary };
	}
	const fieldNames = new Map(policy.fields.map((f) => [f.name, f]));
	const book = new PatchBook();
	const rows = new Map<string, BaselineRecord>(diff.baseline.map((row) => [row.key, row]));
	// Copy-on-write: only rows that writes change are copied; the diff's rows are not ours to mutate.
	const written = new Map<string, Required<PlannedBaseline>>();
	const plan: Plan = { aborted: null, patches: [], creates: [], escalations: [], reported: [], baseline: [], staleBaselineKeys: diff.staleBaselineKeys, summary };
	for (const decision of decisions) {
		const sides = WRITES[decision.action];
		if (sides !== undefined && decision.field !== undefined) {
			const spec = fieldNames.get(decision.field);
			if (spec === undefined) throw new Error(`Decision for unknown field "${decision.field}"; plan and resolve must use the same policy`);
			for (const side of sides) {
				const id = side === 'a' ? decision.aId : decision.bId;
				if (id === undefined) continue;
				book.add(side, id, decision.key, spec[side], side === 'a' ? decision.writeA : decision.writeB, decision.rule, decision.reason);
				summary.fieldsWritten[side]++;
				const row = rows.get(decision.key);
				if (row !== undefined && decision.after !== undefined) {
					let copy = written.get(decision.key);
					if (copy === undefined) {
						copy = { ...row, values: { ...row.values }, dependsOn: [] };
						written.set(decision.key, copy);
					}
					copy.values[decision.field] = decision.after;
					if (!copy.dependsOn.some((d) => d.side === side && d.id === id)) copy.dependsOn.push({ side, id });
				}
			}
			bump(summary.autoResolvedByRule, decision.rule);
		} else if (decision.action === 'create_a' || decision.action === 'create_b') {
			const side: Side = decision.action === 'create_a' ? 'a' : 'b';
			const fields = (side === 'a' ? decision.writeA : decision.writeB) as Record<string, unknown>;
			plan.creates.push({ side, key: decision.key, sourceId: (side === 'a' ? decision.bId : decision.aId) ?? '', fields });
			summary.creates[side]++;
			bump(summary.autoResolvedByRule, decision.rule);
		} else if (decision.action === 'escalate') {
			plan.escalations.push(decision);
			bump(summary.escalatedByCategory, decision.escalation?.category ?? 'uncategorised');
		} else {
			plan.reported.push(decision);
			bump(summary.reportedByRule, decision.rule);
		}
	}
	plan.patches = book.sorted();
	for (const patch of plan.patches) summary.patches[patch.side]++;
	plan.creates.sort((x, y) => (x.side !== y.side ? (x.side < y.side ? -1 : 1) : x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
	plan.baseline = diff.baseline.map((row) => written.get(row.key) ?? row);
	summary.autoResolvedByRule = sortedCounts(summary.autoResolvedByRule);
	summary.escalatedByCategory = sortedCounts(summary.escalatedByCategory);
	summary.reportedByRule = sortedCounts(summary.reportedByRule);
	return plan;
}

/** Counts keyed in alphabetical order, so serialised summaries are byte-identical across runs. */
function sortedCounts(counts: Record<string, number>): Record<string, number> {
	return Object.fromEntries(Object.entries(counts).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
}
