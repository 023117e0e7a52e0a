import type { IExecuteFunctions, INodeExecutionData, IPairedItemData } from 'n8n-workflow';

import { diffSnapshots, massChangeReason, sideLabel, type Discrepancy, type RecordCounts } from '../engine';
import { baselineTableRow } from '../shared/baseline';
import { item } from '../shared/items';
import { readPolicy } from '../shared/policy';
import { snapshotScope } from '../shared/scope';
import { baselineOf, recordsOf } from './inputs';

/** `New Baseline` comes last so the other outputs keep their places; its rows can be bulk-inserted. */
export const OUTPUTS = ['Discrepancies', 'Only in A', 'Only in B', 'Conflicts', 'Baseline', 'Summary', 'New Baseline'] as const;
const [DISCREPANCIES, ONLY_A, ONLY_B, CONFLICTS, BASELINE, SUMMARY, NEW_BASELINE] = [0, 1, 2, 3, 4, 5, 6];

function outputFor(d: Discrepancy): number {
	switch (d.kind) {
		case 'mismatch':
			return DISCREPANCIES;
		case 'only_in_a':
			return ONLY_A;
		case 'only_in_b':
			return ONLY_B;
		case 'duplicate_key':
		case 'missing_key':
		case 'schema_drift':
			return CONFLICTS;
	}
}

function previousCounts(ctx: IExecuteFunctions): RecordCounts | undefined {
	const options = ctx.getNodeParameter('options', 0, {}) as { previousCounts?: { counts?: { a?: number; b?: number } } };
	const guard = options.previousCounts?.counts;
	if (guard === undefined || !(Number(guard.a) > 0 || Number(guard.b) > 0)) return undefined;
	return { a: Number(guard.a ?? 0), b: Number(guard.b ?? 0) };
}

export async function executeDiff(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const policy = readPolicy(ctx);
	const scope = snapshotScope(ctx);
	const a = recordsOf(ctx, 'a');
	const b = recordsOf(ctx, 'b');
	const outputs: INodeExecutionData[][] = OUTPUTS.map(() => []);
	const counts = { a: a.records.length, b: b.records.length };
	const abort = scope === 'full' ? massChangeReason(policy, counts, previousCounts(ctx), { a: sideLabel(policy, 'a'), b: sideLabel(policy, 'b') }) : null;
	if (abort !== null) {
		outputs[SUMMARY].push(item({ summary: 'diff', policy: policy.name, aborted: true, reason: abort, scope, recordsA: counts.a, recordsB: counts.b }, { item: 0, input: 0 }));
		return outputs;
	}
	const previous = baselineOf(ctx);
	const known = new Set(previous.map((row) => row.key));
	const result = diffSnapshots(policy, a.records, b.records, { baseline: previous, scope });
	const pairA = (id: string | null | undefined): IPairedItemData[] => (id != null && a.origin.has(id) ? [a.origin.get(id)!] : []);
	const pairB = (id: string | null | undefined): IPairedItemData[] => (id != null && b.origin.has(id) ? [b.origin.get(id)!] : []);
	const rows = new Map(result.baseline.map((row) => [row.key, row]));
	const mismatched = new Set<string>();
	for (const d of result.discrepancies) {
		let paired: IPairedItemData[];
		let json: object = d;
		switch (d.kind) {
			case 'mismatch':
				paired = [...pairA(d.aId), ...pairB(d.bId)];
				// The pair's agreed values travel with it, so Resolve can plan the baseline row after the writes.
				json = { ...d, row: rows.get(d.key) };
				mismatched.add(d.key);
				break;
			case 'only_in_a':
				paired = pairA(d.id);
				break;
			case 'only_in_b':
				paired = pairB(d.id);
				break;
			case 'duplicate_key':
				paired = [...d.aIds.flatMap(pairA), ...d.bIds.flatMap(pairB)];
				break;
			case 'missing_key':
			case 'schema_drift':
				paired = d.side === 'a' ? pairA(d.id) : pairB(d.id);
				break;
		}
		outputs[outputFor(d)].push(item(json, paired.length > 0 ? paired : { item: 0, input: 0 }));
	}
	for (const row of result.baseline) {
		if (mismatched.has(row.key)) continue;
		// Rows for keys the baseline table does not have yet go to their own output: a bulk insert instead of
		// one upsert per row (the first cycle writes one row per matched pair).
		outputs[known.has(row.key) ? BASELINE : NEW_BASELINE].push(item(baselineTableRow(policy.name, row), [...pairA(row.aId), ...pairB(row.bId)]));
	}
	const summary = { summary: 'diff', policy: policy.name, aborted: false, reason: null, scope, ...result.stats, discrepancies: result.discrepancies.length, staleBaselineKeys: result.staleBaselineKeys };
	outputs[SUMMARY].push(item(summary, { item: 0, input: 0 }));
	return outputs;
}
