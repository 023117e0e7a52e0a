/**
 * Template: the weekly dashboard. One authenticated URL answers the seed's three questions (is the sync
 * drifting, are the sources misbehaving, is operator coverage keeping pace) with the five numbers;
 * `?format=json` returns the numbers, `?format=policy` the sync policy doc.
 */
import { CYCLES_TABLE, EVENTS_TABLE, POLICY_TABLE, QUEUE_TABLE } from '../../nodes/shared/tables';
import { PACKAGE, WorkflowBuilder, credential, type Workflow } from './builder';
import { getRows } from './data-tables';
import { DEFAULT_POLICY_NAME } from './default-policy';

export const DASHBOARD_WEBHOOK_PATH = 'reconcile-dashboard';

export function dashboardWorkflow(): Workflow {
	const wf = new WorkflowBuilder('Reconcile: dashboard', {
		executionOrder: 'v1',
		saveDataSuccessExecution: 'none',
		saveDataErrorExecution: 'all',
		saveManualExecutions: true,
	});
	wf.add({
		name: 'Dashboard',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2.1,
		position: [0, 300],
		webhookId: '8a1f3e5c-2b7d-4c90-a6e4-3f5b7c9d1e55',
		parameters: { httpMethod: 'GET', path: DASHBOARD_WEBHOOK_PATH, authentication: 'basicAuth', responseMode: 'responseNode', options: {} },
		credentials: credential('httpBasicAuth', 'Reconcile dashboard viewers'),
	});
	wf.add(getRows('Policy', [240, 300], POLICY_TABLE.name, { conditions: [{ column: 'name', condition: 'eq', value: DEFAULT_POLICY_NAME }], limit: 1, alwaysOutputData: true }));
	wf.connect('Dashboard', 'Policy');
	const policyName = [{ column: 'policy', condition: 'eq' as const, value: DEFAULT_POLICY_NAME }];
	wf.add(getRows('Events', [480, 100], EVENTS_TABLE.name, { conditions: policyName, alwaysOutputData: true, executeOnce: true }));
	wf.add(getRows('Cycles', [480, 300], CYCLES_TABLE.name, { conditions: policyName, alwaysOutputData: true, executeOnce: true }));
	wf.add(getRows('Queue', [480, 500], QUEUE_TABLE.name, { conditions: policyName, alwaysOutputData: true, executeOnce: true }));
	for (const read of ['Events', 'Cycles', 'Queue']) wf.connect('Policy', read);
	wf.add({
		name: 'Metrics',
		type: `${PACKAGE}.reconcileMetrics`,
		typeVersion: 1,
		position: [760, 300],
		parameters: {
			format: "={{ ['json', 'policy'].includes($('Dashboard').first().json.query.format) ? $('Dashboard').first().json.query.format : 'html' }}",
			week: "={{ $('Dashboard').first().json.query.week === 'last' ? 'last' : 'this' }}",
			policy: "={{ $('Policy').first().json.policy ?? '' }}",
			options: { policyHref: '?format=policy', dashboardHref: '?' },
		},
	});
	wf.connect('Events', 'Metrics', 0, 0);
	wf.connect('Cycles', 'Metrics', 0, 1);
	wf.connect('Queue', 'Metrics', 0, 2);
	wf.add({
		name: 'Respond',
		type: 'n8n-nodes-base.respondToWebhook',
		typeVersion: 1.5,
		position: [1000, 300],
		parameters: {
			respondWith: 'text',
			responseBody: "={{ $json.format === 'json' || $json.html === undefined ? JSON.stringify($json, null, 2) : $json.html }}",
			options: {
				responseHeaders: {
					entries: [{ name: 'Content-Type', value: "={{ $json.format === 'json' || $json.html === undefined ? 'application/json; charset=utf-8' : 'text/html; charset=utf-8' }}" }],
				},
			},
		},
	});
	wf.connect('Metrics', 'Respond');
	return wf.build();
}
