/**
 * Drives the Reconcile Trigger's real `webhook()` inside n8n-core's real WebhookContext (parameters
 * resolved with their defaults, webhook URLs built by n8n from the path expression), with request and
 * response objects shaped as express hands them over: headers lower-cased, `rawBody` the bytes as
 * received, `originalUrl` with the query string exactly as sent.
 */
import { createHash } from 'node:crypto';

import { HookContext, WebhookContext } from 'n8n-core';
import {
	Workflow,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type INode,
	type INodeParameters,
	type INodeTypes,
	type IWebhookData,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { ReconcileHubSpotApi } from '../../../credentials/ReconcileHubSpotApi.credentials';
import { ReconcileN8nApi } from '../../../credentials/ReconcileN8nApi.credentials';
import { ReconcileSalesforceApi } from '../../../credentials/ReconcileSalesforceApi.credentials';
import { ReconcileTrigger } from '../../../nodes/ReconcileTrigger/ReconcileTrigger.node';
import { TestCredentialsHelper } from '../harness/credentials-helper';

export const N8N_BASE = 'https://n8n.example.com';
export const HUBSPOT_SECRET = 'hs-client-secret-0001';
export const HUBSPOT_APP_ID = '4201337';
export const ORG_ID_18 = '00D000000000001AAA';
export const INTEGRATION_USER = '005000000009001AAA';
export const CALLOUT_SECRET = 'callout-secret-0001';

export const hubspotCredentials = (extra: ICredentialDataDecryptedObject = {}): Record<string, ICredentialDataDecryptedObject> => ({
	reconcileHubSpotApi: { accessToken: 'pat-na1-x', baseUrl: 'https://api.hubapi.com', clientSecret: HUBSPOT_SECRET, appId: HUBSPOT_APP_ID, ...extra },
});

export const salesforceCredentials = (extra: ICredentialDataDecryptedObject = {}): Record<string, ICredentialDataDecryptedObject> => ({
	reconcileSalesforceApi: {
		domainUrl: 'https://acme.my.salesforce.com',
		clientId: 'cid',
		clientSecret: 'csecret',
		apiVersion: '60.0',
		integrationUserId: INTEGRATION_USER,
		calloutSecret: CALLOUT_SECRET,
		organizationId: ORG_ID_18,
		sessionToken: '',
		...extra,
	},
});

export interface TriggerCall {
	parameters?: INodeParameters;
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	headers?: Record<string, string>;
	body?: string | Buffer;
	/** Query string as sent, with the leading `?`. */
	query?: string;
	/** The editor's test endpoint (`/webhook-test/…`) instead of production. */
	test?: boolean;
	/** Leave `rawBody` unset until the node asks n8n to read it. */
	lazyBody?: boolean;
	/** `readRawBody` fails, as after n8n's form parser consumed a multipart body. */
	unreadableBody?: boolean;
	/** n8n's webhook base URL (production); default `${N8N_BASE}/webhook`. */
	webhookBaseUrl?: string;
	ip?: string;
}

export interface TriggerResponse {
	status: number;
	headers: Record<string, string | number>;
	text: string;
	changes: IDataObject[];
	rejected: IDataObject[];
	/** Whether n8n would start an execution (the node returned workflow data). */
	started: boolean;
	noWebhookResponse: boolean | undefined;
	/** What the trigger wrote to n8n's log. */
	logs: Array<{ level: string; message: string; meta?: unknown }>;
}

class FakeResponse {
	statusCode = 0;
	headers: Record<string, string | number> = {};
	text = '';
	ended = false;

	writeHead(status: number, headers: Record<string, string | number>): this {
		this.statusCode = status;
		this.headers = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
		return this;
	}

	end(body?: string | Buffer): this {
		if (this.ended) throw new Error('response ended twice');
		this.ended = true;
		this.text = body === undefined ? '' : String(body);
		return this;
	}
}

const nodeType = new ReconcileTrigger();
const nodeTypes = { getByName: () => nodeType, getByNameAndVersion: () => nodeType, getKnownTypes: () => ({}) } as unknown as INodeTypes;

function setUp(call: TriggerCall) {
	const credentials = call.credentials ?? hubspotCredentials();
	const credentialsHelper = new TestCredentialsHelper(
		{ reconcileHubSpotApi: new ReconcileHubSpotApi(), reconcileSalesforceApi: new ReconcileSalesforceApi(), reconcileN8nApi: new ReconcileN8nApi() },
		{ ...credentials },
	);
	const node: INode = {
		id: 'trigger-node-1',
		name: 'Reconcile Trigger',
		type: 'n8n-nodes-reconcile.reconcileTrigger',
		typeVersion: 1,
		position: [0, 0],
		webhookId: 'c0ffee00-0000-4000-8000-000000000001',
		parameters: call.parameters ?? {},
		// Another credential is another id (the trigger keeps a credential for a while, by id).
		credentials: Object.fromEntries(Object.entries(credentials).map(([type, data]) => [type, { id: `${type}-${createHash('sha256').update(JSON.stringify(data)).digest('hex').slice(0, 12)}`, name: type }])),
	};
	const workflow = new Workflow({ id: 'wf-trigger', name: 'trigger', nodes: [node], connections: {}, active: true, nodeTypes, settings: { executionOrder: 'v1' } });
	const base = call.webhookBaseUrl ?? `${N8N_BASE}/webhook`;
	const additionalData = {
		credentialsHelper,
		executionId: 'test-execution',
		restApiUrl: `${N8N_BASE}/rest`,
		instanceBaseUrl: `${N8N_BASE}/`,
		webhookBaseUrl: base,
		webhookTestBaseUrl: base.replace(/\/webhook$/, '/webhook-test'),
		webhookWaitingBaseUrl: `${N8N_BASE}/webhook-waiting`,
		formWaitingBaseUrl: `${N8N_BASE}/form-waiting`,
		variables: {},
	} as unknown as IWorkflowExecuteAdditionalData;
	const resolved = workflow.getNode(node.name)!;
	const webhookData: IWebhookData = {
		httpMethod: 'POST',
		node: resolved.name,
		path: String(resolved.parameters.path),
		webhookDescription: nodeType.description.webhooks![0],
		workflowId: workflow.id,
		workflowExecuteAdditionalData: additionalData,
		isTest: call.test === true,
	};
	return { workflow, node: resolved, additionalData, webhookData };
}

/** Sends one POST to the trigger and returns what the sender saw and what the workflow got. */
export async function callTrigger(call: TriggerCall): Promise<TriggerResponse> {
	const { workflow, node, additionalData, webhookData } = setUp(call);
	const bytes = Buffer.isBuffer(call.body) ? call.body : Buffer.from(call.body ?? '', 'utf8');
	const path = `/${call.test ? 'webhook-test' : 'webhook'}/${String(node.parameters.path)}${call.query ?? ''}`;
	const req: Record<string, unknown> = {
		method: 'POST',
		url: path,
		originalUrl: path,
		headers: Object.fromEntries(Object.entries({ 'content-type': 'application/json', ...call.headers }).map(([k, v]) => [k.toLowerCase(), v])),
		params: {},
		query: {},
		body: {},
		ip: call.ip ?? '203.0.113.7',
		socket: { remoteAddress: call.ip ?? '203.0.113.7' },
		rawBody: call.lazyBody || call.unreadableBody ? undefined : bytes,
		readRawBody: async () => {
			if (call.unreadableBody) throw new Error('Request body stream was aborted or is not readable');
			req.rawBody = bytes;
		},
	};
	const res = new FakeResponse();
	Object.assign(additionalData, { httpRequest: req, httpResponse: res });
	const context = new WebhookContext(workflow, node, additionalData, 'webhook', webhookData, [], null);
	// n8n's logger, kept instead of printed, so tests can say what the trigger logged.
	const logs: Array<{ level: string; message: string; meta?: unknown }> = [];
	const keep = (level: string) => (message: string, meta?: unknown) => void logs.push({ level, message, meta });
	Object.defineProperty(context, 'logger', { value: { error: keep('error'), warn: keep('warn'), info: keep('info'), debug: keep('debug') } });
	const result = await nodeType.webhook.call(context);
	if (!res.ended) throw new Error('the trigger did not answer the request');
	const [changes = [], rejected = []] = result.workflowData ?? [];
	for (const item of [...changes, ...rejected]) expect(item.pairedItem).toEqual({ item: 0 });
	return {
		status: res.statusCode,
		headers: res.headers,
		text: res.text,
		changes: changes.map((i) => i.json),
		rejected: rejected.map((i) => i.json),
		noWebhookResponse: result.noWebhookResponse,
		started: result.workflowData !== undefined,
		logs,
	};
}

/** Runs a webhook lifecycle method as n8n does on activation. */
export async function runLifecycle(method: 'checkExists' | 'create' | 'delete', call: TriggerCall): Promise<boolean> {
	const { workflow, node, additionalData, webhookData } = setUp(call);
	const context = new HookContext(workflow, node, additionalData, 'trigger', 'activate', webhookData);
	return await nodeType.webhookMethods.default[method].call(context);
}
