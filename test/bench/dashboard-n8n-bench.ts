/**
 * The dashboard inside a real n8n with 100,000 event rows: the shipped template (`startStack`), the Data
 * Tables seeded through n8n's API with two weeks of activity (`dashboardScenario`: a cycle every 6 hours,
 * an operator queue), then GET of the dashboard page and of `?format=json`, against two baselines measured in
 * the same run — the same page reading the events with one plain "Get rows" node (what the template did before
 * its windowed, id-ranged reads), the in-process engine on the same rows (JSON.parse + computeMetrics +
 * renderDashboard, what `dashboard-bench.ts` measures) and a trivial n8n webhook. A profiling copy of the template that saves its
 * execution shows where the time goes, node by node.
 *
 *   npm run build && npx ts-node --transpile-only test/bench/dashboard-n8n-bench.ts [--events 100000] [--queue 5000] [--runs 5] [--history 0]
 *
 * `--history N` adds N older event rows (and as many queue rows as --queue) from the weeks before the two the
 * dashboard shows, as a table that has been filling for a while looks: the template reads only its window,
 * so the time should not grow with them.
 *
 * Last line: dashboard_n8n events=<n> history=<n> html_ms=<median> json_ms=<median> plain_read_ms=<median> engine_ms=<in-process>
 * trivial_ms=<p50> ratio_plain=<html/plain> ratio_engine=<html/engine>
 */
import { performance } from 'node:perf_hooks';

import { computeMetrics, renderDashboard } from '../../nodes/engine/metrics';
import { activateWorkflow, getExecution, importWorkflow, listExecutions, pollUntil, type N8nHandle } from '../harness';
import { trivialWebhookBaseline } from '../harness/bench-trivial-webhook';
import { readTemplate, startStack } from '../harness/stack';
import { DASHBOARD_WEBHOOK_PATH } from '../workflows/dashboard';
import { numberFlag } from './args';
import { dashboardScenario, POLICY } from './dashboard-data';

