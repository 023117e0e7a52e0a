import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';

import { HUBSPOT_CREDENTIAL, SALESFORCE_CREDENTIAL } from '../connectors';
import { policyProperty } from '../shared/policy';
import { executeApply, OUTPUTS } from './execute';

export class ReconcileApply implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Reconcile Apply',
		name: 'reconcileApply',
		icon: { light: 'file:../icons/reconcile.svg', dark: 'file:../icons/reconcile.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ $parameter["options"]["dryRun"] ? "dry run" : "write patches" }}',
		description:
			'Write patches to HubSpot (batches of 100) and Salesforce (collections of 200), or hand them to other nodes; failed records, including those of a request that failed outright, go to their own output with the API\'s reason',
		defaults: { name: 'Reconcile Apply' },
		inputs: [NodeConnectionTypes.Main],
		outputs: OUTPUTS.map(() => NodeConnectionTypes.Main),
		outputNames: [...OUTPUTS],
		usableAsTool: true,
		credentials: [
			{ name: HUBSPOT_CREDENTIAL, required: false },
			{ name: SALESFORCE_CREDENTIAL, required: false },
		],
		properties: [
			policyProperty,
			{
				displayName:
					'Credentials are used for the systems the policy names: HubSpot, Salesforce or both. Patches for an "items" side leave on "For Other Systems" (in a dry run they are reported on Written as dry_run instead, like every other patch).<br><br>Nothing is lost when a request fails: a batch the API refuses outright (an outage, a rate limit still hit after the retries, 401/403) fails only its own records and those not sent yet, which go to Failed with the API\'s code and message (notSent: true for the latter); records already written leave on Written with their baseline rows, and the node goes on. Configuration errors (such as missing credentials) stop the node, unless On Error is set to continue: that side\'s patches then go to Failed.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					{
						displayName: 'Dry Run',
						name: 'dryRun',
						type: 'boolean',
						default: false,
						description: 'Whether to report what would be written without calling any API',
					},
				],
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeApply(this);
	}
}
