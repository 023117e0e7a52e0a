/** One delivery, end to end: read the exact bytes, check them, answer the sender, emit one item. */
import type { ICredentialDataDecryptedObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { handleHubSpot } from './hubspot';
import { uriAsCalled } from './hubspot-signature';
import { triggerCredentials } from './credential-cache';
import { changesItem, rejectedItem } from './items';
import { hubSpotReplays } from './replay-guard';
import { handleFlowCallout } from './salesforce-flow';
import { handleOnDemand } from './on-demand';
import { handleOutboundMessage } from './salesforce-outbound';
import { configurationProblem, credentialName, field, readSettings } from './settings';
import { JSON_TYPE, reject, type Outcome, type Reply, type Settings } from './types';

type Request = ReturnType<IWebhookFunctions['getRequestObject']>;

/**
 * The bytes as received. n8n 2.x reads every webhook body into `req.rawBody` before the node runs
 * (cli middlewares/body-parser: `rawBodyReader`, then `parseBody`), and `readRawBody()` is the way
 * to get them if not; signatures are computed on exactly these bytes, never on a re-serialised body.
 */
async function rawBody(req: Request): Promise<Buffer | undefined> {
	try {
		if (req.rawBody === undefined && typeof req.readRawBody === 'function') await req.readRawBody();
	} catch {
		// n8n's form parser already consumed a multipart body (no sender of ours uses one): answered 400.
		return undefined;
	}
	return Buffer.isBuffer(req.rawBody) ? req.rawBody : Buffer.alloc(0);
}

/** The URLs HubSpot may have signed: the endpoint being served (test or production) and the production one. */
function signedUris(ctx: IWebhookFunctions, req: Request): string[] {
	const served = typeof ctx.getWebhookResourceUrl === 'function' ? ctx.getWebhookResourceUrl('default') : undefined;
	const urls = [served, ctx.getNodeWebhookUrl('default')].filter((u): u is string => typeof u === 'string');
	return [...new Set(urls)].map((url) => uriAsCalled(url, req.originalUrl ?? req.url ?? ''));
}

async function decide(ctx: IWebhookFunctions, settings: Settings, req: Request, body: Buffer, now: number): Promise<Outcome> {
	if (body.length > settings.maxBodyBytes) return reject(413, `body of ${body.length} bytes exceeds the ${settings.maxBodyBytes}-byte limit`);
	let credentials: ICredentialDataDecryptedObject;
	try {
		credentials = await triggerCredentials.get(ctx, credentialName(settings.source), now);
	} catch {
		// n8n's message is not passed on: the Rejected item must stay free of anything credential-related.
		return reject(500, `trigger not configured: no usable ${credentialName(settings.source)} credential`);
	}
	const problem = configurationProblem(settings.source, credentials);
	if (problem !== undefined) return reject(500, `trigger not configured: ${problem}`);
	const integrationUserId = field(credentials, 'integrationUserId');
	switch (settings.source) {
		case 'hubspot':
			return handleHubSpot(
				{ method: req.method, headers: req.headers, body, uris: signedUris(ctx, req), now },
				{ clientSecret: field(credentials, 'clientSecret'), appId: field(credentials, 'appId'), nodeId: ctx.getNode().id, replays: hubSpotReplays },
				settings,
			);
		case 'salesforceFlow':
			return handleFlowCallout({ headers: req.headers, body }, { calloutSecret: field(credentials, 'calloutSecret'), integrationUserId }, settings);
		case 'salesforceOutbound':
			return handleOutboundMessage(body, { organizationId: field(credentials, 'organizationId'), integrationUserId }, settings);
		case 'onDemand':
			return handleOnDemand(req.headers, body, field(credentials, 'apiKey'));
	}
}

function send(res: ReturnType<IWebhookFunctions['getResponseObject']>, status: number, reply: Reply): void {
	res.writeHead(status, { 'Content-Type': reply.contentType, 'Content-Length': Buffer.byteLength(reply.body) });
	res.end(reply.body);
}

export async function receive(ctx: IWebhookFunctions): Promise<IWebhookResponseData> {
	const receivedAt = Date.now();
	const settings = readSettings(ctx);
	const req = ctx.getRequestObject();
	const body = await rawBody(req);
	const outcome = body === undefined ? reject(400, 'body could not be read (multipart bodies are not accepted)') : await decide(ctx, settings, req, body, receivedAt);
	const res = ctx.getResponseObject();
	// Answered before the workflow starts: HubSpot counts a reply after 5 s as a failure and retries.
	if (outcome.ok) {
		send(res, 200, outcome.reply);
		return { noWebhookResponse: true, workflowData: [[{ json: changesItem(outcome.events, settings.source, receivedAt, outcome.request), pairedItem: { item: 0 } }], []] };
	}
	send(res, outcome.status, { contentType: JSON_TYPE, body: JSON.stringify({ error: outcome.reason }) });
	const remoteAddress = req.ip ?? req.socket?.remoteAddress;
	// Every refusal goes to n8n's log (the reason names what was wrong, never a secret or the body), so one that
	// starts no execution is on record too.
	ctx.logger.warn(`Reconcile Trigger refused a request: ${outcome.status} ${outcome.reason}`, { node: ctx.getNode().name, source: settings.source, status: outcome.status, remoteAddress });
	// A refused on-demand call starts nothing: whoever lacks the key cannot create executions (as n8n's own
	// webhook authentication). Refused CRM deliveries do run, so the fast loop can log them.
	if (settings.source === 'onDemand') return { noWebhookResponse: true };
	const item = rejectedItem(settings.source, outcome, receivedAt, body?.length ?? 0, remoteAddress);
	return { noWebhookResponse: true, workflowData: [[], [{ json: item, pairedItem: { item: 0 } }]] };
}
