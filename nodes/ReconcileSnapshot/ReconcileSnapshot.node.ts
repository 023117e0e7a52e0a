import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';

import { HUBSPOT_CREDENTIAL, SALESFORCE_CREDENTIAL } from '../connectors';
import { snapshotProperties } from './description';
import { executeSnapshot } from './execute';

export class ReconcileSnapshot implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Reconcile Snapshot',
		name: 'reconcileSnapshot',
		icon: { light: 'file:../icons/reconcile.svg', dark: 'file:../icons/reconcile.dark.svg' },
		group: ['input'],
		version: 1,
		subtitle: '={{ $parameter["source"] + ": " + ($parameter["scope"] || "items") }}',
		description: 'Read records from HubSpot, Salesforce or upstream items into the canonical shape the Diff node compares',
		defaults: { name: 'Reconcile Snapshot' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Records', 'Stats'],
		usableAsTool: true,
		credentials: [
			{ name: HUBSPOT_CREDENTIAL, required: true, displayOptions: { show: { source: ['hubspot'] } } },
			{ name: SALESFORCE_CREDENTIAL, required: true, displayOptions: { show: { source: ['salesforce'] } } },
		],
		properties: snapshotProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeSnapshot(this);
	}
}
