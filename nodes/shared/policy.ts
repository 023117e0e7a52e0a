import { NodeOperationError, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { formatPolicyIssues, parsePolicy, type Policy } from '../engine';

/** The policy parameter every Reconcile node shares: one JSON document, usually an expression pointing at the shared policy. */
export const policyProperty: INodeProperties = {
	displayName: 'Sync Policy (JSON)',
	name: 'policy',
	type: 'json',
	default: '',
	required: true,
	description:
		'The sync policy: systems, match keys and one rule per field (source of truth, recency, merge, escalate). In the templates it is edited in the cycle\'s "Sync policy" node and the other workflows read the copy the cycle published to the reconcile_policy Data Table, so both loops use the same document.',
	hint: 'Every problem in the policy is reported with its JSON path when the node runs',
};

export const sideProperty: INodeProperties = {
	displayName: 'Policy Side',
	name: 'side',
	type: 'options',
	options: [
		{ name: 'A', value: 'a', description: 'The system the policy names as "a"' },
		{ name: 'B', value: 'b', description: 'The system the policy names as "b"' },
	],
	default: 'a',
	description: 'Which side of the policy this node reads',
};

/**
 * Reads and validates the policy parameter. An invalid policy stops the node with every problem and its
 * path, so a person can fix them all at once.
 */
export function readPolicy(ctx: IExecuteFunctions, itemIndex = 0): Policy {
	const raw = ctx.getNodeParameter('policy', itemIndex, '') as unknown;
	if (raw === '' || raw === undefined || raw === null) {
		throw new NodeOperationError(ctx.getNode(), 'No sync policy given', {
			description:
				'Set "Sync Policy (JSON)" to the policy document or an expression that returns it. In the shipped templates it comes from the reconcile_policy Data Table, which the cycle workflow fills once it has run: run "Reconcile: cycle" once.',
			itemIndex,
		});
	}
	const result = parsePolicy(raw);
	if (result.ok) return result.policy;
	throw new NodeOperationError(ctx.getNode(), `Invalid sync policy (${result.issues.length} problem${result.issues.length === 1 ? '' : 's'})`, {
		description: formatPolicyIssues(result.issues),
		itemIndex,
	});
}
