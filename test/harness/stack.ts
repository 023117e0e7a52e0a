/**
 * The whole product running for real: both simulators, a real n8n with the package installed from its
 * tarball, credentials pointing at the simulators, the shipped templates imported unchanged and then
 * configured the way a user would (the policy pasted into the Sync policy node), activated, and the
 * simulators' webhooks aimed at n8n. Shared by the e2e tests, the benchmarks and `npm run demo`.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { PolicyInput } from '../../nodes/engine';
import { contactsPolicy } from '../fixtures/sim-policy';
import { startSims, type Sims, type SimsOptions } from '../simulators';
import { CYCLES_TABLE } from '../../nodes/shared/tables';
import { CYCLE_WEBHOOK_PATH } from '../workflows/cycle';
import { HUBSPOT_WEBHOOK_PATH, SALESFORCE_WEBHOOK_PATH } from '../workflows/fast-loop';
import { DASHBOARD_WEBHOOK_PATH } from '../workflows/dashboard';
import { REVIEW_FORM_PATH } from '../workflows/review';
import { findDataTable, listRows, type RowFilter } from './data-tables';
import { packProject } from './packages';
import { startN8n, type N8nHandle, type StartOptions } from './n8n-process';
import { activateWorkflow, createCredential, importWorkflow, type Workflow, type WorkflowJson } from './workflows';

export const ROOT = join(__dirname, '..', '..');

export interface StackOptions {
	sims?: SimsOptions;
	n8n?: Omit<StartOptions, 'packages'>;
	/** The policy to paste into the cycle template (default: the contacts policy with the simulated owners). */
	policy?: (sims: Sims) => PolicyInput;
	/** Import and activate the fast loop (default true). */
	fastLoop?: boolean;
	/** Aim the simulators' webhooks at n8n (default true). */
	webhooks?: boolean;
	/** Reuse a packed tarball instead of packing `dist/` again. */
	tarball?: string;
	log?: (line: string) => void;
}

export interface Stack {
	sims: Sims;
	n8n: N8nHandle;
	workflows: { cycle: Workflow; fastLoop?: Workflow; review: Workflow; dashboard: Workflow };
	policy: PolicyInput;
	/** Header that authenticates "Run cycle now" and "Send summary now" (this instance's API key). */
	adminHeader: { name: string; value: string };
	/** Basic-auth login of the review form. */
	reviewer: { user: string; password: string };
	/** Basic-auth login of the dashboard. */
	viewer: { user: string; password: string };
	urls: { editor: string; review: string; dashboard: string; cycle: string; hubspotWebhook: string; salesforceWebhook: string };
	/**
	 * Runs one reconciliation cycle through the template's "Run cycle now" and returns its cycle row; `request`
	 * is the JSON body (e.g. `{ mode: 'incremental' }`).
	 */
	runCycle(request?: Record<string, unknown>): Promise<Record<string, unknown>>;
	/** Waits until no notification is pending in the simulators and no execution is running in n8n. */
	quiet(timeoutMs?: number): Promise<void>;
	rows(table: string, filter?: Record<string, unknown>): Promise<Array<Record<string, unknown>>>;
	stop(): Promise<void>;
}

export function readTemplate(file: string): WorkflowJson {
	return JSON.parse(readFileSync(join(ROOT, 'workflows', file), 'utf8')) as WorkflowJson;
}

