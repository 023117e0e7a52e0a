/**
 * Baseline: the latency of the cheapest webhook workflow n8n can run (Webhook → Respond to Webhook, no
 * execution data saved), measured over sequential requests on this machine. The fast-loop benchmark runs
 * the same measurement in the same process and reports its own numbers as ratios against it.
 *
 *   npx ts-node --transpile-only test/harness/bench-trivial-webhook.ts [--requests 200] [--warmup 20] [--concurrency 1]
 *
 * Prints a human summary and one `RESULT {json}` line for scripts.
 */
import { performance } from 'node:perf_hooks';
import { ensureN8n } from './install';
import { startN8n, type N8nHandle } from './n8n-process';
import { activateWorkflow, importWorkflow } from './workflows';
import { trivialWebhookWorkflow } from './workflow-builders';

export interface LatencyStats {
	requests: number;
	concurrency: number;
	p50Ms: number;
	p95Ms: number;
	p99Ms: number;
	meanMs: number;
	maxMs: number;
	reqPerSec: number;
	errors: number;
}

function percentile(sorted: number[], p: number): number {
	if (sorted.length === 0) return NaN;
	const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
	return sorted[idx];
}

const round = (n: number): number => Math.round(n * 100) / 100;

/**
 * Calls `/webhook/<path>` `requests` times (spread over `concurrency` sequential workers) after `warmup`
 * untimed calls; every non-2xx answer counts as an error. `body` may depend on the request index.
 */
export async function measureWebhookLatency(
	h: N8nHandle,
	path: string,
	{
		requests = 200,
		warmup = 20,
		concurrency = 1,
		body = (i: number): unknown => ({ i }),
	}: { requests?: number; warmup?: number; concurrency?: number; body?: (i: number) => unknown } = {},
): Promise<LatencyStats> {
	for (let i = 0; i < warmup; i++) await h.webhook(path, body(-1 - i));
	const samples: number[] = [];
	let errors = 0;
	let next = 0;
	const worker = async (): Promise<void> => {
		while (next < requests) {
			const i = next++;
			const t0 = performance.now();
			const res = await h.webhook(path, body(i));
			samples.push(performance.now() - t0);
			if (res.status < 200 || res.status >= 300) errors++;
		}
	};
	const started = performance.now();
	await Promise.all(Array.from({ length: concurrency }, worker));
	const elapsed = performance.now() - started;
	const sorted = [...samples].sort((a, b) => a - b);
	return {
		requests,
		concurrency,
		p50Ms: round(percentile(sorted, 50)),
		p95Ms: round(percentile(sorted, 95)),
		p99Ms: round(percentile(sorted, 99)),
		meanMs: round(samples.reduce((a, b) => a + b, 0) / samples.length),
		maxMs: round(sorted[sorted.length - 1]),
		reqPerSec: round((requests / elapsed) * 1000),
		errors,
	};
}

/** Imports and activates the trivial workflow on `h` and measures it. */
export async function trivialWebhookBaseline(h: N8nHandle, opts: Parameters<typeof measureWebhookLatency>[2] = {}): Promise<LatencyStats> {
	const path = `bench-trivial-${Date.now().toString(36)}`;
	const wf = await importWorkflow(h, trivialWebhookWorkflow(path, { saveDataSuccessExecution: 'none', saveDataErrorExecution: 'all' }));
	await activateWorkflow(h, wf.id);
	return await measureWebhookLatency(h, path, opts);
}

function arg(name: string, fallback: number): number {
	const i = process.argv.indexOf(`--${name}`);
	return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

async function main(): Promise<void> {
	const install = await ensureN8n();
	const h = await startN8n({ saveSuccessfulExecutions: 'none', logLevel: 'warn' });
	try {
		const stats = await trivialWebhookBaseline(h, {
			requests: arg('requests', 200),
			warmup: arg('warmup', 20),
			concurrency: arg('concurrency', 1),
		});
		const lines = [
			`n8n ${install.version} (${install.installedNow ? `installed now in ${(install.elapsedMs / 1000).toFixed(1)} s` : 'already installed'})`,
			`start → ready      ${h.startToReadyMs} ms (owner + API key done at ${h.startToUsableMs} ms)`,
			`trivial webhook    ${stats.requests} requests, concurrency ${stats.concurrency}, ${stats.errors} errors`,
			`  p50 ${stats.p50Ms} ms   p95 ${stats.p95Ms} ms   p99 ${stats.p99Ms} ms   mean ${stats.meanMs} ms   max ${stats.maxMs} ms`,
			`  ${stats.reqPerSec} req/s`,
		];
		process.stdout.write(`${lines.join('\n')}\n`);
		process.stdout.write(
			`RESULT ${JSON.stringify({ bench: 'trivial-webhook', n8n: install.version, startToReadyMs: h.startToReadyMs, startToUsableMs: h.startToUsableMs, ...stats })}\n`,
		);
	} finally {
		await h.stop();
	}
}

if (require.main === module) {
	main().catch((e: unknown) => {
		process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
		process.exit(1);
	});
}
