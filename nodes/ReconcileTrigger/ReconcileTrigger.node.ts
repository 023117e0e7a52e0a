import {
	NodeConnectionTypes,
	NodeOperationError,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { triggerProperties } from './description';
import { receive } from './receive';
import { configurationProblem, credentialName, HUBSPOT_CREDENTIAL, N8N_CREDENTIAL, readSettings, SALESFORCE_CREDENTIAL } from './settings';

/** Fails activation (and "listen for test event") when the credential could never verify a delivery. */
async function assertConfigured(ctx: IHookFunctions): Promise<void> {
	const { source } = readSettings(ctx);
	const problem = configurationProblem(source, await ctx.getCredentials(credentialName(source)));
	if (problem !== undefined) throw new NodeOperationError(ctx.getNode(), `Reconcile Trigger: ${problem}`);
}

/**
 * Entry point of the fast loop. Receives HubSpot webhooks, Salesforce Flow callouts or Salesforce
 * Outbound Messages, verifies them on the exact bytes received, answers the sender at once, and
 * emits which records changed (Changes) or why a delivery was refused (Rejected). It never carries
 * values: downstream nodes re-read the named records from both systems.
 */
export class ReconcileTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Reconcile Trigger',
		name: 'reconcileTrigger',
		icon: { light: 'file:../icons/reconcile.svg', dark: 'file:../icons/reconcile.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["source"]}}',
		description: 'Starts the fast loop when HubSpot or Salesforce reports changed records',
		defaults: { name: 'Reconcile Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Changes', 'Rejected'],
		credentials: [
			{ name: HUBSPOT_CREDENTIAL, required: true, displayOptions: { show: { source: ['hubspot'] } } },
			{ name: SALESFORCE_CREDENTIAL, required: true, displayOptions: { show: { source: ['salesforceFlow', 'salesforceOutbound'] } } },
			{ name: N8N_CREDENTIAL, required: true, displayOptions: { show: { source: ['onDemand'] } } },
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				// The node answers each request itself (status and body depend on the verdict).
				responseMode: 'onReceived',
				path: '={{$parameter["path"]}}',
				isFullPath: true,
				// States that the node needs the exact bytes; n8n 2.40 keeps `req.rawBody` for every webhook anyway.
				rawBody: true,
			},
		],
		properties: triggerProperties,
	};

	/**
	 * Nothing is registered remotely: HubSpot's target URL is set in the app's settings, Flows and
	 * Outbound Messages in Salesforce Setup. The lifecycle is used to refuse activation with a clear
	 * message when the credential lacks what verification needs, instead of rejecting every delivery.
	 */
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				await assertConfigured(this);
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				await assertConfigured(this);
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receive(this);
	}
}
