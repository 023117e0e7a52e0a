import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { N8N_CREDENTIAL } from '../connectors/n8n/data-tables';
import { BASELINE_TABLE } from '../shared/tables';
import { loadBaseline, saveBaseline } from './baseline';

/** The baseline table in batches, through this instance's public API (see the Reconcile n8n API credential). */
export class ReconcileBaseline implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Reconcile Baseline',
		name: 'reconcileBaseline',
		icon: { light: 'file:../icons/reconcile.svg', dark: 'file:../icons/reconcile.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] === "load" ? "load for records" : "save rows" }}',
		description: 'Load the last agreed values of the records at hand, or save new ones, fifty records per API call',
		defaults: { name: 'Reconcile Baseline' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		credentials: [{ name: N8N_CREDENTIAL, required: true }],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Load for Records', value: 'load', action: 'Load baseline rows for records', description: 'Rows whose A or B ID is the ID of an input record (from Reconcile Snapshot)' },
					{ name: 'Save Rows', value: 'save', action: 'Save baseline rows', description: 'Replace the stored rows of the input rows\' keys (from Diff, Resolve or Apply)' },
				],
				default: 'load',
			},
			{ displayName: 'Table Name', name: 'table', type: 'string', default: 'reconcile_baseline', description: 'The baseline Data Table, by exact name' },
			{
				displayName: 'Policy Name',
				name: 'policy',
				type: 'string',
				default: '',
				required: true,
				description: 'Only rows of this policy are loaded',
				displayOptions: { show: { operation: ['load'] } },
			},
			{
				displayName: 'Records Are From Side',
				name: 'side',
				type: 'options',
				options: [
					{ name: 'A', value: 'a' },
					{ name: 'B', value: 'b' },
				],
				default: 'a',
				description: 'Which policy side the input records belong to: their IDs are matched against that side\'s ID column',
				displayOptions: { show: { operation: ['load'] } },
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const table = this.getNodeParameter('table', 0, BASELINE_TABLE.name) as string;
		if (this.getNodeParameter('operation', 0) === 'load') {
			return await loadBaseline(this, table, this.getNodeParameter('policy', 0) as string, this.getNodeParameter('side', 0) as 'a' | 'b');
		}
		return await saveBaseline(this, table);
	}
}
