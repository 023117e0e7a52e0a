/**
 * A dry run wired like a normal cycle: Diff → Resolve (dry run) → Escalate Queue, Resolutions log and Log.
 * Each node runs its real execute() in n8n-core's ExecuteContext.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import { ReconcileDiff } from '../../nodes/ReconcileDiff/ReconcileDiff.node';
import { ReconcileEscalate } from '../../nodes/ReconcileEscalate/ReconcileEscalate.node';
import { ReconcileLog } from '../../nodes/ReconcileLog/ReconcileLog.node';
import { ReconcileResolve } from '../../nodes/ReconcileResolve/ReconcileResolve.node';
import type { QueueRow } from '../../nodes/engine';
import { contactsPolicy } from '../fixtures/contacts-policy';
import { hsContact, sfContact } from '../fixtures/builders';
import { asItems, jsonOf } from './harness/items';
import { runNode } from './harness/run-node';

const policy = JSON.stringify(contactsPolicy());

async function resolve(dryRun: boolean): Promise<INodeExecutionData[][]> {
	const a = [hsContact('1', 'own@x.com', { hubspot_owner_id: '102', lifecyclestage: 'customer' })];
	const b = [sfContact('003A', 'own@x.com')];
	const d = (await runNode({ nodeType: new ReconcileDiff(), parameters: { policy }, inputs: [asItems(a, 'hubspot', 'contacts'), asItems(b, 'salesforce', 'Contact'), []] })).outputs;
	return (await runNode({ nodeType: new ReconcileResolve(), parameters: { policy, options: { dryRun } }, inputs: [d[0], d[1], d[2], d[3]] })).outputs;
}

const queue = async (escalations: INodeExecutionData[], rows: object[]) =>
	await runNode({ nodeType: new ReconcileEscalate(), parameters: { operation: 'queue', policy, scope: 'full' }, inputs: [escalations, rows.map((json) => ({ json: json as never }))] });

const cycleRow = async (summaries: INodeExecutionData[]) =>
	jsonOf((await runNode({ nodeType: new ReconcileLog(), parameters: { operation: 'cycle', startedAt: '2026-03-02T09:00:00.000Z' }, inputs: [summaries] })).outputs[0])[0];

describe('A dry run wired like a normal cycle', () => {
	it('marks every decision and escalation of a dry-run Resolve as not to be written, keeping the action it would take', async () => {
		const [patches, escalations, decisions] = await resolve(true);
		expect(patches).toEqual([]);
		expect(jsonOf(escalations).map((e) => [e.field, e.action, e.dryRun])).toEqual([['owner', 'escalate', true]]);
		expect(jsonOf(decisions).map((x) => [x.field, x.action, x.dryRun])).toEqual([['lifecycle_stage', 'write_b', true]]);
		// A normal run's items keep their shape: no marker at all.
		const [, normalEscalations, normalDecisions] = await resolve(false);
		expect([...jsonOf(normalEscalations), ...jsonOf(normalDecisions)].some((x) => 'dryRun' in x)).toBe(false);
	});

	it('queues none of a dry run\'s escalations and closes nothing, and says so', async () => {
		const [, dryEscalations] = await resolve(true);
		const [, realEscalations] = await resolve(false);
		const [[created]] = (await queue(realEscalations, [])).outputs;
		const open = created.json as unknown as QueueRow;
		const elsewhere = { ...open, discrepancyId: 'gone-from-the-crms', queueId: 'gone-from-the-crms-1' };
		const dry = await queue(dryEscalations, [elsewhere]);
		expect(dry.outputs).toEqual([[], [], []]);
		expect(dry.hints).toEqual([expect.objectContaining({ message: 'Dry run: 1 escalation not queued, and no open item closed' })]);
	});

	it('counts nothing of a dry run as auto-resolved or escalated in the cycle row', async () => {
		const dry = await resolve(true);
		expect(await cycleRow(dry[4])).toMatchObject({ autoResolved: 0, autoResolvedByRule: '{}', escalated: 0, escalatedByCategory: '{}' });
		const real = await resolve(false);
		expect(await cycleRow(real[4])).toMatchObject({ autoResolved: 1, escalated: 1 });
	});
});
