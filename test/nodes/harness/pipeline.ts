/**
 * The node chain a reconciliation cycle runs — Snapshot A, Snapshot B → Diff → Resolve → Apply — with each
 * node's real execute() in n8n-core's ExecuteContext and real HTTP to the simulators.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import { ReconcileApply } from '../../../nodes/ReconcileApply/ReconcileApply.node';
import { ReconcileDiff } from '../../../nodes/ReconcileDiff/ReconcileDiff.node';
import { ReconcileResolve } from '../../../nodes/ReconcileResolve/ReconcileResolve.node';
import { ReconcileSnapshot } from '../../../nodes/ReconcileSnapshot/ReconcileSnapshot.node';
import type { Sims } from '../../simulators';
import { runNode } from './run-node';
import { credentialTypes, simCredentials } from './sims';

export interface CycleOutputs {
	snapshotA: INodeExecutionData[][];
	snapshotB: INodeExecutionData[][];
	diff: INodeExecutionData[][];
	resolve: INodeExecutionData[][];
	apply: INodeExecutionData[][];
}

export async function runCycle(sims: Pick<Sims, 'hubspot' | 'salesforce'>, policy: string, baseline: INodeExecutionData[] = []): Promise<CycleOutputs> {
	const credentials = simCredentials(sims);
	const run = async (nodeType: ConstructorParameters<typeof Object>[0], parameters: Record<string, unknown>, inputs: INodeExecutionData[][]) =>
		(await runNode({ nodeType, parameters: { policy, ...parameters }, inputs, credentials, credentialTypes })).outputs;
	const snapshotA = await run(new ReconcileSnapshot(), { source: 'hubspot', side: 'a', scope: 'full' }, [[{ json: {} }]]);
	const snapshotB = await run(new ReconcileSnapshot(), { source: 'salesforce', side: 'b', scope: 'full' }, [[{ json: {} }]]);
	const diff = await run(new ReconcileDiff(), {}, [snapshotA[0], snapshotB[0], baseline]);
	const resolve = await run(new ReconcileResolve(), {}, [diff[0], diff[1], diff[2], diff[3]]);
	const apply = await run(new ReconcileApply(), {}, [resolve[0]]);
	return { snapshotA, snapshotB, diff, resolve, apply };
}

/** The baseline table after a cycle: the Diff's agreed rows, overwritten by the rows Apply confirmed. */
export function nextBaseline(previous: INodeExecutionData[], cycle: CycleOutputs): INodeExecutionData[] {
	const rows = new Map(previous.map((row) => [String(row.json.key), row]));
	for (const row of [...cycle.diff[4], ...cycle.diff[6], ...cycle.resolve[3], ...cycle.apply[2]]) {
		rows.set(String(row.json.key), { json: { ...row.json } });
	}
	return [...rows.values()];
}
