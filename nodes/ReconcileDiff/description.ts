import type { INodeProperties } from 'n8n-workflow';

import { policyProperty } from '../shared/policy';

export const diffProperties: INodeProperties[] = [
	policyProperty,
	{
		displayName: 'Snapshot Scope',
		name: 'scope',
		type: 'options',
		options: [
			{
				name: 'Full',
				value: 'full',
				description: 'Both inputs hold every record (reconciliation cycle): missing records are real, the mass-change guard applies',
			},
			{
				name: 'Partial',
				value: 'partial',
				description: 'The inputs hold some records (fast loop, incremental cycle): absence says nothing about deletions',
			},
		],
		default: 'full',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Previous Record Counts',
				name: 'previousCounts',
				type: 'fixedCollection',
				default: {},
				description:
					"Record counts of the previous full cycle. When a side now has fewer records than the policy's mass-change guard allows, nothing is compared and the Summary says why.",
				options: [
					{
						displayName: 'Counts',
						name: 'counts',
						values: [
							{ displayName: 'A', name: 'a', type: 'number', default: 0, typeOptions: { minValue: 0 } },
							{ displayName: 'B', name: 'b', type: 'number', default: 0, typeOptions: { minValue: 0 } },
						],
					},
				],
			},
		],
	},
];
