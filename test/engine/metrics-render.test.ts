import { parsePolicyOrThrow, renderPolicyDoc } from '../../nodes/engine';
import { computeMetrics, markdownToHtml, renderDashboard, renderPolicyPage, SECTION_IDS, type MetricsRows } from '../../nodes/engine/metrics';
import { contactsPolicy } from '../fixtures/contacts-policy';
import { AFTER, WEEK, ZONE, cycle, event, queueItem } from './metrics-fixtures';
import { elementsAndAttributes, markupProblems, resolvePointer, sectionHtml, taggedNumbers } from './metrics-html';

const options = { weekStart: WEEK, now: AFTER, timeZone: ZONE, systems: ['hubspot', 'salesforce'] as const };

function busyWeek(): MetricsRows {
	const at = (day: number, hour = 8) => `2026-06-0${1 + day}T${String(hour).padStart(2, '0')}:00:00Z`;
	return {
		events: [event(at(0)), event(at(1), { source: 'salesforce', outcome: 'failed', written: 0, failed: 1 }), event('2026-05-27T08:00:00Z'), event(at(2), { outcome: 'rejected_signature' })],
		cycles: [
			cycle('c1', at(0, 6), { byRule: { source_of_truth: 5, recency: 3, merge: 1 }, byCategory: { ownership: 2 } }),
			cycle('c2', at(0, 18), { aborted: true, abortReason: 'Salesforce returned 3 records' }),
			cycle('c3', at(1, 6), { byRule: { recency: 2 }, byCategory: { 'deal value': 1 } }),
		],
		queue: [queueItem('a', at(0), { resolvedAt: at(0, 10) }), queueItem('b', '2026-05-26T08:00:00Z'), queueItem('c', at(1), { category: 'deal value' })],
	};
}

const policy = parsePolicyOrThrow(contactsPolicy());

