import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { ReconcileHubSpotApi } from '../../../credentials/ReconcileHubSpotApi.credentials';
import { ReconcileSalesforceApi } from '../../../credentials/ReconcileSalesforceApi.credentials';
import type { Sims } from '../../simulators';

export const credentialTypes = [new ReconcileHubSpotApi(), new ReconcileSalesforceApi()];

/** Credentials pointing at the simulators, as a user would enter them in the n8n UI. */
export function simCredentials(sims: Pick<Sims, 'hubspot' | 'salesforce'>): Record<string, ICredentialDataDecryptedObject> {
	return {
		reconcileHubSpotApi: {
			accessToken: sims.hubspot.accessToken,
			baseUrl: sims.hubspot.url,
			clientSecret: sims.hubspot.clientSecret,
			appId: String(sims.hubspot.appId),
		},
		reconcileSalesforceApi: {
			domainUrl: sims.salesforce.url,
			clientId: sims.salesforce.clientId,
			clientSecret: sims.salesforce.clientSecret,
			apiVersion: '60.0',
			integrationUserId: '',
			calloutSecret: '',
			organizationId: '',
			sessionToken: '',
		},
	};
}
