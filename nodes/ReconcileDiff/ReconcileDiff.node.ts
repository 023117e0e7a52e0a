import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';

import { diffProperties } from './description';
import { executeDiff, OUTPUTS } from './execute';

export class ReconcileDiff implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Reconcile Diff',
		name: 'reconcileDiff',
		icon: { light: 'file:../icons/reconcile.svg', dark: 'file:../icons/reconcile.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["scope"] === "partial" ? "partial snapshots" : $parameter["scope"] === "full" ? "full snapshots" : "scope set per run" }}',
		description:
			'Match two snapshots by key and compare every synced field the way a person would (case, formats, order), optionally against the last agreed baseline',
		defaults: { name: 'Reconcile Diff' },
		// "More A"/"More B": optional, for records read as the other side's counterparts (incremental cycle).
		inputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main, NodeConnectionTypes.Main, NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		inputNames: ['A', 'B', 'Baseline', 'More A', 'More B'],
		outputs: OUTPUTS.map(() => NodeConnectionTypes.Main),
		outputNames: [...OUTPUTS],
		usableAsTool: true,
		properties: diffProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeDiff(this);
	}
}
