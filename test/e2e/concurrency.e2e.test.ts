/**
 * Two reconciliation cycles at once (the schedule fires while someone pressed "Run cycle now"), on a fresh
 * instance and again once the tables exist: both finish, nothing is queued twice, and the systems converge.
 */
import { listExecutions } from '../harness';
import { startStack, type Stack } from '../harness/stack';
import { CYCLE_WEBHOOK_PATH } from '../workflows/cycle';

describe('overlapping reconciliation cycles in a real n8n', () => {
	let stack: Stack;

	beforeAll(async () => {
		stack = await startStack({ sims: { records: 600, seed: 3, driftRate: 0.1, onlyInSalesforceRate: 0.02, duplicateRate: 0.01 }, fastLoop: false });
	}, 600_000);
	afterAll(async () => await stack?.stop());

	const runTwoAtOnce = async () => {
		const fire = () => stack.n8n.webhook(CYCLE_WEBHOOK_PATH, {}, { headers: { 'X-N8N-API-KEY': stack.n8n.apiKey } });
		expect((await Promise.all([fire(), fire()])).map((r) => r.status)).toEqual([200, 200]);
		await new Promise((resolve) => setTimeout(resolve, 2000));
		await stack.quiet(300_000);
	};
	const duplicatedQueueIds = async () => {
		const seen = new Map<string, number>();
		for (const row of await stack.rows('reconcile_queue')) seen.set(String(row.queueId), (seen.get(String(row.queueId)) ?? 0) + 1);
		return [...seen].filter(([, n]) => n > 1);
	};

	it('finishes both first runs on a fresh instance (both create the tables) and queues each escalation once', async () => {
		await runTwoAtOnce();
		expect(await listExecutions(stack.n8n, stack.workflows.cycle.id, { status: 'error' })).toEqual([]);
		const cycles = await stack.rows('reconcile_cycles');
		expect(cycles.map((c) => c.aborted)).toEqual([false, false]);
		expect((await stack.rows('reconcile_queue')).length).toBeGreaterThan(0);
		expect(await duplicatedQueueIds()).toEqual([]);
	});

	it('overlaps again harmlessly once the tables exist, and a cycle after both writes nothing', async () => {
		await runTwoAtOnce();
		expect(await listExecutions(stack.n8n, stack.workflows.cycle.id, { status: 'error' })).toEqual([]);
		expect(await duplicatedQueueIds()).toEqual([]);
		expect(await stack.runCycle()).toMatchObject({ aborted: false, written: 0, failed: 0 });
	});
});
