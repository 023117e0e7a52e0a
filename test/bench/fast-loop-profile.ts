/**
 * Where a fast-loop delivery spends its time, node by node, in a real n8n against the simulators: one
 * HubSpot-style delivery of `--events` changed contacts (100 by default) through the shipped fast loop, with
 * successful executions saved for this run only, then each node's own execution time from the run data.
 * Also prints the single-event answer and write latency next to a trivial Webhook → Respond workflow.
 *
 *   npm run build && npx ts-node --transpile-only test/bench/fast-loop-profile.ts [--records 2000] [--events 100]
 */
import { activateWorkflow, deactivateWorkflow, getExecution, getWorkflow, listExecutions, type Workflow } from '../harness';
import { trivialWebhookBaseline } from '../harness/bench-trivial-webhook';
import { startStack, type Stack } from '../harness/stack';
import { numberFlag } from './args';
import { fastLoopLatency, fastLoopThroughput, percentile } from './loops-bench';

const argv = process.argv.slice(2);
const records = numberFlag(argv, 'records', 2000);
const events = numberFlag(argv, 'events', 100);

type RunData = Record<string, Array<{ executionTime: number; startTime: number }>>;

async function saveSuccessfulRuns(stack: Stack, id: string): Promise<void> {
	const wf = await getWorkflow(stack.n8n, id);
	await stack.n8n.api<Workflow>('PUT', `/workflows/${id}`, { name: wf.name, nodes: wf.nodes, connections: wf.connections, settings: { ...wf.settings, saveDataSuccessExecution: 'all' } });
	await deactivateWorkflow(stack.n8n, id);
	await activateWorkflow(stack.n8n, id);
}

async function main(): Promise<void> {
	const stack = await startStack({ sims: { records, seed: 1, hubspot: { rateLimits: false }, salesforce: { dailyApiLimit: false } }, webhooks: false, n8n: { logLevel: 'warn' } });
	try {
		await stack.runCycle();
		const single = await fastLoopLatency(stack, 40);
		const trivial = await trivialWebhookBaseline(stack.n8n, { requests: 100, warmup: 10 });
		console.log(`single event: answer p50 ${percentile(single.respond, 50).toFixed(0)} ms, written p50 ${percentile(single.write, 50).toFixed(0)} ms; trivial workflow p50 ${trivial.p50Ms.toFixed(0)} ms`);

		const fastLoop = stack.workflows.fastLoop!.id;
		await saveSuccessfulRuns(stack, fastLoop);
		await fastLoopThroughput(stack, 1, events, 1);
		const [latest] = await listExecutions(stack.n8n, fastLoop, { limit: 1 });
		const run = await getExecution(stack.n8n, latest.id, true);
		const runData = (run.data as { resultData: { runData: RunData } }).resultData.runData;
		const nodes = Object.entries(runData)
			.map(([name, runs]) => ({ name, ms: runs.reduce((sum, r) => sum + r.executionTime, 0), start: runs[0].startTime }))
			.sort((x, y) => x.start - y.start);
		const total = Date.parse(String(run.stoppedAt)) - Date.parse(String(run.startedAt));
		console.log(`one delivery of ${events} events: ${total} ms in n8n`);
		for (const n of nodes) console.log(`  +${String(n.start - nodes[0].start).padStart(5)} ms  ${String(n.ms).padStart(5)} ms  ${((100 * n.ms) / total).toFixed(0).padStart(3)} %  ${n.name}`);
	} finally {
		await stack.stop();
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
