import {
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { executeApplyDecision } from './decision';
import { escalateProperties } from './description';
import { executeBuildForm } from './form';
import { executeQueue } from './queue';

/** Outputs depend on the operation; `configuredOutputs` below names them in the editor. */
const OUTPUT_EXPRESSION =
	'={{ $parameter["operation"] === "queue" ? [{type: "main", displayName: "New"}, {type: "main", displayName: "Seen Again"}, {type: "main", displayName: "Closed Upstream"}] : $parameter["operation"] === "applyDecision" ? [{type: "main", displayName: "Patches"}, {type: "main", displayName: "Resolution"}, {type: "main", displayName: "Rejected"}] : [{type: "main", displayName: "Forms"}] }}';

export class ReconcileEscalate implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Reconcile Escalate',
		name: 'reconcileEscalate',
		icon: { light: 'file:../icons/reconcile.svg', dark: 'file:../icons/reconcile.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] }}',
		description: 'Keep the operator queue: queue escalations idempotently, build review forms, and apply decisions',
		defaults: { name: 'Reconcile Escalate' },
		inputs: `={{ $parameter["operation"] === "queue" ? [{type: "main", displayName: "Escalations"}, {type: "main", displayName: "Queue Rows"}] : ["main"] }}`,
		outputs: OUTPUT_EXPRESSION,
		usableAsTool: true,
		properties: escalateProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operation = this.getNodeParameter('operation', 0) as string;
		const now = new Date().toISOString();
		if (operation === 'queue') return executeQueue(this, now);
		if (operation === 'buildForm') return executeBuildForm(this);
		return executeApplyDecision(this, now);
	}
}
