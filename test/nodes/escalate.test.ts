import { NodeOperationError } from 'n8n-workflow';

import { ReconcileEscalate } from '../../nodes/ReconcileEscalate/ReconcileEscalate.node';
import { ReconcileDiff } from '../../nodes/ReconcileDiff/ReconcileDiff.node';
import { ReconcileResolve } from '../../nodes/ReconcileResolve/ReconcileResolve.node';
import type { QueueRow } from '../../nodes/engine';
import { contactsPolicy } from '../fixtures/contacts-policy';
import { hsContact, sfContact } from '../fixtures/builders';
import { asItems, jsonOf } from './harness/items';
import { runNode } from './harness/run-node';

const policy = JSON.stringify(contactsPolicy());

async function escalationsFor(a: ReturnType<typeof hsContact>[], b: ReturnType<typeof sfContact>[]) {
	const d = (await runNode({ nodeType: new ReconcileDiff(), parameters: { policy }, inputs: [asItems(a, 'hubspot', 'contacts'), asItems(b, 'salesforce', 'Contact'), []] })).outputs;
	return (await runNode({ nodeType: new ReconcileResolve(), parameters: { policy }, inputs: [d[0], d[1], d[2], d[3]] })).outputs[1];
}

const queue = async (escalations: Awaited<ReturnType<typeof escalationsFor>>, rows: object[], scope = 'full') =>
	(await runNode({ nodeType: new ReconcileEscalate(), parameters: { operation: 'queue', policy, scope }, inputs: [escalations, rows.map((json) => ({ json: json as never }))] })).outputs;

describe('Reconcile Escalate: Queue', () => {
	const a = [hsContact('1', 'own@x.com', { hubspot_owner_id: '102' })];
	const b = [sfContact('003A', 'own@x.com')];

	it('queues a discrepancy once, and updates it when found again', async () => {
		const escalations = await escalationsFor(a, b);
		const [created] = await queue(escalations, []);
		expect(created).toHaveLength(1);
		const row = created[0].json as unknown as QueueRow;
		expect(row).toMatchObject({ status: 'open', category: 'ownership', priority: 'high', key: 'own@x.com', field: 'owner', aValue: '"102"', bValue: '"005000000000001AAA"', timesSeen: 1 });
		expect(row.queueId).toBe(`${row.discrepancyId}-1`);
		const [again, seen, closed] = await queue(escalations, [{ ...row, id: 1, createdAt: 'x' }]);
		expect(again).toEqual([]);
		expect(closed).toEqual([]);
		expect(jsonOf(seen)).toEqual([expect.objectContaining({ queueId: row.queueId, firstSeenAt: row.firstSeenAt, timesSeen: 2 })]);
	});

	it('closes an open item whose discrepancy is gone after a full snapshot, but not after a partial one', async () => {
		const [[created]] = await queue(await escalationsFor(a, b), []);
		const open = created.json as unknown as QueueRow;
		const [, , closed] = await queue([], [open]);
		expect(jsonOf(closed)).toEqual([expect.objectContaining({ queueId: open.queueId, status: 'resolved_upstream', resolution: 'resolved_upstream' })]);
		expect((await queue([], [open], 'partial'))[2]).toEqual([]);
		expect((await queue([], [open], "={{ 'partial' }}"))[2]).toEqual([]);
		await expect(queue([], [open], 'some')).rejects.toThrow('"Snapshot Scope" must be "full" or "partial", got "some"');
	});

	it('keeps a dismissed item dismissed until a value changes, and reopens a resolved one as a new row', async () => {
		const escalations = await escalationsFor(a, b);
		const [[created]] = await queue(escalations, []);
		const row = created.json as unknown as QueueRow;
		expect((await queue(escalations, [{ ...row, status: 'dismissed' }])).flat()).toEqual([]);
		const changed = await escalationsFor([hsContact('1', 'own@x.com', { hubspot_owner_id: '103' })], b);
		const [reopened] = await queue(changed, [{ ...row, status: 'dismissed' }]);
		expect(jsonOf(reopened)).toEqual([expect.objectContaining({ queueId: `${row.discrepancyId}-2`, status: 'open' })]);
		const [back] = await queue(escalations, [{ ...row, status: 'resolved', resolvedAt: '2026-01-01T00:00:00.000Z' }]);
		expect(jsonOf(back)).toEqual([expect.objectContaining({ queueId: `${row.discrepancyId}-2`, timesSeen: 1 })]);
	});
});

