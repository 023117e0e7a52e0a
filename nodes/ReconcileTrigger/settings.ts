/** Node parameters and credentials, narrowed once; what "configured enough to verify a delivery" means. */
import { NodeOperationError, type ICredentialDataDecryptedObject, type IDataObject, type IHookFunctions, type IWebhookFunctions } from 'n8n-workflow';

import type { Settings, TriggerSource } from './types';

export const HUBSPOT_CREDENTIAL = 'reconcileHubSpotApi';
export const SALESFORCE_CREDENTIAL = 'reconcileSalesforceApi';
export const N8N_CREDENTIAL = 'reconcileN8nApi';

const SOURCES: readonly TriggerSource[] = ['hubspot', 'salesforceFlow', 'salesforceOutbound', 'onDemand'];

function isSource(value: unknown): value is TriggerSource {
	return typeof value === 'string' && (SOURCES as readonly string[]).includes(value);
}

function positive(value: unknown, fallback: number): number {
	return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

export function readSettings(ctx: IWebhookFunctions | IHookFunctions): Settings {
	const source = ctx.getNodeParameter('source', 'hubspot');
	if (!isSource(source)) throw new NodeOperationError(ctx.getNode(), `Unknown source "${String(source)}"`);
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	return {
		source,
		maxBodyBytes: Math.floor(positive(options.maxBodySizeKb, 1024) * 1024),
		signatureMaxAgeMs: Math.floor(positive(options.signatureMaxAgeSeconds, 300) * 1000),
		dropEchoes: options.dropEchoes !== false,
		acceptLegacySignatures: options.acceptLegacySignatures === true,
	};
}

export function credentialName(source: TriggerSource): string {
	if (source === 'onDemand') return N8N_CREDENTIAL;
	return source === 'hubspot' ? HUBSPOT_CREDENTIAL : SALESFORCE_CREDENTIAL;
}

export function field(credentials: ICredentialDataDecryptedObject, name: string): string {
	const value = credentials[name];
	return typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
}

/**
 * Why this credential cannot authenticate any delivery of `source`, if it cannot. Checked when the
 * workflow is activated (so the mistake shows there) and again per delivery (answered 500, which
 * senders retry, so nothing is lost while the credential is fixed).
 */
export function configurationProblem(source: TriggerSource, credentials: ICredentialDataDecryptedObject): string | undefined {
	switch (source) {
		case 'hubspot':
			return field(credentials, 'clientSecret') === '' ? 'the Reconcile HubSpot API credential has no Webhook Client Secret' : undefined;
		case 'salesforceFlow':
			return field(credentials, 'calloutSecret') === '' ? 'the Reconcile Salesforce API credential has no Callout Shared Secret' : undefined;
		case 'onDemand':
			return field(credentials, 'apiKey') === '' ? 'the Reconcile n8n API credential has no API key' : undefined;
		case 'salesforceOutbound':
			return /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/.test(field(credentials, 'organizationId'))
				? undefined
				: 'the Reconcile Salesforce API credential has no valid Organization ID (15 or 18 characters)';
	}
}
