/**
 * The operator review form in a real n8n 2.40.7 with the packed package and the shipped templates
 * (`startStack`): ownership discrepancies are planted in the simulators "by a person in the UI", the
 * reconciliation cycle queues them, and operators work them through the form over HTTP exactly as a
 * browser does (`FormBrowser`: login, page HTML, multipart posts, status polling, completion pages).
 *
 * One stack for the whole file; the tests run in order and each plants its own records. Each new item is
 * planted after the previous one is dealt with, so "oldest open item first" is deterministic.
 */
import { listExecutions, pollUntil } from '../harness';
import { BROWSER_USER_AGENT, FormBrowser, FormHttpError, type FormPage } from '../harness/forms';
import { startStack, type Stack } from '../harness/stack';
import type { Owner, WriteLogEntry } from '../simulators';

const NAME_FIELD = 'Your name or email';
const KEEP_HUBSPOT = 'Keep the HubSpot value';
const KEEP_SALESFORCE = 'Keep the Salesforce value';
const ENTER = 'Enter a value';
const DISMISS = 'Dismiss (leave both as they are)';
const VALUE_FIELD = 'Value (for "Enter a value")';

interface Contact {
	email: string;
	hubspotId: string;
	salesforceId: string;
}

describe('Operator review form in a real n8n', () => {
	let stack: Stack;
	let contacts: Contact[];
	let owners: readonly Owner[];
	let nextContact = 0;

	beforeAll(async () => {
		stack = await startStack({ sims: { records: 12, seed: 7 }, fastLoop: false });
		owners = stack.sims.hubspot.owners;
		const salesforceByEmail = new Map(stack.sims.salesforce.truthAll('Contact').map((r) => [String(r.Email).toLowerCase(), r]));
		contacts = stack.sims.hubspot.truthAll('contacts').flatMap((r) => {
			const email = String((r.properties as Record<string, unknown>).email).toLowerCase();
			const sf = salesforceByEmail.get(email);
			return sf ? [{ email, hubspotId: String(r.id), salesforceId: String(sf.Id) }] : [];
		});
	}, 240_000);

	afterAll(async () => {
		await stack?.stop();
	});

	// ---- the two systems ---------------------------------------------------------------------------

	const hubspotOwner = (c: Contact) => String((stack.sims.hubspot.truth('contacts', c.hubspotId)!.properties as Record<string, unknown>).hubspot_owner_id);
	const salesforceOwner = (c: Contact) => String(stack.sims.salesforce.truth('Contact', c.salesforceId)!.OwnerId);
	const ownerByHubSpotId = (id: string) => owners.find((o) => o.hubspotOwnerId === id)!;
	/** Both systems name the same person (the HubSpot owner's Salesforce user). */
	const ownersAgree = (c: Contact) => ownerByHubSpotId(hubspotOwner(c))?.salesforceUserId === salesforceOwner(c);
	const ownerOtherThan = (...hubspotIds: string[]) => owners.find((o) => !hubspotIds.includes(o.hubspotOwnerId))!;

	/** An unused contact whose owner both systems agree on. */
	function freshContact(): Contact {
		while (nextContact < contacts.length) {
			const c = contacts[nextContact++];
			if (ownersAgree(c)) return c;
		}
		throw new Error('the seed has no more contacts with an agreed owner');
	}

	/** Write-log positions now, to ask later what the integration wrote since. */
	const mark = () => ({ hubspot: stack.sims.hubspot.writes(0).length, salesforce: stack.sims.salesforce.writes(0).length });
	const apiWritesSince = (m: ReturnType<typeof mark>): WriteLogEntry[] =>
		[...stack.sims.hubspot.writes(m.hubspot), ...stack.sims.salesforce.writes(m.salesforce)].filter((w) => w.channel === 'api');
	const writesTo = (writes: WriteLogEntry[], c: Contact) => writes.filter((w) => w.id === c.hubspotId || w.id === c.salesforceId);

	// ---- n8n ---------------------------------------------------------------------------------------

	/**
	 * One reconciliation cycle, finished. The cycle webhook answers from its Respond node while the queue
	 * and baseline writes may still be running, so wait until n8n reports no running cycle execution.
	 */
	async function cycle(): Promise<Record<string, unknown>> {
		const row = await stack.runCycle();
		await pollUntil(
			'the cycle execution to finish',
			async () => ((await listExecutions(stack.n8n, stack.workflows.cycle.id, { status: 'running' })).length === 0 ? true : undefined),
			{ timeoutMs: 60_000, intervalMs: 100 },
		);
		return row;
	}

	const queueRows = async (c: Contact) => (await stack.rows('reconcile_queue')).filter((r) => r.key === c.email && r.field === 'owner');
	const openRows = async () => (await stack.rows('reconcile_queue')).filter((r) => r.status === 'open');
	const reviewExecutions = async () => (await listExecutions(stack.n8n, stack.workflows.review.id)).length;

	const reviewer = () => new FormBrowser({ basicAuth: stack.reviewer });

	/** Login, first page (the reviewer's name), and on to whatever n8n shows next. */
	async function startReview(browser: FormBrowser, name: string): Promise<FormPage> {
		const first = await browser.open(stack.urls.review);
		expect(first).toMatchObject({ kind: 'form', title: 'Reconciliation review' });
		expect(first.field(NAME_FIELD)).toMatchObject({ kind: 'input', required: true });
		return await browser.submit(first, { [NAME_FIELD]: name });
	}

	/** The decision page for `c`: its html names the record and shows both values; the hidden field holds the queue id. */
	function expectDecisionPage(page: FormPage, c: Contact, queueId: unknown): void {
		expect(page).toMatchObject({ kind: 'form', title: 'Review: ownership' });
		const html = page.fields.find((f) => f.kind === 'html')!.value;
		expect(html).toContain(c.email);
		expect(html).toContain(`<td>${hubspotOwner(c)}</td><td>${salesforceOwner(c)}</td>`);
		expect(page.field('Decision')).toMatchObject({ kind: 'multiselect', radio: true, required: true, options: [KEEP_HUBSPOT, KEEP_SALESFORCE, ENTER, DISMISS] });
		expect(page.fields.filter((f) => f.kind === 'hidden').map((f) => f.value)).toEqual([queueId]);
	}

	const expectQueueEmptyPage = (page: FormPage) =>
		expect(page).toMatchObject({ kind: 'completion', title: 'Nothing to review', message: 'The operator queue is empty. Well done.', executionStatus: 'success' });

	// ---- the tests ---------------------------------------------------------------------------------

	it('says the queue is empty on a fresh instance (before any cycle, no tables yet) and after a clean cycle', async () => {
		expectQueueEmptyPage(await startReview(reviewer(), 'ops@example.com'));
		const first = await cycle();
		expect(first).toMatchObject({ aborted: false, escalated: 0 });
		expectQueueEmptyPage(await startReview(reviewer(), 'ops@example.com'));
	});

	it('answers 401 to form requests without the reviewers login, and starts nothing', async () => {
		const before = await reviewExecutions();
		await expect(new FormBrowser().open(stack.urls.review)).rejects.toMatchObject({ name: 'FormHttpError', status: 401 });
		await expect(new FormBrowser({ basicAuth: { user: stack.reviewer.user, password: 'wrong' } }).open(stack.urls.review)).rejects.toMatchObject({ status: 401 });
		// "Ignore bots": the right login from a script's User-Agent is refused too.
		await expect(new FormBrowser({ basicAuth: stack.reviewer, userAgent: 'curl/8.5.0' }).open(stack.urls.review)).rejects.toMatchObject({ status: 401 });
		const get = await fetch(stack.urls.review, { headers: { 'user-agent': BROWSER_USER_AGENT } });
		expect(get.status).toBe(401);
		expect(get.headers.get('www-authenticate')).toMatch(/^Basic /);
		const submit = (headers: Record<string, string>) => {
			const body = new FormData();
			body.append('field-0', 'intruder@example.com');
			return fetch(stack.urls.review, { method: 'POST', body, headers: { 'user-agent': BROWSER_USER_AGENT, ...headers } });
		};
		expect((await submit({})).status).toBe(401);
		// The page's own token stands in for the login on its POST (FormBrowser posts with it alone); a made-up
		// one is refused, also with 401 (the Form Trigger answers every auth failure so).
		expect((await submit({ 'x-auth-token': 'f'.repeat(64) })).status).toBe(401);
		expect(await reviewExecutions()).toBe(before);
	});

	it('queues an escalated owner difference exactly once across two cycles; a reviewer resolves it, the value lands in both systems, time-to-resolution is recorded, and a second submission is refused', async () => {
		const c = freshContact();
		const original = ownerByHubSpotId(hubspotOwner(c));
		const chosen = ownerOtherThan(original.hubspotOwnerId);
		// Someone reassigns the contact in HubSpot; Salesforce still has the old owner.
		stack.sims.hubspot.uiUpdate('contacts', c.hubspotId, { hubspot_owner_id: chosen.hubspotOwnerId });

		expect(await cycle()).toMatchObject({ escalated: 1, escalatedByCategory: JSON.stringify({ ownership: 1 }) });
		const [firstSeen] = await queueRows(c);
		expect(firstSeen).toMatchObject({ status: 'open', category: 'ownership', priority: 'high', rule: 'escalate', timesSeen: 1, aId: c.hubspotId, bId: c.salesforceId });
		expect(await cycle()).toMatchObject({ escalated: 1 });
		const rows = await queueRows(c);
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({ queueId: firstSeen.queueId, status: 'open', timesSeen: 2, firstSeenAt: firstSeen.firstSeenAt });
		expect(String(rows[0].lastSeenAt) > String(firstSeen.lastSeenAt)).toBe(true);
		expect(await openRows()).toHaveLength(1);

		// Two reviewers open the form at the same time and get the same (oldest) item.
		const alice = reviewer();
		const bob = reviewer();
		const alicePage = await startReview(alice, 'alice@example.com');
		const bobPage = await startReview(bob, 'bob@example.com');
		expectDecisionPage(alicePage, c, firstSeen.queueId);
		expectDecisionPage(bobPage, c, firstSeen.queueId);
		expect(alicePage.executionId).not.toBe(bobPage.executionId);

		// A waiting page is only served with its signature.
		const waiting = new URL(bobPage.url);
		for (const signature of [undefined, 'f'.repeat(64)]) {
			const url = `${waiting.origin}${waiting.pathname}${signature ? `?signature=${signature}` : ''}`;
			expect((await fetch(url, { headers: { 'user-agent': BROWSER_USER_AGENT } })).status).toBe(401);
		}

		const before = mark();
		const done = await alice.submit(alicePage, { Decision: KEEP_HUBSPOT, Note: 'checked with sales' });
		expect(done).toMatchObject({ kind: 'completion', title: 'Decision saved', executionStatus: 'success' });
		expect(done.message).toMatch(/^Resolved: the value is in both systems\./);
		// Salesforce now names the same person; HubSpot already did and is not written.
		expect(salesforceOwner(c)).toBe(chosen.salesforceUserId);
		expect(hubspotOwner(c)).toBe(chosen.hubspotOwnerId);
		const writes = apiWritesSince(before);
		expect(writes.map((w) => ({ system: w.system, id: w.id, changed: w.changed, fields: w.fields }))).toEqual([
			{ system: 'salesforce', id: c.salesforceId, changed: ['OwnerId'], fields: { OwnerId: { old: original.salesforceUserId, new: chosen.salesforceUserId } } },
		]);
		const [resolved] = await queueRows(c);
		expect(resolved).toMatchObject({
			queueId: firstSeen.queueId,
			status: 'resolved',
			resolution: 'keep_a',
			resolvedBy: 'alice@example.com',
			note: 'checked with sales',
			resolvedValue: JSON.stringify(chosen.hubspotOwnerId),
			timesSeen: 2,
		});
		// Time to resolution: from first seen (cycle 1 of 2) to the decision, in whole seconds.
		const expectedTtr = Math.round((Date.parse(String(resolved.resolvedAt)) - Date.parse(String(firstSeen.firstSeenAt))) / 1000);
		expect(resolved.ttrSeconds).toBe(expectedTtr);
		expect(resolved.ttrSeconds).toBeGreaterThanOrEqual(1);
		expect(Date.parse(String(resolved.resolvedAt))).toBeGreaterThan(Date.parse(String(rows[0].lastSeenAt)));

		// Bob submits his (now stale) page: refused, nothing written, the resolution stays Alice's.
		const beforeBob = mark();
		const refused = await bob.submit(bobPage, { Decision: KEEP_SALESFORCE });
		expect(refused).toMatchObject({ kind: 'completion', title: 'Decision not applied', executionStatus: 'success' });
		expect(refused.message).toBe(`queue item ${String(firstSeen.queueId)} is already resolved; nothing was written`);
		// Alice posts her finished page again (back button): n8n refuses it outright (2.40.7 answers 500).
		const replay = await alice.submit(alicePage, { Decision: KEEP_SALESFORCE }).then(
			() => undefined,
			(e: unknown) => e,
		);
		expect(replay).toBeInstanceOf(FormHttpError);
		expect((replay as FormHttpError).status).toBeGreaterThanOrEqual(400);
		expect(apiWritesSince(beforeBob)).toEqual([]);
		expect(await queueRows(c)).toEqual([resolved]);
		expect(salesforceOwner(c)).toBe(chosen.salesforceUserId);
	});

	it('writes an entered value to both systems, and refuses one that is not an owner', async () => {
		const c = freshContact();
		const original = ownerByHubSpotId(hubspotOwner(c));
		const other = ownerOtherThan(original.hubspotOwnerId);
		stack.sims.salesforce.uiUpdate('Contact', c.salesforceId, { OwnerId: other.salesforceUserId });
		const third = ownerOtherThan(original.hubspotOwnerId, other.hubspotOwnerId);

		expect(await cycle()).toMatchObject({ escalated: 1 }); // the item resolved before does not come back
		const [row] = await queueRows(c);
		expect(row).toMatchObject({ status: 'open', timesSeen: 1 });

		const browser = reviewer();
		const before = mark();
		const page = await startReview(browser, 'carol@example.com');
		expectDecisionPage(page, c, row.queueId);
		const wrong = await browser.submit(page, { Decision: ENTER, [VALUE_FIELD]: 'nobody' });
		expect(wrong).toMatchObject({ kind: 'completion', title: 'Decision not applied', message: '"nobody" is not a valid enum for owner', executionStatus: 'success' });
		expect(apiWritesSince(before)).toEqual([]);
		expect(await queueRows(c)).toEqual([row]);

		const again = await startReview(browser, 'carol@example.com');
		expectDecisionPage(again, c, row.queueId);
		// The HubSpot owner id of a third person; the Salesforce side gets that person's user id.
		const done = await browser.submit(again, { Decision: ENTER, [VALUE_FIELD]: ` ${third.hubspotOwnerId} `, Note: 'new account manager' });
		expect(done).toMatchObject({ kind: 'completion', title: 'Decision saved', executionStatus: 'success' });
		expect(hubspotOwner(c)).toBe(third.hubspotOwnerId);
		expect(salesforceOwner(c)).toBe(third.salesforceUserId);
		expect(
			apiWritesSince(before)
				.map((w) => `${w.system} ${w.id} ${w.changed.join(',')}`)
				.sort(),
		).toEqual([`hubspot ${c.hubspotId} hubspot_owner_id`, `salesforce ${c.salesforceId} OwnerId`]);
		expect((await queueRows(c))[0]).toMatchObject({ status: 'resolved', resolution: 'custom', resolvedValue: JSON.stringify(third.hubspotOwnerId), resolvedBy: 'carol@example.com' });
	});

	it('keeps the item open and says so when a write fails, and resolves it when the reviewer tries again', async () => {
		const c = freshContact();
		const original = ownerByHubSpotId(hubspotOwner(c));
		const chosen = ownerOtherThan(original.hubspotOwnerId);
		stack.sims.hubspot.uiUpdate('contacts', c.hubspotId, { hubspot_owner_id: chosen.hubspotOwnerId });
		expect(await cycle()).toMatchObject({ escalated: 1 });
		const [row] = await queueRows(c);

		const browser = reviewer();
		stack.sims.salesforce.setFaults({ lockErrorRate: 1 }); // every record write: UNABLE_TO_LOCK_ROW
		let failed: FormPage | undefined;
		try {
			const page = await startReview(browser, 'dave@example.com');
			expectDecisionPage(page, c, row.queueId);
			failed = await browser.submit(page, { Decision: KEEP_HUBSPOT });
		} finally {
			stack.sims.salesforce.setFaults({});
		}
		expect(failed).toMatchObject({ kind: 'completion', title: 'Decision not written', executionStatus: 'success' });
		expect(failed.message).toContain(`salesforce Contact ${c.salesforceId}: `);
		expect(failed.message).toMatch(/The item stays open/);
		expect(salesforceOwner(c)).toBe(original.salesforceUserId);
		expect((await queueRows(c))[0]).toMatchObject({ queueId: row.queueId, status: 'open', resolvedAt: '' });

		const page = await startReview(browser, 'dave@example.com');
		expectDecisionPage(page, c, row.queueId);
		expect(await browser.submit(page, { Decision: KEEP_HUBSPOT })).toMatchObject({ title: 'Decision saved' });
		expect(salesforceOwner(c)).toBe(chosen.salesforceUserId);
		expect((await queueRows(c))[0]).toMatchObject({ queueId: row.queueId, status: 'resolved', resolvedBy: 'dave@example.com' });
	});

	it('dismisses without writing anything, and the item stays dismissed in the next cycle', async () => {
		const c = freshContact();
		const original = ownerByHubSpotId(hubspotOwner(c));
		const other = ownerOtherThan(original.hubspotOwnerId);
		stack.sims.hubspot.uiUpdate('contacts', c.hubspotId, { hubspot_owner_id: other.hubspotOwnerId });
		expect(await cycle()).toMatchObject({ escalated: 1 });
		const [row] = await queueRows(c);

		const browser = reviewer();
		const before = mark();
		const page = await startReview(browser, 'erin@example.com');
		expectDecisionPage(page, c, row.queueId);
		const done = await browser.submit(page, { Decision: DISMISS, Note: 'territory split, both are right' });
		expect(done).toMatchObject({ kind: 'completion', title: 'Decision saved', executionStatus: 'success' });
		expect(done.message).toMatch(/^Dismissed: the item stays out of the queue until one of the values changes\./);
		expect(apiWritesSince(before)).toEqual([]);
		const [dismissed] = await queueRows(c);
		expect(dismissed).toMatchObject({ queueId: row.queueId, status: 'dismissed', resolution: 'dismiss', resolvedBy: 'erin@example.com', resolvedValue: '' });

		const next = await cycle();
		expect(next).toMatchObject({ aborted: false });
		expect(await queueRows(c)).toEqual([dismissed]);
		expect(writesTo(apiWritesSince(before), c)).toEqual([]);
		expect(hubspotOwner(c)).toBe(other.hubspotOwnerId);
		expect(salesforceOwner(c)).toBe(original.salesforceUserId);
		expect(await openRows()).toEqual([]);
		expectQueueEmptyPage(await startReview(reviewer(), 'erin@example.com'));
	});

	it('goes on to the next open item in the same session after a decision, and ends with the queue empty', async () => {
		const first = freshContact();
		const second = freshContact();
		for (const c of [first, second]) {
			const other = ownerOtherThan(hubspotOwner(c));
			stack.sims.hubspot.uiUpdate('contacts', c.hubspotId, { hubspot_owner_id: other.hubspotOwnerId });
		}
		expect(await cycle()).toMatchObject({ aborted: false });
		expect(await openRows()).toHaveLength(2);
		const rowOf = async (c: Contact) => (await queueRows(c)).find((r) => r.status === 'open')!;
		const byEmail = new Map([first, second].map((c) => [c.email, c]));

		const browser = reviewer();
		const page1 = await startReview(browser, 'frank@example.com');
		const html1 = page1.fields.find((f) => f.kind === 'html')!.value;
		const shown1 = [...byEmail.keys()].find((email) => html1.includes(email))!;
		const c1 = byEmail.get(shown1)!;
		const c2 = c1 === first ? second : first;
		expectDecisionPage(page1, c1, (await rowOf(c1)).queueId);
		expect(page1.message).toBe('');

		// Same execution, same reviewer, no new login: the next page is the other item, after a word on the first.
		const page2 = await browser.submit(page1, { Decision: KEEP_HUBSPOT });
		expectDecisionPage(page2, c2, (await rowOf(c2)).queueId);
		expect(page2.executionId).toBe(page1.executionId);
		expect(page2.message).toBe('Resolved: the value is in both systems. Next:');
		expect(ownersAgree(c1)).toBe(true);

		const done = await browser.submit(page2, { Decision: DISMISS });
		expect(done).toMatchObject({
			kind: 'completion',
			title: 'Decision saved',
			message: 'Dismissed: the item stays out of the queue until one of the values changes. The operator queue is empty. Well done.',
			executionStatus: 'success',
		});
		expect((await queueRows(c1))[0]).toMatchObject({ status: 'resolved', resolution: 'keep_a', resolvedBy: 'frank@example.com' });
		expect((await queueRows(c2))[0]).toMatchObject({ status: 'dismissed', resolution: 'dismiss', resolvedBy: 'frank@example.com' });
		expect(await openRows()).toEqual([]);
	});
});
