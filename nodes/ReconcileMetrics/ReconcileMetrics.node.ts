import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';

import { INPUT_NAMES, metricsProperties } from './description';
import { executeMetrics } from './execute';

/**
 * The weekly dashboard: rows from the events, cycles and queue Data Tables (one input each) → the five
 * numbers with trends and flags as JSON, or as one self-contained HTML page for Respond to Webhook.
 * Inputs left empty still let it run as long as one has items (n8n v1 order); a table read with
 * "Always Output Data" gives an empty `{}` item, which counts as no rows.
 */
export class ReconcileMetrics implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Reconcile Metrics',
		name: 'reconcileMetrics',
		icon: { light: 'file:../icons/reconcile.svg', dark: 'file:../icons/reconcile.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["format"] === "json" ? "numbers (JSON)" : $parameter["format"] === "policy" ? "sync policy page" : "dashboard page" }}',
		description: 'Weekly reconciliation dashboard: fast-loop events, cycles, auto-resolved by rule, escalated by category and time to resolution, with trends and flags',
		defaults: { name: 'Reconcile Metrics' },
		inputs: INPUT_NAMES.map(() => NodeConnectionTypes.Main),
		inputNames: [...INPUT_NAMES],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		properties: metricsProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return executeMetrics(this);
	}
}
