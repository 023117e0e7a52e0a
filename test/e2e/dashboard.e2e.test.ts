/**
 * The dashboard in a browser (issue 6): a real n8n 2.40.7 with the package and the shipped templates
 * (`startStack`) goes through a week of activity — fast-loop deliveries both ways (and one forged), two
 * reconciliation cycles, escalations of which some are resolved through the review form and some stay
 * open — then headless Chromium (Debian's `/usr/bin/chromium`, driven by playwright-core) opens the
 * dashboard URL with the viewers' Basic-auth login, checks that the five sections show the numbers that
 * `?format=json` returns, and saves screenshots under `test-output/`.
 *
 * n8n answers Respond-to-Webhook HTML with `Content-Security-Policy: sandbox …` (the page gets an opaque
 * origin); the page has no scripts, fonts or images, so it renders the same way inside that sandbox.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { chromium, type BrowserContext, type Page } from 'playwright-core';

import { pollUntil, request } from '../harness';
import { FormBrowser } from '../harness/forms';
import { ROOT, startStack, type Stack } from '../harness/stack';
import { signatureV3 } from '../simulators';
import { SECTION_IDS, type MetricsResult } from '../../nodes/engine/metrics';
import { formatCount, formatDuration, formatMs, formatPercent } from '../../nodes/engine/metrics/format';
import { resolvePointer } from '../engine/metrics-html';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const OUTPUT = join(ROOT, 'test-output');
const NAME_FIELD = 'Your name or email';

/** One number on the page as Chromium shows it. */
interface Shown {
	section: string;
	pointer: string;
	value: string;
	text: string;
	visible: boolean;
}

/** Runs in the page (this project compiles without the DOM library, so as text): every tagged number. */
const SHOWN_NUMBERS = `[...document.querySelectorAll('[data-metric]')].map((el) => {
	const box = el.getBoundingClientRect();
	return {
		section: el.closest('section[id]')?.id ?? el.closest('article[id]')?.id ?? '',
		pointer: el.getAttribute('data-metric') ?? '',
		value: el.getAttribute('data-value') ?? '',
		text: el.innerText,
		visible: box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden' && el.closest('details:not([open])') === null,
	};
})`;

/** Every way the page may write `value` (a count, rate, duration, latency, per-day figure, or a signed change). */
function renderings(value: number): string[] {
	const plain = [formatCount(value), formatCount(Math.round(value * 10) / 10), formatPercent(value), formatDuration(value), formatMs(value), `${Math.round(Math.abs(value) * 100)} points`];
	const size = Math.abs(value);
	const sign = value > 0 ? '+' : '−';
	const changes = [formatCount(size), formatCount(Math.round(size * 10) / 10), formatDuration(size), `${Math.round(size * 100)} point${Math.round(size * 100) === 1 ? '' : 's'}`].map((t) => `${sign}${t}`);
	return [...plain, ...changes];
}

