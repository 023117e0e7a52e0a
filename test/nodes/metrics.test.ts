import type { INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { computeMetrics, DEFAULT_THRESHOLDS, type MetricsResult } from '../../nodes/engine/metrics';
import { ReconcileMetrics } from '../../nodes/ReconcileMetrics/ReconcileMetrics.node';
import { contactsPolicy } from '../fixtures/contacts-policy';
import { cycle, event, queueItem } from '../engine/metrics-fixtures';
import { markupProblems } from '../engine/metrics-html';
import { runNode } from './harness/run-node';

const policy = { ...contactsPolicy(), name: 'contacts' };
const NOW = '2026-06-04T13:30:00Z'; // Thursday 15:30 in Berlin, week 23

/** Rows as the Data Table node returns them: system columns, numbers sometimes as text. */
function tableRows(rows: object[]): INodeExecutionData[] {
	return rows.map((row, i) => ({ json: { id: i + 1, createdAt: NOW, updatedAt: NOW, ...row } as never, pairedItem: { item: i } }));
}

const events = () => tableRows([event('2026-06-02T08:00:00Z'), event('2026-06-03T08:00:00Z', { source: 'salesforce', outcome: 'failed', written: 0, failed: '1' as never }), event('2026-05-27T08:00:00Z')]);
const cycles = () => tableRows([cycle('c1', '2026-06-01T06:00:00Z', { byRule: { recency: 4, merge: 1 }, byCategory: { ownership: 1 } }), cycle('c2', '2026-06-02T06:00:00Z', { aborted: true, abortReason: 'guard' })]);
const queue = () => tableRows([queueItem('a', '2026-06-01T08:00:00Z', { resolvedAt: '2026-06-01T09:00:00Z' }), queueItem('b', '2026-05-28T08:00:00Z')]);

async function run(parameters: Record<string, unknown>, inputs: INodeExecutionData[][] = [events(), cycles(), queue(), []]) {
	const base = { timeZone: 'Europe/Berlin', options: { now: NOW }, policy: JSON.stringify(policy) };
	return (await runNode({ nodeType: new ReconcileMetrics(), parameters: { ...base, ...parameters } as never, inputs })).outputs;
}

describe('Reconcile Metrics node', () => {
	it('turns the three tables into the numbers of this week, as the engine computes them', async () => {
		const [[out]] = await run({ format: 'json' });
		const metrics = out.json as unknown as MetricsResult;
		const direct = computeMetrics(
			{ events: events().map((i) => i.json), cycles: cycles().map((i) => i.json), queue: queue().map((i) => i.json), resolutions: [] },
			{ weekStart: NOW, now: NOW, timeZone: 'Europe/Berlin', policyName: 'contacts', systems: ['hubspot', 'salesforce'], labels: { hubspot: 'HubSpot', salesforce: 'Salesforce' } },
		);
		expect(metrics).toEqual(direct);
		expect(metrics.week.window.isoWeek).toBe('2026-W23');
		expect(metrics.week.events).toMatchObject({ deliveries: 2, failed: 1 });
		expect(metrics.week.cycles).toMatchObject({ run: 2, aborted: 1, completed: 1, discrepancies: 6 });
		expect(metrics.week.queue).toMatchObject({ open: 1, oldestOpenSeconds: 7 * 86400 + 5.5 * 3600 });
		expect(metrics.warnings).toEqual([]);
		expect(out.pairedItem).toEqual({ item: 0, input: 0 });
	});

	it('renders the dashboard page with the policy doc and a link to the policy page', async () => {
		const [[out]] = await run({ format: 'html', options: { now: NOW, policyHref: '?format=policy', title: 'Contacts sync' } });
		expect(out.json).toMatchObject({ format: 'html', contentType: 'text/html; charset=utf-8', week: '2026-W23', label: '1–7 Jun 2026', warnings: 0 });
		const html = String(out.json.html);
		expect(markupProblems(html)).toEqual([]);
		expect(html).toContain('<title>Contacts sync — 1–7 Jun 2026</title>');
		expect(html).toContain('<a href="?format=policy">Policy page</a>');
		expect(html).toContain('id="policy"');
		expect(out.json.flags).toEqual(expect.arrayContaining(['1 of 2 reconciliation cycles aborted: guard.']));
		expect(String(out.json.summary)).toMatch(/^Reconciliation week 2026-W23/);
	});

	it('renders the sync policy page, and says so when there is no policy to render', async () => {
		const [[out]] = await run({ format: 'policy', options: { now: NOW, dashboardHref: '?format=html' } });
		expect(String(out.json.html)).toContain('<h1>Sync policy: contacts</h1>');
		expect(String(out.json.html)).toContain('<a href="?format=html">Dashboard</a>');
		expect(String(out.json.markdown)).toMatch(/^# Sync policy: contacts/);
		await expect(run({ format: 'policy', policy: '' })).rejects.toMatchObject({ message: 'No sync policy given' });
	});

	it('runs on whichever inputs have rows, and takes "always output data" placeholders for empty tables', async () => {
		const [[out]] = await run({ format: 'json' }, [[{ json: {} }], [], queue(), []]);
		const metrics = out.json as unknown as MetricsResult;
		expect([metrics.week.events.deliveries, metrics.week.cycles.run, metrics.week.queue.open]).toEqual([0, 0, 1]);
		expect(metrics.warnings).toEqual([]);
		expect(out.pairedItem).toEqual({ item: 0, input: 0 });
		const [[onlyQueue]] = await run({ format: 'json' }, [[], [], queue()]);
		expect(onlyQueue.pairedItem).toEqual({ item: 0, input: 2 });
	});

	it('names inputs wired to the wrong table', async () => {
		await expect(run({ format: 'json' }, [queue(), cycles(), events()])).rejects.toMatchObject({
			message: 'Input "Events" holds reconcile_queue rows',
			description: 'Connect the reconcile_events Data Table to "Events" and the reconcile_queue table to "Queue".',
		});
	});

	it('reports last week, or the week of a given date', async () => {
		const [[last]] = await run({ format: 'json', week: 'last' });
		expect((last.json as unknown as MetricsResult).week.window).toMatchObject({ isoWeek: '2026-W22', complete: true });
		const [[dated]] = await run({ format: 'json', week: 'date', date: '2026-05-20T00:00:00' });
		expect((dated.json as unknown as MetricsResult).week.window.isoWeek).toBe('2026-W21');
	});

	it('applies thresholds from the parameters', async () => {
		const [[strict]] = await run({ format: 'json', thresholds: { abortedCycles: 5, failedDeliveriesPercent: 60 } });
		expect((strict.json as unknown as MetricsResult).flagDetails.map((f) => f.id)).not.toEqual(expect.arrayContaining(['aborted_cycles']));
		expect((strict.json as unknown as MetricsResult).thresholds).toMatchObject({ abortedCycles: 5, failedDeliveriesPercent: 60 });
	});

	it('stops with a clear error for a bad output, time zone or policy', async () => {
		await expect(run({ format: 'xml' })).rejects.toMatchObject({ message: 'Unknown output "xml"' });
		await expect(run({ format: 'json', timeZone: 'Mars/Base' })).rejects.toMatchObject({ message: 'Cannot compute the dashboard', description: expect.stringContaining('IANA zone') });
		await expect(run({ format: 'json', policy: JSON.stringify({ ...policy, version: 9 }) })).rejects.toMatchObject({ message: 'Invalid sync policy (1 problem)' });
	});

	it('counts every policy when none is given, and says nothing about other policies', async () => {
		const [[out]] = await run({ format: 'json', policy: '' }, [tableRows([event('2026-06-02T08:00:00Z', { policy: 'deals' })]), [], []]);
		expect((out.json as unknown as MetricsResult)).toMatchObject({ policyName: null, otherPolicyRows: 0, week: { events: { deliveries: 1 } } });
	});

	it('offers every engine threshold with the same default', () => {
		const thresholds = new ReconcileMetrics().description.properties.find((p) => p.name === 'thresholds')?.options as INodeProperties[];
		expect(Object.fromEntries(thresholds.map((t) => [t.name, t.default]))).toEqual(DEFAULT_THRESHOLDS);
	});
});
