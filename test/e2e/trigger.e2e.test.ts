/**
 * The Reconcile Trigger in a real n8n 2.40.7, installed from the packed package: the HubSpot simulator
 * delivers real signed webhooks for a "UI" change and for the integration's own API write (an echo),
 * a forged delivery is refused, and the Salesforce simulator's Outbound Messages are acknowledged.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

import {
	activateWorkflow,
	createCredential,
	isWebhookRegistered,
	listExecutions,
	nodeOutput,
	packProject,
	pollUntil,
	request,
	startN8n,
	waitForExecution,
	type Execution,
	type N8nHandle,
	type WorkflowJson,
	type WorkflowNode,
} from '../harness';
import { importWorkflow } from '../harness/workflows';
import { signatureV3, startHubSpotSim, startSalesforceSim, type HubSpotSim, type SalesforceSim } from '../simulators';
import { soapEnvelope } from '../simulators/salesforce/notifications';

const ROOT = resolve(__dirname, '../..');
const TRIGGER = 'n8n-nodes-reconcile.reconcileTrigger';
const CALLOUT_SECRET = 'e2e-callout-secret';
const PATHS = { hubspot: 'reconcile-hubspot-e2e', salesforceFlow: 'reconcile-sf-flow-e2e', salesforceOutbound: 'reconcile-sf-om-e2e' } as const;
type Source = keyof typeof PATHS;

const OUTBOUND_ACK =
	'<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>' +
	'<notificationsResponse xmlns="http://soap.sforce.com/2005/09/outbound"><Ack>true</Ack></notificationsResponse></soapenv:Body></soapenv:Envelope>';

/** Reconcile Trigger → (Changes) "<source> Changes", (Rejected) "<source> Rejected": stock No-Op nodes that keep the item. */
function triggerWorkflow(credentials: Record<Source, { id: string; name: string; type: string }>): WorkflowJson {
	const nodes: WorkflowNode[] = [];
	const connections: Record<string, unknown> = {};
	(Object.keys(PATHS) as Source[]).forEach((source, i) => {
		const name = `${source} trigger`;
		const cred = credentials[source];
		nodes.push(
			{
				name,
				type: TRIGGER,
				typeVersion: 1,
				position: [0, i * 300],
				webhookId: `00000000-0000-4000-8000-00000000000${i}`,
				parameters: { source, path: PATHS[source] },
				credentials: { [cred.type]: { id: cred.id, name: cred.name } },
			},
			{ name: `${source} Changes`, type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [300, i * 300], parameters: {} },
			{ name: `${source} Rejected`, type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [300, i * 300 + 150], parameters: {} },
		);
		connections[name] = {
			main: [[{ node: `${source} Changes`, type: 'main', index: 0 }], [{ node: `${source} Rejected`, type: 'main', index: 0 }]],
		};
	});
	return { name: 'Reconcile Trigger e2e', nodes, connections, settings: { executionOrder: 'v1' } };
}

