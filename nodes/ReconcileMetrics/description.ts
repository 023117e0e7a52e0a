import type { INodeProperties } from 'n8n-workflow';

import { policyProperty } from '../shared/policy';

/** One input per Data Table, so a dashboard wires three (or four) plain "Get rows" reads side by side. */
export const INPUT_NAMES = ['Events', 'Cycles', 'Queue', 'Resolutions'] as const;

/** Flag thresholds (defaults as in the engine's DEFAULT_THRESHOLDS; a test keeps them equal). */
const thresholdOptions: INodeProperties[] = [
	{ displayName: 'Auto-Resolution Drop (Points)', name: 'autoResolutionDropPoints', type: 'number', default: 10, typeOptions: { minValue: 0 }, description: 'Flag when the auto-resolution rate falls by at least this many percentage points week over week' },
	{ displayName: 'Auto-Resolution Target (%)', name: 'autoResolutionFloorPercent', type: 'number', default: 80, typeOptions: { minValue: 0 }, description: 'Flag when the auto-resolution rate is below this percentage' },
	{ displayName: 'Delivery Drop (%)', name: 'deliveryDropPercent', type: 'number', default: 50, typeOptions: { minValue: 0 }, description: 'Flag when fast-loop deliveries fall by at least this percentage (lost webhooks look like this)' },
	{ displayName: 'Delivery Drop Minimum', name: 'deliveryDropMin', type: 'number', default: 20, typeOptions: { minValue: 0 }, description: 'Only when the previous week had at least this many deliveries' },
	{ displayName: 'Slow Loop Silent (Hours)', name: 'slowLoopSilentHours', type: 'number', default: 24, typeOptions: { minValue: 0 }, description: 'Flag when no reconciliation cycle started for this many hours' },
	{ displayName: 'Escalation Spike (×)', name: 'escalationSpikeRatio', type: 'number', default: 1.5, typeOptions: { minValue: 0, numberPrecision: 1 }, description: 'Flag when new escalations are at least this multiple of the previous week' },
	{ displayName: 'Escalation Spike Minimum', name: 'escalationSpikeMin', type: 'number', default: 5, typeOptions: { minValue: 0 }, description: 'Only when the week has at least this many new escalations' },
	{ displayName: 'Failed Deliveries (%)', name: 'failedDeliveriesPercent', type: 'number', default: 2, typeOptions: { minValue: 0 }, description: 'Flag when at least this percentage of fast-loop deliveries failed' },
	{ displayName: 'Rejected Signatures', name: 'rejectedSignatures', type: 'number', default: 1, typeOptions: { minValue: 0 }, description: 'Flag when at least this many deliveries were rejected for a bad signature' },
	{ displayName: 'Aborted Cycles', name: 'abortedCycles', type: 'number', default: 1, typeOptions: { minValue: 0 }, description: 'Flag when at least this many cycles were aborted' },
	{ displayName: 'Queue Growth (Items)', name: 'queueGrowthItems', type: 'number', default: 5, typeOptions: { minValue: 0 }, description: 'Flag when the open queue grew by at least this many items' },
	{ displayName: 'Oldest Open Item (Hours)', name: 'oldestOpenHours', type: 'number', default: 72, typeOptions: { minValue: 0 }, description: 'Flag when the oldest open queue item has waited at least this long' },
	{ displayName: 'Time to Resolution P90 (Hours)', name: 'ttrP90Hours', type: 'number', default: 48, typeOptions: { minValue: 0 }, description: 'Flag when 90 % of the items closed took longer than this' },
];

export const metricsProperties: INodeProperties[] = [
	{
		displayName: 'Output',
		name: 'format',
		type: 'options',
		options: [
			{ name: 'Dashboard Page (HTML)', value: 'html', description: 'One self-contained page for Respond to Webhook: charts, trends and flags' },
			{ name: 'Numbers (JSON)', value: 'json', description: 'The five numbers for both weeks, trends, flags and a plain-text summary' },
			{ name: 'Sync Policy Page (HTML)', value: 'policy', description: 'The sync policy doc as a page of its own' },
		],
		default: 'html',
		description: 'What to produce. Can be an expression, e.g. the format query parameter of the dashboard webhook.',
	},
	{
		displayName: 'Week',
		name: 'week',
		type: 'options',
		options: [
			{ name: 'This Week', value: 'this', description: 'Monday until now, compared with the same days of last week' },
			{ name: 'Last Week', value: 'last', description: 'The whole previous week, compared with the week before it' },
			{ name: 'Week Of A Date', value: 'date' },
		],
		default: 'this',
	},
	{
		displayName: 'Date',
		name: 'date',
		type: 'dateTime',
		default: '',
		description: 'Any day of the week to report (weeks run Monday to Sunday)',
		displayOptions: { show: { week: ['date'] } },
	},
	{
		displayName: 'Time Zone',
		name: 'timeZone',
		type: 'string',
		default: '',
		placeholder: 'Europe/Berlin',
		description: "IANA time zone for week boundaries and times on the page. Empty: the workflow's time zone.",
	},
	{
		...policyProperty,
		required: false,
		description:
			'Optional. With it, the page names the policy, shows the sync policy doc, labels both directions and counts only rows of this policy.',
		hint: 'Needed for the Sync Policy Page output',
	},
	{
		displayName: 'Thresholds',
		name: 'thresholds',
		type: 'collection',
		placeholder: 'Add threshold',
		default: {},
		description: 'When a number crosses one of these, the page and the JSON carry a plain-language flag',
		options: thresholdOptions,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{ displayName: 'Page Title', name: 'title', type: 'string', default: 'Reconciliation dashboard' },
			{
				displayName: 'Policy Page Link',
				name: 'policyHref',
				type: 'string',
				default: '',
				placeholder: '?format=policy',
				description: 'Link from the dashboard to the standalone policy page (relative to the dashboard URL)',
			},
			{
				displayName: 'Dashboard Link',
				name: 'dashboardHref',
				type: 'string',
				default: '',
				placeholder: '?format=html',
				description: 'Link from the policy page back to the dashboard',
			},
			{
				displayName: 'Reference Time',
				name: 'now',
				type: 'string',
				default: '',
				placeholder: '2026-06-04T15:30:00Z',
				description: 'Report as if it were this moment (ISO), for reproducible reports. Empty: now.',
			},
		],
	},
];
