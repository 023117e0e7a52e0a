/**
 * Dashboard benchmark: computeMetrics + renderDashboard over two weeks of Data Table rows (100,000 event
 * rows by default, a cycle every 6 hours, a busy operator queue), against the cost of merely reading
 * those rows (JSON.parse of them as n8n hands items over), measured in the same run. Median of --runs.
 *
 *   npx ts-node --transpile-only test/bench/dashboard-bench.ts [--events 100000] [--queue 5000] [--runs 5]
 *
 * Last line: dashboard events=<n> cycles=<n> queue=<n> parse_ms=<n> compute_ms=<n> render_ms=<n> ratio=<compute+render / parse> html_kb=<n>
 */
import { performance } from 'node:perf_hooks';

import { computeMetrics, renderDashboard, type MetricsResult } from '../../nodes/engine/metrics';
import { numberFlag } from './args';
import { dashboardScenario, POLICY } from './dashboard-data';

/** Monday morning after week 23: "last week" (the weekly summary's view), nearly every row in the two weeks. */
const NOW = '2026-06-08T05:00:00Z';
const WEEK = '2026-06-01';
const WEEK_START = Date.parse('2026-05-31T22:00:00Z'); // Monday 1 June 00:00 in Berlin

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

function time<T>(run: () => T): [T, number] {
	const start = performance.now();
	const result = run();
	return [result, performance.now() - start];
}

function main(argv: readonly string[]): void {
	const events = numberFlag(argv, 'events', 100_000);
	const runs = Math.max(1, numberFlag(argv, 'runs', 5));
	const rows = dashboardScenario({ events, weekStartMs: WEEK_START, nowMs: Date.parse(NOW), queueItems: numberFlag(argv, 'queue', 5000) });
	const text = JSON.stringify(rows);
	const options = { weekStart: WEEK, now: NOW, timeZone: 'Europe/Berlin', policyName: POLICY, systems: ['hubspot', 'salesforce'] as const };
	const samples = { parse: [] as number[], compute: [] as number[], render: [] as number[] };
	let html = '';
	let metrics: MetricsResult | undefined;
	// One warm-up round, then `runs` measured ones.
	for (let i = 0; i <= runs; i++) {
		const [parsed, parseMs] = time(() => JSON.parse(text) as typeof rows);
		const [result, computeMs] = time(() => computeMetrics(parsed, options));
		const [page, renderMs] = time(() => renderDashboard(result));
		if (i === 0) continue;
		samples.parse.push(parseMs);
		samples.compute.push(computeMs);
		samples.render.push(renderMs);
		[html, metrics] = [page, result];
	}
	const [parse, compute, render] = [median(samples.parse), median(samples.compute), median(samples.render)];
	const w = metrics!.week;
	process.stdout.write(
		[
			`rows: ${rows.events.length} events, ${rows.cycles.length} cycles, ${rows.queue.length} queue items (${(text.length / 1e6).toFixed(1)} MB as JSON); week ${w.window.isoWeek} as of ${NOW}`,
			`week: ${w.events.deliveries} deliveries, ${w.cycles.run} cycles, ${w.escalated.newItems} new escalations, ${w.ttr.count} closed; ${metrics!.flags.length} flags, ${metrics!.warnings.length} warnings`,
			`median of ${runs}: parse ${parse.toFixed(1)} ms, compute ${compute.toFixed(1)} ms, render ${render.toFixed(2)} ms`,
			`dashboard events=${events} cycles=${rows.cycles.length} queue=${rows.queue.length} parse_ms=${parse.toFixed(1)} compute_ms=${compute.toFixed(1)} render_ms=${render.toFixed(2)} ratio=${((compute + render) / parse).toFixed(2)} html_kb=${(Buffer.byteLength(html) / 1024).toFixed(1)}`,
		].join('\n') + '\n',
	);
}

main(process.argv.slice(2));
