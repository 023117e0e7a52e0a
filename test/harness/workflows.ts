/**
 * Workflows, credentials, executions and node types over n8n's public API (`/api/v1`), plus the one
 * internal route the public API lacks (node-type descriptions).
 */
import { pollUntil, request } from './http';
import type { Json, N8nHandle } from './n8n-process';

export interface WorkflowNode {
	id?: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	webhookId?: string;
	disabled?: boolean;
	[key: string]: unknown;
}

export interface WorkflowJson {
	name: string;
	nodes: WorkflowNode[];
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	[key: string]: unknown;
}

export interface Workflow extends WorkflowJson {
	id: string;
	active: boolean;
	versionId?: string;
}

/**
 * Keys POST /api/v1/workflows accepts (its schema has additionalProperties: false). Everything else in an
 * exported workflow (id, active, versionId, meta, tags, createdAt, updatedAt, shared, activeVersion…) is
 * read-only there and makes the call fail with 400, so it is dropped.
 */
const WORKFLOW_KEYS = ['name', 'description', 'nodes', 'connections', 'settings', 'nodeGroups'] as const;
const NODE_KEYS = new Set([
	'id', 'name', 'webhookId', 'disabled', 'notesInFlow', 'notes', 'type', 'typeVersion', 'executeOnce', 'alwaysOutputData',
	'retryOnFail', 'maxTries', 'waitBetweenTries', 'continueOnFail', 'onError', 'position', 'parameters', 'credentials',
]);
const SETTINGS_KEYS = new Set([
	'saveExecutionProgress', 'saveManualExecutions', 'saveDataErrorExecution', 'saveDataSuccessExecution', 'executionTimeout',
	'errorWorkflow', 'timezone', 'executionOrder', 'binaryMode', 'callerPolicy', 'callerIds', 'timeSavedMode',
	'timeSavedPerExecution', 'redactionPolicy', 'availableInMCP',
]);

export interface ImportOptions {
	/** Replace the workflow's name (e.g. to make it unique per test). */
	name?: string;
	/**
	 * Credential per credential type, replacing whatever id/name the template carried (ids from another
	 * instance do not exist here).
	 */
	credentials?: Record<string, { id: string; name: string }>;
	/** Keep `staticData` / `pinData` from the JSON (dropped by default: templates must not ship them). */
	keepStaticData?: boolean;
	keepPinData?: boolean;
}

/** The body POST /api/v1/workflows accepts, built from an exported/template workflow JSON. */
export function toWorkflowCreateBody(json: WorkflowJson, opts: ImportOptions = {}): Json {
	const body: Json = {};
	for (const key of WORKFLOW_KEYS) if (json[key] !== undefined) body[key] = json[key];
	if (opts.name) body.name = opts.name;
	body.nodes = json.nodes.map((node) => {
		const clean: Record<string, unknown> = {};
		for (const [k, v] of Object.entries(node)) if (NODE_KEYS.has(k)) clean[k] = v;
		if (node.credentials && opts.credentials) {
			const creds: Record<string, { id: string; name: string }> = {};
			for (const [type, ref] of Object.entries(node.credentials)) creds[type] = opts.credentials[type] ?? ref;
			clean.credentials = creds;
		}
		return clean;
	});
	const settings: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(json.settings ?? {})) if (SETTINGS_KEYS.has(k)) settings[k] = v;
	body.settings = { executionOrder: 'v1', ...settings };
	if (opts.keepStaticData && json.staticData != null) body.staticData = json.staticData;
	if (opts.keepPinData && json.pinData != null) body.pinData = json.pinData;
	return body;
}

export async function importWorkflow(h: N8nHandle, json: WorkflowJson, opts: ImportOptions = {}): Promise<Workflow> {
	return await h.api<Workflow>('POST', '/workflows', toWorkflowCreateBody(json, opts));
}

export async function getWorkflow(h: N8nHandle, id: string): Promise<Workflow> {
	return await h.api<Workflow>('GET', `/workflows/${id}`);
}

export async function deleteWorkflow(h: N8nHandle, id: string): Promise<void> {
	await h.api('DELETE', `/workflows/${id}`);
}

export interface WebhookEndpoint {
	/** `webhook` (Webhook node) or `form` (Form Trigger). */
	prefix: 'webhook' | 'form';
	path: string;
	method: string;
}