const out = (line: string) => process.stdout.write(`${line}\n`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function insertAll(h: N8nHandle, table: string, rows: object[], batch = 5000): Promise<void> {
	const id = (await h.api<{ data: Array<{ id: string; name: string }> }>('GET', `/data-tables?filter=${encodeURIComponent(JSON.stringify({ name: table }))}`)).data.find((t) => t.name === table)!.id;
	for (let i = 0; i < rows.length; i += batch) await h.api('POST', `/data-tables/${id}/rows`, { data: rows.slice(i, i + batch), returnType: 'count' });
}

async function timeGet(url: string, auth: string, runs: number): Promise<{ ms: number[]; bytes: number; status: number }> {
	const ms: number[] = [];
	let bytes = 0;
	let status = 0;
	for (let i = 0; i <= runs; i++) {
		const t0 = performance.now();
		const response = await fetch(url, { headers: { authorization: auth }, signal: AbortSignal.timeout(600_000) });
		const body = await response.arrayBuffer();
		if (i > 0) ms.push(performance.now() - t0); // first call is the warm-up
		bytes = body.byteLength;
		status = response.status;
	}
	return { ms, bytes, status };
}

interface NodeRun {
	startTime: number;
	executionTime: number;
	data?: { main?: Array<unknown[] | null> };
}

async function main(argv: readonly string[]): Promise<void> {
	const events = numberFlag(argv, 'events', 100_000);
	const runs = Math.max(1, numberFlag(argv, 'runs', 5));
	const stack = await startStack({ sims: { records: 20, seed: 1 }, fastLoop: false, n8n: { logLevel: 'warn' } });
	try {
		await stack.runCycle(); // creates the tables and publishes the policy the dashboard reads
		const h = stack.n8n;
		const nowMs = Date.now();
		const day = new Date(nowMs).getUTCDay();
		const weekStartMs = Date.UTC(new Date(nowMs).getUTCFullYear(), new Date(nowMs).getUTCMonth(), new Date(nowMs).getUTCDate() - ((day + 6) % 7));
		const rows = dashboardScenario({ events, weekStartMs, nowMs: nowMs - 60_000, queueItems: numberFlag(argv, 'queue', 5000) });
		const historyEvents = numberFlag(argv, 'history', 0);
		const WEEK = 7 * 86_400_000;
		// Two weeks that ended 16 days before this Monday: outside both weeks the dashboard compares.
		const history = historyEvents > 0 ? dashboardScenario({ events: historyEvents, weekStartMs: weekStartMs - 3 * WEEK, nowMs: weekStartMs - 2 * WEEK - 2 * 86_400_000, queueItems: numberFlag(argv, 'queue', 5000), seed: 7 }) : undefined;
		const seedStart = performance.now();
		if (history) {
			await insertAll(h, 'reconcile_events', history.events);
			await insertAll(h, 'reconcile_queue', history.queue.map((q) => ({ ...q, queueId: `old-${q.queueId}`, discrepancyId: `old-${q.discrepancyId}` })));
		}
		await insertAll(h, 'reconcile_events', rows.events);
		await insertAll(h, 'reconcile_cycles', rows.cycles);
		await insertAll(h, 'reconcile_queue', rows.queue);
		const seedMs = performance.now() - seedStart;
		out(
			`n8n ${h.install.version}; seeded ${rows.events.length} events, ${rows.cycles.length} cycles, ${rows.queue.length} queue rows${history ? ` (plus ${history.events.length} older events and ${history.queue.length} older queue rows)` : ''} through the Data Table API in ${(seedMs / 1000).toFixed(1)} s`,
		);

		const auth = `Basic ${Buffer.from(`${stack.viewer.user}:${stack.viewer.password}`).toString('base64')}`;
		const html = await timeGet(stack.urls.dashboard, auth, runs);
		const json = await timeGet(`${stack.urls.dashboard}?format=json`, auth, runs);
		if (html.status !== 200 || json.status !== 200) throw new Error(`dashboard answered ${html.status} / ${json.status}`);

		// Baseline 0: the same dashboard reading the events the simple way — one Get rows node for all of the
		// policy's events (no window, no id ranges) — under another path, in the same n8n.
		const template = readTemplate('reconcile-dashboard.json');
		const viewers = stack.workflows.dashboard.nodes.find((n) => n.name === 'Dashboard')!.credentials!;
		const simplePath = `${DASHBOARD_WEBHOOK_PATH}-simple`;
		const ranged = new Set(['First event', 'Last event', 'Event ranges', 'One item per range']);
		const simple = {
			...template,
			name: 'dashboard (one plain read)',
			nodes: template.nodes
				.filter((n) => !ranged.has(n.name))
				.map((n) => {
					if (n.name === 'Dashboard') return { ...n, webhookId: '6a2f9c3e-1b7d-4e58-9f04-2c8d3e5a7b11', parameters: { ...n.parameters, path: simplePath } };
					if (n.name !== 'Events') return n;
					const conditions = [{ keyName: 'policy', condition: 'eq', keyValue: POLICY }];
					return { ...n, executeOnce: true, parameters: { ...n.parameters, filters: { conditions } } };
				}),
			connections: Object.fromEntries(
				Object.entries(template.connections as Record<string, { main: Array<Array<{ node: string }>> }>)
					.filter(([from]) => !ranged.has(from))
					.map(([from, c]) => [from, from === 'Policy' ? { main: [[{ node: 'Events', type: 'main', index: 0 }, ...c.main[0].filter((t) => !ranged.has(t.node))]] } : c]),
			),
		};
		await activateWorkflow(h, (await importWorkflow(h, simple, { credentials: viewers })).id);
		const plain = await timeGet(`${h.baseUrl}/webhook/${simplePath}`, auth, runs);
		if (plain.status !== 200) throw new Error(`plain-read dashboard answered ${plain.status}`);

		// Baseline 1: the engine alone on the same rows, in this process (parse as n8n hands items over, compute, render).
		const text = JSON.stringify({ events: rows.events, cycles: rows.cycles.concat(), queue: rows.queue });
		const engine: number[] = [];
		for (let i = 0; i <= runs; i++) {
			const t0 = performance.now();
			const parsed = JSON.parse(text) as typeof rows;
			renderDashboard(computeMetrics(parsed, { weekStart: new Date(nowMs).toISOString(), now: new Date(nowMs).toISOString(), policyName: POLICY, systems: ['hubspot', 'salesforce'] }));
			if (i > 0) engine.push(performance.now() - t0);
		}
		// Baseline 2: a trivial webhook in the same n8n.
		const trivial = await trivialWebhookBaseline(h, { requests: 50, warmup: 10 });

		// Where the time goes: the same template under another path, saving its execution (node start and run times).
		const profilePath = `${DASHBOARD_WEBHOOK_PATH}-profile`;
		const profiled = {
			...template,
			name: 'dashboard (profile)',
			settings: { ...template.settings, saveDataSuccessExecution: 'all' },
			nodes: template.nodes.map((n) => (n.name === 'Dashboard' ? { ...n, webhookId: '0d7c1e55-9a41-4f6b-8a0e-5c3b2d1f4e99', parameters: { ...n.parameters, path: profilePath } } : n)),
		};
		const wf = await importWorkflow(h, profiled, { credentials: viewers });
		await activateWorkflow(h, wf.id);
		const t0 = performance.now();
		const response = await fetch(`${h.baseUrl}/webhook/${profilePath}`, { headers: { authorization: auth }, signal: AbortSignal.timeout(600_000) });
		await response.arrayBuffer();
		const profileMs = performance.now() - t0;
		const saved = await pollUntil('the profiled execution', async () => (await listExecutions(h, wf.id, { status: 'success' }))[0], { timeoutMs: 300_000, intervalMs: 500 });
		const exec = await getExecution(h, saved.id, true);
		const runData = (exec.data?.resultData?.runData ?? {}) as Record<string, NodeRun[]>;
		const first = Math.min(...Object.values(runData).map((r) => r[0].startTime));
		out(`\nprofile (one request, ${profileMs.toFixed(0)} ms end to end; execution ${exec.startedAt} → ${exec.stoppedAt}):`);
		out(`  ${'node'.padEnd(20)} ${'starts at'.padStart(10)} ${'runs for'.padStart(10)} ${'items out'.padStart(10)}`);
		for (const [name, [r]] of Object.entries(runData).sort(([, [a]], [, [b]]) => a.startTime - b.startTime)) {
			const items = r.data?.main?.[0]?.length ?? 0;
			out(`  ${name.padEnd(20)} ${`${r.startTime - first} ms`.padStart(10)} ${`${r.executionTime} ms`.padStart(10)} ${String(items).padStart(10)}`);
		}

		const [htmlMs, jsonMs, plainMs, engineMs] = [median(html.ms), median(json.ms), median(plain.ms), median(engine)];
		out(`\nmedian of ${runs}: dashboard page ${htmlMs.toFixed(0)} ms (${(html.bytes / 1024).toFixed(0)} kB), ?format=json ${jsonMs.toFixed(0)} ms (${(json.bytes / 1024).toFixed(0)} kB)`);
		out(`baselines: the page with one plain Get rows of all the policy's events ${plainMs.toFixed(0)} ms; engine in-process on the same rows ${engineMs.toFixed(0)} ms (parse + compute + render); trivial n8n webhook p50 ${trivial.p50Ms} ms`);
		out(
			`dashboard_n8n events=${rows.events.length} history=${history?.events.length ?? 0} html_ms=${htmlMs.toFixed(0)} json_ms=${jsonMs.toFixed(0)} plain_read_ms=${plainMs.toFixed(0)} engine_ms=${engineMs.toFixed(0)} trivial_ms=${trivial.p50Ms} ratio_plain=${(htmlMs / plainMs).toFixed(2)} ratio_engine=${(htmlMs / engineMs).toFixed(1)}`,
		);
	} finally {
		await stack.stop();
	}
}

main(process.argv.slice(2)).catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exit(1);
});
