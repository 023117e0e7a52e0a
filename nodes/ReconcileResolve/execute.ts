import type { IExecuteFunctions, INodeExecutionData, IPairedItemData } from 'n8n-workflow';

import { buildPlan, compareDiscrepancies, resolveAll, type Decision, type DiffResult, type Plan, type Policy, type Side } from '../engine';
import type { ResolutionRow } from '../engine/rows';
import { baselineTableRow } from '../shared/baseline';
import { item } from '../shared/items';
import { readPolicy } from '../shared/policy';
import { collect, type Collected } from './inputs';

export const OUTPUTS = ['Patches', 'Escalations', 'Decisions', 'Baseline', 'Summary'] as const;
const [PATCHES, ESCALATIONS, DECISIONS, BASELINE, SUMMARY] = [0, 1, 2, 3, 4];

/** The minimal DiffResult the planner needs, rebuilt from the items the Diff node emitted. */
function diffFrom(collected: Collected): DiffResult {
	const stats = { recordsA: 0, recordsB: 0, matched: 0, inSync: 0, mismatchedRecords: 0, mismatchedFields: 0, onlyInA: 0, onlyInB: 0, duplicateKeys: 0, missingKeys: 0, schemaDrift: 0 };
	return { discrepancies: collected.discrepancies, baseline: collected.rows, staleBaselineKeys: [], stats };
}

/** The resolutions log row (`reconcile_resolutions`): which rule decided what, from which values to which. */
function auditRow(d: Decision, policy: Policy, loop: string, at: string): ResolutionRow {
	return {
		at,
		policy: policy.name,
		loop,
		key: d.key,
		field: d.field ?? '',
		rule: d.rule,
		action: d.action,
		reason: d.reason,
		before: JSON.stringify(d.before),
		after: d.after === undefined ? '' : JSON.stringify(d.after),
		aId: d.aId ?? '',
		bId: d.bId ?? '',
	};
}

const SETTLED: ReadonlySet<Decision['action']> = new Set(['write_a', 'write_b', 'write_both', 'create_a', 'create_b']);

function patchItems(plan: Plan, policy: Policy, lineage: (side: Side, id: string | undefined, key: string) => IPairedItemData[]): INodeExecutionData[] {
	const rows = new Map(plan.baseline.filter((row) => row.dependsOn?.length).map((row) => [row.key, row]));
	const out: INodeExecutionData[] = [];
	for (const patch of plan.patches) {
		const baseline = rows.get(patch.key);
		const json = { ...patch, system: policy[patch.side].system, object: policy[patch.side].object, op: 'update', baseline };
		out.push(item(json, lineage(patch.side, patch.id, patch.key)));
	}
	for (const create of plan.creates) {
		const json = { ...create, system: policy[create.side].system, object: policy[create.side].object, op: 'create' };
		out.push(item(json, lineage(create.side, undefined, create.key)));
	}
	return out;
}

export async function executeResolve(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const policy = readPolicy(ctx);
	const options = ctx.getNodeParameter('options', 0, {}) as { dryRun?: boolean; loop?: string; decisions?: 'settled' | 'all' };
	const dryRun = options.dryRun === true;
	const at = new Date().toISOString();
	const collected = collect(ctx);
	collected.discrepancies.sort(compareDiscrepancies);
	const decisions = resolveAll(policy, collected.discrepancies);
	const plan = buildPlan(policy, diffFrom(collected), decisions);
	const origin = (d: Decision): IPairedItemData => collected.origins.get(d.discrepancy) ?? { item: 0, input: 0 };
	// A patch or create stems from every decision about that record on that side.
	const byKey = new Map<string, Decision[]>();
	for (const d of decisions) byKey.set(d.key, [...(byKey.get(d.key) ?? []), d]);
	const lineage = (side: Side, id: string | undefined, key: string): IPairedItemData[] => {
		const writesHere = (d: Decision) => d.action === 'write_both' || d.action === `write_${side}` || d.action === `create_${side}`;
		const sources = (byKey.get(key) ?? []).filter((d) => writesHere(d) && (id === undefined || (side === 'a' ? d.aId : d.bId) === id));
		return sources.length > 0 ? sources.map(origin) : [{ item: 0, input: 0 }];
	};
	const outputs: INodeExecutionData[][] = OUTPUTS.map(() => []);
	if (!dryRun) outputs[PATCHES] = patchItems(plan, policy, lineage);
	// A dry run's decisions and escalations say so: the action is what a real run would do, nothing was done.
	const marked = (json: object) => (dryRun ? { ...json, dryRun: true } : json);
	for (const d of plan.escalations) outputs[ESCALATIONS].push(item(marked({ ...d, aSystem: policy.a.system, bSystem: policy.b.system }), origin(d)));
	for (const d of decisions) {
		if ((options.decisions ?? 'settled') === 'all' || SETTLED.has(d.action)) outputs[DECISIONS].push(item(marked(auditRow(d, policy, options.loop ?? 'slow', at)), origin(d)));
	}
	for (const row of plan.baseline) if (!dryRun && !row.dependsOn?.length) outputs[BASELINE].push(item(baselineTableRow(policy.name, row), { item: 0, input: 0 }));
	outputs[SUMMARY].push(item({ summary: 'resolve', policy: policy.name, dryRun, discrepancies: decisions.length, ...plan.summary }, { item: 0, input: 0 }));
	return outputs;
}