/** Production endpoints a workflow registers when active (static paths only; `:param` paths are skipped). */
export function webhookEndpoints(wf: WorkflowJson): WebhookEndpoint[] {
	const out: WebhookEndpoint[] = [];
	for (const node of wf.nodes) {
		if (node.disabled) continue;
		const p = node.parameters ?? {};
		if (node.type === 'n8n-nodes-base.webhook') {
			const path = String(p.path ?? node.webhookId ?? '');
			if (!path || path.includes(':') || path.startsWith('=')) continue;
			const methods = p.multipleMethods === true && Array.isArray(p.httpMethod) ? (p.httpMethod as string[]) : [String(p.httpMethod ?? 'GET')];
			for (const method of methods) out.push({ prefix: 'webhook', path, method });
		} else if (node.type === 'n8n-nodes-reconcile.reconcileTrigger') {
			// The package's own webhook trigger: POST on its path.
			const path = String(p.path ?? '');
			if (path && !path.startsWith('=')) out.push({ prefix: 'webhook', path, method: 'POST' });
		} else if (node.type === 'n8n-nodes-base.formTrigger') {
			const options = (p.options ?? {}) as Record<string, unknown>;
			const path = String(p.path ?? options.path ?? node.webhookId ?? '');
			if (path && !path.startsWith('=')) out.push({ prefix: 'form', path, method: 'GET' });
		}
	}
	return out;
}

/**
 * Whether a production webhook is registered, without running the workflow: a CORS preflight (OPTIONS
 * with an Origin) makes n8n look up the path and list its methods in Access-Control-Allow-Methods; it
 * never executes anything.
 */
export async function isWebhookRegistered(h: N8nHandle, ep: WebhookEndpoint): Promise<boolean> {
	const res = await request('OPTIONS', `${h.baseUrl}/${ep.prefix}/${ep.path}`, {
		headers: { origin: 'http://harness.invalid', 'access-control-request-method': ep.method },
		timeoutMs: 5000,
	});
	const allowed = (res.headers.get('access-control-allow-methods') ?? '').split(',').map((m) => m.trim().toUpperCase());
	return allowed.includes(ep.method.toUpperCase());
}

/**
 * POST /activate (works on 1.123 and 2.x; 2.x calls it publishing), then waits until every production
 * webhook of the workflow answers, because 2.x registers triggers asynchronously after the call returns.
 */
export async function activateWorkflow(h: N8nHandle, id: string, { timeoutMs = 30_000 } = {}): Promise<Workflow> {
	const wf = await h.api<Workflow>('POST', `/workflows/${id}/activate`);
	for (const ep of webhookEndpoints(wf)) {
		await pollUntil(`${ep.method} /${ep.prefix}/${ep.path} of workflow ${id} to be registered`, async () =>
			(await isWebhookRegistered(h, ep)) ? true : undefined, { timeoutMs, intervalMs: 100 });
	}
	return wf;
}

/** POST /deactivate, then waits until its webhooks are gone (same asynchrony as activation). */
export async function deactivateWorkflow(h: N8nHandle, id: string, { timeoutMs = 30_000 } = {}): Promise<Workflow> {
	const wf = await h.api<Workflow>('POST', `/workflows/${id}/deactivate`);
	for (const ep of webhookEndpoints(wf)) {
		await pollUntil(`${ep.method} /${ep.prefix}/${ep.path} of workflow ${id} to be unregistered`, async () =>
			(await isWebhookRegistered(h, ep)) ? undefined : true, { timeoutMs, intervalMs: 100 });
	}
	return wf;
}

// ---------------------------------------------------------------- credentials

export interface Credential {
	id: string;
	name: string;
	type: string;
}

/** Creates a credential (n8n encrypts `data`); the result can be put into a node's `credentials`. */
export async function createCredential(h: N8nHandle, type: string, name: string, data: Record<string, unknown>): Promise<Credential> {
	const c = await h.api<Credential>('POST', '/credentials', { type, name, data });
	return { id: String(c.id), name: c.name, type: c.type };
}

export async function deleteCredential(h: N8nHandle, id: string): Promise<void> {
	await h.api('DELETE', `/credentials/${id}`);
}

/** JSON schema n8n validates `data` against; 404 (HttpError) when the credential type is not loaded. */
export async function getCredentialSchema(h: N8nHandle, type: string): Promise<Json> {
	return await h.api<Json>('GET', `/credentials/schema/${type}`);
}

