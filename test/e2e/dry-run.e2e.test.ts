/**
 * A preview of the reconciliation cycle in a real n8n: with Dry Run on in the template's Resolve node, a cycle
 * reads and decides everything but writes nothing, queues and closes nothing, logs its decisions marked as a
 * dry run, and the dashboard leaves it out; switched off again, the next cycle does the work.
 */
import { activateWorkflow, deactivateWorkflow, getWorkflow, listExecutions, type Workflow } from '../harness';
import { startStack, type Stack } from '../harness/stack';

/** What a user does: toggle Dry Run in the cycle's Resolve node and publish the workflow again. */
async function setCycleDryRun(stack: Stack, dryRun: boolean): Promise<void> {
	const wf = await getWorkflow(stack.n8n, stack.workflows.cycle.id);
	const nodes = wf.nodes.map((node) => (node.name === 'Resolve' ? { ...node, parameters: { ...node.parameters, options: { ...(node.parameters.options as object), dryRun } } } : node));
	await stack.n8n.api<Workflow>('PUT', `/workflows/${wf.id}`, { name: wf.name, nodes, connections: wf.connections, settings: wf.settings });
	await deactivateWorkflow(stack.n8n, wf.id);
	await activateWorkflow(stack.n8n, wf.id);
}

describe('a dry-run cycle in a real n8n', () => {
	let stack: Stack;

	beforeAll(async () => {
		stack = await startStack({ sims: { records: 300, seed: 9, driftRate: 0.08 }, fastLoop: false });
	}, 600_000);
	afterAll(async () => await stack?.stop());

	const setDryRun = (dryRun: boolean) => setCycleDryRun(stack, dryRun);
	const apiWrites = () => [...stack.sims.hubspot.writes(0), ...stack.sims.salesforce.writes(0)].filter((w) => w.channel === 'api').length;
	const dashboard = async () => {
		const auth = `Basic ${Buffer.from(`${stack.viewer.user}:${stack.viewer.password}`).toString('base64')}`;
		return (await (await fetch(`${stack.urls.dashboard}?format=json`, { headers: { authorization: auth } })).json()) as { week: { cycles: { run: number } } };
	};

	it('previews a cycle without writing, queueing or closing anything, and the dashboard leaves it out', async () => {
		expect(await stack.runCycle()).toMatchObject({ aborted: false, dryRun: false });
		const [item] = (await stack.rows('reconcile_queue')).filter((r) => r.status === 'open' && r.field === 'owner');
		expect(item).toBeDefined();
		// Someone fixes that owner in Salesforce, and changes a last name in HubSpot (no webhooks: only a cycle sees it).
		const owner = stack.sims.hubspot.owners.find((o) => o.hubspotOwnerId === JSON.parse(String(item.aValue)))!;
		stack.sims.salesforce.uiUpdate('Contact', String(item.bId), { OwnerId: owner.salesforceUserId });
		stack.sims.hubspot.uiUpdate('contacts', String(item.aId), { lastname: 'Previewed' });

		await setDryRun(true);
		const writes = apiWrites();
		const resolutionsBefore = (await stack.rows('reconcile_resolutions')).length;
		const preview = await stack.runCycle();
		expect(preview).toMatchObject({ aborted: false, dryRun: true, autoResolved: 0, escalated: 0, written: 0 });
		expect(Number(preview.discrepancies)).toBeGreaterThan(0);
		expect(apiWrites()).toBe(writes);
		expect((await stack.rows('reconcile_queue')).find((r) => r.queueId === item.queueId)).toMatchObject({ status: 'open' });
		const logged = (await stack.rows('reconcile_resolutions')).slice(resolutionsBefore);
		expect(logged.length).toBeGreaterThan(0);
		expect(logged.every((r) => r.dryRun === true)).toBe(true);
		expect((await dashboard()).week.cycles.run).toBe(1);

		await setDryRun(false);
		const real = await stack.runCycle();
		expect(real).toMatchObject({ aborted: false, dryRun: false });
		expect(Number(real.written)).toBeGreaterThan(0);
		expect(stack.sims.salesforce.truth('Contact', String(item.bId))?.LastName).toBe('Previewed');
		expect((await stack.rows('reconcile_queue')).find((r) => r.queueId === item.queueId)).toMatchObject({ status: 'resolved_upstream' });
		expect((await dashboard()).week.cycles.run).toBe(2);
	});
});

/**
 * A cycle that finds nothing to do: Resolve never runs (the diff handed it nothing), yet the queue step still
 * runs to close items whose discrepancy went away. It failed the run when it read Resolve's output to tell a
 * dry run ("Node 'Resolve' hasn't been executed"), so every cycle on systems in sync failed.
 */
describe('a cycle with nothing to resolve in a real n8n', () => {
	let stack: Stack;

	beforeAll(async () => {
		stack = await startStack({ sims: { records: 60, seed: 23, driftRate: 0.05 }, fastLoop: false });
	}, 600_000);
	afterAll(async () => await stack?.stop());

	const failedCycles = async () => (await listExecutions(stack.n8n, stack.workflows.cycle.id, { status: 'error' })).length;
	const setDryRun = (dryRun: boolean) => setCycleDryRun(stack, dryRun);

	it('finishes, closes an item resolved upstream only when not a dry run, and fails no execution', async () => {
		await stack.runCycle();
		// One owner made to differ: the next cycle escalates it and it is the only discrepancy left.
		const contact = stack.sims.salesforce.truthAll('Contact')[0];
		const other = stack.sims.hubspot.owners.find((o) => o.salesforceUserId !== contact.OwnerId)!;
		stack.sims.salesforce.uiUpdate('Contact', String(contact.Id), { OwnerId: other.salesforceUserId });
		expect(await stack.runCycle()).toMatchObject({ discrepancies: 1, escalated: 1 });
		const [item] = (await stack.rows('reconcile_queue')).filter((r) => r.status === 'open');
		expect(item).toMatchObject({ bId: contact.Id, field: 'owner' });

		// Put back in Salesforce: the systems agree, the diff finds nothing and Resolve does not run.
		stack.sims.salesforce.uiUpdate('Contact', String(contact.Id), { OwnerId: contact.OwnerId });
		await setDryRun(true);
		expect(await stack.runCycle()).toMatchObject({ aborted: false, dryRun: true, discrepancies: 0, written: 0 });
		expect((await stack.rows('reconcile_queue')).find((r) => r.queueId === item.queueId)).toMatchObject({ status: 'open' });
		expect(await failedCycles()).toBe(0);

		await setDryRun(false);
		expect(await stack.runCycle()).toMatchObject({ aborted: false, dryRun: false, discrepancies: 0, written: 0 });
		expect((await stack.rows('reconcile_queue')).find((r) => r.queueId === item.queueId)).toMatchObject({ status: 'resolved_upstream' });
		expect(await stack.runCycle()).toMatchObject({ aborted: false, discrepancies: 0 });
		expect(await failedCycles()).toBe(0);
	});
});
