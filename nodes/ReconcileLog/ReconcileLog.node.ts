import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { item } from '../shared/items';
import { cycleRow, eventRow } from './rows';

/**
 * Turns the summaries the other Reconcile nodes emit (merged into one input) into one row for the
 * cycles or events table, so the templates need no expressions to count what happened.
 */
export class ReconcileLog implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Reconcile Log',
		name: 'reconcileLog',
		icon: { light: 'file:../icons/reconcile.svg', dark: 'file:../icons/reconcile.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] === "cycle" ? "cycle row" : "event row" }}',
		description: 'Build the row that records one reconciliation cycle or one fast-loop delivery, for the dashboard',
		defaults: { name: 'Reconcile Log' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Cycle Row', value: 'cycle', action: 'Build a cycle row', description: 'From Snapshot Stats, Diff, Resolve and Apply summaries of one cycle' },
					{ name: 'Event Row', value: 'event', action: 'Build an event row', description: 'From a Reconcile Trigger item and the summaries of the fast loop that followed' },
				],
				default: 'cycle',
			},
			{
				displayName: 'Policy Name',
				name: 'policy',
				type: 'string',
				default: '',
				description: 'Used when no summary names the policy (e.g. a rejected delivery)',
			},
			{
				displayName: 'Cycle Started At',
				name: 'startedAt',
				type: 'string',
				default: '',
				placeholder: "={{ $('Cycle start').first().json.startedAt }}",
				description: 'When the cycle began (ISO); the row records the duration from then to now',
				displayOptions: { show: { operation: ['cycle'] } },
			},
			{
				displayName: 'Mode',
				name: 'mode',
				type: 'options',
				options: [
					{ name: 'Full', value: 'full' },
					{ name: 'Incremental', value: 'incremental' },
				],
				default: 'full',
				displayOptions: { show: { operation: ['cycle'] } },
			},
			{
				displayName: 'Dry Run',
				name: 'dryRun',
				type: 'boolean',
				default: false,
				description: "Whether to mark the row as a dry run even when no summary says so. Set it from the Resolve node's option: a cycle whose diff found nothing never runs Resolve.",
				displayOptions: { show: { operation: ['cycle'] } },
			},
			{
				displayName: 'Object Type',
				name: 'objectType',
				type: 'string',
				default: 'contacts',
				description: "Which of the trigger's object types this loop synced (e.g. contacts, Contact)",
				displayOptions: { show: { operation: ['event'] } },
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData() as Array<{ json: Record<string, unknown> }>;
		const now = new Date().toISOString();
		const policy = this.getNodeParameter('policy', 0, '') as string;
		if (this.getNodeParameter('operation', 0) === 'cycle') {
			const startedAt = (this.getNodeParameter('startedAt', 0, '') as string) || now;
			const mode = this.getNodeParameter('mode', 0, 'full') as string;
			const dryRun = this.getNodeParameter('dryRun', 0, false) === true;
			return [[item(cycleRow(items, { cycleId: this.getExecutionId(), startedAt, now, mode, policy, dryRun }), { item: 0 })]];
		}
		const objectType = this.getNodeParameter('objectType', 0, '') as string;
		return [[item(eventRow(items, { now, policy, objectType }), { item: 0 })]];
	}
}
