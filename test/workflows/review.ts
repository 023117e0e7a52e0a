/**
 * Template: operator review. A form behind n8n login shows the oldest open queue item with both values
 * side by side and the rule's reason; the operator's choice is written to both systems and the item is
 * marked resolved with who, when, what and the time to resolution.
 */
import { POLICY_TABLE, QUEUE_TABLE } from '../../nodes/shared/tables';
import { PACKAGE, WorkflowBuilder, credential, type Workflow } from './builder';
import { getRows, updateRows } from './data-tables';
import { DEFAULT_POLICY_NAME } from './default-policy';

export const REVIEW_FORM_PATH = 'reconcile-review';

const reconcile = (suffix: string) => `${PACKAGE}.reconcile${suffix}`;
const POLICY = "={{ $('Policy').first().json.policy }}";

function completion(name: string, position: [number, number], title: string, message: string) {
	return {
		name,
		type: 'n8n-nodes-base.form',
		typeVersion: 2.3,
		position,
		parameters: { operation: 'completion', respondWith: 'text', completionTitle: title, completionMessage: message, options: {} },
	};
}

export function reviewWorkflow(): Workflow {
	const wf = new WorkflowBuilder('Reconcile: operator review (form)', {
		executionOrder: 'v1',
		saveDataSuccessExecution: 'all',
		saveDataErrorExecution: 'all',
		saveManualExecutions: true,
	});
	wf.add({
		name: 'Review queue',
		type: 'n8n-nodes-base.formTrigger',
		typeVersion: 2.6,
		position: [0, 300],
		webhookId: '2d6a9f0b-3c1e-4a7d-8b52-7e9f1a0c4d33',
		parameters: {
			// Basic auth works with any n8n setup and any HTTP client; the reviewer's name goes into the audit trail.
			authentication: 'basicAuth',
			formTitle: 'Reconciliation review',
			formDescription: 'Discrepancies the sync policy sends to a person. Start to see the oldest open item.',
			formFields: { values: [{ fieldLabel: 'Your name or email', fieldName: 'reviewer', fieldType: 'text', requiredField: true }] },
			options: { path: REVIEW_FORM_PATH, buttonLabel: 'Start review', ignoreBots: true },
		},
		credentials: credential('httpBasicAuth', 'Reconcile reviewers'),
	});
	wf.add(getRows('Policy', [240, 300], POLICY_TABLE.name, { conditions: [{ column: 'name', condition: 'eq', value: DEFAULT_POLICY_NAME }], limit: 1 }));
	wf.add(
		getRows('Oldest open item', [480, 300], QUEUE_TABLE.name, {
			conditions: [
				{ column: 'policy', condition: 'eq', value: DEFAULT_POLICY_NAME },
				{ column: 'status', condition: 'eq', value: 'open' },
			],
			limit: 1,
			orderBy: { column: 'firstSeenAt', direction: 'ASC' },
			alwaysOutputData: true,
		}),
	);
	wf.chain('Review queue', 'Policy', 'Oldest open item');
	wf.add({
		name: 'Anything to review?',
		type: 'n8n-nodes-base.if',
		typeVersion: 2.2,
		position: [720, 300],
		parameters: {
			conditions: {
				options: { caseSensitive: true, leftValue: '', typeValidation: 'loose', version: 2 },
				conditions: [{ id: 'has-item', leftValue: '={{ $json.queueId }}', rightValue: '', operator: { type: 'string', operation: 'notEmpty', singleValue: true } }],
				combinator: 'and',
			},
			looseTypeValidation: true,
			options: {},
		},
	});
	wf.connect('Oldest open item', 'Anything to review?');
	wf.add({ name: 'Review form', type: reconcile('Escalate'), typeVersion: 1, position: [960, 200], parameters: { operation: 'buildForm', policy: POLICY } });
	wf.add({
		name: 'Decide',
		type: 'n8n-nodes-base.form',
		typeVersion: 2.3,
		position: [1200, 200],
		webhookId: '5e7b1c2d-8f3a-4b69-9c04-1d2e3f4a5b44',
		parameters: { defineForm: 'json', jsonOutput: '={{ JSON.stringify($json.formFields) }}', options: { formTitle: '={{ $json.title }}', buttonLabel: 'Apply decision' } },
	});
	wf.add(
		getRows('Current item', [1440, 200], QUEUE_TABLE.name, {
			conditions: [{ column: 'queueId', condition: 'eq', value: "={{ $('Decide').first().json.queueId }}" }],
			limit: 1,
		}),
	);
	wf.connect('Anything to review?', 'Review form', 0);
	wf.chain('Review form', 'Decide', 'Current item');
	wf.add({
		name: 'Apply decision',
		type: reconcile('Escalate'),
		typeVersion: 1,
		position: [1680, 200],
		parameters: {
			operation: 'applyDecision',
			policy: POLICY,
			decision: "={{ $('Decide').first().json.decision }}",
			customValue: "={{ $('Decide').first().json.value ?? '' }}",
			resolvedBy: "={{ $('Review queue').first().json.reviewer }}",
			note: "={{ $('Decide').first().json.note ?? '' }}",
		},
	});
	wf.connect('Current item', 'Apply decision');
	wf.add({
		name: 'Write to CRMs',
		type: reconcile('Apply'),
		typeVersion: 1,
		position: [1920, 0],
		parameters: { policy: POLICY, options: {} },
		credentials: { ...credential('reconcileHubSpotApi', 'Reconcile HubSpot API'), ...credential('reconcileSalesforceApi', 'Reconcile Salesforce API') },
	});
	wf.add(updateRows('Mark resolved', [1920, 200], QUEUE_TABLE.name, [{ column: 'queueId', condition: 'eq', value: '={{ $json.queueId }}' }]));
	wf.connect('Apply decision', 'Write to CRMs', 0);
	wf.connect('Apply decision', 'Mark resolved', 1);
	wf.add(completion('Done', [2160, 200], 'Decision saved', 'The item is resolved. Open the review form again for the next one.'));
	wf.connect('Mark resolved', 'Done');
	wf.add(completion('Not applied', [1920, 400], 'Decision not applied', "={{ $json.reason }}"));
	wf.connect('Apply decision', 'Not applied', 2);
	wf.add(completion('Queue empty', [960, 500], 'Nothing to review', 'The operator queue is empty. Well done.'));
	wf.connect('Anything to review?', 'Queue empty', 1);
	return wf.build();
}
