/**
 * Template: the slow loop. Every 6 hours (or on demand): snapshot both systems in full, diff against the
 * last agreed baseline, resolve by the policy, write the patches, queue escalations idempotently, log
 * decisions and the cycle summary, save the new baseline.
 */
import { BASELINE_TABLE, CYCLES_TABLE, EVENTS_TABLE, POLICY_TABLE, QUEUE_TABLE, RESOLUTIONS_TABLE, TABLES, WEEKLY_TABLE } from '../../nodes/shared/tables';
import { PACKAGE, WorkflowBuilder, credential, type Workflow } from './builder';
import { deleteRows, ensureTable, getRows, insertRows, updateRows, upsertRows } from './data-tables';
import { defaultPolicy } from './default-policy';

export const CYCLE_WEBHOOK_PATH = 'reconcile-cycle';

const POLICY = "={{ $('Sync policy').first().json }}";
const POLICY_NAME = "={{ $('Sync policy').first().json.name }}";
/** Baseline rows per read: ids are unique, so a range of 1,000 ids is one page of the Data table node. */
const BASELINE_RANGE = 1000;

export function cycleWorkflow(): Workflow {
	const wf = new WorkflowBuilder('Reconcile: cycle (slow loop)', {
		executionOrder: 'v1',
		// A 20k-record cycle moves tens of thousands of items: keep failures, not every success.
		saveDataSuccessExecution: 'none',
		saveDataErrorExecution: 'all',
		saveManualExecutions: true,
		saveExecutionProgress: false,
		executionTimeout: 3600,
	});

	wf.add({ name: 'Every 6 hours', type: 'n8n-nodes-base.scheduleTrigger', typeVersion: 1.2, position: [0, 0], parameters: { rule: { interval: [{ field: 'hours', hoursInterval: 6 }] } } });
	// On demand: POST with this instance's API key. The Reconcile Trigger keeps no request headers in its
	// output, so the key never lands in a saved execution (n8n's Webhook node would keep it).
	wf.add({
		name: 'Run cycle now',
		type: `${PACKAGE}.reconcileTrigger`,
		typeVersion: 1,
		position: [0, 200],
		webhookId: 'b6f1c4a2-7d3e-4f10-9a51-2c8e7f3d9a01',
		parameters: { source: 'onDemand', path: CYCLE_WEBHOOK_PATH, options: {} },
		credentials: credential('reconcileN8nApi', 'Reconcile n8n API'),
	});
	wf.add({ name: 'Test run', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 400], parameters: {} });
	wf.add({
		name: 'Cycle start',
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		position: [240, 200],
		notesInFlow: true,
		notes: 'Full pass every N hours (0 = every cycle reads everything); log rows kept N days',
		parameters: {
			mode: 'manual',
			assignments: {
				assignments: [
					{ id: 'started', name: 'startedAt', value: '={{ $now.toUTC().toISO() }}', type: 'string' },
					// 0: every cycle is a full pass. N: cycles in between read only what changed since the previous
					// cycle (minus the Snapshot nodes' 24 h lookback) plus those records' counterparts.
					{ id: 'full-pass', name: 'fullPassEveryHours', value: 0, type: 'number' },
					// Fast-loop events and decisions older than this are deleted after each cycle (n8n caps all Data
					// Tables of an instance together, 200 MiB by default); 0 keeps them forever.
					{ id: 'keep-days', name: 'keepDays', value: 90, type: 'number' },
				],
			},
			options: {},
		},
	});
	for (const trigger of ['Every 6 hours', 'Run cycle now', 'Test run']) wf.connect(trigger, 'Cycle start');

	// First run on a fresh instance: create every table the loops and the dashboard use.
	let previous = 'Cycle start';
	TABLES.forEach((spec, i) => {
		const name = wf.add(ensureTable(`Table ${spec.name}`, [480 + i * 200, 200], spec));
		wf.connect(previous, name);
		previous = name;
	});
	const x = 480 + TABLES.length * 200;

	wf.add({
		name: 'Sync policy',
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		position: [x, 200],
		notesInFlow: true,
		notes: 'Edit the sync policy here: the one place for both loops',
		parameters: { mode: 'raw', jsonOutput: JSON.stringify(defaultPolicy(), null, 2), options: {} },
	});
	// Published only once a Reconcile node has validated it (below, after "Snapshot HubSpot"): a policy with
	// mistakes fails the cycle with every problem listed, and the fast loop, the review form and the dashboard
	// keep the last good copy instead of failing on every delivery.
	const published = "$('Sync policy').first().json";
	wf.add({
		...upsertRows('Publish policy', [x + 880, 100], POLICY_TABLE.name, [{ column: 'name', condition: 'eq', value: `={{ ${published}.name }}` }]),
		parameters: {
			...upsertRows('', [0, 0], POLICY_TABLE.name, [{ column: 'name', condition: 'eq', value: `={{ ${published}.name }}` }]).parameters,
			columns: {
				mappingMode: 'defineBelow',
				value: { name: `={{ ${published}.name }}`, policy: `={{ JSON.stringify(${published}) }}`, publishedAt: '={{ $now.toUTC().toISO() }}' },
				matchingColumns: [],
				schema: POLICY_TABLE.columns.map((c) => ({ id: c.name, displayName: c.name, required: false, defaultMatch: false, display: true, type: c.type, canBeUsedToMatch: true })),
			},
		},
		executeOnce: true,
	});
	wf.chain(previous, 'Sync policy');
	wf.add(
		getRows('Last cycle', [x + 440, 200], CYCLES_TABLE.name, {
			conditions: [
				{ column: 'policy', condition: 'eq', value: POLICY_NAME },
				{ column: 'aborted', condition: 'isFalse' },
				// A dry run read but wrote nothing: no watermark for an incremental pass.
				{ column: 'dryRun', condition: 'isFalse' },
			],
			limit: 1,
			orderBy: { column: 'finishedAt', direction: 'DESC' },
			alwaysOutputData: true,
			executeOnce: true,
		}),
	);
	wf.connect('Sync policy', 'Last cycle');
	wf.add(
		getRows('Last full cycle', [x + 440, 400], CYCLES_TABLE.name, {
			conditions: [
				{ column: 'policy', condition: 'eq', value: POLICY_NAME },
				{ column: 'aborted', condition: 'isFalse' },
				{ column: 'dryRun', condition: 'isFalse' },
				{ column: 'mode', condition: 'eq', value: 'full' },
			],
			limit: 1,
			orderBy: { column: 'finishedAt', direction: 'DESC' },
			alwaysOutputData: true,
			executeOnce: true,
		}),
	);
	wf.connect('Last cycle', 'Last full cycle');
	// Full pass or incremental: asked for on demand ({"mode": "full"} / {"mode": "incremental"}), else full when
	// there is no earlier cycle, full passes are not spaced (0 h) or the last one is due; incremental otherwise.
	const asked = "($('Run cycle now').isExecuted ? (($('Run cycle now').first().json.request ?? {}).mode) : undefined)";
	const every = "Number($('Cycle start').first().json.fullPassEveryHours ?? 0)";
	const lastFull = "$('Last full cycle').first().json.startedAt";
	wf.add({
		name: 'Cycle plan',
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		position: [x + 440, 600],
		parameters: {
			mode: 'manual',
			assignments: {
				assignments: [
					{
						id: 'mode',
						name: 'mode',
						type: 'string',
						value:
							`={{ ${asked} === 'full' || !$('Last cycle').first().json.startedAt ? 'full' : ${asked} === 'incremental' ? 'incremental' : ` +
							`!(${every} > 0) || !${lastFull} || $now.toMillis() - DateTime.fromISO(${lastFull}).toMillis() >= ${every} * 3600000 ? 'full' : 'incremental' }}`,
					},
				],
			},
			options: {},
		},
		executeOnce: true,
	});
	wf.connect('Last full cycle', 'Cycle plan');
	const PLAN = "$('Cycle plan').first().json.mode";
	// Whether this is a dry run (Resolve's option). Resolve does not run at all when the diff found nothing, so
	// its option is then read from its parameters; the queue step and the cycle row both ask.
	const DRY_RUN = "($('Resolve').isExecuted ? $('Resolve').first(4)?.json?.dryRun === true : ![undefined, false].includes($('Resolve').params.options?.dryRun))";
	// The baseline is read in id ranges of 1,000 rows, one query each. One "return all" read would page through
	// it 1,000 rows at a time and fail ("result count changed during pagination") whenever the fast loop saves a
	// baseline row meanwhile, which on a busy instance is most cycles. A key whose row the fast loop replaces
	// during the read may be read twice (Diff keeps the newest) or, rarely, not at all: then its pair is
	// compared without a baseline this once, and the fast loop has just made it agree.
	const firstRow = "$('Baseline first').first().json.id";
	const lastRow = "$('Baseline last').first().json.id";
	wf.add(
		getRows('Baseline first', [x + 660, -220], BASELINE_TABLE.name, {
			conditions: [{ column: 'policy', condition: 'eq', value: POLICY_NAME }],
			limit: 1,
			orderBy: { column: 'id', direction: 'ASC' },
			alwaysOutputData: true,
			executeOnce: true,
		}),
	);
	wf.add(getRows('Baseline last', [x + 880, -220], BASELINE_TABLE.name, { conditions: [], limit: 1, orderBy: { column: 'id', direction: 'DESC' }, alwaysOutputData: true, executeOnce: true }));
	wf.add({
		name: 'Baseline ranges',
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		position: [x + 1100, -220],
		executeOnce: true,
		parameters: {
			mode: 'raw',
			// No baseline yet: one empty range, so the read below still runs (and outputs an empty item).
			jsonOutput: `={{ JSON.stringify({ ranges: ${firstRow} === undefined || ${lastRow} === undefined ? [{ from: 0, to: 0 }] : Array.from({ length: Math.floor((${lastRow} - ${firstRow}) / ${BASELINE_RANGE}) + 1 }, (_, i) => ({ from: ${firstRow} + i * ${BASELINE_RANGE}, to: ${firstRow} + (i + 1) * ${BASELINE_RANGE} })) }) }}`,
			options: {},
		},
	});
	wf.add({ name: 'One item per baseline range', type: 'n8n-nodes-base.splitOut', typeVersion: 1, position: [x + 1320, -220], parameters: { fieldToSplitOut: 'ranges', options: {} } });
	wf.add(
		getRows('Baseline', [x + 1540, -220], BASELINE_TABLE.name, {
			conditions: [
				{ column: 'id', condition: 'gte', value: '={{ $json.from }}' },
				{ column: 'id', condition: 'lt', value: '={{ $json.to }}' },
				{ column: 'policy', condition: 'eq', value: POLICY_NAME },
			],
			alwaysOutputData: true,
		}),
	);
	wf.connect('Cycle plan', 'Baseline first');
	wf.chain('Baseline first', 'Baseline last', 'Baseline ranges', 'One item per baseline range', 'Baseline');

	const reconcile = (suffix: string) => `${PACKAGE}.reconcile${suffix}`;
	// A full pass reads every record (an empty watermark); an incremental one what changed since the last cycle
	// started, minus the 24 h lookback (webhooks give up after a day and modification stamps lag).
	const since = `={{ ${PLAN} === 'incremental' ? $('Last cycle').first().json.startedAt : '' }}`;
	wf.add({
		name: 'Snapshot HubSpot',
		type: reconcile('Snapshot'),
		typeVersion: 1,
		position: [x + 660, 200],
		parameters: { source: 'hubspot', fieldsFrom: 'policy', policy: POLICY, side: 'a', scope: 'modifiedSince', since, lookbackHours: 24, options: {} },
		credentials: credential('reconcileHubSpotApi', 'Reconcile HubSpot API'),
	});
	wf.add({
		name: 'Snapshot Salesforce',
		type: reconcile('Snapshot'),
		typeVersion: 1,
		position: [x + 880, 300],
		parameters: { source: 'salesforce', fieldsFrom: 'policy', policy: POLICY, side: 'b', scope: 'modifiedSince', since, lookbackHours: 24, options: {} },
		credentials: credential('reconcileSalesforceApi', 'Reconcile Salesforce API'),
	});
	wf.connect('Cycle plan', 'Snapshot HubSpot');
	wf.connect('Snapshot HubSpot', 'Snapshot Salesforce', 1);
	wf.connect('Snapshot HubSpot', 'Publish policy', 1);
	// Incremental only: the other side's copy of each changed record, found by the policy's first match key
	// (a record changed on one side only is otherwise missing its partner). Nothing is read on a full pass.
	const keysOf = (node: string, side: 'a' | 'b') =>
		`={{ ${PLAN} === 'incremental' ? $('${node}').all(0).map((r) => r.json.fields[$('Sync policy').first().json.match.keys[0].${side}]).filter((v) => v !== null && v !== undefined && v !== '') : [] }}`;
	wf.add({
		name: 'Salesforce counterparts',
		type: reconcile('Snapshot'),
		typeVersion: 1,
		position: [x + 880, 500],
		parameters: { source: 'salesforce', fieldsFrom: 'policy', policy: POLICY, side: 'b', scope: 'keys', keyValues: keysOf('Snapshot HubSpot', 'a'), options: {} },
		credentials: credential('reconcileSalesforceApi', 'Reconcile Salesforce API'),
	});
	wf.add({
		name: 'HubSpot counterparts',
		type: reconcile('Snapshot'),
		typeVersion: 1,
		position: [x + 880, 700],
		parameters: { source: 'hubspot', fieldsFrom: 'policy', policy: POLICY, side: 'a', scope: 'keys', keyValues: keysOf('Snapshot Salesforce', 'b'), options: {} },
		credentials: credential('reconcileHubSpotApi', 'Reconcile HubSpot API'),
	});
	wf.connect('Snapshot Salesforce', 'Salesforce counterparts', 1);
	wf.connect('Salesforce counterparts', 'HubSpot counterparts', 1);

	wf.add({
		name: 'Diff',
		type: reconcile('Diff'),
		typeVersion: 1,
		position: [x + 1100, 200],
		parameters: {
			policy: POLICY,
			// Partial after an incremental read: absence says nothing, and the mass-change guard does not apply.
			scope: `={{ ${PLAN} === 'full' ? 'full' : 'partial' }}`,
			options: {
				previousCounts: {
					counts: { a: "={{ $('Last full cycle').first().json.recordsA ?? 0 }}", b: "={{ $('Last full cycle').first().json.recordsB ?? 0 }}" },
				},
			},
		},
	});
	wf.connect('Snapshot HubSpot', 'Diff', 0, 0);
	wf.connect('Snapshot Salesforce', 'Diff', 0, 1);
	wf.connect('Baseline', 'Diff', 0, 2);
	wf.connect('HubSpot counterparts', 'Diff', 0, 3);
	wf.connect('Salesforce counterparts', 'Diff', 0, 4);

	wf.add({ name: 'Resolve', type: reconcile('Resolve'), typeVersion: 1, position: [x + 1380, 200], parameters: { policy: POLICY, options: { loop: 'slow', decisions: 'settled' } } });
	for (const output of [0, 1, 2, 3]) wf.connect('Diff', 'Resolve', output, output);
	wf.add({
		name: 'Apply',
		type: reconcile('Apply'),
		typeVersion: 1,
		position: [x + 1640, 100],
		parameters: { policy: POLICY, options: {} },
		credentials: { ...credential('reconcileHubSpotApi', 'Reconcile HubSpot API'), ...credential('reconcileSalesforceApi', 'Reconcile Salesforce API') },
	});
	wf.connect('Resolve', 'Apply', 0);

	// The operator queue. Only read after a diff that did not abort: an aborted cycle must not close items.
	wf.add({
		name: 'Not aborted',
		type: 'n8n-nodes-base.if',
		typeVersion: 2.2,
		position: [x + 1380, 600],
		parameters: {
			conditions: {
				options: { caseSensitive: true, leftValue: '', typeValidation: 'loose', version: 2 },
				conditions: [{ id: 'not-aborted', leftValue: '={{ $json.aborted }}', rightValue: '', operator: { type: 'boolean', operation: 'false', singleValue: true } }],
				combinator: 'and',
			},
			looseTypeValidation: true,
			options: {},
		},
	});
	wf.connect('Diff', 'Not aborted', 5);
	wf.add(
		getRows('Queue rows', [x + 1640, 600], QUEUE_TABLE.name, {
			conditions: [{ column: 'policy', condition: 'eq', value: POLICY_NAME }],
			alwaysOutputData: true,
			executeOnce: true,
		}),
	);
	wf.connect('Not aborted', 'Queue rows', 0);
	// Only a full pass that really resolved may close items "resolved upstream": a dry run (Resolve's option)
	// escalates nothing for real, so as a partial pass it closes nothing.
	wf.add({
		name: 'Queue escalations',
		type: reconcile('Escalate'),
		typeVersion: 1,
		position: [x + 1900, 400],
		parameters: { operation: 'queue', policy: POLICY, scope: `={{ ${PLAN} === 'full' && !${DRY_RUN} ? 'full' : 'partial' }}` },
	});
	wf.connect('Resolve', 'Queue escalations', 1, 0);
	wf.connect('Queue rows', 'Queue escalations', 0, 1);
	wf.add(upsertRows('Queue: add', [x + 2160, 300], QUEUE_TABLE.name, [{ column: 'queueId', condition: 'eq', value: '={{ $json.queueId }}' }]));
	wf.add(updateRows('Queue: update', [x + 2160, 500], QUEUE_TABLE.name, [{ column: 'queueId', condition: 'eq', value: '={{ $json.queueId }}' }]));
	wf.connect('Queue escalations', 'Queue: add', 0);
	wf.connect('Queue escalations', 'Queue: update', 1);
	wf.connect('Queue escalations', 'Queue: update', 2);

	wf.add(insertRows('Log resolutions', [x + 1640, 300], RESOLUTIONS_TABLE.name));
	wf.connect('Resolve', 'Log resolutions', 2);

	// Changed rows replace the stored ones a hundred keys per API call; new keys are one bulk insert.
	wf.add({
		name: 'Save baseline',
		type: reconcile('Baseline'),
		typeVersion: 1,
		position: [x + 1900, 0],
		parameters: { operation: 'save', table: BASELINE_TABLE.name },
		credentials: credential('reconcileN8nApi', 'Reconcile n8n API'),
	});
	wf.connect('Diff', 'Save baseline', 4);
	wf.add(insertRows('Add baseline', [x + 1900, -200], BASELINE_TABLE.name));
	wf.connect('Diff', 'Add baseline', 6);
	wf.connect('Resolve', 'Save baseline', 3);
	wf.connect('Apply', 'Save baseline', 2);

	// The cycle summary, once everything above has run.
	wf.add({ name: 'Summaries', type: 'n8n-nodes-base.merge', typeVersion: 3.2, position: [x + 2160, 800], parameters: { numberInputs: 7 } });
	wf.connect('Snapshot HubSpot', 'Summaries', 1, 0);
	wf.connect('Snapshot Salesforce', 'Summaries', 1, 1);
	wf.connect('Diff', 'Summaries', 5, 2);
	wf.connect('Resolve', 'Summaries', 4, 3);
	wf.connect('Apply', 'Summaries', 4, 4);
	wf.connect('Salesforce counterparts', 'Summaries', 1, 5);
	wf.connect('HubSpot counterparts', 'Summaries', 1, 6);
	wf.add({
		name: 'Cycle row',
		type: reconcile('Log'),
		typeVersion: 1,
		position: [x + 2400, 800],
		parameters: { operation: 'cycle', policy: POLICY_NAME, startedAt: "={{ $('Cycle start').first().json.startedAt }}", mode: `={{ ${PLAN} }}`, dryRun: `={{ ${DRY_RUN} }}` },
	});
	wf.add(insertRows('Log cycle', [x + 2620, 800], CYCLES_TABLE.name));
	wf.chain('Summaries', 'Cycle row', 'Log cycle');

	// Retention, once the cycle is logged: the events and resolutions logs grow with every delivery and decision.
	const cutoff = "={{ Number($('Cycle start').first().json.keepDays ?? 0) > 0 ? $now.minus({ days: Number($('Cycle start').first().json.keepDays) }).toUTC().toISO() : '0000-01-01T00:00:00.000Z' }}";
	wf.add(deleteRows('Prune old events', [x + 2840, 800], EVENTS_TABLE.name, [{ column: 'receivedAt', condition: 'lt', value: cutoff }]));
	wf.add(deleteRows('Prune old resolutions', [x + 3060, 800], RESOLUTIONS_TABLE.name, [{ column: 'at', condition: 'lt', value: cutoff }]));
	wf.chain('Log cycle', 'Prune old events', 'Prune old resolutions');

	// Referenced so every table the package defines stays created by this template.
	void [WEEKLY_TABLE];
	return wf.build();
}