// ---------------------------------------------------------------- node types

export interface NodeTypeDescription {
	name: string;
	displayName: string;
	version: number | number[];
	[key: string]: unknown;
}

/**
 * Descriptions of loaded node types by full type name (`<package>.<node>`) through the editor's route
 * POST /rest/node-types. Unknown types make n8n answer with an error (thrown as HttpError).
 */
export async function getNodeType(h: N8nHandle, name: string, version = 1): Promise<NodeTypeDescription> {
	const list = await h.rest<NodeTypeDescription[]>('POST', '/node-types', { nodeInfos: [{ name, version }] });
	const found = list?.[0];
	if (!found) throw new Error(`node type ${name}@${version} is not loaded`);
	return found;
}

// ---------------------------------------------------------------- executions

export type ExecutionStatus = 'canceled' | 'crashed' | 'error' | 'new' | 'running' | 'success' | 'unknown' | 'waiting';

export interface Execution {
	id: string;
	workflowId: string;
	status: ExecutionStatus;
	finished: boolean;
	mode: string;
	startedAt: string;
	stoppedAt: string | null;
	/** Present with includeData: `resultData.runData[nodeName][run].data.main[output][item].json`, `resultData.error`. */
	data?: { resultData?: { runData?: Record<string, unknown[]>; error?: Json; lastNodeExecuted?: string } };
	[key: string]: unknown;
}

function normalise(e: Execution): Execution {
	return { ...e, id: String(e.id), workflowId: String(e.workflowId) };
}

/** Executions of a workflow, newest first, following the cursor up to `limit` in total. */
export async function listExecutions(
	h: N8nHandle,
	workflowId: string,
	{ status, includeData = false, limit = 250 }: { status?: ExecutionStatus; includeData?: boolean; limit?: number } = {},
): Promise<Execution[]> {
	const out: Execution[] = [];
	let cursor: string | undefined;
	do {
		const q = new URLSearchParams({ workflowId, includeData: String(includeData), limit: String(Math.min(250, limit - out.length)) });
		if (status) q.set('status', status);
		if (cursor) q.set('cursor', cursor);
		const page = await h.api<{ data: Execution[]; nextCursor?: string | null }>('GET', `/executions?${q}`);
		out.push(...page.data.map(normalise));
		cursor = page.nextCursor ?? undefined;
	} while (cursor && out.length < limit);
	return out;
}

export async function getExecution(h: N8nHandle, id: string, includeData = true): Promise<Execution> {
	return normalise(await h.api<Execution>('GET', `/executions/${id}?includeData=${includeData}`));
}

const SETTLED: ExecutionStatus[] = ['success', 'error', 'crashed', 'canceled', 'waiting'];

/**
 * Waits for an execution of `workflowId` that is not in `excluding` (ids seen before the trigger) and has
 * settled (success/error/crashed/canceled/waiting by default); returns it with its data.
 * Needs EXECUTIONS_DATA_SAVE_ON_SUCCESS=all (the harness default) for successful runs to be listed.
 */
export async function waitForExecution(
	h: N8nHandle,
	workflowId: string,
	{
		excluding = [],
		statuses = SETTLED,
		timeoutMs = 30_000,
	}: { excluding?: Iterable<string>; statuses?: ExecutionStatus[]; timeoutMs?: number } = {},
): Promise<Execution> {
	const seen = new Set(excluding);
	const found = await pollUntil(
		`an execution of workflow ${workflowId} in status ${statuses.join('|')}`,
		async () => (await listExecutions(h, workflowId, { limit: 50 })).find((e) => !seen.has(e.id) && statuses.includes(e.status)),
		{ timeoutMs, intervalMs: 200 },
	);
	return await getExecution(h, found.id, true);
}

/** Output items (json) of a node in an execution fetched with data; first run, first output by default. */
export function nodeOutput(exec: Execution, nodeName: string, { run = 0, output = 0 } = {}): Json[] {
	const runs = exec.data?.resultData?.runData?.[nodeName] as
		| Array<{ data?: { main?: Array<Array<{ json: Json }> | null> } }>
		| undefined;
	return (runs?.[run]?.data?.main?.[output] ?? []).map((i) => i.json);
}
