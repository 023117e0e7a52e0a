import { ReconcileDiff } from '../../nodes/ReconcileDiff/ReconcileDiff.node';
import { ReconcileResolve } from '../../nodes/ReconcileResolve/ReconcileResolve.node';
import { contactsPolicy } from '../fixtures/contacts-policy';
import { hsContact, sfContact } from '../fixtures/builders';
import { asItems, jsonOf } from './harness/items';
import { runNode } from './harness/run-node';

const policy = JSON.stringify(contactsPolicy());

async function diff(a: ReturnType<typeof hsContact>[], b: ReturnType<typeof sfContact>[], extra: Record<string, unknown> = {}, baseline: object[] = []) {
	return await runNode({
		nodeType: new ReconcileDiff(),
		parameters: { policy, ...extra },
		inputs: [asItems(a, 'hubspot', 'contacts'), asItems(b, 'salesforce', 'Contact'), baseline.map((json) => ({ json: json as never }))],
	});
}

describe('Reconcile Diff node', () => {
	it('routes each finding to its output with lineage to both input items', async () => {
		const a = [hsContact('1', 'same@x.com'), hsContact('2', 'diff@x.com', { jobtitle: 'CEO' }), hsContact('3', 'only-a@x.com'), hsContact('4', 'drift@x.com', { lifecyclestage: 'zombie' })];
		const b = [sfContact('003A', 'same@x.com'), sfContact('003B', 'diff@x.com'), sfContact('003C', 'only-b@x.com'), sfContact('003D', 'drift@x.com')];
		const { outputs } = await diff(a, b);
		const [discrepancies, onlyA, onlyB, conflicts, baseline, summary, newBaseline] = outputs;
		expect(jsonOf(discrepancies).map((d) => [d.kind, d.key, d.field])).toEqual([['mismatch', 'diff@x.com', 'job_title']]);
		expect(discrepancies[0].pairedItem).toEqual([{ item: 1, input: 0 }, { item: 1, input: 1 }]);
		expect((discrepancies[0].json.row as { key: string }).key).toBe('diff@x.com');
		expect(jsonOf(onlyA).map((d) => d.key)).toEqual(['only-a@x.com']);
		expect(onlyA[0].pairedItem).toEqual([{ item: 2, input: 0 }]);
		expect(jsonOf(onlyB).map((d) => d.key)).toEqual(['only-b@x.com']);
		expect(jsonOf(conflicts).map((d) => [d.kind, d.field])).toEqual([['schema_drift', 'lifecycle_stage']]);
		expect(baseline).toEqual([]); // no previous baseline: every row is new, for a bulk insert
		expect(jsonOf(newBaseline).map((r) => r.key)).toEqual(['drift@x.com', 'same@x.com']);
		expect(summary[0].json).toMatchObject({ aborted: false, recordsA: 4, recordsB: 4, matched: 3, mismatchedFields: 1, onlyInA: 1, onlyInB: 1, schemaDrift: 1 });
	});

	it('aborts with a reason and empty outputs when the mass-change guard trips', async () => {
		const a = Array.from({ length: 60 }, (_, i) => hsContact(String(i), `p${i}@x.com`));
		const b = a.slice(0, 30).map((r, i) => sfContact(`003${i}`, String(r.fields.email)));
		const { outputs } = await diff(a, b, { options: { previousCounts: { counts: { a: 60, b: 60 } } } });
		expect(outputs.slice(0, 5).every((o) => o.length === 0)).toBe(true);
		expect(outputs[5][0].json).toMatchObject({ aborted: true, reason: expect.stringMatching(/^Salesforce returned 30 records, 30 \(50\.0 %\) fewer/) });
	});

	it('takes its scope from an expression (an incremental cycle reads some records: no guard), and names a scope it does not know', async () => {
		const a = Array.from({ length: 60 }, (_, i) => hsContact(String(i), `p${i}@x.com`));
		const b = a.slice(0, 30).map((r, i) => sfContact(`003${i}`, String(r.fields.email)));
		const previousCounts = { counts: { a: 60, b: 60 } };
		const partial = await diff(a, b, { scope: "={{ 'incremental' === 'incremental' ? 'partial' : 'full' }}", options: { previousCounts } });
		expect(partial.outputs[5][0].json).toMatchObject({ aborted: false, scope: 'partial' });
		expect(partial.outputs[1]).toHaveLength(30);
		await expect(diff(a, b, { scope: 'incremental', options: { previousCounts } })).rejects.toThrow('"Snapshot Scope" must be "full" or "partial", got "incremental"');
	});

	it("adds the counterparts on inputs More A / More B to each side, each record once, with lineage to the input it came from", async () => {
		const changedA = [hsContact('1', 'changed-in-hs@x.com', { jobtitle: 'CEO' })];
		const changedB = [sfContact('003B', 'changed-in-sf@x.com', { Title: 'CFO' })];
		// Read again as counterparts: HubSpot record 2 (the partner of 003B) and record 1 once more.
		const moreA = [hsContact('2', 'changed-in-sf@x.com'), hsContact('1', 'changed-in-hs@x.com', { jobtitle: 'CEO' })];
		const moreB = [sfContact('003A', 'changed-in-hs@x.com')];
		const { outputs } = await runNode({
			nodeType: new ReconcileDiff(),
			parameters: { policy, scope: 'partial' },
			inputs: [asItems(changedA, 'hubspot', 'contacts'), asItems(changedB, 'salesforce', 'Contact'), [], asItems(moreA, 'hubspot', 'contacts'), asItems(moreB, 'salesforce', 'Contact')],
		});
		const [discrepancies, onlyA, onlyB, , , [summary]] = outputs;
		expect(jsonOf(discrepancies).map((d) => [d.key, d.field]).sort()).toEqual([
			['changed-in-hs@x.com', 'job_title'],
			['changed-in-sf@x.com', 'job_title'],
		]);
		expect([onlyA, onlyB]).toEqual([[], []]);
		expect(summary.json).toMatchObject({ recordsA: 2, recordsB: 2, matched: 2 });
		const bySf = discrepancies.find((d) => d.json.key === 'changed-in-sf@x.com')!;
		expect(bySf.pairedItem).toEqual([{ item: 0, input: 3 }, { item: 0, input: 1 }]);
		const byHs = discrepancies.find((d) => d.json.key === 'changed-in-hs@x.com')!;
		expect(byHs.pairedItem).toEqual([{ item: 0, input: 0 }, { item: 0, input: 4 }]);
	});

	it('reads the baseline as Data Table rows with JSON text values', async () => {
		const a = [hsContact('1', 'x@x.com', { jobtitle: 'CEO' })];
		const b = [sfContact('003A', 'x@x.com', {}, '2030-01-01T00:00:00.000+0000')];
		const row = { id: 7, key: 'x@x.com', aId: '1', bId: '003A', values: JSON.stringify({ job_title: 'CTO' }), createdAt: '2026-01-01' };
		const { outputs } = await diff(a, b, {}, [row, { json: 'placeholder without key' }]);
		expect(outputs[0][0].json).toMatchObject({ field: 'job_title', changed: 'a', baseline: 'CTO' });
	});

	it('keeps the newest baseline row of a key read twice (a fast-loop run replaced it during the read)', async () => {
		const a = [hsContact('1', 'x@x.com', { jobtitle: 'CEO' })];
		const b = [sfContact('003A', 'x@x.com', {}, '2030-01-01T00:00:00.000+0000')];
		const row = (id: number, title: string, updatedAt: string) => ({ id, key: 'x@x.com', aId: '1', bId: '003A', values: JSON.stringify({ job_title: title }), updatedAt });
		// Newer by updatedAt, whatever the order the rows arrive in.
		for (const rows of [
			[row(7, 'CTO', '2026-01-01T00:00:00.000Z'), row(9000, 'CEO', '2026-01-02T00:00:00.000Z')],
			[row(9000, 'CEO', '2026-01-02T00:00:00.000Z'), row(7, 'CTO', '2026-01-01T00:00:00.000Z')],
		]) {
			const { outputs } = await diff(a, b, {}, rows);
			// Against the newest row (CEO) only Salesforce changed the title; against the older one HubSpot did.
			expect(outputs[0][0].json).toMatchObject({ field: 'job_title', changed: 'b', baseline: 'CEO' });
		}
		// Same updatedAt: the higher row id (inserted later) wins.
		const { outputs } = await diff(a, b, {}, [row(9000, 'CEO', '2026-01-01T00:00:00.000Z'), row(7, 'CTO', '2026-01-01T00:00:00.000Z')]);
		expect(outputs[0][0].json).toMatchObject({ baseline: 'CEO' });
	});

	it('names the input and item of a record that is not a snapshot record', async () => {
		await expect(
			runNode({ nodeType: new ReconcileDiff(), parameters: { policy }, inputs: [[{ json: { id: '1' } }], []] }),
		).rejects.toThrow('Input A item 0 is not a snapshot record');
	});

	it('fails with every policy problem and its path', async () => {
		const bad = { ...contactsPolicy(), version: 2, onlyInA: 'delete' };
		const run = runNode({ nodeType: new ReconcileDiff(), parameters: { policy: JSON.stringify(bad) }, inputs: [[], []] });
		await expect(run).rejects.toMatchObject({ message: 'Invalid sync policy (2 problems)', description: expect.stringContaining('onlyInA: must be one of') });
	});
});

