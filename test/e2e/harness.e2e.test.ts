/**
 * Proves the real-n8n harness with a throwaway community package: packed, installed the way n8n's
 * installer does it, loaded by a real n8n 2.40.7 at startup, and exercised over HTTP the way the product's
 * e2e tests and demo will exercise the real nodes and templates.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
	activateWorkflow,
	chain,
	communityNodesDir,
	createCredential,
	deactivateWorkflow,
	ensureN8n,
	ensureDataTable,
	findDataTable,
	getCredentialSchema,
	getNodeType,
	HttpError,
	importWorkflow,
	insertRows,
	installPackageTarball,
	deleteRows,
	isWebhookRegistered,
	listExecutions,
	listRows,
	nodeOutput,
	packProject,
	respondNode,
	startN8n,
	waitForExecution,
	webhookEndpoints,
	webhookNode,
	type Credential,
	type N8nHandle,
	type WorkflowNode,
} from '../harness';
import { groupMembers } from '../harness/process-tree';
import { PROBE_CREDENTIAL_TYPE, PROBE_NODE_TYPE, PROBE_PACKAGE, writeProbePackage } from './support/probe-package';

const suffix = Date.now().toString(36);

describe('a real n8n started by the harness with a community package installed from its tarball', () => {
	let h: N8nHandle;
	let credential: Credential;

	let tgz: string;

	beforeAll(async () => {
		tgz = await packProject(writeProbePackage());
		h = await startN8n({ packages: [tgz] });
	});

	afterAll(async () => {
		await h?.stop();
	});

	test('finds the n8n install from the global setup in place instead of installing again', async () => {
		const again = await ensureN8n();
		expect(again.installedNow).toBe(false);
		expect(existsSync(again.n8nBin)).toBe(true);
	});

	test('installs the package as n8n does: devDependencies and peerDependencies stripped, no second n8n-workflow', () => {
		const dir = join(communityNodesDir(h.userFolder), 'node_modules', PROBE_PACKAGE);
		const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
		expect(pkg.name).toBe(PROBE_PACKAGE);
		expect(pkg.devDependencies).toBeUndefined();
		expect(pkg.peerDependencies).toBeUndefined();
		expect(existsSync(join(dir, 'node_modules', 'n8n-workflow'))).toBe(false);
		expect(existsSync(join(dir, 'dist', 'nodes', 'Probe', 'Probe.node.js'))).toBe(true);
	});

	test('refuses to install a package into a running n8n, which would not see it until restarted', async () => {
		await expect(installPackageTarball(h, tgz)).rejects.toThrow(/n8n is running/);
	});

	test('loads the node under its package name, not CUSTOM', async () => {
		// The lookup is by full type; the description itself carries the short name the package declared.
		const desc = await getNodeType(h, PROBE_NODE_TYPE);
		expect(desc).toMatchObject({ name: 'probe', displayName: 'Harness Probe' });
		await expect(getNodeType(h, 'CUSTOM.probe')).rejects.toThrow();
	});

	test("creates a credential of the package's own type through the public API", async () => {
		const schema = await getCredentialSchema(h, PROBE_CREDENTIAL_TYPE);
		expect(JSON.stringify(schema)).toContain('token');
		credential = await createCredential(h, PROBE_CREDENTIAL_TYPE, `probe ${suffix}`, { token: 'tok-123' });
		expect(credential).toMatchObject({ type: PROBE_CREDENTIAL_TYPE, name: `probe ${suffix}` });
		expect(credential.id).toBeTruthy();
	});

	test('serves an imported and activated Webhook → Probe → Respond workflow on its production path', async () => {
		const path = `probe-${suffix}`;
		const probe: WorkflowNode = {
			name: 'Probe',
			type: PROBE_NODE_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters: { tag: 'seen-by-probe' },
			credentials: { [PROBE_CREDENTIAL_TYPE]: { id: 'from-another-instance', name: 'template placeholder' } },
		};
		const json = chain(`probe ${suffix}`, [webhookNode(path), probe, respondNode()]);
		// What an exported workflow carries and POST /workflows rejects: the import must strip it.
		const exported = { ...json, id: 'abc', active: true, versionId: 'v1', tags: [], meta: { instanceId: 'x' }, pinData: {} };
		const wf = await importWorkflow(h, exported, { credentials: { [PROBE_CREDENTIAL_TYPE]: credential } });
		expect(wf.active).toBe(false);
		expect(await isWebhookRegistered(h, webhookEndpoints(wf)[0])).toBe(false);

		await activateWorkflow(h, wf.id);
		const res = await h.webhook<Record<string, unknown>>(path, { hello: 'world' });

		expect(res.status).toBe(200);
		expect(res.json).toMatchObject({ probe: 'seen-by-probe', probeToken: 'tok-123', body: { hello: 'world' } });
		const exec = await waitForExecution(h, wf.id);
		expect(exec.status).toBe('success');
		expect(nodeOutput(exec, 'Probe')[0]).toMatchObject({ probe: 'seen-by-probe' });
	});

	test('finds Data Tables by exact name although the API filter matches substrings', async () => {
		const longer = await ensureDataTable(h, `harness_api_rows_archive_${suffix}`, [{ name: 'label', type: 'string' }]);
		const exact = await ensureDataTable(h, `harness_api_rows_${suffix}`, [{ name: 'label', type: 'string' }]);
		expect(exact.id).not.toBe(longer.id);
		expect((await findDataTable(h, `harness_api_rows_${suffix}`))?.id).toBe(exact.id);
		// Idempotent, and adds a column that is asked for but missing.
		const again = await ensureDataTable(h, `harness_api_rows_${suffix}`, [
			{ name: 'label', type: 'string' },
			{ name: 'amount', type: 'number' },
		]);
		expect(again.id).toBe(exact.id);
		expect(again.columns.map((c) => c.name)).toEqual(['label', 'amount']);
	});

	test('inserts, filters and deletes Data Table rows through the public API', async () => {
		const name = `harness_api_rows_${suffix}`;
		const inserted = await insertRows(h, name, [
			{ label: 'a', amount: 1 },
			{ label: 'b', amount: 2 },
			{ label: 'c', amount: 3 },
		]);
		expect(inserted.map((r) => r.label)).toEqual(['a', 'b', 'c']);
		expect(await listRows(h, name, { filter: { label: 'b' } })).toEqual([expect.objectContaining({ label: 'b', amount: 2 })]);
		const gone = await deleteRows(h, name, { type: 'and', filters: [{ columnName: 'amount', condition: 'gte', value: 2 }] });
		expect(gone.map((r) => r.label).sort()).toEqual(['b', 'c']);
		expect((await listRows(h, name, { sortBy: 'label:asc' })).map((r) => r.label)).toEqual(['a']);
		// Archive table untouched.
		expect(await listRows(h, `harness_api_rows_archive_${suffix}`)).toEqual([]);
	});

	test('inserts a row with the stock Data table node addressed by name when its webhook is called', async () => {
		const table = `harness_ledger_${suffix}`;
		await ensureDataTable(h, table, [
			{ name: 'label', type: 'string' },
			{ name: 'amount', type: 'number' },
		]);
		const insert: WorkflowNode = {
			name: 'Insert row',
			type: 'n8n-nodes-base.dataTable',
			typeVersion: 1.1,
			position: [0, 0],
			parameters: {
				resource: 'row',
				operation: 'insert',
				dataTableId: { __rl: true, mode: 'name', value: table },
				columns: {
					mappingMode: 'defineBelow',
					value: { label: '={{ $json.body.label }}', amount: '={{ $json.body.amount }}' },
					matchingColumns: [],
					schema: [
						{ id: 'label', displayName: 'label', required: false, defaultMatch: false, display: true, type: 'string', canBeUsedToMatch: true },
						{ id: 'amount', displayName: 'amount', required: false, defaultMatch: false, display: true, type: 'number', canBeUsedToMatch: true },
					],
				},
				options: {},
			},
		};
		const path = `ledger-${suffix}`;
		const wf = await importWorkflow(h, chain(`ledger ${suffix}`, [webhookNode(path, { responseMode: 'lastNode' }), insert]));
		await activateWorkflow(h, wf.id);

		const res = await h.webhook<Record<string, unknown>>(path, { label: 'from-webhook', amount: 42 });

		expect(res.status).toBe(200);
		expect(res.json).toMatchObject({ label: 'from-webhook', amount: 42 });
		expect(await listRows(h, table)).toEqual([expect.objectContaining({ label: 'from-webhook', amount: 42 })]);
	});

	test('unregisters the production webhook on deactivation', async () => {
		const path = `toggle-${suffix}`;
		const wf = await importWorkflow(h, chain(`toggle ${suffix}`, [webhookNode(path), respondNode()]));
		await activateWorkflow(h, wf.id);
		expect((await h.webhook(path, {})).status).toBe(200);

		await deactivateWorkflow(h, wf.id);

		expect((await h.webhook(path, {})).status).toBe(404);
	});

	test('comes back after a hard kill with its workflows active, its credentials and its API key', async () => {
		const before = h.apiKey;
		const execsBefore = (await listExecutions(h, (await findWorkflowId(h, `probe ${suffix}`)) ?? '')).length;

		await h.restart({ hard: true });

		expect(h.apiKey).toBe(before);
		const res = await h.webhook<Record<string, unknown>>(`probe-${suffix}`, { again: true });
		expect(res.status).toBe(200);
		expect(res.json).toMatchObject({ probe: 'seen-by-probe', probeToken: 'tok-123' });
		const wfId = await findWorkflowId(h, `probe ${suffix}`);
		expect((await listExecutions(h, wfId ?? '')).length).toBe(execsBefore + 1);
	});

	test('reports API errors with the status and n8n message', async () => {
		const err = await h.api('GET', '/workflows/does-not-exist').catch((e: unknown) => e);
		expect(err).toBeInstanceOf(HttpError);
		expect((err as HttpError).status).toBe(404);
	});

	test('stop() ends the whole process tree and can be called twice', async () => {
		const pid = h.pid;
		expect(pid).toBeDefined();

		await h.stop();
		await h.stop();

		expect(h.isRunning()).toBe(false);
		expect(groupMembers(pid as number)).toEqual([]);
	});
});

async function findWorkflowId(h: N8nHandle, name: string): Promise<string | undefined> {
	const list = await h.api<{ data: Array<{ id: string; name: string }> }>('GET', `/workflows?name=${encodeURIComponent(name)}`);
	return list.data.find((w) => w.name === name)?.id;
}
