/**
 * Template: the weekly dashboard. One authenticated URL answers the seed's three questions (is the sync
 * drifting, are the sources misbehaving, is operator coverage keeping pace) with the five numbers;
 * `?format=json` returns the numbers, `?format=policy` the sync policy doc.
 */
import { CYCLES_TABLE, EVENTS_TABLE, POLICY_TABLE, QUEUE_TABLE } from '../../nodes/shared/tables';
import { PACKAGE, WorkflowBuilder, credential, type Workflow } from './builder';
import { ensureTable, getRows, publishedPolicy } from './data-tables';

export const DASHBOARD_WEBHOOK_PATH = 'reconcile-dashboard';

/**
 * The oldest moment a row can matter for the reported week ('this' or 'last', an expression) and the week it
 * is compared with: Monday 00:00 of that earlier week in the workflow's time zone, less a day for a Metrics node
 * set to another zone.
 */
export function windowStart(week: string): string {
	return `={{ $now.startOf('week').minus({ weeks: ${week} === 'last' ? 2 : 1, days: 1 }).toUTC().toISO() }}`;
}

/** Rows per ranged read: the Data table node's page size, so every read is answered by one query. */
const CHUNK = 1000;

/**
 * The Data Table reads for the Metrics node, wired from `after`; returns the x where the Metrics node goes.
 *
 * Events are the big table (one row per webhook delivery, ~100,000 in two busy weeks, more every week). The
 * Data table node pages through a result 1,000 rows at a time and runs each page as a filtered COUNT plus an
 * OFFSET query, so one read of the window would scan the whole table twice per page: its cost would grow with
 * everything ever logged. Instead the window is located once (the first event row at or after its start, the
 * last row), cut into id ranges of 1,000, and read range by range (one input item each), which SQLite answers
 * from the primary key. Queue: every open item and every item first seen or closed in the window, whatever its
 * policy (the Metrics node keeps the policy's own; "and" cannot be mixed with "or"). Cycles: all of the
 * policy's, a few a day, so "last cycle" is known even after a silent week.
 */
export function metricsReads(wf: WorkflowBuilder, after: string, x: number, week: string): number {
	// The published policy's name (read by the "Policy" node before these reads).
	const policyName = { column: 'policy', condition: 'eq' as const, value: "={{ $('Policy').first().json.name ?? '' }}" };
	const since = windowStart(week);
	wf.add(getRows('First event', [x, -100], EVENTS_TABLE.name, { conditions: [{ column: 'receivedAt', condition: 'gte', value: since }], limit: 1, orderBy: { column: 'id', direction: 'ASC' }, alwaysOutputData: true, executeOnce: true }));
	wf.add(getRows('Last event', [x + 220, -100], EVENTS_TABLE.name, { conditions: [], limit: 1, orderBy: { column: 'id', direction: 'DESC' }, alwaysOutputData: true, executeOnce: true }));
	const first = "$('First event').first().json.id";
	const last = "$('Last event').first().json.id";
	wf.add({
		name: 'Event ranges',
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		position: [x + 440, -100],
		executeOnce: true,
		parameters: {
			mode: 'raw',
			// No event in the window: one empty range, so the read below still runs (and outputs an empty item).
			jsonOutput: `={{ JSON.stringify({ ranges: ${first} === undefined ? [{ from: 0, to: 0 }] : Array.from({ length: Math.floor((${last} - ${first}) / ${CHUNK}) + 1 }, (_, i) => ({ from: ${first} + i * ${CHUNK}, to: ${first} + (i + 1) * ${CHUNK} })) }) }}`,
			options: {},
		},
	});
	wf.add({ name: 'One item per range', type: 'n8n-nodes-base.splitOut', typeVersion: 1, position: [x + 660, -100], parameters: { fieldToSplitOut: 'ranges', options: {} } });
	wf.add(
		getRows('Events', [x + 880, -100], EVENTS_TABLE.name, {
			conditions: [
				{ column: 'id', condition: 'gte', value: '={{ $json.from }}' },
				{ column: 'id', condition: 'lt', value: '={{ $json.to }}' },
				policyName,
				{ column: 'receivedAt', condition: 'gte', value: since },
			],
			alwaysOutputData: true,
		}),
	);
	wf.connect(after, 'First event');
	wf.chain('First event', 'Last event', 'Event ranges', 'One item per range', 'Events');
	wf.add(getRows('Cycles', [x + 880, 100], CYCLES_TABLE.name, { conditions: [policyName], alwaysOutputData: true, executeOnce: true }));
	wf.add(
		getRows('Queue', [x + 880, 300], QUEUE_TABLE.name, {
			match: 'any',
			conditions: [
				{ column: 'status', condition: 'eq', value: 'open' },
				{ column: 'firstSeenAt', condition: 'gte', value: since },
				{ column: 'resolvedAt', condition: 'gte', value: since },
			],
			alwaysOutputData: true,
			executeOnce: true,
		}),
	);
	for (const read of ['Cycles', 'Queue']) wf.connect(after, read);
	return x + 1160;
}

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
	// Opened before the first cycle: create the tables it reads, so the page says "no data yet" instead of
	// answering 500 with "Data table not found".
	let previous = 'Dashboard';
	[POLICY_TABLE, EVENTS_TABLE, CYCLES_TABLE, QUEUE_TABLE].forEach((spec, i) => {
		const name = wf.add(ensureTable(`Table ${spec.name}`, [240 + i * 200, 500], spec));
		wf.connect(previous, name);
		previous = name;
	});
	wf.add(publishedPolicy('Policy', [1040, 300], POLICY_TABLE.name));
	wf.connect(previous, 'Policy');
	const x = metricsReads(wf, 'Policy', 1280, "$('Dashboard').first().json.query.week");
	wf.add({
		name: 'Metrics',
		type: `${PACKAGE}.reconcileMetrics`,
		typeVersion: 1,
		position: [x, 300],
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
		position: [x + 240, 300],
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