describe('Reconcile Resolve node', () => {
	it('turns Diff output into per-record patches, escalations, audit rows and a summary', async () => {
		const a = [hsContact('1', 'a@x.com', { firstname: 'Augusta', hubspot_owner_id: '102' }, '2024-05-03T00:00:00.000Z'), hsContact('2', 'new@x.com')];
		const b = [sfContact('003A', 'a@x.com', {}, '2024-05-01T00:00:00.000+0000')];
		const { outputs: d } = await diff(a, b);
		const { outputs } = await runNode({ nodeType: new ReconcileResolve(), parameters: { policy }, inputs: [d[0], d[1], d[2], d[3]] });
		const [patches, escalations, decisions, baseline, summary] = outputs;
		expect(jsonOf(patches).map((p) => [p.side, p.system, p.object, p.op, p.id ?? null, p.key, p.fields])).toEqual([
			['b', 'salesforce', 'Contact', 'update', '003A', 'a@x.com', { FirstName: 'Augusta' }],
			['b', 'salesforce', 'Contact', 'create', null, 'new@x.com', expect.objectContaining({ Email: 'new@x.com', FirstName: 'Ada' })],
		]);
		expect(patches[0].json.baseline).toMatchObject({ key: 'a@x.com', dependsOn: [{ side: 'b', id: '003A' }] });
		expect(patches[0].pairedItem).toEqual([{ item: 0, input: 0 }]);
		expect(jsonOf(escalations).map((e) => [e.key, e.field, (e.escalation as { category: string }).category])).toEqual([['a@x.com', 'owner', 'ownership']]);
		expect(jsonOf(decisions).map((x) => [x.key, x.field, x.rule, x.action, x.loop])).toEqual([
			['a@x.com', 'first_name', 'recency', 'write_b', 'slow'],
			['new@x.com', '', 'only_in', 'create_b', 'slow'],
		]);
		expect(decisions[0].json).toMatchObject({ policy: 'HubSpot contacts ⇄ Salesforce contacts', before: '{"a":"Augusta","b":"Ada"}', after: '"Augusta"', aId: '1', bId: '003A' });
		expect(baseline).toEqual([]);
		expect(summary[0].json).toMatchObject({ dryRun: false, autoResolvedByRule: { recency: 1, only_in: 1 }, escalatedByCategory: { ownership: 1 } });
	});

	it('in dry-run mode decides but emits no patches', async () => {
		const { outputs: d } = await diff([hsContact('1', 'a@x.com', { lifecyclestage: 'customer' })], [sfContact('003A', 'a@x.com')]);
		const { outputs } = await runNode({ nodeType: new ReconcileResolve(), parameters: { policy, options: { dryRun: true } }, inputs: [d[0], [], [], []] });
		expect(outputs[0]).toEqual([]);
		expect(outputs[2][0].json).toMatchObject({ rule: 'source_of_truth', action: 'write_b' });
		expect(outputs[4][0].json).toMatchObject({ summary: 'resolve', dryRun: true, autoResolvedByRule: { source_of_truth: 1 } });
	});

	it('names the input and item that is not a discrepancy', async () => {
		const run = runNode({ nodeType: new ReconcileResolve(), parameters: { policy }, inputs: [[], [{ json: { kind: 'bogus' } }], [], []] });
		await expect(run).rejects.toThrow('Input "Only in A" item 0 is not a discrepancy');
	});
});

describe('Reconcile Diff node: the same record twice', () => {
	it('counts a record read twice on one side once (incremental reads overlap)', async () => {
		const a = [hsContact('1', 'x@x.com'), hsContact('1', 'x@x.com')];
		const { outputs } = await diff(a, [sfContact('003A', 'x@x.com')]);
		expect(outputs[3]).toEqual([]);
		expect(outputs[5][0].json).toMatchObject({ recordsA: 1, matched: 1, duplicateKeys: 0 });
	});
});