describe('Reconcile Escalate: review form and decisions', () => {
	const openRow = async () => {
		const [[created]] = await queue(await escalationsFor([hsContact('1', 'own@x.com', { hubspot_owner_id: '102', jobtitle: '<b>CTO</b>' })], [sfContact('003A', 'own@x.com')]), []);
		return { ...(created.json as unknown as QueueRow), firstSeenAt: '2026-03-01T00:00:00.000Z' };
	};

	it('builds Form node fields with both values side by side, escaped, and the queue id hidden', async () => {
		const row = await openRow();
		const [[form]] = (await runNode({ nodeType: new ReconcileEscalate(), parameters: { operation: 'buildForm', policy }, inputs: [[{ json: row as never }]] })).outputs;
		const fields = form.json.formFields as Array<Record<string, unknown>>;
		expect(fields.map((f) => f.fieldType)).toEqual(['html', 'radio', 'text', 'textarea', 'hiddenField']);
		expect(fields[0].html).toContain('<td>Value</td><td>102</td><td>005000000000001AAA</td>');
		expect(fields[1].fieldOptions).toEqual({ values: [{ option: 'Keep the HubSpot value' }, { option: 'Keep the Salesforce value' }, { option: 'Enter a value' }, { option: 'Dismiss (leave both as they are)' }] });
		expect(fields[4]).toMatchObject({ fieldName: 'queueId', fieldValue: row.queueId });
		const hostile = { ...row, reason: '<script>alert(1)</script>' };
		const [[escaped]] = (await runNode({ nodeType: new ReconcileEscalate(), parameters: { operation: 'buildForm', policy }, inputs: [[{ json: hostile as never }]] })).outputs;
		expect(JSON.stringify(escaped.json.formFields)).not.toContain('<script>');
	});

	it('names the item that is not a queue item instead of building no form for it', async () => {
		const row = await openRow();
		const run = runNode({ nodeType: new ReconcileEscalate(), parameters: { operation: 'buildForm', policy }, inputs: [[{ json: row as never }, { json: { key: 'own@x.com' } }]] });
		await expect(run).rejects.toThrow('Input item 1 is not a queue item: it has no "queueId"');
		await expect(run).rejects.toBeInstanceOf(NodeOperationError);
	});

	const decide = async (row: object, decision: string, customValue = '') =>
		(
			await runNode({
				nodeType: new ReconcileEscalate(),
				parameters: { operation: 'applyDecision', policy, decision, customValue, resolvedBy: 'ops@example.com', note: 'checked with sales' },
				inputs: [[{ json: row as never }]],
			})
		).outputs;

	it('turns "keep HubSpot" into a Salesforce patch in its own vocabulary and a resolution with time-to-resolution', async () => {
		const row = await openRow();
		const [patches, [resolution], rejected] = await decide(row, 'Keep the HubSpot value');
		expect(rejected).toEqual([]);
		expect(jsonOf(patches)).toEqual([expect.objectContaining({ side: 'b', op: 'update', id: '003A', fields: { OwnerId: '005000000000002AAA' } })]);
		expect(resolution.json).toMatchObject({ status: 'resolved', resolution: 'keep_a', resolvedBy: 'ops@example.com', note: 'checked with sales', resolvedValue: '"102"' });
		expect(resolution.json.ttrSeconds).toBeGreaterThan(0);
	});

	it('writes an entered value to both sides, and rejects one that does not fit the field', async () => {
		const row = await openRow();
		const [patches] = await decide(row, 'custom', '103');
		expect(jsonOf(patches).map((p) => p.fields)).toEqual([{ hubspot_owner_id: '103' }, { OwnerId: '005000000000003AAA' }]);
		const [none, resolutions, [rejected]] = await decide(row, 'custom', 'nobody');
		expect(none).toEqual([]);
		expect(resolutions).toEqual([]);
		expect(rejected.json.reason).toBe('"nobody" is not a valid enum for owner');
		// A blank (or all-space) box would otherwise normalise to "no owner" and clear the field on both sides.
		for (const blank of ['', '   ']) {
			const [nothing, noResolution, [refused]] = await decide(row, 'Enter a value', blank);
			expect([nothing, noResolution]).toEqual([[], []]);
			expect(refused.json.reason).toBe('"Enter a value" needs a value for owner; nothing was written');
		}
	});

	it('refuses an item that is already resolved, and an unknown decision', async () => {
		const row = await openRow();
		expect((await decide({ ...row, status: 'resolved' }, 'dismiss'))[2][0].json.reason).toBe(`queue item ${row.queueId} is already resolved; nothing was written`);
		expect((await decide(row, 'burn it'))[2][0].json.reason).toMatch(/^"burn it" is not a decision for this item; expected one of: Keep the HubSpot value \|/);
		// The review form's lookup found no item for the submitted queue id (a tampered page): an empty item.
		expect(await decide({}, 'Keep the HubSpot value')).toEqual([[], [], [expect.objectContaining({ json: { queueId: null, reason: 'no such queue item; nothing was written' } })]]);
		const [patches, [dismissed]] = await decide(row, 'Dismiss (leave both as they are)');
		expect(patches).toEqual([]);
		expect(dismissed.json).toMatchObject({ status: 'dismissed', resolution: 'dismiss' });
	});
});
