/**
 * Template: the fast loop. A HubSpot webhook or a Salesforce Flow callout names records; the workflow
 * re-reads those records on both sides and runs the same diff → resolve → apply path as the slow loop,
 * so stale, duplicated and echoed events cannot write wrong values. Each delivery is logged.
 */
import { BASELINE_TABLE, EVENTS_TABLE, POLICY_TABLE, RESOLUTIONS_TABLE } from '../../nodes/shared/tables';
import { PACKAGE, WorkflowBuilder, credential, type Workflow } from './builder';
import { insertRows, publishedPolicy } from './data-tables';

export const HUBSPOT_WEBHOOK_PATH = 'reconcile-hubspot';
export const SALESFORCE_WEBHOOK_PATH = 'reconcile-salesforce';

const reconcile = (suffix: string) => `${PACKAGE}.reconcile${suffix}`;
const HUBSPOT = credential('reconcileHubSpotApi', 'Reconcile HubSpot API');
const SALESFORCE = credential('reconcileSalesforceApi', 'Reconcile Salesforce API');
const N8N_API = credential('reconcileN8nApi', 'Reconcile n8n API');

interface Branch {
	/** Suffix that keeps node names unique per branch. */
	tag: 'HS' | 'SF';
	trigger: string;
	path: string;
	source: 'hubspot' | 'salesforceFlow';
	webhookId: string;
	/**
	 * The side that notified (read by id) and the other one (read by the policy's first match key). Object
	 * types and key fields come from the published policy, so the fast loop follows it without edits.
	 */
	notified: { side: 'a' | 'b'; system: 'hubspot' | 'salesforce'; label: string };
	other: { side: 'a' | 'b'; system: 'hubspot' | 'salesforce'; label: string };
	y: number;
}

function branch(wf: WorkflowBuilder, b: Branch): void {
	const policyNode = `Policy (${b.tag})`;
	const policy = `={{ $('${policyNode}').first().json.policy }}`;
	const parsed = `JSON.parse($('${policyNode}').first().json.policy)`;
	const policyName = `={{ $('${policyNode}').first().json.name }}`;
	const objectType = `={{ ${parsed}.${b.notified.side}.object }}`;
	wf.add({
		name: b.trigger,
		type: reconcile('Trigger'),
		typeVersion: 1,
		position: [0, b.y],
		webhookId: b.webhookId,
		parameters: { source: b.source, path: b.path, options: {} },
		credentials: b.source === 'hubspot' ? HUBSPOT : SALESFORCE,
	});
	// No published policy yet (the cycle has not run): the Snapshot below fails with "No sync policy given",
	// a failed execution in n8n's list; the delivery was already answered and the first cycle catches up.
	wf.add(publishedPolicy(policyNode, [240, b.y], POLICY_TABLE.name));
	wf.connect(b.trigger, policyNode, 0);
	const notified = `${b.notified.label} records`;
	const copies = `${b.other.label} copies`;
	wf.add({
		name: notified,
		type: reconcile('Snapshot'),
		typeVersion: 1,
		position: [480, b.y],
		parameters: {
			source: b.notified.system,
			fieldsFrom: 'policy',
			policy,
			side: b.notified.side,
			scope: 'ids',
			ids: `={{ $('${b.trigger}').first().json.objects[${parsed}.${b.notified.side}.object] ?? [] }}`,
			options: {},
		},
		credentials: b.notified.system === 'hubspot' ? HUBSPOT : SALESFORCE,
	});
	wf.connect(policyNode, notified);
	wf.add({
		name: copies,
		type: reconcile('Snapshot'),
		typeVersion: 1,
		position: [720, b.y],
		parameters: { source: b.other.system, fieldsFrom: 'policy', policy, side: b.other.side, scope: 'keys', keyValues: `={{ $json.fields[${parsed}.match.keys[0].${b.notified.side}] }}`, options: {} },
		credentials: b.other.system === 'hubspot' ? HUBSPOT : SALESFORCE,
	});
	wf.connect(notified, copies, 0);
	wf.add({
		name: `Baseline (${b.tag})`,
		type: reconcile('Baseline'),
		typeVersion: 1,
		position: [720, b.y - 160],
		parameters: { operation: 'load', table: BASELINE_TABLE.name, policy: policyName, side: b.notified.side },
		credentials: N8N_API,
	});
	wf.connect(notified, `Baseline (${b.tag})`, 0);

	const diff = `Diff (${b.tag})`;
	wf.add({ name: diff, type: reconcile('Diff'), typeVersion: 1, position: [960, b.y], parameters: { policy, scope: 'partial', options: {} } });
	wf.connect(b.notified.side === 'a' ? notified : copies, diff, 0, 0);
	wf.connect(b.notified.side === 'b' ? notified : copies, diff, 0, 1);
	wf.connect(`Baseline (${b.tag})`, diff, 0, 2);
	const resolve = `Resolve (${b.tag})`;
	wf.add({ name: resolve, type: reconcile('Resolve'), typeVersion: 1, position: [1200, b.y], parameters: { policy, options: { loop: 'fast', decisions: 'settled' } } });
	for (const output of [0, 1, 2, 3]) wf.connect(diff, resolve, output, output);
	const apply = `Apply (${b.tag})`;
	wf.add({ name: apply, type: reconcile('Apply'), typeVersion: 1, position: [1440, b.y - 100], parameters: { policy, options: {} }, credentials: { ...HUBSPOT, ...SALESFORCE } });
	wf.connect(resolve, apply, 0);

	wf.connect(diff, 'Save baseline', 4);
	wf.connect(diff, 'Save baseline', 6); // few rows per delivery: upsert them all (another delivery may race)
	wf.connect(resolve, 'Save baseline', 3);
	wf.connect(apply, 'Save baseline', 2);
	wf.connect(resolve, 'Log resolutions', 2);

	const summaries = `Summaries (${b.tag})`;
	wf.add({ name: summaries, type: 'n8n-nodes-base.merge', typeVersion: 3.2, position: [1680, b.y + 160], parameters: { numberInputs: 6 } });
	wf.connect(b.trigger, summaries, 0, 0);
	wf.connect(notified, summaries, 1, 1);
	wf.connect(copies, summaries, 1, 2);
	wf.connect(diff, summaries, 5, 3);
	wf.connect(resolve, summaries, 4, 4);
	wf.connect(apply, summaries, 4, 5);
	const row = `Event row (${b.tag})`;
	wf.add({ name: row, type: reconcile('Log'), typeVersion: 1, position: [1920, b.y + 160], parameters: { operation: 'event', policy: policyName, objectType } });
	wf.connect(summaries, row);
	wf.connect(row, 'Log event');

	// A refused delivery is logged under the published policy too, so the dashboard counts it.
	const rejectedPolicy = `Policy (${b.tag}, rejected)`;
	const rejectedParsed = `JSON.parse($('${rejectedPolicy}').first().json.policy ?? '{}')`;
	wf.add(publishedPolicy(rejectedPolicy, [240, b.y + 300], POLICY_TABLE.name));
	wf.connect(b.trigger, rejectedPolicy, 1);
	// The Log node builds the row from the trigger's item; the policy row beside it is ignored.
	const refusal = `Refusal (${b.tag})`;
	wf.add({ name: refusal, type: 'n8n-nodes-base.merge', typeVersion: 3.2, position: [480, b.y + 200], parameters: { numberInputs: 2 } });
	wf.connect(b.trigger, refusal, 1, 0);
	wf.connect(rejectedPolicy, refusal, 0, 1);
	const rejected = `Rejected (${b.tag})`;
	wf.add({
		name: rejected,
		type: reconcile('Log'),
		typeVersion: 1,
		position: [720, b.y + 200],
		parameters: { operation: 'event', policy: `={{ $('${rejectedPolicy}').first().json.name ?? '' }}`, objectType: `={{ ${rejectedParsed}.${b.notified.side}?.object ?? '' }}` },
	});
	wf.connect(refusal, rejected);
	wf.connect(rejected, 'Log event');
}