describe('Reconcile Trigger in a real n8n', () => {
	let h: N8nHandle;
	let hubspot: HubSpotSim;
	let salesforce: SalesforceSim;
	let workflowId: string;
	const seen = new Set<string>();

	/** The next execution of the workflow, and the items each of its No-Op nodes received. */
	async function nextExecution(): Promise<{ exec: Execution; out: (node: string) => Record<string, unknown>[] }> {
		const exec = await waitForExecution(h, workflowId, { excluding: seen });
		seen.add(exec.id);
		return { exec, out: (node) => nodeOutput(exec, node) as Record<string, unknown>[] };
	}

	const url = (source: Source) => `${h.baseUrl}/webhook/${PATHS[source]}`;

	beforeAll(async () => {
		// The package as a user installs it: built, packed, installed by n8n's rules, loaded at start-up.
		execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
		const tgz = await packProject(ROOT);
		[hubspot, salesforce] = await Promise.all([
			startHubSpotSim({ records: 20, seed: 11, rateLimits: false }),
			startSalesforceSim({ records: 20, seed: 11, dailyApiLimit: false }),
		]);
		h = await startN8n({ packages: [tgz] });
		const hs = await createCredential(h, 'reconcileHubSpotApi', 'HubSpot simulator', {
			accessToken: hubspot.accessToken,
			baseUrl: hubspot.url,
			clientSecret: hubspot.clientSecret,
			appId: String(hubspot.appId),
		});
		const sf = await createCredential(h, 'reconcileSalesforceApi', 'Salesforce simulator', {
			domainUrl: salesforce.url,
			clientId: salesforce.clientId,
			clientSecret: salesforce.clientSecret,
			apiVersion: '60.0',
			integrationUserId: salesforce.integrationUserId,
			calloutSecret: CALLOUT_SECRET,
			organizationId: salesforce.orgId,
		});
		const wf = await importWorkflow(h, triggerWorkflow({ hubspot: hs, salesforceFlow: sf, salesforceOutbound: sf }));
		workflowId = wf.id;
		await activateWorkflow(h, workflowId);
		// The harness only knows the stock Webhook node's paths; wait for ours the same side-effect-free way.
		for (const path of Object.values(PATHS)) {
			await pollUntil(`/webhook/${path} to be registered`, async () => ((await isWebhookRegistered(h, { prefix: 'webhook', path, method: 'POST' })) ? true : undefined));
		}
		hubspot.configureWebhooks({ targetUrl: url('hubspot'), batchWindowMs: 20 });
		salesforce.configureNotifications(undefined, { url: url('salesforceOutbound'), objects: ['Contact'], batchWindowMs: 20 });
	});

	afterAll(async () => {
		await hubspot?.close();
		await salesforce?.close();
		await h?.stop();
	});

	test('a signed HubSpot delivery for a UI change is answered 200 and names the contact', async () => {
		const contact = String((hubspot.truthAll('contacts')[0] as { id: string }).id);
		hubspot.uiUpdate('contacts', contact, { jobtitle: 'Head of E2E' });
		await hubspot.idle();
		const attempts = hubspot.deliveries().webhooks.attempts;
		expect(attempts.at(-1)).toMatchObject({ status: 200, ok: true, outcome: 'delivered' });
		const { exec, out } = await nextExecution();
		expect(exec.status).toBe('success');
		expect(out('hubspot Changes')).toEqual([
			{
				source: 'hubspot',
				channel: 'webhook',
				receivedAt: expect.any(String),
				objects: { contacts: [contact] },
				events: 1,
				duplicates: 0,
				echoes: 0,
				ignored: 0,
				occurredAt: { min: expect.any(String), max: expect.any(String) },
				eventIds: [expect.any(String)],
			},
		]);
		expect(out('hubspot Rejected')).toEqual([]);
	});

	test("the integration's own API write comes back as an echo: counted, not named", async () => {
		const contact = String((hubspot.truthAll('contacts')[1] as { id: string }).id);
		const res = await request('PATCH', `${hubspot.url}/crm/v3/objects/contacts/${contact}`, {
			headers: { authorization: `Bearer ${hubspot.accessToken}` },
			body: { properties: { jobtitle: 'Written by the sync' } },
		});
		expect(res.status).toBe(200);
		await hubspot.idle();
		const { out } = await nextExecution();
		expect(out('hubspot Changes')[0]).toMatchObject({ objects: {}, events: 1, echoes: 1 });
	});

	test('a forged HubSpot delivery is answered 401 and logged on the Rejected output', async () => {
		const body = JSON.stringify([{ eventId: 1, subscriptionId: 1, subscriptionType: 'contact.propertyChange', objectId: 1, occurredAt: Date.now() }]);
		const ts = Date.now();
		const res = await request('POST', url('hubspot'), {
			body,
			headers: { 'X-HubSpot-Signature-v3': signatureV3('guessed-secret', 'POST', url('hubspot'), body, ts), 'X-HubSpot-Request-Timestamp': String(ts) },
		});
		expect(res.status).toBe(401);
		expect(res.json).toEqual({ error: 'invalid v3 signature' });
		const { exec, out } = await nextExecution();
		expect(exec.status).toBe('success');
		expect(out('hubspot Changes')).toEqual([]);
		expect(out('hubspot Rejected')).toEqual([
			{
				source: 'hubspot',
				channel: 'webhook',
				reason: 'invalid v3 signature',
				status: 401,
				receivedAt: expect.any(String),
				remoteAddress: expect.any(String),
				bodyBytes: Buffer.byteLength(body),
			},
		]);
	});

	test('a Salesforce UI change arrives as an Outbound Message and is acknowledged', async () => {
		const contact = String((salesforce.truthAll('Contact')[0] as { Id: string }).Id);
		salesforce.uiUpdate('Contact', contact, { Title: 'Head of E2E' });
		await salesforce.idle();
		const attempts = salesforce.deliveries()['outbound:Contact'].attempts;
		// The simulator counts a delivery as acknowledged only for HTTP 200 with <Ack>true</Ack>.
		expect(attempts.at(-1)).toMatchObject({ status: 200, ok: true, outcome: 'delivered' });
		const { out } = await nextExecution();
		expect(out('salesforceOutbound Changes')[0]).toMatchObject({
			source: 'salesforce',
			channel: 'outbound-message',
			objects: { Contact: [contact] },
			events: 1,
			echoes: 0,
		});
	});

	test('the SOAP ack is exact: HTTP 200, text/xml, notificationsResponse with Ack true', async () => {
		const contact = String((salesforce.truthAll('Contact')[2] as { Id: string }).Id);
		const xml = soapEnvelope([{ id: '04l000000000777AAA', object: 'Contact', values: { Id: contact, LastModifiedById: salesforce.integrationUserId } }], 'Contact', salesforce.orgId, salesforce.url);
		const res = await request('POST', url('salesforceOutbound'), { body: xml, headers: { 'content-type': 'text/xml; charset=utf-8', SOAPAction: '""', accept: '*/*' } });
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('text/xml; charset=utf-8');
		expect(res.text).toBe(OUTBOUND_ACK);
		const { out } = await nextExecution();
		expect(out('salesforceOutbound Changes')[0]).toMatchObject({ objects: {}, echoes: 1, eventIds: ['04l000000000777AAA'] });
	});

	test('an Outbound Message from another org is refused with 401', async () => {
		const xml = soapEnvelope([{ id: '04l000000000778AAA', object: 'Contact', values: { Id: '003000000000001AAA' } }], 'Contact', '00D0000000000ZZ', salesforce.url);
		const res = await request('POST', url('salesforceOutbound'), { body: xml, headers: { 'content-type': 'text/xml; charset=utf-8' } });
		expect(res.status).toBe(401);
		const { out } = await nextExecution();
		expect(out('salesforceOutbound Rejected')[0]).toMatchObject({ reason: 'organization ID does not match the credential', status: 401 });
	});

	test('a Flow callout with the shared secret is accepted; without it, refused', async () => {
		// The simulator's flow callouts carry no X-Reconcile-Secret header yet, so this sends its payload shape itself.
		const contact = String((salesforce.truthAll('Contact')[3] as { Id: string }).Id);
		const body = { eventId: `${contact}:1`, object: 'Contact', changeType: 'UPDATE', recordId: contact, record: { Id: contact, LastModifiedById: '005000000000042AAA' }, occurredAt: '2026-03-02T08:00:00.000+0000' };
		const ok = await request('POST', url('salesforceFlow'), { body, headers: { 'X-Reconcile-Secret': CALLOUT_SECRET } });
		expect(ok.status).toBe(200);
		expect((await nextExecution()).out('salesforceFlow Changes')[0]).toMatchObject({ channel: 'flow-callout', objects: { Contact: [contact] } });
		const refused = await request('POST', url('salesforceFlow'), { body });
		expect(refused.status).toBe(401);
		expect((await nextExecution()).out('salesforceFlow Rejected')[0]).toMatchObject({ reason: 'missing X-Reconcile-Secret header', status: 401 });
	});

	test('n8n itself refuses JSON it cannot parse (before the trigger runs), so no execution starts', async () => {
		const before = (await listExecutions(h, workflowId)).length;
		const res = await request('POST', url('hubspot'), { body: '[{"objectId": 1,', headers: { 'content-type': 'application/json' } });
		expect(res.status).toBe(422);
		expect((await listExecutions(h, workflowId)).length).toBe(before);
	});

	test('the same garbage sent as text/plain reaches the trigger and is logged', async () => {
		const res = await request('POST', url('salesforceFlow'), { body: '[{"objectId": 1,', headers: { 'content-type': 'text/plain', 'X-Reconcile-Secret': CALLOUT_SECRET } });
		expect(res.status).toBe(400);
		expect((await nextExecution()).out('salesforceFlow Rejected')[0]).toMatchObject({ reason: 'body is not valid JSON', status: 400 });
	});
});