describe('Dashboard in headless Chromium against a real n8n', () => {
	let stack: Stack;
	let context: BrowserContext;
	let profile: string;
	const events: Record<string, number> = {};

	beforeAll(async () => {
		stack = await startStack({ sims: { records: 150, seed: 23, driftRate: 0.06, onlyInHubSpotRate: 0.02, onlyInSalesforceRate: 0.01 } });

		// Monday: the first cycle converges the drift (auto-resolutions by rule, escalations queued).
		const first = await stack.runCycle();
		expect(first).toMatchObject({ aborted: false });
		expect(Number(first.autoResolved)).toBeGreaterThan(0);

		// During the week: people edit both CRMs, the fast loop carries the changes across.
		const hubspot = stack.sims.hubspot.truthAll('contacts').slice(5, 9);
		hubspot.forEach((c, i) => stack.sims.hubspot.uiUpdate('contacts', String(c.id), { jobtitle: ['Head of RevOps', 'CFO', 'Data Engineer', 'Buyer'][i] }));
		const salesforce = stack.sims.salesforce.truthAll('Contact').slice(30, 32);
		salesforce.forEach((c, i) => stack.sims.salesforce.uiUpdate('Contact', String(c.Id), { LastName: ['Okafor', 'Lindqvist'][i] }));
		stack.sims.hubspot.uiRandomEdits(12);
		stack.sims.salesforce.uiRandomEdits(8);
		await stack.quiet();
		// Someone probes the HubSpot webhook with a guessed secret.
		const body = JSON.stringify([{ eventId: 1, subscriptionId: 1, subscriptionType: 'contact.propertyChange', objectId: 1, occurredAt: Date.now() }]);
		const ts = Date.now();
		const forged = await request('POST', stack.urls.hubspotWebhook, {
			body,
			headers: { 'content-type': 'application/json', 'X-HubSpot-Signature-v3': signatureV3('guessed-secret', 'POST', stack.urls.hubspotWebhook, body, ts), 'X-HubSpot-Request-Timestamp': String(ts) },
		});
		expect(forged.status).toBe(401);
		// Owners reassigned in HubSpot only: the policy escalates ownership to a person.
		const owners = stack.sims.hubspot.owners;
		for (const c of stack.sims.hubspot.truthAll('contacts').slice(60, 64)) {
			const current = String((c.properties as Record<string, unknown>).hubspot_owner_id);
			const other = owners.find((o) => o.hubspotOwnerId !== current)!;
			stack.sims.hubspot.uiUpdate('contacts', String(c.id), { hubspot_owner_id: other.hubspotOwnerId });
		}
		await stack.quiet();

		// Thursday: the second cycle queues what the fast loop left to people.
		const second = await stack.runCycle();
		expect(second).toMatchObject({ aborted: false });
		expect(Number(second.escalated)).toBeGreaterThanOrEqual(4);

		// Operators work two items through the review form; the rest stay open.
		for (const reviewer of ['alice@example.com', 'bob@example.com']) {
			const browser = new FormBrowser({ basicAuth: stack.reviewer });
			const start = await browser.open(stack.urls.review);
			const item = await browser.submit(start, { [NAME_FIELD]: reviewer });
			expect(item).toMatchObject({ kind: 'form' });
			const decision = item.field('Decision').options![0];
			const done = await browser.submit(item, { Decision: decision, Note: 'checked in the weekly review' });
			// Saved; the session goes on to the next open item, which this reviewer leaves for later.
			expect(done).toMatchObject({ kind: 'form', message: 'Resolved: the value is in both systems. Next:' });
		}
		await stack.quiet();
		const rows = await stack.rows('reconcile_events');
		for (const r of rows) events[String(r.outcome)] = (events[String(r.outcome)] ?? 0) + 1;

		profile = mkdtempSync(join(tmpdir(), 'reconcile-chromium-'));
		context = await chromium.launchPersistentContext(profile, {
			executablePath: CHROMIUM,
			headless: true,
			args: CHROMIUM_ARGS,
			httpCredentials: { username: stack.viewer.user, password: stack.viewer.password },
			viewport: { width: 1280, height: 900 },
			deviceScaleFactor: 1,
			locale: 'en-GB',
		});
	}, 600_000);

	afterAll(async () => {
		await context?.close();
		if (profile) rmSync(profile, { recursive: true, force: true });
		await stack?.stop();
	});

	const authorization = () => `Basic ${Buffer.from(`${stack.viewer.user}:${stack.viewer.password}`).toString('base64')}`;

	async function numbers(): Promise<MetricsResult> {
		const response = await fetch(`${stack.urls.dashboard}?format=json`, { headers: { authorization: authorization() } });
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toMatch(/^application\/json/);
		return (await response.json()) as MetricsResult;
	}

	async function shownNumbers(page: Page): Promise<Shown[]> {
		return await page.evaluate<Shown[]>(SHOWN_NUMBERS);
	}

	it('serves the page as n8n delivers webhook HTML: 401 without the login, HTML in a CSP sandbox with it', async () => {
		expect((await fetch(stack.urls.dashboard)).status).toBe(401);
		const response = await fetch(stack.urls.dashboard, { headers: { authorization: authorization() } });
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toMatch(/^text\/html; charset=utf-8/);
		expect(response.headers.get('content-security-policy')).toMatch(/^sandbox /);
		const html = await response.text();
		expect(html).not.toMatch(/<script|<link|<img|url\(|@import/i);
	});

	it('shows in Chromium the same numbers in all five sections as ?format=json, and saves a screenshot', async () => {
		const page = await context.newPage();
		const requests: string[] = [];
		const problems: string[] = [];
		page.on('request', (r) => requests.push(r.url()));
		page.on('console', (m) => (m.type() === 'error' || m.type() === 'warning') && problems.push(`${m.type()}: ${m.text()}`));
		page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));

		const before = await numbers();
		const started = Date.now();
		const response = await page.goto(stack.urls.dashboard, { waitUntil: 'load' });
		const loadMs = Date.now() - started;
		const after = await numbers();
		expect(response?.status()).toBe(200);
		expect(response?.headers()['content-security-policy']).toMatch(/^sandbox /);

		// It rendered: the week's heading, the inline stylesheet applied inside the sandbox, charts laid out.
		expect(await page.evaluate<string>('window.origin')).toBe('null'); // the CSP sandbox is in force
		await expect(page.title()).resolves.toMatch(/^Reconciliation dashboard — /);
		expect(await page.locator('h1').innerText()).toBe(before.week.window.label);
		const cardStyle = await page.evaluate<Record<string, string>>(
			`(() => { const s = getComputedStyle(document.querySelector('section#events')); return { background: s.backgroundColor, radius: s.borderTopLeftRadius, font: getComputedStyle(document.body).fontFamily }; })()`,
		);
		expect(cardStyle).toEqual({ background: 'rgb(255, 255, 255)', radius: '14px', font: expect.stringContaining('system-ui') });
		for (const chart of ['chart-events', 'chart-cycles', 'chart-rules', 'chart-categories', 'chart-ttr']) {
			const box = await page.locator(`svg[aria-labelledby="${chart}t ${chart}d"]`).boundingBox({ timeout: 5000 });
			expect([chart, box !== null && box.width > 200 && box.height > 50]).toEqual([chart, true]);
		}

		// The five sections, each with its numbers, each number the JSON's (time-dependent ones — queue ages,
		// per-day rates — between the JSON read just before and the one just after the page).
		const shown = await shownNumbers(page);
		const mismatches: string[] = [];
		for (const s of shown) {
			const a = resolvePointer(before, s.pointer);
			const b = resolvePointer(after, s.pointer);
			if (a === undefined || b === undefined) {
				mismatches.push(`${s.pointer}: not in the JSON`);
				continue;
			}
			if (a === null || b === null) {
				if (s.value !== '' || s.text !== 'no data') mismatches.push(`${s.pointer}: JSON has no data, page shows ${JSON.stringify(s.text)}`);
				continue;
			}
			const value = Number(s.value);
			const [low, high] = [Math.min(Number(a), Number(b)), Math.max(Number(a), Number(b))];
			if (!(value >= low && value <= high)) mismatches.push(`${s.pointer}: page ${s.value}, JSON ${String(a)}…${String(b)}`);
			else if (s.visible && s.text !== '—' && !renderings(value).includes(s.text)) mismatches.push(`${s.pointer}: shows ${JSON.stringify(s.text)} for ${value}`);
		}
		expect(mismatches).toEqual([]);
		for (const id of SECTION_IDS) {
			const inSection = shown.filter((s) => s.section === id && s.visible);
			expect([id, inSection.length > 3]).toEqual([id, true]);
		}
		const headline = (id: string, pointer: string) => shown.find((s) => s.section === id && s.pointer === pointer && s.visible);

		// The activity the harness produced, as the page reads it.
		const w = after.week;
		expect(headline('events', '/week/events/deliveries')?.text).toBe(formatCount(w.events.deliveries));
		expect(w.events.deliveries).toBe(Object.values(events).reduce((s, n) => s + n, 0));
		expect(w.events.byOutcome.rejected_signature).toBe(1);
		expect(w.events.byOutcome.written).toBeGreaterThanOrEqual(2);
		expect(Object.values(w.events.byDirection).every((d) => d.deliveries > 0)).toBe(true);
		expect(headline('cycles', '/week/cycles/run')?.text).toBe('2');
		expect(headline('auto-resolved', '/week/autoResolved/total')?.text).toBe(formatCount(w.autoResolved.total));
		expect(w.autoResolved.total).toBeGreaterThan(0);
		expect(headline('escalated', '/week/escalated/newItems')?.text).toBe(formatCount(w.escalated.newItems));
		expect(w.escalated.byCategory.ownership).toBeGreaterThanOrEqual(4);
		const queue = await stack.rows('reconcile_queue');
		expect(w.escalated.newItems).toBe(queue.length);
		expect(w.queue.open).toBe(queue.filter((q) => q.status === 'open').length);
		expect(w.queue.open).toBeGreaterThanOrEqual(2);
		expect(headline('ttr', '/week/ttr/count')?.text).toBe(formatCount(w.ttr.count));
		expect(w.ttr.count).toBe(queue.filter((q) => q.status !== 'open').length);
		expect(w.queue.closedBy.resolved).toBe(2);
		expect(headline('ttr', '/week/ttr/p50')?.text).toBe(formatDuration(w.ttr.p50));
		// The bad signature is flagged where the ops lead looks first.
		expect(await page.locator('#q-sources [data-flag="rejected_signatures"]').count()).toBe(1);

		// Self-contained: the page asked for nothing but itself.
		expect(requests.filter((u) => !u.endsWith('/favicon.ico'))).toEqual([stack.urls.dashboard]);
		expect(problems).toEqual([]);

		mkdirSync(OUTPUT, { recursive: true });
		const file = join(OUTPUT, 'dashboard.png');
		await page.screenshot({ path: file, fullPage: true });
		const height = await page.evaluate<number>('document.documentElement.scrollHeight');
		process.stderr.write(`[dashboard] Chromium loaded the page in ${loadMs} ms (${shown.length} numbers, page ${height} px tall); screenshot ${file}\n`);
		await page.close();
	});

	it('links to the sync policy page, which opens with the same login inside the sandbox', async () => {
		const page = await context.newPage();
		await page.goto(stack.urls.dashboard, { waitUntil: 'load' });
		await Promise.all([page.waitForURL(/\?format=policy$/), page.locator('nav.jump a', { hasText: 'Policy page' }).click()]);
		expect(await page.locator('h1').first().innerText()).toMatch(/HubSpot contacts ⇄ Salesforce contacts/);
		expect(await page.locator('table').count()).toBeGreaterThan(0);
		await page.screenshot({ path: join(OUTPUT, 'dashboard-policy.png'), fullPage: true });
		// And the dashboard's own section links stay on the page.
		await page.goBack({ waitUntil: 'load' });
		await page.locator('nav.jump a', { hasText: 'Time to resolution' }).click();
		await pollUntil('the jump to section 5', async () => (page.url().endsWith('#ttr') ? true : undefined), { timeoutMs: 5000, intervalMs: 50 });
		expect(await page.locator('#ttr').isVisible()).toBe(true);
		await page.close();
	});
});
