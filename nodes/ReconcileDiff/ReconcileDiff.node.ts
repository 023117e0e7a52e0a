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
		subtitle: '={{ $parameter["scope"] === "partial" ? "partial snapshots" : "full snapshots" }}',
		description:
			'Match two snapshots by key and compare every synced field the way a person would (case, formats, order), optionally against the last agreed baseline',
		defaults: { name: 'Reconcile Diff' },
		inputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		inputNames: ['A', 'B', 'Baseline'],
		outputs: OUTPUTS.map(() => NodeConnectionTypes.Main),
		outputNames: [...OUTPUTS],
		usableAsTool: true,
		properties: diffProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeDiff(this);
	}
}
