import type { INodeExecutionData } from 'n8n-workflow';

import { ReconcileApply } from '../../nodes/ReconcileApply/ReconcileApply.node';
import { ReconcileDiff } from '../../nodes/ReconcileDiff/ReconcileDiff.node';
import { ReconcileSnapshot } from '../../nodes/ReconcileSnapshot/ReconcileSnapshot.node';
import { startSims, type Sims } from '../simulators';
import { contactsPolicy } from '../fixtures/sim-policy';
import { jsonOf } from './harness/items';
import { runNode } from './harness/run-node';
import { credentialTypes, simCredentials } from './harness/sims';

describe('Reconcile Apply node against the simulators', () => {
	let sims: Sims;
	let policy: string;

	beforeAll(async () => {
		sims = await startSims({ records: 300, seed: 11, hubspot: { rateLimits: false }, salesforce: { dailyApiLimit: false } });
		policy = JSON.stringify(contactsPolicy(sims.hubspot.owners));
	});
	afterAll(async () => await sims.close());

	const apply = async (patches: object[], options: Record<string, unknown> = {}, continueOnFail = false) =>
		(
			await runNode({
				nodeType: new ReconcileApply(),
				parameters: { policy, options: options as never },
				inputs: [patches.map((json) => ({ json: json as never }))],
				credentials: simCredentials(sims),
				credentialTypes,
				continueOnFail,
			})
		).outputs;

	const hsIds = () => sims.hubspot.truthAll('contacts').map((r) => String(r.id));
	const sfIds = () => sims.salesforce.truthAll('Contact').map((r) => String(r.Id));

	it('writes the good records of a HubSpot batch and sends the failed ones to Failed with the reason', async () => {
		const [id1, id2] = hsIds();
		const out = await apply([
			{ side: 'a', op: 'update', id: id1, key: 'k1', fields: { jobtitle: 'Chief Reconciler' } },
			{ side: 'a', op: 'update', id: '99999999', key: 'k2', fields: { jobtitle: 'Ghost' } },
			{ side: 'a', op: 'update', id: id2, key: 'k3', fields: { lifecyclestage: 'not-a-stage' } },
		]);
		const [written, failed] = out;
		expect(jsonOf(written).map((w) => [w.id, w.result])).toEqual([[id1, 'updated']]);
		expect(jsonOf(failed).map((f) => [f.id, (f.error as { code: string }).code])).toEqual([
			['99999999', 'OBJECT_NOT_FOUND'],
			[id2, 'VALIDATION_ERROR'],
		]);
		expect(failed[0].pairedItem).toEqual({ item: 1 });
		expect(sims.hubspot.truth('contacts', id1)).toMatchObject({ properties: expect.objectContaining({ jobtitle: 'Chief Reconciler' }) });
	});

	it('writes the good records of a Salesforce collection and reports per-record errors', async () => {
		const [id1, id2] = sfIds();
		const [written, failed] = await apply([
			{ side: 'b', op: 'update', id: id1, key: 'k1', fields: { Title: 'Head of Sync' } },
			{ side: 'b', op: 'update', id: id2, key: 'k2', fields: { Lifecycle_Stage__c: 'Zombie' } },
		]);
		expect(jsonOf(written).map((w) => w.id)).toEqual([id1]);
		expect(jsonOf(failed).map((f) => (f.error as { code: string }).code)).toEqual(['INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST']);
		expect(sims.salesforce.truth('Contact', id1)).toMatchObject({ Title: 'Head of Sync' });
	});

	it("names the first failed records and the API's reason in its summary, with the refused value cut short", async () => {
		const [id1] = sfIds();
		const out = await apply([{ side: 'b', op: 'update', id: id1, key: 'long@example.com', fields: { LastName: 'L'.repeat(100_000) } }]);
		const [summary] = jsonOf(out[4]);
		expect(summary).toMatchObject({ failed: 1, failures: [{ system: 'salesforce', object: 'Contact', id: id1, key: 'long@example.com', code: 'STRING_TOO_LONG' }] });
		const [failure] = summary.failures as Array<{ message: string }>;
		expect(failure.message).toMatch(/^Last Name: data value too large/);
		expect(failure.message.length).toBeLessThanOrEqual(301);
	});

	it('is harmless to apply the same patches twice: creates are not repeated', async () => {
		const patches = [
			{ side: 'b', op: 'create', key: 'twice@example.com', fields: { Email: 'twice@example.com', LastName: 'Twice' } },
			{ side: 'a', op: 'update', id: hsIds()[3], key: 'k', fields: { jobtitle: 'Same Again' } },
		];
		const first = await apply(patches);
		const second = await apply(patches);
		expect(jsonOf(first[0]).map((w) => w.result)).toEqual(['created', 'updated']);
		expect(jsonOf(second[0]).map((w) => w.result)).toEqual(['exists', 'updated']);
		expect(sims.salesforce.truthAll('Contact').filter((c) => c.Email === 'twice@example.com')).toHaveLength(1);
	});

	it("records a created record's pair as agreed on what was written, so the first change after it merges three-way", async () => {
		const [hs] = hsIds();
		const create = { side: 'b', op: 'create', key: 'made@example.com', sourceId: hs, fields: { Email: 'made@example.com', LastName: 'Made', Product_Interest__c: 'CRM;Analytics' } };
		const [written, , baseline] = await apply([create]);
		const [made] = jsonOf(written);
		expect(made.result).toBe('created');
		expect(jsonOf(baseline)).toEqual([
			{ policy: 'HubSpot contacts ⇄ Salesforce contacts', key: 'made@example.com', aId: hs, bId: made.id, values: '{"last_name":"Made","product_interest":["analytics","crm"]}' },
		]);
		// Applied again, the record exists already: nothing is known about its values, so no row.
		const [again, , none] = await apply([create]);
		expect(jsonOf(again)[0].result).toBe('exists');
		expect(none).toEqual([]);
	});

	it('emits baseline rows only when every write they depend on landed', async () => {
		const [hs] = hsIds();
		const [sf] = sfIds();
		const baseline = { key: 'both@example.com', aId: hs, bId: sf, values: { job_title: 'Agreed' }, dependsOn: [{ side: 'a', id: hs }, { side: 'b', id: sf }] };
		const ok = await apply([
			{ side: 'a', op: 'update', id: hs, key: 'both@example.com', fields: { jobtitle: 'Agreed' }, baseline },
			{ side: 'b', op: 'update', id: sf, key: 'both@example.com', fields: { Title: 'Agreed' }, baseline },
		]);
		expect(jsonOf(ok[2])).toEqual([{ policy: 'HubSpot contacts ⇄ Salesforce contacts', key: 'both@example.com', aId: hs, bId: sf, values: '{"job_title":"Agreed"}' }]);
		const half = await apply([
			{ side: 'a', op: 'update', id: hs, key: 'both@example.com', fields: { jobtitle: 'Agreed' }, baseline },
			{ side: 'b', op: 'update', id: sf, key: 'both@example.com', fields: { Lifecycle_Stage__c: 'Zombie' }, baseline },
		]);
		expect(half[2]).toEqual([]);
	});

	it('writes nothing in dry-run mode and hands "items" sides to the next node', async () => {
		sims.hubspot.resetCalls();
		const [written] = await apply([{ side: 'a', op: 'update', id: hsIds()[5], key: 'k', fields: { jobtitle: 'Never' } }], { dryRun: true });
		expect(jsonOf(written).map((w) => w.result)).toEqual(['dry_run']);
		expect(sims.hubspot.calls().total).toBe(0);
		const itemsPolicy = JSON.parse(policy) as Record<string, unknown>;
		itemsPolicy.b = { system: 'items', object: 'tickets' };
		const out = (await runNode({ nodeType: new ReconcileApply(), parameters: { policy: JSON.stringify(itemsPolicy) }, inputs: [[{ json: { side: 'b', op: 'update', id: 't1', key: 'k', fields: { Title: 'x' } } }]] })).outputs;
		expect(jsonOf(out[3])).toEqual([{ side: 'b', op: 'update', id: 't1', key: 'k', fields: { Title: 'x' } }]);
	});

	it('hands nothing on for writing in a dry run: patches for an "items" side are reported as dry-run results', async () => {
		const itemsPolicy = { ...(JSON.parse(policy) as Record<string, unknown>), b: { system: 'items', object: 'tickets' } };
		const patch = { side: 'b', op: 'update', id: 't1', key: 'k', fields: { Title: 'x' } };
		const out = (await runNode({ nodeType: new ReconcileApply(), parameters: { policy: JSON.stringify(itemsPolicy), options: { dryRun: true } }, inputs: [[{ json: patch }]] })).outputs;
		expect(out[3]).toEqual([]);
		expect(jsonOf(out[0])).toEqual([{ ...patch, id: 't1', result: 'dry_run' }]);
		expect(out[0][0].pairedItem).toEqual({ item: 0 });
		expect(jsonOf(out[4])[0]).toMatchObject({ dryRun: true, forOtherSystems: 0, updated: 0 });
	});

	it('does not create a record twice when the policy matches on a composite key', async () => {
		const composite = JSON.parse(policy) as { match: { keys: object[] } };
		composite.match.keys.push({ a: 'lastname', b: 'LastName', type: 'string' });
		const run = async (patches: object[]) =>
			(await runNode({ nodeType: new ReconcileApply(), parameters: { policy: JSON.stringify(composite) }, inputs: [patches.map((json) => ({ json: json as never }))], credentials: simCredentials(sims), credentialTypes })).outputs;
		const one = { side: 'b', op: 'create', key: 'pair@example.com ␟ one', fields: { Email: 'pair@example.com', LastName: 'One' } };
		const two = { side: 'b', op: 'create', key: 'pair@example.com ␟ two', fields: { Email: 'pair@example.com', LastName: 'Two' } };
		expect(jsonOf((await run([one]))[0]).map((w) => w.result)).toEqual(['created']);
		// The same email with another last name is another record under this policy.
		expect(jsonOf((await run([one, two]))[0]).map((w) => w.result)).toEqual(['exists', 'created']);
		expect(sims.salesforce.truthAll('Contact').filter((c) => c.Email === 'pair@example.com').map((c) => c.LastName).sort()).toEqual(['One', 'Two']);
	});

	it('does not create a record twice when the match key is a number', async () => {
		const numeric = {
			version: 1,
			name: 'Companies by head count',
			a: { system: 'hubspot', object: 'companies' },
			b: { system: 'salesforce', object: 'Account' },
			match: { keys: [{ a: 'numberofemployees', b: 'NumberOfEmployees', type: 'number' }] },
			fields: [{ name: 'name', a: 'name', b: 'Name', type: 'string', rule: 'recency' }],
		};
		const run = async (patches: object[]) =>
			(await runNode({ nodeType: new ReconcileApply(), parameters: { policy: JSON.stringify(numeric) }, inputs: [patches.map((json) => ({ json: json as never }))], credentials: simCredentials(sims), credentialTypes })).outputs;
		const patches = [
			{ side: 'b', op: 'create', key: '987654', fields: { NumberOfEmployees: 987654, Name: 'Numeric Salesforce' } },
			{ side: 'a', op: 'create', key: '987655', fields: { numberofemployees: '987655', name: 'Numeric HubSpot' } },
		];
		const first = await run(patches);
		expect(jsonOf(first[1])).toEqual([]);
		expect(jsonOf(first[0]).map((w) => w.result)).toEqual(['created', 'created']);
		expect(jsonOf((await run(patches))[0]).map((w) => w.result)).toEqual(['exists', 'exists']);
		expect(sims.salesforce.truthAll('Account').filter((c) => c.NumberOfEmployees === 987654)).toHaveLength(1);
		expect(sims.hubspot.truthAll('companies').filter((c) => (c.properties as Record<string, unknown>).numberofemployees === '987655')).toHaveLength(1);
	});

	it('names the item that is not a patch', async () => {
		await expect(apply([{ side: 'c', op: 'upsert', fields: 'x' }])).rejects.toThrow(
			'Input item 0 is not a patch: "side" must be "a" or "b"; "op" must be "update" or "create"; "fields" must be an object',
		);
	});

	it('surfaces a single-select that became multi-select as schema drift in Conflicts', async () => {
		sims.schemaChange({ kind: 'single-to-multi', object: 'contacts', field: 'lifecyclestage' });
		const target = hsIds()[7];
		sims.hubspot.uiUpdate('contacts', target, { lifecyclestage: 'lead;customer' });
		const credentials = simCredentials(sims);
		const snap = async (source: string, side: string) =>
			(await runNode({ nodeType: new ReconcileSnapshot(), parameters: { policy, source, side, scope: 'full' }, inputs: [[{ json: {} }]], credentials, credentialTypes })).outputs[0];
		const inputs: INodeExecutionData[][] = [await snap('hubspot', 'a'), await snap('salesforce', 'b'), []];
		const [, , , conflicts] = (await runNode({ nodeType: new ReconcileDiff(), parameters: { policy }, inputs })).outputs;
		expect(jsonOf(conflicts).filter((c) => c.kind === 'schema_drift' && c.id === target)).toEqual([
			expect.objectContaining({ field: 'lifecycle_stage', side: 'a', raw: 'lead;customer', reason: '"lead;customer" holds several options; the field is single-select' }),
		]);
	});
});
