/**
 * Both loops in a real n8n against the simulators, asserted on the simulators' ground truth and write
 * logs and on the Data Tables the templates write.
 */
import { deleteDataTable, insertRows, listRows, pollUntil } from '../harness';
import { startStack, type Stack } from '../harness/stack';
import { parsePolicyOrThrow } from '../../nodes/engine';
import { disagreements, seedResolution } from '../soak/oracle';
import { expectCycle, hubspotTruth, salesforceTruth, unmetWrites } from './support/truth';

const truth = (stack: Stack) => ({ a: hubspotTruth(stack.sims), b: salesforceTruth(stack.sims) });
const openIds = async (stack: Stack) => new Set((await stack.rows('reconcile_queue')).filter((r) => r.status === 'open').map((r) => String(r.discrepancyId)));

const apiWrites = (stack: Stack, since = 0) =>
	[...stack.sims.hubspot.writes(since), ...stack.sims.salesforce.writes(since)].filter((w) => w.channel === 'api');

describe('the fast loop and the reconciliation cycle in a real n8n', () => {
	let stack: Stack;

	beforeAll(async () => {
		stack = await startStack({ sims: { records: 400, seed: 5, driftRate: 0.08, onlyInHubSpotRate: 0.02 } });
	}, 600_000);
	afterAll(async () => await stack?.stop());

	it('converges a drifted pair of systems in one cycle, and the next cycle writes nothing', async () => {
		const expected = expectCycle(stack.sims, stack.policy, await stack.rows('reconcile_baseline'));
		expect(expected.writes.length).toBeGreaterThan(10);
		const seeded = truth(stack);
		const first = await stack.runCycle();
		expect(first).toMatchObject({ aborted: false, failed: 0, autoResolved: expected.writes.length + expected.creates, escalated: expected.escalations });
		await stack.quiet(); // the cycle's own writes come back as webhooks: echoes
		expect(unmetWrites(stack.sims, expected)).toEqual([]);
		// And by rule, without the engine: each seeded difference resolved as the policy doc says.
		expect(seedResolution(parsePolicyOrThrow(stack.policy), seeded, truth(stack), await openIds(stack))).toEqual([]);
		expect(expectCycle(stack.sims, stack.policy, await stack.rows('reconcile_baseline')).creates).toBe(0);

		const seq = { hs: stack.sims.hubspot.writes(0).length, sf: stack.sims.salesforce.writes(0).length };
		const second = await stack.runCycle();
		expect(second).toMatchObject({ written: 0, failed: 0, autoResolved: 0 });
		expect([...stack.sims.hubspot.writes(seq.hs), ...stack.sims.salesforce.writes(seq.sf)].filter((w) => w.channel === 'api')).toEqual([]);
		const cycles = await stack.rows('reconcile_cycles');
		expect(cycles).toHaveLength(2);
	});

	it('carries a HubSpot change to Salesforce within seconds, and the echo writes nothing more', async () => {
		await stack.quiet();
		const contact = stack.sims.hubspot.truthAll('contacts').find((c) => (c.properties as Record<string, unknown>).email)!;
		const email = String((contact.properties as Record<string, unknown>).email).toLowerCase();
		const sf = stack.sims.salesforce.truthAll('Contact').find((c) => String(c.Email).toLowerCase() === email)!;
		const since = { hs: stack.sims.hubspot.writes(0).length, sf: stack.sims.salesforce.writes(0).length };
		const started = Date.now();
		stack.sims.hubspot.uiUpdate('contacts', String(contact.id), { firstname: 'Fastloopina' });
		await pollUntil('Salesforce has the new first name', async () => (stack.sims.salesforce.truth('Contact', String(sf.Id))?.FirstName === 'Fastloopina' ? true : undefined), { timeoutMs: 15_000, intervalMs: 50 });
		const latency = Date.now() - started;
		await stack.quiet();
		const writes = [...stack.sims.hubspot.writes(since.hs), ...stack.sims.salesforce.writes(since.sf)].filter((w) => w.channel === 'api');
		expect(writes.map((w) => [w.system, w.id, Object.keys(w.fields)])).toEqual([['salesforce', String(sf.Id), ['FirstName']]]);
		expect(latency).toBeLessThan(15_000);
		const events = await stack.rows('reconcile_events');
		expect(events.some((e) => e.source === 'hubspot' && e.outcome === 'written' && Number(e.written) === 1 && e.recordIds === String(contact.id))).toBe(true);
		expect(events.some((e) => e.source === 'salesforce' && e.outcome === 'echo')).toBe(true);
	});

	it('carries a Salesforce change to HubSpot', async () => {
		const sf = stack.sims.salesforce.truthAll('Contact').find((c) => c.Email)!;
		const email = String(sf.Email).toLowerCase();
		const hs = stack.sims.hubspot.truthAll('contacts').find((c) => String((c.properties as Record<string, unknown>).email).toLowerCase() === email)!;
		stack.sims.salesforce.uiUpdate('Contact', String(sf.Id), { LastName: 'Reverseflow' });
		await pollUntil('HubSpot has the new last name', async () => ((stack.sims.hubspot.truth('contacts', String(hs.id))?.properties as Record<string, unknown>).lastname === 'Reverseflow' ? true : undefined), { timeoutMs: 15_000, intervalMs: 50 });
		const events = await pollUntil('the event is logged', async () => {
			const rows = await stack.rows('reconcile_events');
			return rows.some((e) => e.direction === 'salesforce→hubspot' && e.outcome === 'written') ? rows : undefined;
		}, { timeoutMs: 10_000 });
		expect(events).toBeDefined();
	});

	it('with webhooks dropped, duplicated and reordered, one cycle still makes both systems match the policy', async () => {
		stack.sims.hubspot.setFaults({ webhooks: { dropRate: 0.05, duplicateRate: 0.1, reorderRate: 0.1, delayRate: 0.1, delayMs: 300 } });
		stack.sims.salesforce.setFaults({ webhooks: { dropRate: 0.05, duplicateRate: 0.1, reorderRate: 0.1, delayRate: 0.1, delayMs: 300 } });
		const since = apiWrites(stack).length;
		stack.sims.hubspot.uiRandomEdits(150);
		stack.sims.salesforce.uiRandomEdits(150);
		await stack.quiet();
		const stats = stack.sims.hubspot.deliveries() as { webhooks: { stats: { dropped: number; duplicated: number; reordered: number } } };
		expect(stats.webhooks.stats).toMatchObject({ dropped: expect.any(Number), duplicated: expect.any(Number) });
		expect(stats.webhooks.stats.dropped).toBeGreaterThan(0);
		expect(stats.webhooks.stats.duplicated).toBeGreaterThan(0);
		// What the fast loop could not fix because its webhooks never came, as the policy decides it:
		const expected = expectCycle(stack.sims, stack.policy, await stack.rows('reconcile_baseline'));
		expect(expected.writes.length).toBeGreaterThan(0);
		const cycle = await stack.runCycle();
		expect(cycle).toMatchObject({ aborted: false, failed: 0, autoResolved: expected.writes.length + expected.creates });
		await stack.quiet();
		expect(unmetWrites(stack.sims, expected)).toEqual([]);
		// By rule, without the engine: no field a rule decides by itself still differs between the two systems.
		expect(disagreements(parsePolicyOrThrow(stack.policy), truth(stack), await openIds(stack))).toEqual([]);
		expect(apiWrites(stack).length).toBeGreaterThan(since);
		// Automation never wrote a field the policy escalates.
		const escalated = stack.policy.fields.filter((f) => (f.rule as { kind?: string }).kind === 'escalate');
		const touched = apiWrites(stack).filter((w) => escalated.some((f) => f.a in w.fields || f.b in w.fields));
		expect(touched).toEqual([]);
	});

	it('closes a queued item as resolved upstream once both systems agree again, on the next full cycle', async () => {
		await stack.quiet();
		const owners = stack.sims.hubspot.owners;
		const byEmail = new Map(stack.sims.salesforce.truthAll('Contact').map((r) => [String(r.Email).toLowerCase(), r]));
		const pair = stack.sims.hubspot
			.truthAll('contacts')
			.map((c) => ({ hs: c, sf: byEmail.get(String((c.properties as Record<string, unknown>).email).toLowerCase()) }))
			.find(({ hs, sf }) => sf !== undefined && owners.find((o) => o.hubspotOwnerId === (hs.properties as Record<string, unknown>).hubspot_owner_id)?.salesforceUserId === sf.OwnerId)!;
		const current = String((pair.hs.properties as Record<string, unknown>).hubspot_owner_id);
		const other = owners.find((o) => o.hubspotOwnerId !== current)!;
		// Reassigned in HubSpot only: ownership is escalated, never written by automation.
		stack.sims.hubspot.uiUpdate('contacts', String(pair.hs.id), { hubspot_owner_id: other.hubspotOwnerId });
		await stack.quiet();
		const key = String((pair.hs.properties as Record<string, unknown>).email).toLowerCase();
		const queued = async () => (await stack.rows('reconcile_queue')).filter((r) => r.key === key && r.field === 'owner');
		expect(await stack.runCycle()).toMatchObject({ aborted: false });
		const [open] = await queued();
		expect(open).toMatchObject({ status: 'open', rule: 'escalate' });

		// Someone makes Salesforce agree by hand; no reviewer touches the item.
		stack.sims.salesforce.uiUpdate('Contact', String(pair.sf!.Id), { OwnerId: other.salesforceUserId });
		await stack.quiet();
		expect(await stack.runCycle()).toMatchObject({ aborted: false, mode: 'full' });
		await stack.quiet();
		const [closed] = await queued();
		expect(closed).toMatchObject({ queueId: open.queueId, status: 'resolved_upstream' });
		expect(Date.parse(String(closed.resolvedAt))).toBeGreaterThan(Date.parse(String(open.firstSeenAt)));
		expect(Number(closed.ttrSeconds)).toBeGreaterThanOrEqual(0);
	});

	it('deletes event and resolution rows older than the cycle\'s keepDays (90) after each cycle, and keeps newer ones', async () => {
		const old = new Date(Date.now() - 91 * 86_400_000).toISOString();
		const recent = new Date(Date.now() - 89 * 86_400_000).toISOString();
		const policy = stack.policy.name;
		const event = (receivedAt: string, reason: string) => ({ receivedAt, policy, source: 'hubspot', direction: 'hubspot→salesforce', channel: 'webhook', objectType: 'contacts', events: 1, records: 1, written: 1, unchanged: 0, failed: 0, escalated: 0, echoes: 0, duplicates: 0, outcome: 'written', latencyMs: 10, reason });
		const resolution = (at: string, reason: string) => ({ at, policy, loop: 'fast', key: 'retention@example.com', field: 'first_name', rule: 'recency', action: 'write_b', reason, before: '"a"', after: '"b"', aId: '1', bId: '2' });
		await insertRows(stack.n8n, 'reconcile_events', [event(old, 'retention-old'), event(recent, 'retention-recent')]);
		await insertRows(stack.n8n, 'reconcile_resolutions', [resolution(old, 'retention-old'), resolution(recent, 'retention-recent')]);
		await stack.runCycle();
		await stack.quiet();
		const reasons = async (table: string) => (await listRows(stack.n8n, table)).map((r) => String(r.reason)).filter((r) => r.startsWith('retention-'));
		expect(await reasons('reconcile_events')).toEqual(['retention-recent']);
		expect(await reasons('reconcile_resolutions')).toEqual(['retention-recent']);
	});

	it('goes on when the baseline table is deleted and created again (the nodes look its new id up)', async () => {
		await stack.quiet();
		await deleteDataTable(stack.n8n, 'reconcile_baseline');
		// The cycle creates the table again and saves a full baseline into it (through a table id cached before).
		expect(await stack.runCycle()).toMatchObject({ aborted: false, failed: 0 });
		await stack.quiet();
		expect((await stack.rows('reconcile_baseline')).length).toBeGreaterThan(300);
		// And the fast loop reads and saves baseline rows in the new table.
		const contact = stack.sims.hubspot.truthAll('contacts')[3];
		const email = String((contact.properties as Record<string, unknown>).email).toLowerCase();
		const sf = stack.sims.salesforce.truthAll('Contact').find((c) => String(c.Email).toLowerCase() === email)!;
		stack.sims.hubspot.uiUpdate('contacts', String(contact.id), { firstname: 'Recreated' });
		await pollUntil('Salesforce has the new first name', async () => (stack.sims.salesforce.truth('Contact', String(sf.Id))?.FirstName === 'Recreated' ? true : undefined), { timeoutMs: 15_000, intervalMs: 50 });
		await stack.quiet();
		const row = (await stack.rows('reconcile_baseline')).find((r) => r.key === email);
		expect(String(JSON.parse(String(row?.values)).first_name)).toMatch(/^recreated$/i);
	});
});
