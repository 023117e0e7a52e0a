/**
 * Template: the weekly summary. Every Monday at 08:00 (the workflow's time zone), or on demand: last week's
 * five numbers and flags from the Data Tables, stored in `reconcile_weekly` (one row per week and policy,
 * re-running replaces it) and sent by e-mail. The message goes out through n8n's Send Email node; swap it for
 * Slack (or any other node) by wiring that to "Store week" and using the same expressions.
 */
import { CYCLES_TABLE, EVENTS_TABLE, POLICY_TABLE, QUEUE_TABLE, WEEKLY_TABLE } from '../../nodes/shared/tables';
import { PACKAGE, WorkflowBuilder, credential, type Workflow } from './builder';
import { ensureTable, publishedPolicy, upsertRows } from './data-tables';
import { DASHBOARD_WEBHOOK_PATH, metricsReads } from './dashboard';

export const WEEKLY_WEBHOOK_PATH = 'reconcile-weekly';
/** Where the template sends the summary until the user puts their own addresses in "Send summary". */
export const WEEKLY_EMAIL = { from: 'Reconcile <reconcile@example.com>', to: 'ops-lead@example.com' };

const METRICS = "$('Metrics').first().json";

export function weeklyWorkflow(): Workflow {
	const wf = new WorkflowBuilder('Reconcile: weekly summary', {
		executionOrder: 'v1',
		saveDataSuccessExecution: 'all',
		saveDataErrorExecution: 'all',
		saveManualExecutions: true,
	});
	wf.add({
		name: 'Every Monday 08:00',
		type: 'n8n-nodes-base.scheduleTrigger',
		typeVersion: 1.2,
		position: [0, 100],
		// Hours in the workflow's time zone (Workflow settings → Timezone; the instance's by default).
		parameters: { rule: { interval: [{ field: 'weeks', weeksInterval: 1, triggerAtDay: [1], triggerAtHour: 8, triggerAtMinute: 0 }] } },
	});
	// On demand: POST with this instance's API key (the Reconcile Trigger keeps no headers in the execution).
	wf.add({
		name: 'Send summary now',
		type: 'n8n-nodes-reconcile.reconcileTrigger',
		typeVersion: 1,
		position: [0, 300],
		webhookId: '4c2e8a17-6b3d-4f95-a0c8-9d1e5f7b3a62',
		parameters: { source: 'onDemand', path: WEEKLY_WEBHOOK_PATH, options: {} },
		credentials: credential('reconcileN8nApi', 'Reconcile n8n API'),
	});
	wf.add({ name: 'Test run', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 500], parameters: {} });
	// Last week unless the on-demand call asks for this week ({"week": "this"}).
	const asked = '(($json.request ?? {}).week)';
	wf.add({
		name: 'Week to report',
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		position: [240, 300],
		parameters: {
			mode: 'manual',
			assignments: { assignments: [{ id: 'week', name: 'week', value: `={{ ['this', 'last'].includes(${asked}) ? ${asked} : 'last' }}`, type: 'string' }] },
			options: {},
		},
	});
	for (const trigger of ['Every Monday 08:00', 'Send summary now', 'Test run']) wf.connect(trigger, 'Week to report');

	// A fresh instance has no tables until the first cycle: create the ones read and written here, so an
	// empty week is reported as such instead of failing with "Data table not found".
	let previous = 'Week to report';
	[POLICY_TABLE, EVENTS_TABLE, CYCLES_TABLE, QUEUE_TABLE, WEEKLY_TABLE].forEach((spec, i) => {
		const name = wf.add(ensureTable(`Table ${spec.name}`, [460 + i * 200, 300], spec));
		wf.connect(previous, name);
		previous = name;
	});
	const x = 460 + 5 * 200;
	wf.add(publishedPolicy('Policy', [x, 300], POLICY_TABLE.name));
	wf.connect(previous, 'Policy');
	const m = metricsReads(wf, 'Policy', x + 240, "$('Week to report').first().json.week");
	wf.add({
		name: 'Metrics',
		type: `${PACKAGE}.reconcileMetrics`,
		typeVersion: 1,
		position: [m, 300],
		parameters: {
			format: 'json',
			week: "={{ $('Week to report').first().json.week }}",
			policy: "={{ $('Policy').first().json.policy ?? '' }}",
			options: {},
		},
	});
	wf.connect('Events', 'Metrics', 0, 0);
	wf.connect('Cycles', 'Metrics', 0, 1);
	wf.connect('Queue', 'Metrics', 0, 2);

	// One reconcile_weekly row: the week's numbers with their trends, and the flags (both as JSON text).
	const column = (name: string, value: string) => ({ id: name, name, value, type: 'string' });
	wf.add({
		name: 'Weekly row',
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		position: [m + 240, 300],
		parameters: {
			mode: 'manual',
			assignments: {
				assignments: [
					column('weekStart', '={{ $json.week.window.start }}'),
					column('policy', "={{ $json.policyName ?? '' }}"),
					column('generatedAt', '={{ $json.generatedAt }}'),
					column('numbers', '={{ JSON.stringify({ week: $json.week, trends: $json.trends }) }}'),
					column('flags', '={{ JSON.stringify($json.flags) }}'),
				],
			},
			options: {},
		},
	});
	wf.connect('Metrics', 'Weekly row');
	// Re-running a week (on demand, or a retried schedule) replaces its row instead of adding another.
	wf.add(
		upsertRows('Store week', [m + 460, 300], WEEKLY_TABLE.name, [
			{ column: 'weekStart', condition: 'eq', value: '={{ $json.weekStart }}' },
			{ column: 'policy', condition: 'eq', value: '={{ $json.policy }}' },
		]),
	);
	wf.connect('Weekly row', 'Store week');

	// The dashboard of the same week: this instance's webhook base (from the resume URL), then the dashboard path.
	const dashboardLink = `{{ $execution.resumeUrl.replace(/\\/[^/]+\\/[^/]+$/, '/webhook/${DASHBOARD_WEBHOOK_PATH}') }}?week={{ $('Week to report').first().json.week }}`;
	wf.add({
		name: 'Send summary',
		type: 'n8n-nodes-base.emailSend',
		typeVersion: 2.1,
		position: [m + 680, 300],
		webhookId: '9b7d3f21-5a8c-4e06-b1d4-7c2a9e6f0b83',
		notesInFlow: true,
		notes: 'Put your recipients here, or replace this node with Slack (see workflows/README.md)',
		parameters: {
			resource: 'email',
			operation: 'send',
			fromEmail: WEEKLY_EMAIL.from,
			toEmail: WEEKLY_EMAIL.to,
			subject: `={{ 'Reconciliation ' + ${METRICS}.week.window.isoWeek + ': ' + (${METRICS}.flags.length === 0 ? 'no flags' : ${METRICS}.flags.length + (${METRICS}.flags.length === 1 ? ' flag' : ' flags')) }}`,
			emailFormat: 'text',
			text: `={{ ${METRICS}.summary }}\n\nDashboard: ${dashboardLink}`,
			options: { appendAttribution: false },
		},
		credentials: credential('smtp', 'Reconcile weekly e-mail'),
	});
	wf.connect('Store week', 'Send summary');
	return wf.build();
}
