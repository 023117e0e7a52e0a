/**
 * Template: operator review. A form behind Basic auth shows the oldest open queue item with both values
 * side by side and the rule's reason; the operator's choice is written to both systems and, once every
 * write landed, the item is marked resolved (or dismissed) with who, when, what and the time to resolution,
 * and the same session goes on to the next open item until the queue is empty.
 */
import { POLICY_TABLE, QUEUE_TABLE } from '../../nodes/shared/tables';
import { PACKAGE, WorkflowBuilder, credential, type Workflow } from './builder';
import { ensureTable, getRows, publishedPolicy, updateRows } from './data-tables';

export const REVIEW_FORM_PATH = 'reconcile-review';

const reconcile = (suffix: string) => `${PACKAGE}.reconcile${suffix}`;
const POLICY = "={{ $('Policy').first().json.policy }}";
/** Whether this session has just saved a decision (the loop came back from "Mark resolved"), and what it says. */
const SAVED = "$('Mark resolved').isExecuted";
const SAVED_MESSAGE =
	"($('Mark resolved').last().json.status === 'dismissed' ? 'Dismissed: the item stays out of the queue until one of the values changes.' : 'Resolved: the value is in both systems.')";

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
	// A fresh instance has no tables until the first cycle: create them, so the form says "nothing to review"
	// instead of failing with "Data table not found".
	wf.add(ensureTable('Table reconcile_policy', [220, 300], POLICY_TABLE));
	wf.add(ensureTable('Table reconcile_queue', [440, 300], QUEUE_TABLE));
	// No policy yet (no cycle has run): an empty item, and the queue below is empty.
	wf.add(publishedPolicy('Policy', [660, 300], POLICY_TABLE.name));
	wf.add(
		getRows('Oldest open item', [880, 300], QUEUE_TABLE.name, {
			conditions: [
				{ column: 'policy', condition: 'eq', value: "={{ $('Policy').first().json.name ?? '' }}" },
				{ column: 'status', condition: 'eq', value: 'open' },
			],
			limit: 1,
			orderBy: { column: 'firstSeenAt', direction: 'ASC' },
			alwaysOutputData: true,
			// Reached again after each decision (the loop below), with the marked row as its input.
			executeOnce: true,
		}),
	);
	wf.chain('Review queue', 'Table reconcile_policy', 'Table reconcile_queue', 'Policy', 'Oldest open item');
	wf.add({
		name: 'Anything to review?',
		type: 'n8n-nodes-base.if',
		typeVersion: 2.2,
		position: [1100, 300],
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
	wf.add({ name: 'Review form', type: reconcile('Escalate'), typeVersion: 1, position: [1320, 200], parameters: { operation: 'buildForm', policy: POLICY } });
	wf.add({
		name: 'Decide',
		type: 'n8n-nodes-base.form',
		// 2.4 is the first Form node version whose output is keyed by `fieldName` (decision, value, note,
		// queueId); 2.3 keys it by the label ("Decision", …), so the expressions below found nothing.
		typeVersion: 2.5,
		position: [1540, 200],
		webhookId: '5e7b1c2d-8f3a-4b69-9c04-1d2e3f4a5b44',
		parameters: {
			defineForm: 'json',
			jsonOutput: '={{ JSON.stringify($json.formFields) }}',
			// From the second item on, the page first says what became of the previous one.
			options: { formTitle: '={{ $json.title }}', formDescription: `={{ ${SAVED} ? ${SAVED_MESSAGE} + ' Next:' : '' }}`, buttonLabel: 'Apply decision' },
		},
	});
	wf.add(
		getRows('Current item', [1760, 200], QUEUE_TABLE.name, {
			conditions: [{ column: 'queueId', condition: 'eq', value: "={{ $('Decide').first().json.queueId }}" }],
			limit: 1,
			// A submitted queue id that matches no item (a tampered page) goes on as an empty item, which
			// "Apply decision" refuses with a reason the reviewer sees, instead of ending without a word.
			alwaysOutputData: true,
		}),
	);
	wf.connect('Anything to review?', 'Review form', 0);
	wf.chain('Review form', 'Decide', 'Current item');
	wf.add({
		name: 'Apply decision',
		type: reconcile('Escalate'),
		typeVersion: 1,
		position: [1980, 200],
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
	// Execution order v1 runs the upper branch first: the writes (y=0) finish before "All written?" (y=200)
	// looks at them. A decision counts as resolved only when every write landed; a dismissal writes nothing.
	wf.add({
		name: 'Write to CRMs',
		type: reconcile('Apply'),
		typeVersion: 1,
		position: [2200, 0],
		parameters: { policy: POLICY, options: {} },
		credentials: { ...credential('reconcileHubSpotApi', 'Reconcile HubSpot API'), ...credential('reconcileSalesforceApi', 'Reconcile Salesforce API') },
	});
	wf.add({
		name: 'All written?',
		type: 'n8n-nodes-base.if',
		typeVersion: 2.2,
		position: [2200, 200],
		parameters: {
			conditions: {
				options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
				conditions: [
					{
						id: 'no-failed-writes',
						leftValue: "={{ $('Write to CRMs').isExecuted ? $('Write to CRMs').all(1).length : 0 }}",
						rightValue: 0,
						operator: { type: 'number', operation: 'equals' },
					},
				],
				combinator: 'and',
			},
			options: {},
		},
	});
	wf.add(updateRows('Mark resolved', [2420, 100], QUEUE_TABLE.name, [{ column: 'queueId', condition: 'eq', value: '={{ $json.queueId }}' }]));
	wf.connect('Apply decision', 'Write to CRMs', 0);
	wf.connect('Apply decision', 'All written?', 1);
	wf.connect('All written?', 'Mark resolved', 0);
	// Next item: back to the oldest open one, in the same session (same reviewer, no new login), until the queue is empty.
	wf.connect('Mark resolved', 'Oldest open item');
	wf.add(
		completion(
			'Not written',
			[2420, 300],
			'Decision not written',
			"={{ 'The item stays open: ' + $('Write to CRMs').all(1).map(f => f.json.system + ' ' + f.json.object + ' ' + f.json.id + ': ' + (f.json.error.message || f.json.error.code)).join('; ') + '. Try again later.' }}",
		),
	);
	wf.connect('All written?', 'Not written', 1);
	wf.add(completion('Not applied', [2200, 400], 'Decision not applied', "={{ $json.reason }}"));
	wf.connect('Apply decision', 'Not applied', 2);
	wf.add(
		completion(
			'Queue empty',
			[1320, 500],
			`={{ ${SAVED} ? 'Decision saved' : 'Nothing to review' }}`,
			`={{ (${SAVED} ? ${SAVED_MESSAGE} + ' ' : '') + 'The operator queue is empty. Well done.' }}`,
		),
	);
	wf.connect('Anything to review?', 'Queue empty', 1);
	return wf.build();
}
