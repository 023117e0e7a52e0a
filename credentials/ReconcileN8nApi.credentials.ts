import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * An API key of this n8n instance, for reading and writing the baseline table in bulk. n8n's Data table
 * node works one row at a time for lookups and upserts; the public API takes a whole batch per call,
 * which is what keeps the fast loop fast.
 */
export class ReconcileN8nApi implements ICredentialType {
	name = 'reconcileN8nApi';

	displayName = 'Reconcile N8n API';

	icon = 'file:../nodes/icons/reconcile.svg' as const;

	documentationUrl = 'https://docs.n8n.io/api/authentication/';

	properties: INodeProperties[] = [
		{
			displayName: 'API URL',
			name: 'apiUrl',
			type: 'string',
			default: 'http://localhost:5678/api/v1',
			description: "This instance's public API, as n8n itself reaches it (usually its local address)",
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Settings → n8n API → Create an API key, with the data table row scopes (read, create, delete) and data table list',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { 'X-N8N-API-KEY': '={{$credentials.apiKey}}' } },
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.apiUrl.replace(/\\/+$/, "")}}',
			url: '/data-tables',
			qs: { limit: 1 },
		},
	};
}