/** What a user does after importing the cycle template: paste their policy into the Sync policy node. */
export async function configurePolicy(h: N8nHandle, workflow: Workflow, policy: PolicyInput): Promise<Workflow> {
	const nodes = workflow.nodes.map((node) =>
		node.name === 'Sync policy' ? { ...node, parameters: { ...node.parameters, jsonOutput: JSON.stringify(policy, null, 2) } } : node,
	);
	const body = { name: workflow.name, nodes, connections: workflow.connections, settings: workflow.settings };
	return await h.api<Workflow>('PUT', `/workflows/${workflow.id}`, body);
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
	const log = options.log ?? (() => undefined);
	const tarball = options.tarball ?? (await packProject(ROOT));
	const sims = await startSims({ records: 500, seed: 1, ...options.sims });
	let n8n: N8nHandle | undefined;
	try {
		log(`simulators: HubSpot ${sims.hubspot.url}, Salesforce ${sims.salesforce.url}`);
		n8n = await startN8n({ ...options.n8n, packages: [tarball] });
		log(`n8n ${n8n.baseUrl} ready in ${(n8n.startToReadyMs / 1000).toFixed(1)} s`);
		const calloutSecret = randomBytes(18).toString('base64url');
		const hubspot = await createCredential(n8n, 'reconcileHubSpotApi', 'Reconcile HubSpot API', {
			accessToken: sims.hubspot.accessToken,
			baseUrl: sims.hubspot.url,
			clientSecret: sims.hubspot.clientSecret,
			appId: String(sims.hubspot.appId),
		});
		const salesforce = await createCredential(n8n, 'reconcileSalesforceApi', 'Reconcile Salesforce API', {
			domainUrl: sims.salesforce.url,
			clientId: sims.salesforce.clientId,
			clientSecret: sims.salesforce.clientSecret,
			apiVersion: '60.0',
			integrationUserId: sims.salesforce.integrationUserId,
			calloutSecret,
			organizationId: sims.salesforce.orgId,
		});
		const reviewerPassword = randomBytes(12).toString('base64url');
		const reviewers = await createCredential(n8n, 'httpBasicAuth', 'Reconcile reviewers', { user: 'reviewer', password: reviewerPassword });
		const viewerPassword = randomBytes(12).toString('base64url');
		const viewers = await createCredential(n8n, 'httpBasicAuth', 'Reconcile dashboard viewers', { user: 'ops', password: viewerPassword });
		// The baseline table is read and written in batches through this instance's own API.
		const n8nApi = await createCredential(n8n, 'reconcileN8nApi', 'Reconcile n8n API', { apiUrl: `${n8n.baseUrl}/api/v1`, apiKey: n8n.apiKey });
		const credentials = { reconcileHubSpotApi: hubspot, reconcileSalesforceApi: salesforce, reconcileN8nApi: n8nApi, httpBasicAuth: reviewers };
		const policy = (options.policy ?? ((s: Sims) => contactsPolicy(s.hubspot.owners)))(sims);
		const imported = await importWorkflow(n8n, readTemplate('reconcile-cycle.json'), { credentials });
		const cycle = await configurePolicy(n8n, imported, policy);
		const review = await importWorkflow(n8n, readTemplate('reconcile-operator-review.json'), { credentials });
		const fastLoop = options.fastLoop === false ? undefined : await importWorkflow(n8n, readTemplate('reconcile-fast-loop.json'), { credentials });
		const dashboard = await importWorkflow(n8n, readTemplate('reconcile-dashboard.json'), { credentials: { ...credentials, httpBasicAuth: viewers } });
		for (const wf of [cycle, review, fastLoop, dashboard]) if (wf) await activateWorkflow(n8n, wf.id);
		const urls = {
			editor: `${n8n.baseUrl}/workflow/${cycle.id}`,
			review: `${n8n.baseUrl}/form/${REVIEW_FORM_PATH}`,
			dashboard: `${n8n.baseUrl}/webhook/${DASHBOARD_WEBHOOK_PATH}`,
			cycle: `${n8n.baseUrl}/webhook/${CYCLE_WEBHOOK_PATH}`,
			hubspotWebhook: `${n8n.baseUrl}/webhook/${HUBSPOT_WEBHOOK_PATH}`,
			salesforceWebhook: `${n8n.baseUrl}/webhook/${SALESFORCE_WEBHOOK_PATH}`,
		};
		const handle = n8n;
		const stack: Stack = {
			sims,
			n8n: handle,
			workflows: { cycle, review, fastLoop, dashboard },
			policy,
			adminHeader: { name: 'X-N8N-API-KEY', value: n8n.apiKey },
			reviewer: { user: 'reviewer', password: reviewerPassword },
			viewer: { user: 'ops', password: viewerPassword },
			urls,
			async runCycle(request = {}) {
				// Successful cycles are not saved (the template's setting), so the run is followed through its cycle
				// row; a failed one is saved, with its error.
				const newestRow = async (): Promise<Record<string, unknown> | undefined> =>
					(await stack.rows(CYCLES_TABLE.name)).reduce<Record<string, unknown> | undefined>(
						(best, r) => (best === undefined || Number(r.id) > Number(best.id) ? r : best),
						undefined,
					);
				const failedIds = async (): Promise<string[]> =>
					(await handle.api<{ data: Array<{ id: string }> }>('GET', `/executions?workflowId=${cycle.id}&status=error&limit=250`)).data.map((e) => e.id);
				const rowBefore = Number((await newestRow())?.id ?? 0);
				const failedBefore = new Set(await failedIds());
				const response = await handle.webhook(CYCLE_WEBHOOK_PATH, request, { headers: { 'X-N8N-API-KEY': handle.apiKey }, timeoutMs: 60_000 });
				if (response.status !== 200) throw new Error(`"Run cycle now" answered ${response.status}: ${JSON.stringify(response.json ?? response.text).slice(0, 500)}`);
				// The trigger answers at once and the cycle runs on: wait for its row (or its failure), then for quiet.
				const deadline = Date.now() + 30 * 60_000;
				for (;;) {
					const row = await newestRow();
					const logged = row !== undefined && Number(row.id) > rowBefore;
					// A run can fail after logging its row (a later step): wait for quiet, then look for that too.
					if (logged) await stack.quiet();
					const failed = (await failedIds()).find((id) => !failedBefore.has(id));
					if (logged && failed === undefined) return row;
					if (failed !== undefined) {
						const detail = await handle.api<{ data?: { resultData?: { error?: { message?: string; description?: string } } } }>('GET', `/executions/${failed}?includeData=true`);
						const error = detail.data?.resultData?.error;
						throw new Error(`cycle execution ${failed} failed${error?.message ? `: ${error.message}` : ''}${error?.description ? ` (${error.description})` : ''}`);
					}
					if (Date.now() > deadline) throw new Error('the cycle logged no row within 30 minutes');
					await new Promise((resolve) => setTimeout(resolve, 250));
				}
			},
			async quiet(timeoutMs = 120_000) {
				const deadline = Date.now() + timeoutMs;
				let calm = 0;
				while (calm < 3) {
					if (Date.now() > deadline) throw new Error('n8n and the simulators did not go quiet in time');
					await sims.idle();
					const running = await handle.api<{ data: unknown[] }>('GET', '/executions?status=running&limit=5');
					calm = running.data.length === 0 ? calm + 1 : 0;
					await new Promise((resolve) => setTimeout(resolve, 250));
				}
			},
			async rows(table, filter) {
				// Before the first cycle the tables do not exist yet: no rows.
				if ((await findDataTable(handle, table)) === undefined) return [];
				return (await listRows(handle, table, filter ? { filter: filter as RowFilter } : {})) as Array<Record<string, unknown>>;
			},
			async stop() {
				await handle.stop();
				await sims.close();
			},
		};
		if (options.webhooks !== false && fastLoop) {
			sims.hubspot.configureWebhooks({ targetUrl: urls.hubspotWebhook });
			sims.salesforce.configureNotifications({ url: urls.salesforceWebhook, headers: { 'X-Reconcile-Secret': calloutSecret } });
		}
		return stack;
	} catch (error) {
		await n8n?.stop();
		await sims.close();
		throw error;
	}
}
