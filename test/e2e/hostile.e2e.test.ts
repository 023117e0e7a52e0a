/**
 * Hostile input against the whole product (issue 7): the shipped templates in a real n8n 2.40.7 with the
 * packed package, their Data Tables, and the simulators' write logs. Each attack is sent the way an attacker
 * or a broken client sends it; each test asserts the answer, that it was logged (an events row, a failed
 * execution, or n8n's own log where n8n answers before the workflow runs), that neither CRM was written and
 * that no Data Table row other than the log changed. The Reconcile Trigger's own verdicts are unit-tested in
 * test/nodes/trigger and shown in real n8n by trigger.e2e.test.ts; the review form's login and stale pages
 * by review.e2e.test.ts (401 without or with a wrong login, a made-up page token, a stale page for an item
 * another reviewer resolved): this file adds what those do not cover and ends with a scan of the n8n log,
 * every Data Table, every saved execution and every answer for credentials and tokens.
 *
 * One stack for the file; the tests run in order (each leaves the systems in sync for the next).
 */
import { readFileSync } from 'node:fs';

import type { PolicyInput } from '../../nodes/engine';
import { activateWorkflow, deactivateWorkflow, getExecution, getWorkflow, listExecutions, pollUntil, request, type Execution, type Row, type Workflow } from '../harness';
import { FormBrowser, type FormPage } from '../harness/forms';
import { configurePolicy, startStack, type Stack } from '../harness/stack';
import { contactsPolicy } from '../fixtures/sim-policy';
import type { Sims } from '../simulators';
import { expectCycle, unmetWrites } from './support/truth';
import { EVENTS, failedExecutions, newEventRows, tableChanges, tableState, writeMark, writesSince, type TableState, type WriteMark } from './support/hostile-state';
import { hubspotEvent, hubspotHeaders, percentile, pool, post, type Answer } from './support/hostile-send';
import { leaks, stackSecrets } from './support/hostile-secrets';

/** The contacts policy, with lead status passing options the map does not know straight through (a user's choice). */
function hostilePolicy(sims: Sims): PolicyInput {
	const policy = contactsPolicy(sims.hubspot.owners);
	return { ...policy, fields: policy.fields.map((f) => (f.name === 'lead_status' ? { ...f, unmapped: 'passthrough' } : f)) };
}

interface Pair {
	email: string;
	hs: string;
	sf: string;
}

