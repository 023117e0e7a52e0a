/** Parameters of the Reconcile Trigger. */
import type { INodeProperties } from 'n8n-workflow';

const hubspotOnly = { show: { '/source': ['hubspot'] } };

const FLOW_BODY =
	'Send JSON with header <code>X-Reconcile-Secret</code> (the credential\'s Callout Shared Secret, set on the Named Credential): ' +
	'<code>{"object":"Contact","records":[{"Id":"003…","LastModifiedById":"005…","SystemModstamp":"…"}]}</code> ' +
	'or one record: <code>{"object":"Contact","record":{"Id":"003…","LastModifiedById":"005…"},"eventId":"…"}</code>. ' +
	'Only Id is required; LastModifiedById lets echoes be dropped.';

const OUTBOUND_SETUP =
	'Point the Outbound Message at this URL and include LastModifiedById and SystemModstamp in its fields. ' +
	'Outbound Messages carry no shared secret: the Organization ID is checked, so use an unguessable path.';

export const triggerProperties: INodeProperties[] = [
	{
		displayName: 'Source',
		name: 'source',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'HubSpot Webhooks', value: 'hubspot', description: 'App webhook deliveries, verified by their v3 signature' },
			{ name: 'Salesforce Flow Callout', value: 'salesforceFlow', description: 'JSON from a record-triggered Flow, verified by a shared secret' },
			{ name: 'Salesforce Outbound Message', value: 'salesforceOutbound', description: 'SOAP notifications, checked against the org ID and acknowledged' },
			{ name: 'On Demand (N8n API Key)', value: 'onDemand', description: 'A person or script starting a run now, authenticated by this instance\'s API key' },
		],
		default: 'hubspot',
	},
	{
		displayName: 'Path',
		name: 'path',
		type: 'string',
		default: 'reconcile-hubspot',
		required: true,
		placeholder: 'reconcile-hubspot',
		description: 'The webhook path; one trigger per source and path. Prefer a hard-to-guess path.',
	},
	{
		displayName: FLOW_BODY,
		name: 'flowNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { source: ['salesforceFlow'] } },
	},
	{
		displayName:
			'POST to this URL with header <code>X-N8N-API-KEY</code> (the Reconcile n8n API credential\'s key) and an optional JSON object as body, passed on as <code>request</code>. Answered 200 at once; request headers are not kept. A missing or wrong key is answered 401 and starts nothing.',
		name: 'onDemandNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { source: ['onDemand'] } },
	},
	{
		displayName: OUTBOUND_SETUP,
		name: 'outboundNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { source: ['salesforceOutbound'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Accept Legacy Signatures',
				name: 'acceptLegacySignatures',
				type: 'boolean',
				default: false,
				displayOptions: hubspotOnly,
				description:
					'Whether to accept a v1 or v2 X-HubSpot-Signature when no v3 signature is sent. Off by default: v1 and v2 carry no timestamp, so a captured request would verify forever and could be replayed.',
			},
			{
				displayName: 'Drop Echoes',
				name: 'dropEchoes',
				type: 'boolean',
				default: true,
				description:
					"Whether to leave out changes this integration made itself: HubSpot events from source INTEGRATION/API with the credential's App ID, Salesforce records last modified by its Integration User ID. They are still counted.",
			},
			{
				displayName: 'Max Body Size (KB)',
				name: 'maxBodySizeKb',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 1024,
				description: 'Larger deliveries are refused with 413',
			},
			{
				displayName: 'Signature Max Age (Seconds)',
				name: 'signatureMaxAgeSeconds',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 300,
				displayOptions: hubspotOnly,
				description: 'How far X-HubSpot-Request-Timestamp may be from now; HubSpot recommends 300',
			},
		],
	},
];
