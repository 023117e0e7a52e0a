import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';

import { policyProperty } from '../shared/policy';
import { executeResolve, OUTPUTS } from './execute';
import { INPUT_NAMES } from './inputs';

export class ReconcileResolve implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Reconcile Resolve',
		name: 'reconcileResolve',
		icon: { light: 'file:../icons/reconcile.svg', dark: 'file:../icons/reconcile.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["options"]["dryRun"] ? "dry run" : "resolve by policy" }}',
		description:
			"Apply the sync policy to the Diff node's findings: source of truth, most recent, merge or escalate per field, and plan minimal patches for each system",
		defaults: { name: 'Reconcile Resolve' },
		inputs: INPUT_NAMES.map(() => NodeConnectionTypes.Main),
		inputNames: [...INPUT_NAMES],
		outputs: OUTPUTS.map(() => NodeConnectionTypes.Main),
		outputNames: [...OUTPUTS],
		usableAsTool: true,
		properties: [
			policyProperty,
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					{
						displayName: 'Decisions to Log',
						name: 'decisions',
						type: 'options',
						options: [
							{ name: 'Settled Automatically', value: 'settled', description: 'Writes and creates: what the resolutions log is for' },
							{ name: 'All', value: 'all', description: 'Also escalations and findings left alone (they repeat every cycle until fixed)' },
						],
						default: 'settled',
						description: 'Which decisions leave on the Decisions output, as rows for the resolutions log',
					},
					{
						displayName: 'Dry Run',
						name: 'dryRun',
						type: 'boolean',
						default: false,
						description:
							'Whether to decide everything but emit no patches and no baseline rows: see what a cycle would write. Every Decisions and Escalations item then carries dryRun: true (the action is what a real run would take); Reconcile Escalate queues none of them, Reconcile Log counts none as resolved or escalated, and the resolutions table refuses the rows (it has no dryRun column), so keep a dry run away from the log.',
					},
					{
						displayName: 'Loop Name',
						name: 'loop',
						type: 'string',
						default: 'slow',
						description: 'Written into the resolutions log to tell the loops apart (slow, fast)',
					},
				],
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeResolve(this);
	}
}