describe('hostile input against the whole product in a real n8n', () => {
	let stack: Stack;
	let pairs: Pair[];
	let nextPair = 0;
	const answers: Array<{ what: string; answer: Answer }> = [];

	beforeAll(async () => {
		stack = await startStack({ sims: { records: 60, seed: 23 }, policy: hostilePolicy });
		const first = await stack.runCycle();
		expect(first).toMatchObject({ aborted: false, failed: 0 });
		const sfByEmail = new Map(stack.sims.salesforce.truthAll('Contact').map((r) => [String(r.Email).toLowerCase(), String(r.Id)]));
		pairs = stack.sims.hubspot.truthAll('contacts').flatMap((r) => {
			const email = String((r.properties as Record<string, unknown>).email ?? '').toLowerCase();
			const sf = sfByEmail.get(email);
			return email && sf ? [{ email, hs: String(r.id), sf }] : [];
		});
		expect(pairs.length).toBeGreaterThan(40);
	}, 300_000);

	afterAll(async () => {
		await stack?.stop();
	});

	// ---- helpers -----------------------------------------------------------------------------------

	/** The next unused matched pair (that satisfies `fits`; the ones skipped stay unused). */
	const pair = (fits: (p: Pair) => boolean = () => true): Pair => {
		while (nextPair < pairs.length) {
			const p = pairs[nextPair++];
			if (fits(p)) return p;
		}
		throw new Error('the seed has no more matched contacts');
	};
	const hs = (p: Pair) => stack.sims.hubspot.truth('contacts', p.hs)!.properties as Record<string, unknown>;
	const sf = (p: Pair) => stack.sims.salesforce.truth('Contact', p.sf)!;
	const calloutSecret = () => stack.sims.salesforce.notifications.options.flow.headers!['X-Reconcile-Secret'];

	async function send(what: string, url: string, body: string | Buffer, headers: Record<string, string>): Promise<Answer> {
		const answer = await post(url, body, headers);
		answers.push({ what, answer });
		return answer;
	}

	/** A HubSpot delivery of `events`, signed with the app's secret unless told otherwise. */
	function hubspot(what: string, events: unknown, opts: { secret?: string; timestamp?: number; contentType?: string } = {}): Promise<Answer> {
		const body = typeof events === 'string' ? events : JSON.stringify(events);
		const headers = hubspotHeaders(opts.secret ?? stack.sims.hubspot.clientSecret, stack.urls.hubspotWebhook, body, opts.timestamp);
		if (opts.contentType) headers['content-type'] = opts.contentType;
		return send(what, stack.urls.hubspotWebhook, body, headers);
	}

	/** A Salesforce Flow callout, with the Named Credential's secret unless told otherwise. */
	function salesforce(what: string, body: unknown, opts: { secret?: string | null; contentType?: string } = {}): Promise<Answer> {
		const headers: Record<string, string> = { 'content-type': opts.contentType ?? 'application/json' };
		const secret = opts.secret === undefined ? calloutSecret() : opts.secret;
		if (secret !== null) headers['X-Reconcile-Secret'] = secret;
		return send(what, stack.urls.salesforceWebhook, typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body), headers);
	}

	const flowBody = (p: Pair, extra: Record<string, unknown> = {}) => ({
		eventId: `${p.sf}:${Date.now()}`,
		object: 'Contact',
		changeType: 'UPDATE',
		recordId: p.sf,
		record: { Id: p.sf, LastModifiedById: '005000000000042AAA', SystemModstamp: new Date().toISOString().replace('Z', '+0000') },
		occurredAt: new Date().toISOString().replace('Z', '+0000'),
		...extra,
	});

	/**
	 * After an attack: exactly `rows` new events rows (returned), neither CRM written, and no other Data Table row
	 * added, removed or changed.
	 */
	async function expectOnlyLogged(before: TableState, mark: WriteMark, rows: number): Promise<Row[]> {
		const added = rows > 0 ? await newEventRows(stack, before, rows) : (await stack.quiet(), []);
		expect(writesSince(stack, mark)).toEqual([]);
		const changes = tableChanges(before, await tableState(stack));
		expect(Object.keys(changes)).toEqual(rows > 0 ? [EVENTS] : []);
		if (rows > 0) expect(changes[EVENTS]).toMatchObject({ removed: [], changed: [] });
		expect(added).toHaveLength(rows);
		return added;
	}

	async function attack(): Promise<{ before: TableState; mark: WriteMark }> {
		await stack.quiet();
		return { before: await tableState(stack), mark: writeMark(stack) };
	}

	const rejectedRow = (source: string, outcome: string, reason: string | RegExp) => ({
		source,
		direction: source === 'hubspot' ? 'hubspot→salesforce' : 'salesforce→hubspot',
		outcome,
		reason: typeof reason === 'string' ? reason : expect.stringMatching(reason),
		events: 0,
		records: 0,
		written: 0,
	});

	const n8nLog = () => readFileSync(stack.n8n.logs, 'utf8');
	const occurrences = (text: string, needle: string) => text.split(needle).length - 1;

	// ---- the other entry points need their logins ------------------------------------------------------

	it('refuses "Run cycle now" without the API key and the dashboard without its login; nothing runs', async () => {
		const { before, mark } = await attack();
		const hubspotCalls = stack.sims.hubspot.calls().total;
		const refusals: Array<[Record<string, string>, string]> = [
			[{}, 'missing X-N8N-API-KEY header'],
			[{ 'X-N8N-API-KEY': 'guessed' }, 'wrong API key'],
			[{ 'X-N8N-API-KEY': '' }, 'missing X-N8N-API-KEY header'],
			[{ 'X-N8N-API-KEY': `${stack.adminHeader.value.slice(0, -1)}` }, 'wrong API key'],
			// The key of another header name (n8n's Webhook header auth, or a typo) is no key.
			[{ 'X-Reconcile-Admin': stack.adminHeader.value }, 'missing X-N8N-API-KEY header'],
		];
		const logged = (reason: string) => occurrences(n8nLog(), `Reconcile Trigger refused a request: 401 ${reason}`);
		const loggedBefore = { missing: logged('missing X-N8N-API-KEY header'), wrong: logged('wrong API key') };
		for (const [headers, reason] of refusals) {
			const res = await send('cycle without key', stack.urls.cycle, '{}', { 'content-type': 'application/json', ...headers });
			expect(res).toMatchObject({ status: 401, json: { error: reason } });
		}
		// No execution starts, but each refusal is in n8n's log with its reason (the keys tried are not).
		await pollUntil('the refusals in the n8n log', async () => (logged('wrong API key') - loggedBefore.wrong === 2 ? true : undefined), { timeoutMs: 5_000 });
		expect({ missing: logged('missing X-N8N-API-KEY header') - loggedBefore.missing, wrong: logged('wrong API key') - loggedBefore.wrong }).toEqual({ missing: 3, wrong: 2 });
		for (const auth of [undefined, `Basic ${Buffer.from(`${stack.viewer.user}:wrong`).toString('base64')}`, `Basic ${Buffer.from(`${stack.reviewer.user}:${stack.reviewer.password}`).toString('base64')}`]) {
			const res = await request('GET', stack.urls.dashboard, { headers: auth ? { authorization: auth } : {} });
			answers.push({ what: 'dashboard without login', answer: { status: res.status, text: res.text, json: res.json, ms: 0 } });
			expect(res.status).toBe(401);
			expect(res.text).not.toMatch(/<svg|discrepanc/i);
		}
		await expectOnlyLogged(before, mark, 0);
		expect(stack.sims.hubspot.calls().total).toBe(hubspotCalls);
		expect(await listExecutions(stack.n8n, stack.workflows.cycle.id, { status: 'error' })).toEqual([]);
	});

	// ---- forged and replayed deliveries ------------------------------------------------------------

	it('answers forged deliveries 401 and logs them as rejected_signature; nothing is read or written', async () => {
		const { before, mark } = await attack();
		const calls = { hubspot: stack.sims.hubspot.calls().total, salesforce: stack.sims.salesforce.calls().total };
		const p = pair();
		const events = [hubspotEvent(p.hs, { propertyName: 'lastname', propertyValue: 'Mallory' })];
		const forged = await hubspot('forged HubSpot signature', events, { secret: 'guessed-client-secret' });
		expect(forged).toMatchObject({ status: 401, json: { error: 'invalid v3 signature' } });
		const unsigned = await send('unsigned HubSpot delivery', stack.urls.hubspotWebhook, JSON.stringify(events), { 'content-type': 'application/json' });
		expect(unsigned).toMatchObject({ status: 401, json: { error: 'missing X-HubSpot-Signature-v3 header' } });
		const noSecret = await salesforce('Flow callout without the secret', flowBody(p), { secret: null });
		expect(noSecret).toMatchObject({ status: 401, json: { error: 'missing X-Reconcile-Secret header' } });
		const wrongSecret = await salesforce('Flow callout with a wrong secret', flowBody(p), { secret: `${calloutSecret()}x` });
		expect(wrongSecret).toMatchObject({ status: 401, json: { error: 'wrong callout secret' } });

		const rows = await expectOnlyLogged(before, mark, 4);
		expect(rows).toEqual(
			expect.arrayContaining([
				expect.objectContaining(rejectedRow('hubspot', 'rejected_signature', 'invalid v3 signature')),
				expect.objectContaining(rejectedRow('hubspot', 'rejected_signature', 'missing X-HubSpot-Signature-v3 header')),
				expect.objectContaining(rejectedRow('salesforce', 'rejected_signature', 'missing X-Reconcile-Secret header')),
				expect.objectContaining(rejectedRow('salesforce', 'rejected_signature', 'wrong callout secret')),
			]),
		);
		// Refused before anything is parsed or read: not one CRM call.
		expect({ hubspot: stack.sims.hubspot.calls().total, salesforce: stack.sims.salesforce.calls().total }).toEqual(calls);
		expect(hs(p).lastname).not.toBe('Mallory');
	});

	it('refuses a validly signed delivery outside the 5-minute window (old or future) and an exact replay inside it', async () => {
		const { before, mark } = await attack();
		const p = pair();
		const old = await hubspot('replay, 6 minutes old', [hubspotEvent(p.hs)], { timestamp: Date.now() - 6 * 60_000 });
		expect(old).toMatchObject({ status: 401, json: { error: 'timestamp outside the 300 s window' } });
		const future = await hubspot('timestamp 6 minutes ahead', [hubspotEvent(p.hs)], { timestamp: Date.now() + 6 * 60_000 });
		expect(future).toMatchObject({ status: 401, json: { error: 'timestamp outside the 300 s window' } });
		// A captured delivery sent again with its own (still fresh) signature.
		const body = JSON.stringify([hubspotEvent(p.hs)]);
		const headers = hubspotHeaders(stack.sims.hubspot.clientSecret, stack.urls.hubspotWebhook, body);
		expect(await send('original delivery', stack.urls.hubspotWebhook, body, headers)).toMatchObject({ status: 200, json: { received: 1 } });
		const replay = await send('exact replay', stack.urls.hubspotWebhook, body, headers);
		expect(replay).toMatchObject({ status: 401, json: { error: 'replayed delivery (same v3 signature seen within the window)' } });

		const rows = await expectOnlyLogged(before, mark, 4);
		expect(rows.filter((r) => r.outcome === 'rejected_signature').map((r) => r.reason).sort()).toEqual([
			'replayed delivery (same v3 signature seen within the window)',
			'timestamp outside the 300 s window',
			'timestamp outside the 300 s window',
		]);
		// The original named a contact that is in sync: read, nothing to write.
		expect(rows.find((r) => r.outcome !== 'rejected_signature')).toMatchObject({ source: 'hubspot', outcome: 'no_change', events: 1, records: 1, written: 0 });
	});

	// ---- bodies that are too big or not what they claim -------------------------------------------

	it("answers a body over the trigger's limit 413 (logged); one over n8n's own limit gets n8n's answer and its log line", async () => {
		const { before, mark } = await attack();
		const p = pair();
		const big = JSON.stringify([hubspotEvent(p.hs, { propertyValue: 'x'.repeat(2 * 1024 * 1024) })]);
		const signed = await hubspot('2 MiB signed delivery', big);
		expect(signed).toMatchObject({ status: 413, json: { error: `body of ${Buffer.byteLength(big)} bytes exceeds the 1048576-byte limit` } });
		// The size is checked first: an unauthenticated sender cannot make the trigger parse 2 MiB either.
		const flow = await salesforce('2 MiB Flow callout without the secret', flowBody(p, { padding: 'y'.repeat(2 * 1024 * 1024) }), { secret: null });
		expect(flow.status).toBe(413);
		const rows = await expectOnlyLogged(before, mark, 2);
		expect(rows).toEqual(
			expect.arrayContaining([
				expect.objectContaining(rejectedRow('hubspot', 'rejected', /^body of \d+ bytes exceeds the 1048576-byte limit$/)),
				expect.objectContaining(rejectedRow('salesforce', 'rejected', /^body of \d+ bytes exceeds the 1048576-byte limit$/)),
			]),
		);

		// Beyond N8N_PAYLOAD_SIZE_MAX (16 MiB) n8n stops reading before any workflow runs; n8n 2.40.7 answers
		// 500 (not 413) and logs "request entity too large". No execution, no row, nothing written.
		const again = await attack();
		const logLines = () => ({
			tooLarge: occurrences(n8nLog(), 'PayloadTooLargeError: request entity too large'),
			failed: occurrences(n8nLog(), 'Error in handling webhook request POST /webhook/reconcile-hubspot: There was a problem executing the workflow'),
		});
		const logged = logLines();
		const huge = await send('17 MiB body', stack.urls.hubspotWebhook, 'z'.repeat(17 * 1024 * 1024), { 'content-type': 'application/json' });
		expect(huge.status).toBe(500);
		expect(huge.json).toEqual({ code: 0, message: 'There was a problem executing the workflow' });
		await expectOnlyLogged(again.before, again.mark, 0);
		expect(logLines()).toEqual({ tooLarge: logged.tooLarge + 1, failed: logged.failed + 1 });
		expect(await (await fetch(`${stack.n8n.baseUrl}/healthz`)).json()).toEqual({ status: 'ok' });
	});

	it('refuses malformed JSON, bytes that are not UTF-8 and well-formed JSON of the wrong shape with 400 naming the problem', async () => {
		const { before, mark } = await attack();
		const p = pair();
		const garbage = '[{"objectId": 1,';
		expect(await hubspot('malformed JSON sent as text/plain', garbage, { contentType: 'text/plain' })).toMatchObject({ status: 400, json: { error: 'body is not valid JSON' } });
		expect(await salesforce('malformed Flow JSON sent as text/plain', garbage, { contentType: 'text/plain' })).toMatchObject({ status: 400, json: { error: 'body is not valid JSON' } });
		const notUtf8 = Buffer.from([0x7b, 0x22, 0x6f, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
		expect(await salesforce('Flow callout that is not UTF-8', notUtf8, { contentType: 'application/octet-stream' })).toMatchObject({ status: 400, json: { error: 'body is not valid UTF-8' } });
		expect(await hubspot('an object instead of the event array', { objectId: Number(p.hs) })).toMatchObject({ status: 400, json: { error: 'body must be a JSON array of events' } });
		expect(await hubspot('a record id that is not a number', [hubspotEvent('1', { objectId: 'DROP TABLE contacts' })])).toMatchObject({ status: 400, json: { error: 'events[0].objectId: expected a numeric id' } });
		const tooMany = Array.from({ length: 101 }, () => hubspotEvent(p.hs));
		expect(await hubspot('101 events in one delivery', tooMany)).toMatchObject({ status: 400, json: { error: 'events: more than 100 events (HubSpot sends at most 100)' } });
		expect(await salesforce('a Flow callout with neither record nor records', { object: 'Contact' })).toMatchObject({
			status: 400,
			json: { error: 'body: expected either "records" (an array) or "record" (an object)' },
		});
		const rows = await expectOnlyLogged(before, mark, 7);
		expect(rows.map((r) => [r.source, r.outcome, r.reason]).sort()).toEqual(
			[
				['hubspot', 'rejected', 'body is not valid JSON'],
				['hubspot', 'rejected', 'body must be a JSON array of events'],
				['hubspot', 'rejected', 'events: more than 100 events (HubSpot sends at most 100)'],
				['hubspot', 'rejected', 'events[0].objectId: expected a numeric id'],
				['salesforce', 'rejected', 'body is not valid JSON'],
				['salesforce', 'rejected', 'body is not valid UTF-8'],
				['salesforce', 'rejected', 'body: expected either "records" (an array) or "record" (an object)'],
			].sort(),
		);

		// Sent as application/json (as HubSpot and Flows send), n8n 2.40.7 parses the body itself before any
		// workflow runs and answers 422: the product never sees it, so nothing is written, and the only record of
		// it is n8n's own log line (not reconcile_events).
		const again = await attack();
		const unparsed = (path: string) => occurrences(n8nLog(), `Error in handling webhook request POST /webhook/${path}: Failed to parse request body`);
		const logged = { hubspot: unparsed('reconcile-hubspot'), salesforce: unparsed('reconcile-salesforce') };
		const refused = await hubspot('malformed JSON sent as application/json', garbage);
		expect(refused).toMatchObject({ status: 422, json: { code: 422, message: 'Failed to parse request body' } });
		expect(await salesforce('malformed Flow JSON sent as application/json', garbage)).toMatchObject({ status: 422, json: { code: 422, message: 'Failed to parse request body' } });
		await expectOnlyLogged(again.before, again.mark, 0);
		expect({ hubspot: unparsed('reconcile-hubspot'), salesforce: unparsed('reconcile-salesforce') }).toEqual({ hubspot: logged.hubspot + 1, salesforce: logged.salesforce + 1 });
	});

	it('answers events for object types it does not sync 200 (so senders do not retry them) and logs them as ignored', async () => {
		const { before, mark } = await attack();
		const calls = stack.sims.hubspot.calls().total;
		const p = pair();
		const unknown = [
			hubspotEvent(p.hs, { subscriptionType: 'ticket.propertyChange', propertyName: 'subject' }),
			hubspotEvent(p.hs, { subscriptionType: 'object.propertyChange', objectTypeId: '2-4711', propertyName: 'name' }),
			hubspotEvent('3000001', { subscriptionType: 'company.propertyChange', propertyName: 'industry' }),
		];
		expect(await hubspot('ticket, custom object and company events', unknown)).toMatchObject({ status: 200, json: { received: 3 } });
		expect(await salesforce('a Flow callout for Accounts', flowBody(p, { object: 'Account', record: { Id: '001000000000001AAA' } }))).toMatchObject({ status: 200 });
		expect(await salesforce('a Flow callout for an object named constructor', flowBody(p, { object: 'constructor', record: { Id: '001000000000002AAA' } }))).toMatchObject({ status: 200 });
		expect(await salesforce('a Flow callout for an object named __proto__', flowBody(p, { object: '__proto__', record: { Id: '001000000000003AAA' } }))).toMatchObject({
			status: 400,
			json: { error: 'body.record: missing or invalid object type' },
		});
		const rows = await expectOnlyLogged(before, mark, 4);
		expect(rows.map((r) => [r.source, r.outcome, r.records, r.written, r.reason]).sort()).toEqual(
			[
				['hubspot', 'no_change', 0, 0, '3 events for object types this loop does not sync (companies): ignored'],
				['salesforce', 'no_change', 0, 0, '1 event for object types this loop does not sync (Account): ignored'],
				['salesforce', 'no_change', 0, 0, '1 event for object types this loop does not sync (constructor): ignored'],
				['salesforce', 'rejected', 0, 0, 'body.record: missing or invalid object type'],
			].sort(),
		);
		expect(stack.sims.hubspot.calls().total).toBe(calls);
	});

	// ---- a policy with several mistakes --------------------------------------------------------------

	it('fails the cycle on a policy with several mistakes, listing every one with its path, before touching a CRM; the last good policy stays published', async () => {
		const good = stack.policy;
		const broken = JSON.parse(JSON.stringify(good)) as PolicyInput & Record<string, unknown>;
		const f = broken.fields as Array<Record<string, unknown>>;
		(broken.b as Record<string, unknown>).system = 'salesfarce';
		broken.match = { keys: [] };
		f[0].rule = 'most_recent';
		f[1].name = f[0].name;
		f[2].type = 'telephone';
		f[3].rule = { kind: 'merge', strategy: 'union' };
		(broken as Record<string, unknown>).onlyInB = 'delete';
		(broken as Record<string, unknown>).extras = true;

		const reconfigure = async (policy: PolicyInput) => {
			// What a user does: paste the policy into the Sync policy node and publish the workflow again.
			await configurePolicy(stack.n8n, await getWorkflow(stack.n8n, stack.workflows.cycle.id), policy);
			await deactivateWorkflow(stack.n8n, stack.workflows.cycle.id);
			await activateWorkflow(stack.n8n, stack.workflows.cycle.id);
		};
		const { before, mark } = await attack();
		const calls = { hubspot: stack.sims.hubspot.calls().total, salesforce: stack.sims.salesforce.calls().total };
		const failedBefore = new Set((await failedExecutions(stack, stack.workflows.cycle.id)).map((e) => e.id));
		await reconfigure(broken);
		try {
			// Answered at once; the cycle then fails in its first Reconcile node, before any read.
			const res = await send('cycle with a broken policy', stack.urls.cycle, '{}', { 'content-type': 'application/json', [stack.adminHeader.name]: stack.adminHeader.value });
			expect(res).toMatchObject({ status: 200, json: { started: true } });
			await pollUntil(
				'the failed cycle execution',
				async () => ((await failedExecutions(stack, stack.workflows.cycle.id)).some((e) => !failedBefore.has(e.id)) ? true : undefined),
				{ timeoutMs: 60_000, intervalMs: 200 },
			);
			await stack.quiet();
			const failed = (await failedExecutions(stack, stack.workflows.cycle.id)).filter((e) => !failedBefore.has(e.id));
			expect(failed).toHaveLength(1);
			const error = failed[0].data!.resultData!.error as { message: string; description: string; node: { name: string } };
			expect(error.message).toBe('Invalid sync policy (8 problems)');
			expect(error.node.name).toBe('Snapshot HubSpot');
			expect(error.description.split('\n').sort()).toEqual(
				[
					'b.system: must be one of "hubspot", "salesforce", "items"; got "salesfarce"',
					'match.keys: needs at least one key field pair to match records',
					'fields[0].rule.kind: must be one of "source_of_truth", "recency", "merge", "escalate"; got "most_recent"',
					'fields[2].type: must be one of "string", "email", "phone", "number", "boolean", "date", "datetime", "enum", "multiselect"; got "telephone"',
					'onlyInB: must be one of "create", "escalate", "ignore"; got "delete"',
					'(policy): has unknown key(s) "extras" (a typo?)',
					'fields[1].name: field name "first_name" is already used by fields[0]; each field may appear once',
					'fields[3].rule: "merge" unions lists, so it needs type "multiselect"; field "job_title" has type "string"',
				].sort(),
			);
			// Nothing read, nothing written, no row changed: the published policy is still the good one.
			expect({ hubspot: stack.sims.hubspot.calls().total, salesforce: stack.sims.salesforce.calls().total }).toEqual(calls);
			await expectOnlyLogged(before, mark, 0);
			expect(JSON.parse(String((await stack.rows('reconcile_policy'))[0].policy))).toMatchObject({ b: { system: 'salesforce' }, onlyInB: 'escalate' });

			// Meanwhile the fast loop goes on with the last good policy.
			const p = pair();
			stack.sims.hubspot.uiUpdate('contacts', p.hs, { firstname: 'Stillworking' });
			await pollUntil('the fast loop to carry the change', async () => (sf(p).FirstName === 'Stillworking' ? true : undefined), { timeoutMs: 30_000, intervalMs: 100 });
		} finally {
			await reconfigure(good);
		}
		await stack.quiet();
		expect(await stack.runCycle()).toMatchObject({ aborted: false, failed: 0, written: 0 });
	});

	// ---- the operator form -------------------------------------------------------------------------

	it('refuses a decision whose hidden queue id was tampered with (a resolved item, an unknown one, __proto__) and writes nothing', async () => {
		const owners = stack.sims.hubspot.owners;
		const ownerOf = (p: Pair) => owners.find((o) => o.hubspotOwnerId === String(hs(p).hubspot_owner_id))!;
		const agreed = (p: Pair) => ownerOf(p)?.salesforceUserId === String(sf(p).OwnerId);
		const [first, second] = [pair(), pair(), pair(), pair()].filter(agreed);
		for (const p of [first, second]) {
			const other = owners.find((o) => o.hubspotOwnerId !== ownerOf(p).hubspotOwnerId)!;
			stack.sims.hubspot.uiUpdate('contacts', p.hs, { hubspot_owner_id: other.hubspotOwnerId });
			await stack.quiet();
		}
		expect(await stack.runCycle()).toMatchObject({ escalated: 2 });
		const queue = async () => (await stack.rows('reconcile_queue')).filter((r) => r.field === 'owner' && (r.key === first.email || r.key === second.email));
		const items = await queue();
		const one = items.find((r) => r.key === first.email)!;
		const two = items.find((r) => r.key === second.email)!;
		expect([one.status, two.status]).toEqual(['open', 'open']);

		const reviewer = new FormBrowser({ basicAuth: stack.reviewer });
		const open = async (): Promise<FormPage> => {
			const start = await reviewer.open(stack.urls.review);
			return await reviewer.submit(start, { 'Your name or email': 'mallory@example.com' });
		};
		const hiddenId = (page: FormPage) => page.fields.find((f) => f.kind === 'hidden')!.id;
		// The oldest item first; resolve it the normal way.
		let page = await open();
		expect(page.fields.find((f) => f.kind === 'hidden')!.value).toBe(one.queueId);
		// Saved; the same session goes on to the next open item (or ends with the queue empty).
		expect((await reviewer.submit(page, { Decision: 'Keep the HubSpot value' })).message).toMatch(/^Resolved: the value is in both systems\./);

		for (const tampered of [String(one.queueId), 'no-such-queue-item', '__proto__', 'constructor']) {
			const { before, mark } = await attack();
			page = await open();
			expect(page.fields.find((f) => f.kind === 'hidden')!.value).toBe(two.queueId);
			const done = await reviewer.submit(page, { Decision: 'Keep the Salesforce value', [hiddenId(page)]: tampered });
			expect(done).toMatchObject({ kind: 'completion', title: 'Decision not applied', executionStatus: 'success' });
			expect(done.message).toBe(tampered === one.queueId ? `queue item ${tampered} is already resolved; nothing was written` : 'no such queue item; nothing was written');
			await expectOnlyLogged(before, mark, 0);
			// Logged: the review workflow keeps every execution, and this one records who tried what and why it was refused.
			const run = await getExecution(stack.n8n, String(page.executionId));
			const refusedItems = (run.data?.resultData?.runData?.['Apply decision'] as Array<{ data: { main: Array<Array<{ json: Record<string, unknown> }>> } }>)[0].data.main[2];
			expect(refusedItems.map((i) => i.json.reason)).toEqual([done.message]);
			expect(JSON.stringify(run.data?.resultData?.runData?.['Review queue'])).toContain('mallory@example.com');
		}
		expect((await queue()).map((r) => [r.key, r.status])).toEqual(
			expect.arrayContaining([
				[first.email, 'resolved'],
				[second.email, 'open'],
			]),
		);
		page = await open();
		expect((await reviewer.submit(page, { Decision: 'Dismiss (leave both as they are)' })).message).toMatch(/^Dismissed: the item stays out of the queue/);
	});

	// ---- hostile values in the CRMs, through both loops ----------------------------------------------

	it('carries values named __proto__/constructor, JSON with those keys, 100k-character strings and control characters exactly, or refuses them with the reason', async () => {
		const { hubspot: hsSim, salesforce: sfSim } = stack.sims;
		const [p1, p2, p4, p5, p6] = [pair(), pair(), pair(), pair(), pair()];
		const p3 = pair((p) => String(sf(p).Title ?? '') !== '');
		const mark = writeMark(stack);
		const before = await tableState(stack);
		// Options that exist in both systems (an admin added them), named like Object.prototype members.
		for (const value of ['constructor', '__proto__']) {
			stack.sims.schemaChange({ kind: 'add-option', object: 'contacts', field: 'hs_lead_status', value });
			stack.sims.schemaChange({ kind: 'add-option', object: 'Contact', field: 'Lead_Status__c', value });
			stack.sims.schemaChange({ kind: 'add-option', object: 'contacts', field: 'product_interest', value });
			stack.sims.schemaChange({ kind: 'add-option', object: 'Contact', field: 'Product_Interest__c', value });
		}
		// A lifecycle stage only HubSpot has: the policy maps that field and reports unmapped options as drift.
		stack.sims.schemaChange({ kind: 'add-option', object: 'contacts', field: 'lifecyclestage', value: 'constructor' });

		const protoJson = '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}';
		const control = 'Zo\u00eb\u0000\u0007\t\u001b[31m\r\n\u202eX\u200b';
		const controlTitle = 'VP\u0000\u0008 Sales\u001f\u0085\u2028end';
		const long = `L${'o'.repeat(99_998)}g`;
		const interests1 = `${String(hs(p1).product_interest ?? 'Analytics')};__proto__;constructor`;

		hsSim.uiUpdate('contacts', p1.hs, { firstname: 'constructor', lastname: '__proto__', hs_lead_status: 'constructor', product_interest: interests1 });
		sfSim.uiUpdate('Contact', p2.sf, { Title: protoJson, LastName: 'toString', Lead_Status__c: '__proto__' });
		hsSim.uiUpdate('contacts', p3.hs, { lastname: long, jobtitle: `J${'o'.repeat(99_998)}b` });
		hsSim.uiUpdate('contacts', p4.hs, { firstname: control });
		sfSim.uiUpdate('Contact', p6.sf, { Title: controlTitle });
		hsSim.uiUpdate('contacts', p5.hs, { lifecyclestage: 'constructor' });
		const sfLastName3 = sf(p3).LastName;
		const sfTitle3 = sf(p3).Title;
		const sfStage5 = sf(p5).Lifecycle_Stage__c;
		await stack.quiet();

		// The fast loop carried what the other system accepts, exactly.
		expect(sf(p1)).toMatchObject({ FirstName: 'constructor', LastName: '__proto__', Lead_Status__c: 'constructor' });
		expect(String(sf(p1).Product_Interest__c).split(';').sort()).toEqual(interests1.split(';').sort());
		expect(hs(p2)).toMatchObject({ jobtitle: protoJson, lastname: 'toString', hs_lead_status: '__proto__' });
		expect(sf(p4).FirstName).toBe(control);
		expect(hs(p6).jobtitle).toBe(controlTitle);
		// Salesforce refuses an 80+ character last name: nothing written there; Salesforce's title wins as the policy says.
		expect(sf(p3).LastName).toBe(sfLastName3);
		expect(hs(p3).lastname).toBe(long);
		expect(hs(p3).jobtitle).toBe(sfTitle3);
		// The unmapped lifecycle stage is drift: reported, not written.
		expect(sf(p5).Lifecycle_Stage__c).toBe(sfStage5);

		const events = (await stack.rows(EVENTS)).filter((r) => !(before.get(EVENTS) ?? []).some((b) => b.id === r.id));
		const failedRow = events.find((r) => r.outcome === 'failed');
		// HubSpot batches the UI changes of a few milliseconds into one delivery: count records, not rows.
		const total = (column: string) => events.reduce((n, r) => n + Number(r[column]), 0);
		expect({ written: total('written'), failed: total('failed') }).toEqual({ written: 5, failed: 1 });
		expect(failedRow).toMatchObject({ source: 'hubspot', failed: 1 });
		expect(String(failedRow!.reason)).toMatch(new RegExp(`^1 write failed: salesforce Contact ${p3.sf}: STRING_TOO_LONG Last Name: data value too large: Loooo`));
		expect(String(failedRow!.reason).length).toBeLessThan(1000);

		// The slow loop agrees: it writes nothing new, retries the refused write (and says so), reports the drift.
		const cycle = await stack.runCycle();
		expect(cycle).toMatchObject({ aborted: false, written: 0, failed: 1, schemaDrift: 1 });
		expect(writesSince(stack, mark).filter((w) => w.channel === 'api').map((w) => w.id).sort()).toEqual(
			expect.arrayContaining([p1.sf, p2.hs, p3.hs, p4.sf, p6.hs].sort()),
		);
		const touched = new Set([p1, p2, p3, p4, p5, p6].flatMap((p) => [p.hs, p.sf]));
		expect(writesSince(stack, mark).filter((w) => !touched.has(w.id))).toEqual([]);
		expect(sf(p1)).toMatchObject({ FirstName: 'constructor', LastName: '__proto__', Lead_Status__c: 'constructor' });
		expect(hs(p2).jobtitle).toBe(protoJson);
		expect(sf(p4).FirstName).toBe(control);
		// The baseline stores those values as plain strings (JSON text), keys and all.
		const baseline = (await stack.rows('reconcile_baseline')).find((r) => r.key === p2.email)!;
		expect(JSON.parse(String(baseline.values))).toMatchObject({ job_title: protoJson, last_name: 'toString' });

		// A delivery whose JSON carries __proto__ and constructor keys is read like any other.
		const beforeKeyed = await tableState(stack);
		const signed = `[{"eventId":${Date.now()},"subscriptionId":1,"subscriptionType":"contact.propertyChange","objectId":${p1.hs},"occurredAt":${Date.now()},"__proto__":{"objectId":1,"polluted":true},"constructor":{"prototype":{"polluted":true}}}]`;
		expect(await hubspot('a delivery with __proto__ keys', signed)).toMatchObject({ status: 200, json: { received: 1 } });
		expect(await salesforce('a Flow callout with __proto__ keys', `{"object":"Contact","__proto__":{"object":"Account"},"record":{"Id":"${p2.sf}","__proto__":{"Id":"001000000000001AAA"},"constructor":{"prototype":{"polluted":true}}}}`)).toMatchObject({ status: 200, json: { received: 1 } });
		const keyed = await newEventRows(stack, beforeKeyed, 2);
		expect(keyed.map((r) => [r.source, r.outcome, r.records, r.written])).toEqual(
			expect.arrayContaining([
				['hubspot', 'no_change', 1, 0],
				['salesforce', 'no_change', 1, 0],
			]),
		);

		// Put back what no system can agree on, so the next tests start in sync.
		hsSim.uiUpdate('contacts', p3.hs, { lastname: 'Short' });
		hsSim.uiUpdate('contacts', p5.hs, { lifecyclestage: 'lead' });
		await stack.quiet();
		expect(await stack.runCycle()).toMatchObject({ aborted: false, failed: 0, schemaDrift: 0 });
		expect(sf(p3).LastName).toBe('Short');
		expect(await (await fetch(`${stack.n8n.baseUrl}/healthz`)).json()).toEqual({ status: 'ok' });
	});

	// ---- a flood of deliveries -----------------------------------------------------------------------

	it('stays up under a flood of 500 deliveries, answers each, logs each, and one cycle leaves both systems consistent', async () => {
		await stack.quiet();
		const { hubspot: hsSim, salesforce: sfSim } = stack.sims;
		// Changes made while the CRMs' own notifications are off: only the flood tells the fast loop about the HubSpot ones.
		hsSim.configureWebhooks({ targetUrl: undefined });
		sfSim.configureNotifications({ url: undefined });
		try {
			await flood();
		} finally {
			hsSim.configureWebhooks({ targetUrl: stack.urls.hubspotWebhook });
			sfSim.configureNotifications({ url: stack.urls.salesforceWebhook });
		}
	}, 900_000);

	async function flood(): Promise<void> {
		const { hubspot: hsSim, salesforce: sfSim } = stack.sims;
		const changedHs = Array.from({ length: 20 }, () => pair());
		const changedSf = Array.from({ length: 5 }, () => pair());
		changedHs.forEach((p, i) => hsSim.uiUpdate('contacts', p.hs, { firstname: `Flood${i}` }));
		changedSf.forEach((p, i) => sfSim.uiUpdate('Contact', p.sf, { LastName: `Quiet${i}` }));
		const expected = expectCycle(stack.sims, stack.policy, await stack.rows('reconcile_baseline'));
		expect(expected.writes).toHaveLength(25);

		const before = await tableState(stack);
		const failedBefore = new Set((await failedExecutions(stack, stack.workflows.fastLoop!.id)).map((e) => e.id));
		const calls429Before = stack.sims.hubspot.calls().byStatus['429'] ?? 0;
		const all = pairs.map((p) => p.hs);
		type Delivery = { kind: 'valid' | 'forged' | 'replay'; body: string; headers: Record<string, string>; answers: Answer[] };
		const deliveries: Delivery[] = [];
		for (let i = 0; i < 475; i++) {
			const id = i < changedHs.length ? changedHs[i].hs : all[(i * 7) % all.length];
			const body = JSON.stringify([hubspotEvent(id)]);
			const forged = i % 10 === 9;
			deliveries.push({ kind: forged ? 'forged' : 'valid', body, headers: hubspotHeaders(forged ? 'not-the-secret' : hsSim.clientSecret, stack.urls.hubspotWebhook, body), answers: [] });
		}
		const deliver = (d: Delivery) => async () => {
			const answer = await post(stack.urls.hubspotWebhook, d.body, d.headers);
			d.answers.push(answer);
			return answer;
		};

		// The flood: everything at once, 50 in flight.
		const started = Date.now();
		const blast = await pool(deliveries.map(deliver), 50);
		const blastMs = Date.now() - started;
		// n8n answers each: accepted, refused by the trigger, or (SQLite busy) 503 "Database is not ready!" before any workflow runs.
		for (const a of blast) expect([200, 401, 503]).toContain(a.status);
		const unavailable = blast.filter((a) => a.status === 503);
		for (const a of unavailable) expect(a.json).toMatchObject({ message: 'Database is not ready!' });
		// What HubSpot does with a non-2xx answer: try again later (signed anew), here at HubSpot's 10 requests in flight.
		for (let round = 0; round < 10; round++) {
			const retry = deliveries.filter((d) => d.answers.at(-1)!.status === 503 || d.answers.at(-1)!.status === 0);
			if (retry.length === 0) break;
			await pollUntil('n8n to answer again', async () => ((await fetch(`${stack.n8n.baseUrl}/healthz/readiness`)).status === 200 ? true : undefined), { timeoutMs: 60_000, intervalMs: 250 });
			for (const d of retry) d.headers = hubspotHeaders(d.kind === 'forged' ? 'not-the-secret' : hsSim.clientSecret, stack.urls.hubspotWebhook, d.body);
			await pool(retry.map(deliver), 10);
		}
		// Then 25 captured deliveries replayed as they were accepted.
		const replays: Delivery[] = deliveries.filter((d) => d.kind === 'valid').slice(100, 125).map((d) => ({ ...d, kind: 'replay', answers: [] }));
		await pool(replays.map(deliver), 25);
		const answeredMs = Date.now() - started;
		const finalStatus = (d: Delivery) => d.answers.at(-1)!.status;
		expect(deliveries.filter((d) => d.kind === 'valid').map(finalStatus)).toEqual(deliveries.filter((d) => d.kind === 'valid').map(() => 200));
		expect(deliveries.filter((d) => d.kind === 'forged').map(finalStatus)).toEqual(deliveries.filter((d) => d.kind === 'forged').map(() => 401));
		expect(replays.map(finalStatus)).toEqual(replays.map(() => 401));
		for (const r of replays) expect(r.answers[0].json).toEqual({ error: 'replayed delivery (same v3 signature seen within the window)' });

		await stack.quiet(300_000);
		const processedMs = Date.now() - started;
		expect(await (await fetch(`${stack.n8n.baseUrl}/healthz/readiness`)).json()).toEqual({ status: 'ok' });
		// Each delivery that reached the trigger is in the events table, or (when the loop itself failed) a failed execution.
		const reached = [...deliveries, ...replays].filter((d) => d.answers.some((a) => a.status === 200 || a.status === 401)).length;
		const rows = (await stack.rows(EVENTS)).filter((r) => !(before.get(EVENTS) ?? []).some((b) => b.id === r.id));
		const failed = (await failedExecutions(stack, stack.workflows.fastLoop!.id)).filter((e) => !failedBefore.has(e.id));
		expect(rows.length + failed.length).toBe(reached);
		expect(rows.filter((r) => r.outcome === 'rejected_signature')).toHaveLength(deliveries.filter((d) => d.kind === 'forged').length + replays.length);
		const calls429 = (stack.sims.hubspot.calls().byStatus['429'] ?? 0) - calls429Before;

		// The HubSpot changes the flood named reached Salesforce (unless their loop failed); one cycle fixes the rest.
		const cycle = await stack.runCycle();
		expect(cycle).toMatchObject({ aborted: false, failed: 0 });
		expect(unmetWrites(stack.sims, expected)).toEqual([]);
		expect(await stack.runCycle()).toMatchObject({ written: 0, failed: 0, autoResolved: 0 });

		const line =
			`hostile flood: deliveries=${deliveries.length + replays.length} in_flight=50 blast=${blastMs} ms (${((deliveries.length / blastMs) * 1000).toFixed(1)}/s)` +
			` answered_all=${answeredMs} ms processed_all=${processedMs} ms (${((reached / processedMs) * 1000).toFixed(1)} deliveries/s end to end)` +
			` first_answers: 200=${blast.filter((a) => a.status === 200).length} 401=${blast.filter((a) => a.status === 401).length} 503=${unavailable.length}` +
			` answer_p50=${percentile(blast.map((a) => a.ms), 50)} ms p99=${percentile(blast.map((a) => a.ms), 99)} ms` +
			` fast_loop_failures=${failed.length} hubspot_429=${calls429} cycle_fixed=${Number(cycle.written)}`;
		process.stdout.write(`\n${line}\n`);
	}

	// ---- credentials and tokens never leak ------------------------------------------------------------

	it('a CRM outage fails the fast loop with the API error in a failed execution that names no credential', async () => {
		const p = pair();
		const failedBefore = new Set((await failedExecutions(stack, stack.workflows.fastLoop!.id)).map((e) => e.id));
		stack.sims.hubspot.setFaults({ serverErrorRate: 1 });
		try {
			stack.sims.salesforce.uiUpdate('Contact', p.sf, { LastName: 'Outage' });
			await pollUntil(
				'a failed fast-loop execution',
				async () => ((await failedExecutions(stack, stack.workflows.fastLoop!.id)).some((e) => !failedBefore.has(e.id)) ? true : undefined),
				{ timeoutMs: 120_000, intervalMs: 500 },
			);
		} finally {
			stack.sims.hubspot.setFaults({});
		}
		const [failed] = (await failedExecutions(stack, stack.workflows.fastLoop!.id)).filter((e) => !failedBefore.has(e.id));
		const error = failed.data!.resultData!.error as { message: string; node: { name: string } };
		expect(error.node.name).toBe('HubSpot copies');
		expect(error.message).toMatch(/50[23]/);
		// Sessions expire; the connector logs in again (a new token the scan below also looks for).
		stack.sims.salesforce.expireTokens();
		expect(await stack.runCycle()).toMatchObject({ aborted: false, failed: 0 });
		expect(hs(p).lastname).toBe('Outage');
	});

	/** Every saved execution of the shipped workflows (failed ones and the review form's successful ones), with data. */
	async function savedExecutions(): Promise<Array<{ workflow: Workflow; exec: Execution }>> {
		const workflows = [stack.workflows.cycle, stack.workflows.fastLoop!, stack.workflows.review, stack.workflows.dashboard];
		const out: Array<{ workflow: Workflow; exec: Execution }> = [];
		for (const workflow of workflows) for (const exec of await listExecutions(stack.n8n, workflow.id, { includeData: true })) out.push({ workflow, exec });
		return out;
	}

	it('never shows a credential or token in the n8n log, a Data Table, an answer, an error message or a saved execution', async () => {
		const secrets = stackSecrets(stack);
		expect(secrets.filter((s) => s.name.startsWith('Salesforce session token')).length).toBeGreaterThanOrEqual(3);
		const found: string[] = [];
		found.push(...leaks(secrets, 'the n8n log', n8nLog()));
		for (const [table, rows] of await tableState(stack)) found.push(...leaks(secrets, `Data Table ${table}`, JSON.stringify(rows)));
		for (const { what, answer } of answers) found.push(...leaks(secrets, `the answer to "${what}"`, answer.text));
		const executions = await savedExecutions();
		const failed = executions.filter(({ exec }) => exec.status === 'error');
		expect(failed.length).toBeGreaterThanOrEqual(2);
		for (const { workflow, exec } of failed) found.push(...leaks(secrets, `the error of execution ${exec.id} of "${workflow.name}"`, JSON.stringify(exec.data?.resultData?.error)));
		// Everything else a saved execution holds, whole, including the failed cycle started by "Run cycle now"
		// with the API key (the Reconcile Trigger keeps no request headers; n8n's Webhook node would).
		expect(failed.some(({ workflow }) => workflow.id === stack.workflows.cycle.id)).toBe(true);
		for (const { workflow, exec } of executions) found.push(...leaks(secrets, `execution ${exec.id} of "${workflow.name}"`, JSON.stringify(exec)));
		expect(found).toEqual([]);
	});
});