describe('renderDashboard', () => {
	const result = computeMetrics(busyWeek(), { ...options, policyName: 'contacts' });
	const html = renderDashboard(result, { policyDoc: renderPolicyDoc(policy), policyHref: '?format=policy' });

	it('is one well-formed document with the five sections in order', () => {
		expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
		expect(markupProblems(html)).toEqual([]);
		const positions = SECTION_IDS.map((id) => html.indexOf(`<section class="card metric" id="${id}"`));
		expect(positions.every((p) => p > 0)).toBe(true);
		expect([...positions].sort((x, y) => x - y)).toEqual(positions);
	});

	it('needs nothing from outside the page: no scripts, no URLs, no fonts or images to fetch', () => {
		expect(html).not.toMatch(/<script|javascript:|https?:\/\/|\/\/[a-z]|@import|@font-face|<link|<img|<iframe|src=/i);
		expect(html.match(/url\(([^)]*)\)/g) ?? []).toEqual(html.match(/url\(#[a-z0-9-]+\)/g) ?? []);
		expect([...elementsAndAttributes(html).attributes].filter((a) => a.startsWith('on'))).toEqual([]); // no event handlers either
	});

	it('tags every number with the JSON Pointer and exact value it shows', () => {
		const tagged = taggedNumbers(html);
		expect(tagged.length).toBeGreaterThan(80);
		for (const t of tagged) {
			const value = resolvePointer(result, t.pointer);
			expect({ pointer: t.pointer, value: value === null || value === undefined ? '' : String(value) }).toEqual({ pointer: t.pointer, value: t.value });
		}
	});

	it('shows in each section the numbers of its part of the JSON', () => {
		const pointers = (id: string) => taggedNumbers(sectionHtml(html, id)).map((t) => t.pointer);
		expect(pointers('events')).toEqual(expect.arrayContaining(['/week/events/deliveries', '/week/events/byDirection/hubspot→salesforce/byOutcome/written', '/week/events/byDirection/salesforce→hubspot/byOutcome/failed']));
		expect(pointers('cycles')).toEqual(expect.arrayContaining(['/week/cycles/run', '/week/cycles/discrepancies', '/week/cycles/perCycle/1/discrepancies', '/week/cycles/autoResolutionRate']));
		expect(pointers('auto-resolved')).toEqual(expect.arrayContaining(['/week/autoResolved/byRule/source_of_truth', '/week/autoResolved/byRule/recency', '/week/autoResolved/byRule/merge']));
		expect(pointers('escalated')).toEqual(expect.arrayContaining(['/week/escalated/newItems', '/week/escalated/byCategory/deal value', '/week/queue/openByCategory/ownership']));
		expect(pointers('ttr')).toEqual(expect.arrayContaining(['/week/ttr/p50', '/week/ttr/p90', '/week/ttr/max', '/week/ttr/histogram/4/count', '/week/queue/open', '/week/queue/oldestOpenSeconds']));
	});

	it('answers the three questions first, with the flags for each', () => {
		const top = html.slice(0, html.indexOf('id="events"'));
		expect(top).toContain('Is the sync drifting?');
		expect(top).toContain('Are the source systems misbehaving?');
		expect(top).toContain('Is operator coverage keeping pace?');
		for (const flag of result.flagDetails) expect(top).toContain(`data-flag="${flag.id}"`);
		expect(result.flags.length).toBeGreaterThan(0);
	});

	it('shows an aborted cycle as aborted, not as zero', () => {
		const cycles = sectionHtml(html, 'cycles');
		expect(cycles).toContain('Aborted: Salesforce returned 3 records');
		expect(cycles).toContain('data-metric="/week/cycles/perCycle/1/discrepancies" data-value="">—</span>');
	});

	it('gives every chart an accessible name and description', () => {
		const svgs = html.match(/<svg[^>]*>\n<title id="[^"]+">[^<]+<\/title><desc id="[^"]+">[^<]+<\/desc>/g) ?? [];
		expect(svgs.length).toBe((html.match(/<svg/g) ?? []).length);
		expect(svgs.length).toBeGreaterThanOrEqual(5);
		expect(html).toContain('role="img"');
	});

	it('links the policy doc and renders it in the page', () => {
		expect(html).toContain('<a href="#policy">Sync policy</a>');
		expect(html).toContain('<a href="?format=policy">Policy page</a>');
		expect(sectionHtml(html, 'policy')).toContain('<h2>Sync policy: HubSpot contacts ⇄ Salesforce contacts</h2>');
	});

	it('gives the same bytes for the same result', () => {
		expect(renderDashboard(result, { policyDoc: renderPolicyDoc(policy), policyHref: '?format=policy' })).toBe(html);
	});
});

describe('renderDashboard with hostile or missing data', () => {
	it('escapes everything that comes from rows', () => {
		const evil = '<img src=x onerror=alert(1)>';
		const rows: MetricsRows = {
			events: [event('2026-06-02T08:00:00Z', { direction: `${evil}→"quoted"`, outcome: '<b>odd</b>' })],
			cycles: [cycle('<c1>', '2026-06-02T06:00:00Z', { byCategory: { [evil]: 1 }, aborted: true, abortReason: '</section><script>alert(1)</script>' })],
			queue: [queueItem('x', '2026-06-02T08:00:00Z', { category: evil, key: '"><svg onload=alert(1)>', field: '&amp;' })],
		};
		const html = renderDashboard(computeMetrics(rows, { ...options, policyName: undefined }), { title: '<Ops & co>' });
		expect(markupProblems(html)).toEqual([]);
		expect(html).not.toContain(evil);
		const { elements, attributes } = elementsAndAttributes(html);
		expect([...elements].filter((e) => ['script', 'img', 'iframe', 'object', 'embed', 'link'].includes(e))).toEqual([]);
		expect([...attributes].filter((a) => a.startsWith('on') || a === 'src')).toEqual([]);
		expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
		expect(html).toContain('&lt;Ops &amp; co&gt;');
		expect(html).toContain('&amp;amp;');
	});

	it('says "no data" for an empty week instead of 0 % or NaN', () => {
		const html = renderDashboard(computeMetrics({ events: [], cycles: [], queue: [] }, options));
		expect(markupProblems(html)).toEqual([]);
		expect(html).not.toMatch(/NaN|undefined|Infinity|null</);
		expect(sectionHtml(html, 'q-drift')).toContain('data-value="">no data</span>');
		expect(html).toContain('No cycles ran this week');
		expect(html).toContain('<span class="pill nodata">No data</span>');
	});
});

describe('policy doc as HTML', () => {
	it('turns the Markdown renderPolicyDoc writes into headings, lists, tables, bold and code', () => {
		const html = markdownToHtml(renderPolicyDoc(policy), 1);
		expect(html).toMatch(/^<h2>Sync policy: /);
		expect(html).toContain('<h3>Records</h3>');
		expect(html).toContain('<li><strong>A</strong>: HubSpot <code>contacts</code> · <strong>B</strong>: Salesforce <code>Contact</code></li>');
		expect(html).toContain('<thead><tr><th scope="col">Field</th><th scope="col">HubSpot</th><th scope="col">Salesforce</th>');
		expect(html).toContain('<tr><th scope="row">owner</th><td><code>hubspot_owner_id</code></td>');
		expect(html).toContain('<strong>Escalate</strong> to an operator (high priority)');
		expect(markupProblems(`<div>${html}</div>`)).toEqual([]);
	});

	it('escapes HTML in the Markdown and keeps escaped pipes inside cells', () => {
		const html = markdownToHtml('# <b>x</b>\n\n| a | b |\n|---|---|\n| `x \\| y` | **<i>** |\n\nplain & simple');
		expect(html).toContain('<h1>&lt;b&gt;x&lt;/b&gt;</h1>');
		expect(html).toContain('<th scope="row"><code>x | y</code></th><td><strong>&lt;i&gt;</strong></td>');
		expect(html).toContain('<p>plain &amp; simple</p>');
	});

	it('renders the policy page on its own with a link back', () => {
		const page = renderPolicyPage(renderPolicyDoc(policy), { dashboardHref: '?format=html' });
		expect(markupProblems(page)).toEqual([]);
		expect(page).toContain('<title>Sync policy: HubSpot contacts ⇄ Salesforce contacts</title>');
		expect(page).toContain('<a href="?format=html">Dashboard</a>');
		expect(page).not.toMatch(/<script|https?:\/\//);
	});
});
