/**
 * `npm run bench`: every benchmark, measured side by side on this machine, printed as one table.
 *
 *   - the engine alone at 10k / 100k / 1M records (time against JSON.parse of the same data, peak RSS);
 *   - Reconcile Diff against n8n's Compare Datasets on 20k × 20k records in the same n8n;
 *   - full reconciliation cycles at 5k / 20k / 100k records per side: wall time, API calls against the minimum;
 *   - the fast loop: single-event latency against a trivial Webhook → Respond workflow in the same n8n, and
 *     sustained events/s with HubSpot-style deliveries of 100 events.
 *
 * Options: --quick (smaller sizes, for a smoke run), --skip engine,compare,cycles,fast, --records 5000,20000
 * (cycle sizes; the fast loop is measured on the first)
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

import { trivialWebhookBaseline } from '../harness/bench-trivial-webhook';
import { startStack } from '../harness/stack';
import { stringFlag } from './args';
import { diffVsCompare } from './diff-vs-compare';
import { fastLoopLatency, fastLoopThroughput, measureCycle, percentile } from './loops-bench';

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const skip = new Set((stringFlag(argv, 'skip') ?? '').split(',').filter(Boolean));
const rows: Array<[string, string, string]> = [];

function record(what: string, result: string, target = ''): void {
	rows.push([what, result, target]);
	console.log(`${what}: ${result}${target ? `  (target ${target})` : ''}`);
}

function engine(records: number): void {
	const heap = records >= 1_000_000 ? ['--max-old-space-size=16384'] : [];
	const run = spawnSync(process.execPath, ['--expose-gc', ...heap, join(__dirname, '..', '..', 'build', 'test', 'bench', 'engine-bench.js'), '--records', String(records), '--fields', '20', '--drift', '0.05'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
	const line = run.stdout.trim().split('\n').pop() ?? '';
	if (run.status !== 0 || !line.startsWith('engine ')) throw new Error(`engine bench failed: ${run.stderr.slice(-2000)}`);
	const f = Object.fromEntries(line.split(' ').slice(1).map((kv) => kv.split('=')));
	record(`engine ${records.toLocaleString('en')} × 20 fields`, `${f.engine_ms} ms (JSON.parse ${f.parse_ms} ms, ratio ${f.ratio}), peak RSS ${f.rss_mb} MB`, records === 100_000 ? 'ratio ≤ 2.0, RSS ≤ 400 MB' : '');
}

async function cyclesAndFastLoop(): Promise<void> {
	const sizes = stringFlag(argv, 'records')?.split(',').map(Number) ?? (quick ? [2000] : [5000, 20000, 100000]);
	for (const [index, records] of sizes.entries()) {
		const stack = await startStack({
			sims: { records, seed: 1, driftRate: 0.05, onlyInHubSpotRate: 0.01, onlyInSalesforceRate: 0.01, hubspot: { rateLimits: false }, salesforce: { dailyApiLimit: false } },
			webhooks: false,
			n8n: { logLevel: 'warn', env: { NODE_OPTIONS: '--max-old-space-size=8192' } },
		});
		try {
			if (!skip.has('cycles')) {
				for (const label of ['first (drifted)', 'second (converged)']) {
					const c = await measureCycle(stack, label);
					record(
						`cycle ${records.toLocaleString('en')} per side, ${label}`,
						`${c.seconds.toFixed(1)} s, ${c.recordsA}/${c.recordsB} of ${c.truthA}/${c.truthB} records read, ${c.written} written; reads ${c.reads} (min ${c.readsMin}, ${(c.reads / c.readsMin).toFixed(2)}×), writes ${c.writes} (min ${c.writesMin})`,
						'reads / min = 1.0',
					);
				}
				// 1 % of the records edited on each side with no webhook, then an incremental pass (next to the full one above).
				const edits = Math.max(10, Math.round(records / 100));
				stack.sims.hubspot.uiRandomEdits(edits);
				stack.sims.salesforce.uiRandomEdits(edits);
				const inc = await measureCycle(stack, 'incremental', { mode: 'incremental' });
				record(
					`cycle ${records.toLocaleString('en')} per side, incremental after ${edits} edits per side`,
					`${inc.seconds.toFixed(1)} s, read ${inc.recordsA} + ${inc.recordsB} records (changed within the 24 h lookback, and partners), ${inc.written} written, reads ${inc.reads}, writes ${inc.writes} (min ${inc.writesMin})`,
				);
			} else await stack.runCycle();
			if (index === 0 && !skip.has('fast')) {
				const fast = await fastLoopLatency(stack, quick ? 20 : 100);
				const trivial = await trivialWebhookBaseline(stack.n8n, { requests: 200, warmup: 20 });
				record('fast loop, single event: answer to the sender', `p50 ${percentile(fast.respond, 50).toFixed(0)} ms, p95 ${percentile(fast.respond, 95).toFixed(0)} ms, p99 ${percentile(fast.respond, 99).toFixed(0)} ms`);
				record('fast loop, single event: written in the other system', `p50 ${percentile(fast.write, 50).toFixed(0)} ms, p95 ${percentile(fast.write, 95).toFixed(0)} ms, p99 ${percentile(fast.write, 99).toFixed(0)} ms`);
				record('trivial Webhook → Respond workflow', `p50 ${trivial.p50Ms.toFixed(0)} ms, p95 ${trivial.p95Ms.toFixed(0)} ms, p99 ${trivial.p99Ms.toFixed(0)} ms`);
				record('fast loop p50 / trivial p50', `answer ${(percentile(fast.respond, 50) / trivial.p50Ms).toFixed(2)}×, write ${(percentile(fast.write, 50) / trivial.p50Ms).toFixed(2)}×`, '≤ 2×');
				const throughput = await fastLoopThroughput(stack, quick ? 5 : 20, 100, 4);
				record('fast loop, deliveries of 100 events, 4 at a time', `${throughput.perSecond.toFixed(0)} events/s (${throughput.events} events in ${throughput.seconds.toFixed(1)} s)`, '≥ 300 events/s');
			}
		} finally {
			await stack.stop();
		}
	}
}

async function main(): Promise<void> {
	if (!skip.has('engine')) {
		const build = spawnSync('npm', ['run', 'build:scripts', '--silent'], { stdio: 'inherit' });
		if (build.status !== 0) throw new Error('build:scripts failed');
		for (const records of quick ? [10_000] : [10_000, 100_000, 1_000_000]) engine(records);
	}
	if (!skip.has('compare')) {
		const r = await diffVsCompare(quick ? 2000 : 20_000);
		if (r.diffFound !== r.compareDifferent) throw new Error(`Reconcile Diff found ${r.diffFound} differing records, Compare Datasets ${r.compareDifferent}: not the same work`);
		record(`Reconcile Diff vs Compare Datasets, ${r.records.toLocaleString('en')} × ${r.records.toLocaleString('en')}`, `${r.diffMs} ms vs ${r.compareMs} ms: ${r.ratio.toFixed(0)}× (both find ${r.diffFound} / ${r.compareDifferent} differences)`, '≥ 100×');
	}
	if (!skip.has('cycles') || !skip.has('fast')) await cyclesAndFastLoop();
	const width = [Math.max(...rows.map((r) => r[0].length)), Math.max(...rows.map((r) => r[1].length))];
	console.log(`\n${'what'.padEnd(width[0])} | ${'result'.padEnd(width[1])} | target`);
	console.log(`${'-'.repeat(width[0])}-|-${'-'.repeat(width[1])}-|-------`);
	for (const [what, result, target] of rows) console.log(`${what.padEnd(width[0])} | ${result.padEnd(width[1])} | ${target}`);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
