/**
 * The weekly summary template in a real n8n 2.40.7 (`startStack` + `workflows/reconcile-weekly.json` imported
 * unchanged): an SMTP sink stands in for the mail server behind an n8n SMTP credential; last week's activity
 * is written into the Data Tables with known answers; the on-demand entry runs the template, which stores
 * the week in `reconcile_weekly` and sends the five numbers and the flags through n8n's Send Email node.
 */
import { DateTime } from 'luxon';

import { createCredential, importWorkflow, insertRows, listExecutions, pollUntil, activateWorkflow, type Credential, type Workflow } from '../harness';
import { readTemplate, startStack, type Stack } from '../harness/stack';
import { startSmtpSink, type SmtpMessage, type SmtpSink } from '../harness/smtp-sink';
import { cycle, event, queueItem } from '../engine/metrics-fixtures';
import { DEFAULT_POLICY_NAME } from '../workflows/default-policy';
import { WEEKLY_EMAIL, WEEKLY_WEBHOOK_PATH } from '../workflows/weekly';
import type { MetricsResult } from '../../nodes/engine/metrics';

const POLICY = DEFAULT_POLICY_NAME;
const asRows = (rows: object[]) => rows as Array<Record<string, unknown>>;

describe('Weekly summary template in a real n8n', () => {
	let stack: Stack;
	let sink: SmtpSink;
	let weekly: Workflow;
	let smtp: Credential;
	/** Monday 00:00 UTC (the harness's time zone) of last week. */
	const lastWeek = DateTime.utc().startOf('week').minus({ weeks: 1 });
	const at = (days: number, hours = 0, minutes = 0) => lastWeek.plus({ days, hours, minutes }).toISO()!;

	beforeAll(async () => {
		sink = await startSmtpSink();
		stack = await startStack({ sims: { records: 20, seed: 3 }, fastLoop: false });
		smtp = await createCredential(stack.n8n, 'smtp', 'Reconcile weekly e-mail', {
			host: sink.host,
			port: sink.port,
			secure: false,
			disableStartTls: true,
			user: 'n8n-weekly',
			password: 'sink-accepts-any',
		});
		// The n8n API credential the stack made for the cycle's "Run cycle now" guards "Send summary now" too.
		const n8nApi = stack.workflows.cycle.nodes.find((n) => n.name === 'Run cycle now')!.credentials!.reconcileN8nApi;
		weekly = await importWorkflow(stack.n8n, readTemplate('reconcile-weekly.json'), { credentials: { reconcileN8nApi: n8nApi, smtp } });
		await activateWorkflow(stack.n8n, weekly.id);
	}, 300_000);

	afterAll(async () => {
		await stack?.stop();
		await sink?.close();
	});

	async function sendNow(body: unknown = {}): Promise<{ status: number; json: Record<string, unknown> }> {
		const response = await stack.n8n.webhook<Record<string, unknown>>(WEEKLY_WEBHOOK_PATH, body, { headers: { [stack.adminHeader.name]: stack.adminHeader.value } });
		return { status: response.status, json: response.json as Record<string, unknown> };
	}

	async function dashboardJson(week: 'this' | 'last'): Promise<MetricsResult> {
		const auth = `Basic ${Buffer.from(`${stack.viewer.user}:${stack.viewer.password}`).toString('base64')}`;
		const response = await fetch(`${stack.urls.dashboard}?format=json&week=${week}`, { headers: { authorization: auth } });
		expect(response.status).toBe(200);
		return (await response.json()) as MetricsResult;
	}

	const weeklyRows = () => stack.rows('reconcile_weekly');
	const newMail = async (before: number, subject: RegExp): Promise<SmtpMessage> =>
		await sink.waitForMessage((m) => sink.messages.indexOf(m) >= before && subject.test(m.subject), 60_000);

	it('refuses the on-demand entry without the API key, or with a wrong one, and sends nothing', async () => {
		const missing = await stack.n8n.webhook(WEEKLY_WEBHOOK_PATH, {});
		expect(missing.status).toBe(401);
		expect(JSON.stringify(missing.json ?? missing.text)).toContain('missing X-N8N-API-KEY header');
		const wrong = await stack.n8n.webhook(WEEKLY_WEBHOOK_PATH, {}, { headers: { 'X-N8N-API-KEY': `${stack.adminHeader.value}x` } });
		expect(wrong.status).toBe(401);
		expect(JSON.stringify(wrong.json ?? wrong.text)).toContain('wrong API key');
		await stack.quiet();
		expect(sink.messages).toHaveLength(0);
		expect(await listExecutions(stack.n8n, weekly.id)).toHaveLength(0);
	});

	it("stores last week's five numbers and flags in reconcile_weekly and e-mails them", async () => {
		// This week: one real cycle (it also publishes the policy the template reads).
		expect(await stack.runCycle()).toMatchObject({ aborted: false });
		// Last week, with known answers: 12 deliveries (8 HubSpot→Salesforce incl. one bad signature, 4 the other
		// way incl. one failure), three cycles (one aborted), two escalations (one resolved after 2 h, one still open).
		const p = { policy: POLICY };
		const hs = (i: number, o: Parameters<typeof event>[1] = {}) => event(at(1, 10, i), { ...p, source: 'hubspot', direction: 'hubspot→salesforce', ...o });
		const sf = (i: number, o: Parameters<typeof event>[1] = {}) => event(at(3, 10, i), { ...p, source: 'salesforce', direction: 'salesforce→hubspot', objectType: 'Contact', ...o });
		await insertRows(stack.n8n, 'reconcile_events', asRows([
			...[0, 1, 2, 3, 4].map((i) => hs(i)),
			hs(5, { outcome: 'no_change', written: 0, unchanged: 1 }),
			hs(6, { outcome: 'no_change', written: 0, unchanged: 1 }),
			hs(7, { outcome: 'rejected_signature', events: 0, records: 0, written: 0, reason: 'signature mismatch' }),
			...[0, 1, 2].map((i) => sf(i)),
			sf(3, { outcome: 'failed', written: 0, failed: 1, reason: 'Salesforce 500' }),
			// Older than the two weeks compared: the template does not even read it.
			event(at(-15), { ...p, outcome: 'failed', written: 0, failed: 1 }),
		]));
		await insertRows(stack.n8n, 'reconcile_cycles', asRows([
			cycle('last-week-1', at(1, 6), { ...p, byRule: { source_of_truth: 3, recency: 4, merge: 1 }, byCategory: { ownership: 2 } }),
			cycle('last-week-2', at(4, 6), { ...p, aborted: true, abortReason: 'mass-change guard: Salesforce returned 40 % fewer records', discrepancies: 0, mismatchedFields: 0 }),
			cycle('last-week-3', at(6, 18), { ...p, byRule: { recency: 2 } }),
		]));
		await insertRows(stack.n8n, 'reconcile_queue', asRows([
			queueItem('lw-resolved', at(1, 6, 5), { ...p, resolvedAt: at(1, 8, 5), resolvedBy: 'ops@example.com', resolution: 'keep_a', ttrSeconds: 7200 }),
			queueItem('lw-open', at(1, 6, 5), { ...p, key: 'still-open@example.com' }),
			// From five weeks before: still open (counted, and now the oldest), closed last week (its time to
			// resolution counts), closed long ago (not read).
			queueItem('old-open', at(-35), { ...p, key: 'forgotten@example.com' }),
			queueItem('old-closed-last-week', at(-35), { ...p, resolvedAt: at(2, 9), resolvedBy: 'ops@example.com', resolution: 'keep_b' }),
			queueItem('old-closed-long-ago', at(-35), { ...p, resolvedAt: at(-30), resolvedBy: 'ops@example.com', resolution: 'keep_b' }),
		]));

		const before = sink.messages.length;
		const started = Date.now();
		const response = await sendNow();
		const elapsed = Date.now() - started;
		expect(response.status).toBe(200);
		expect(response.json).toEqual({ started: true });
		const isoWeek = lastWeek.toISOWeekDate().slice(0, 8);

		// The numbers are the dashboard's for the same week.
		const expected = await dashboardJson('last');
		const w = expected.week;
		expect(w.window.isoWeek).toBe(isoWeek);
		expect(w.events).toMatchObject({ deliveries: 12, written: 8, failed: 1 });
		expect(Object.values(w.events.byDirection).map((d) => [d.label, d.deliveries])).toEqual([
			['HubSpot → Salesforce', 8],
			['Salesforce → HubSpot', 4],
		]);
		expect(w.cycles).toMatchObject({ run: 3, aborted: 1, completed: 2, discrepancies: 12, autoResolved: 10, escalated: 2 });
		expect(w.autoResolved.byRule).toMatchObject({ source_of_truth: 3, recency: 6, merge: 1 });
		expect(w.escalated).toMatchObject({ newItems: 2, byCategory: { ownership: 2 } });
		const fiveWeeks = (lastWeek.plus({ days: 2, hours: 9 }).toMillis() - lastWeek.minus({ days: 35 }).toMillis()) / 1000;
		expect(w.ttr).toMatchObject({ count: 2, p50: 7200, p90: fiveWeeks, max: fiveWeeks });
		expect(w.queue).toMatchObject({ open: 2, oldest: { key: 'forgotten@example.com' } });
		expect(expected.flagDetails.map((f) => f.id).sort()).toEqual(['aborted_cycles', 'failed_deliveries', 'oldest_open', 'rejected_signatures', 'slow_resolution']);

		// The e-mail: the five numbered lines and every flag, to the template's recipient, through the SMTP login.
		const mail = await newMail(before, new RegExp(`^Reconciliation ${isoWeek}: `));
		expect(mail.subject).toBe(`Reconciliation ${isoWeek}: ${expected.flags.length} flags`);
		expect(mail.rcptTo).toEqual([WEEKLY_EMAIL.to]);
		expect(mail.headers.get('from')).toBe(WEEKLY_EMAIL.from);
		expect(mail.auth).toEqual({ user: 'n8n-weekly', password: 'sink-accepts-any' });
		expect(mail.text.startsWith(expected.summary)).toBe(true);
		for (const n of [1, 2, 3, 4, 5]) expect(mail.text).toMatch(new RegExp(`^${n}\\. `, 'm'));
		expect(mail.text).toContain('1. Fast-loop deliveries: 12 (HubSpot → Salesforce 8, Salesforce → HubSpot 4)');
		expect(mail.text).toContain('2. Cycles: 3 run, 1 aborted; discrepancies found: 12');
		expect(mail.text).toContain('4. Escalated to operators: 2 new (ownership 2).');
		for (const flag of expected.flags) expect(mail.text).toContain(`- ${flag}`);
		expect(mail.text).toMatch(new RegExp(`Dashboard: ${stack.urls.dashboard.replace(/[.?]/g, '\\$&')}\\?week=last$`, 'm'));

		// The stored row: the same week, numbers and flags.
		const rows = await weeklyRows();
		expect(rows).toHaveLength(1);
		const row = rows[0];
		expect(row).toMatchObject({ weekStart: lastWeek.toISO(), policy: POLICY, flags: JSON.stringify(expected.flags) });
		expect(Date.parse(String(row.generatedAt))).toBeGreaterThanOrEqual(started - 1000);
		const numbers = JSON.parse(String(row.numbers)) as { week: MetricsResult['week']; trends: MetricsResult['trends'] };
		expect(numbers.week).toEqual(w);
		expect(numbers.trends).toEqual(expected.trends);
		process.stderr.write(`[weekly] on-demand run answered in ${elapsed} ms; e-mail:\n${mail.subject}\n${mail.text}\n`);
	});

	it('replaces the week when run again (one row per week), and reports this week on request', async () => {
		const before = sink.messages.length;
		expect((await sendNow()).status).toBe(200);
		await pollUntil('the second e-mail', async () => (sink.messages.length > before ? true : undefined), { timeoutMs: 30_000, intervalMs: 100 });
		expect(await weeklyRows()).toHaveLength(1);

		const thisWeek = await sendNow({ week: 'this' });
		expect(thisWeek.status).toBe(200);
		const isoWeek = DateTime.utc().toISOWeekDate().slice(0, 8);
		const mail = await newMail(before + 1, new RegExp(`^Reconciliation ${isoWeek}: `));
		await stack.quiet();
		expect(mail.text).toContain('(in progress: ');
		expect(mail.text).toMatch(/^2\. Cycles: 1 run; /m);
		const rows = await weeklyRows();
		expect(rows.map((r) => r.weekStart).sort()).toEqual([lastWeek.toISO(), DateTime.utc().startOf('week').toISO()]);
		expect(mail.text.startsWith((await dashboardJson('this')).summary.split('\n')[0])).toBe(true);
	});

	it('keeps what it computed when the mail server is down: the row is stored, the run fails visibly', async () => {
		await sink.close();
		// The trigger answers at once; the failure shows in the execution list (and n8n's error workflow, if set).
		const response = await sendNow();
		expect(response.status).toBe(200);
		const failed = await pollUntil(
			'the failed execution',
			async () => {
				const list = await listExecutions(stack.n8n, weekly.id, { status: 'error' });
				return list.length > 0 ? list : undefined;
			},
			{ timeoutMs: 30_000, intervalMs: 200 },
		);
		expect(failed.length).toBe(1);
		expect((await weeklyRows()).length).toBe(2);
		// The next test run gets a fresh sink (afterAll closes it again harmlessly).
		sink = await startSmtpSink();
	});
});