export function fastLoopWorkflow(): Workflow {
	const wf = new WorkflowBuilder('Reconcile: fast loop (webhooks)', {
		executionOrder: 'v1',
		saveDataSuccessExecution: 'none',
		saveDataErrorExecution: 'all',
		saveManualExecutions: true,
		saveExecutionProgress: false,
	});
	// Shared sinks first, so both branches can connect to them.
	wf.add({ name: 'Save baseline', type: reconcile('Baseline'), typeVersion: 1, position: [1920, 380], parameters: { operation: 'save', table: BASELINE_TABLE.name }, credentials: N8N_API });
	wf.add(insertRows('Log resolutions', [1920, 560], RESOLUTIONS_TABLE.name));
	wf.add(insertRows('Log event', [2160, 380], EVENTS_TABLE.name));
	branch(wf, {
		tag: 'HS',
		trigger: 'HubSpot changes',
		path: HUBSPOT_WEBHOOK_PATH,
		source: 'hubspot',
		webhookId: '4b8d0a31-2f5e-4c77-a0d8-6e1f9b2c3d11',
		notified: { side: 'a', system: 'hubspot', label: 'HubSpot' },
		other: { side: 'b', system: 'salesforce', label: 'Salesforce' },
		y: 200,
	});
	branch(wf, {
		tag: 'SF',
		trigger: 'Salesforce changes',
		path: SALESFORCE_WEBHOOK_PATH,
		source: 'salesforceFlow',
		webhookId: '9c2e7f14-6a3b-4d58-b1e9-0f7a2c4d5e22',
		notified: { side: 'b', system: 'salesforce', label: 'Salesforce' },
		other: { side: 'a', system: 'hubspot', label: 'HubSpot' },
		y: 900,
	});
	return wf.build();
}
