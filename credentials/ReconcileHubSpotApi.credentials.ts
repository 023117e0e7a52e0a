import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * A HubSpot private-app token. The base URL is overridable for sandboxes, proxies and the simulator the
 * tests use; the webhook client secret verifies HubSpot's request signatures in the fast loop.
 */
export class ReconcileHubSpotApi implements ICredentialType {
	name = 'reconcileHubSpotApi';

	displayName = 'Reconcile HubSpot API';

	icon = 'file:../nodes/icons/reconcile.svg' as const;

	documentationUrl = 'https://developers.hubspot.com/docs/api/private-apps';

	properties: INodeProperties[] = [
		{
			displayName: 'Private App Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: 'pat-na1-…',
			description:
				'Token of a HubSpot private app with read and write scopes for the synced objects (crm.objects.contacts.read/write, …)',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.hubapi.com',
			description: 'Change only for a proxy, a sandbox gateway or a simulator',
		},
		{
			displayName: 'Webhook Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				"The app's client secret. The Reconcile Trigger uses it to verify HubSpot webhook signatures (v3; v1/v2 only when its Accept Legacy Signatures option is on).",
		},
		{
			displayName: 'App ID',
			name: 'appId',
			type: 'string',
			default: '',
			description:
				'ID of the HubSpot app the token belongs to. Changes this app makes arrive in webhooks with this sourceId, which the fast loop counts as echoes.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { Authorization: '=Bearer {{$credentials.accessToken}}' },
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/$/, "")}}',
			url: '/crm/v3/objects/contacts',
			qs: { limit: 1 },
		},
	};
}
