import type { INodeProperties } from 'n8n-workflow';

import { policyProperty } from '../shared/policy';

const show = (operation: string) => ({ show: { operation: [operation] } });

export const escalateProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Queue',
				value: 'queue',
				action: 'Queue escalations for operators',
				description: "Turn escalations into operator-queue rows: new, seen again, or closed because the discrepancy is gone. A dry run's escalations (dryRun: true) change nothing.",
			},
			{
				name: 'Build Review Form',
				value: 'buildForm',
				action: 'Build a review form for a queue item',
				description: "Field definitions for n8n's Form node: both values side by side and the choices",
			},
			{
				name: 'Apply Decision',
				value: 'applyDecision',
				action: 'Apply an operator decision',
				description: "Turn the operator's choice into patches and a resolution row with time-to-resolution",
			},
		],
		default: 'queue',
	},
	policyProperty,
	{
		displayName: 'Snapshot Scope',
		name: 'scope',
		type: 'options',
		options: [
			{ name: 'Full', value: 'full', description: 'Open items missing from these escalations are closed as resolved upstream' },
			{ name: 'Partial', value: 'partial', description: 'Fast loop or incremental run: never close items that were not looked at' },
		],
		default: 'full',
		displayOptions: show('queue'),
	},
	{
		displayName: 'Decision',
		name: 'decision',
		type: 'string',
		default: '={{ $json.decision }}',
		description: 'The choice from the review form (its label), or keep_a, keep_b, custom, dismiss, handled',
		displayOptions: show('applyDecision'),
	},
	{
		displayName: 'Value',
		name: 'customValue',
		type: 'string',
		default: '',
		description: 'The value to write to both systems when the decision is "Enter a value"',
		displayOptions: show('applyDecision'),
	},
	{
		displayName: 'Resolved By',
		name: 'resolvedBy',
		type: 'string',
		default: '',
		placeholder: '={{ $json.user?.email }}',
		description: 'Who decided, for the audit trail',
		displayOptions: show('applyDecision'),
	},
	{
		displayName: 'Note',
		name: 'note',
		type: 'string',
		default: '',
		displayOptions: show('applyDecision'),
	},
];
