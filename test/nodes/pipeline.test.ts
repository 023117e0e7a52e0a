import { startSims, type Sims } from '../simulators';
import { contactsPolicy } from '../fixtures/sim-policy';
import { ReconcileLog } from '../../nodes/ReconcileLog/ReconcileLog.node';
import { jsonOf } from './harness/items';
import { runNode } from './harness/run-node';
import { nextBaseline, runCycle } from './harness/pipeline';

const T0 = Date.parse('2026-03-02T09:00:00.000Z');

/**
 * A small known scenario, built record by record through the simulators' "UI user": every discrepancy kind
 * once, with controlled timestamps, and the exact outcome of one cycle asserted on the systems' state.
 */
describe('one reconciliation cycle through the nodes (small known scenario)', () => {
	let sims: Sims;
	let now = T0;
	let policy: string;
	const ids: Record<string, { hs?: string; sf?: string }> = {};

	const person = (first: string, last: string, email: string) => ({ firstname: first, lastname: last, email, phone: '+1 415 555 0100', jobtitle: 'Engineer', lifecyclestage: 'lead', hs_lead_status: 'NEW', product_interest: 'CRM' });
	const sfPerson = (first: string, last: string, email: string) => ({ FirstName: first, LastName: last, Email: email, Phone: '(415) 555-0100', Title: 'Engineer', Lifecycle_Stage__c: 'Lead', Lead_Status__c: 'New', Product_Interest__c: 'CRM' });

	beforeAll(async () => {
		sims = await startSims({ records: 0, seed: 1, clock: () => now, hubspot: { rateLimits: false }, salesforce: { dailyApiLimit: false } });
		const owners = sims.hubspot.owners;
		policy = JSON.stringify(contactsPolicy(owners));
		const both = (key: string, first: string, last: string) => {
			const email = `${key}@example.com`;
			ids[key] = {
				hs: sims.hubspot.uiCreate('contacts', { ...person(first, last, email), hubspot_owner_id: owners[0].hubspotOwnerId }),
				sf: sims.salesforce.uiCreate('Contact', { ...sfPerson(first, last, email), OwnerId: owners[0].salesforceUserId }),
			};
		};
		both('ada', 'Ada', 'Lovelace');
		both('grace', 'Grace', 'Hopper');
		both('alan', 'Alan', 'Turing');
		both('edsger', 'Edsger', 'Dijkstra');
		ids.barbara = { hs: sims.hubspot.uiCreate('contacts', { ...person('Barbara', 'Liskov', 'barbara@example.com'), hubspot_owner_id: owners[0].hubspotOwnerId }) };
		ids.donald = { sf: sims.salesforce.uiCreate('Contact', { ...sfPerson('Donald', 'Knuth', 'donald@example.com'), OwnerId: owners[0].salesforceUserId }) };
		now += 60_000;
		sims.hubspot.uiUpdate('contacts', ids.grace.hs!, { firstname: 'Rear Admiral Grace' });
		sims.salesforce.uiUpdate('Contact', ids.alan.sf!, { Title: 'Codebreaker' });
		sims.hubspot.uiUpdate('contacts', ids.alan.hs!, { product_interest: 'CRM;Analytics' });
		sims.hubspot.uiUpdate('contacts', ids.edsger.hs!, { hubspot_owner_id: owners[1].hubspotOwnerId });
		now += 60_000;
		await sims.idle();
	});
	afterAll(async () => await sims.close());

	it('writes exactly what the policy decides, escalates the rest, and a second cycle writes nothing', async () => {
		const first = await runCycle(sims, policy);
		const [written, failed, baseline, other, [summary]] = first.apply;
		expect(failed).toEqual([]);
		expect(other).toEqual([]);
		expect(jsonOf(written).map((w) => [w.side, w.op, w.key, w.fields, w.result]).sort()).toEqual(
			[
				['a', 'update', 'alan@example.com', { jobtitle: 'Codebreaker' }, 'updated'],
				['b', 'update', 'alan@example.com', { Product_Interest__c: 'Analytics;CRM' }, 'updated'],
				['b', 'create', 'barbara@example.com', expect.objectContaining({ Email: 'barbara@example.com', FirstName: 'Barbara', Lifecycle_Stage__c: 'Lead' }), 'created'],
				['b', 'update', 'grace@example.com', { FirstName: 'Rear Admiral Grace' }, 'updated'],
			].sort(),
		);
		expect(summary.json).toMatchObject({ updated: 3, created: 1, failed: 0 });
		expect(jsonOf(first.resolve[1]).map((e) => [e.key, e.field ?? null, (e.escalation as { category: string }).category])).toEqual([
			['donald@example.com', null, 'missing records'],
			['edsger@example.com', 'owner', 'ownership'],
		]);
		// Barbara's pair is agreed from the moment it was created (what was written is what both hold).
		expect(jsonOf(baseline).map((r) => r.key).sort()).toEqual(['alan@example.com', 'barbara@example.com', 'grace@example.com']);
		// The systems now hold the policy's answer.
		expect(sims.salesforce.truth('Contact', ids.grace.sf!)).toMatchObject({ FirstName: 'Rear Admiral Grace' });
		expect(sims.hubspot.truth('contacts', ids.alan.hs!)).toMatchObject({ properties: expect.objectContaining({ jobtitle: 'Codebreaker' }) });
		expect(sims.salesforce.truthAll('Contact').filter((c) => c.Email === 'barbara@example.com')).toHaveLength(1);
		// Automation never wrote the escalated owner.
		const ownerWrites = [...sims.hubspot.writes(0), ...sims.salesforce.writes(0)].filter((w) => w.channel === 'api' && ('OwnerId' in w.fields || 'hubspot_owner_id' in w.fields));
		expect(ownerWrites).toEqual([]);

		const summaries = [first.snapshotA[1], first.snapshotB[1], [first.diff[5][0]], [first.resolve[4][0]], [first.apply[4][0]]].flat();
		const [[cycle]] = (await runNode({ nodeType: new ReconcileLog(), parameters: { operation: 'cycle', startedAt: '2026-03-02T09:00:00.000Z' }, inputs: [summaries] })).outputs;
		expect(cycle.json).toMatchObject({
			policy: 'HubSpot contacts ⇄ Salesforce contacts',
			aborted: false,
			recordsA: 5,
			recordsB: 5,
			matched: 4,
			mismatchedFields: 4,
			onlyInA: 1,
			onlyInB: 1,
			autoResolved: 4,
			autoResolvedByRule: JSON.stringify({ merge: 1, only_in: 1, recency: 1, source_of_truth: 1 }),
			escalated: 2,
			escalatedByCategory: JSON.stringify({ 'missing records': 1, ownership: 1 }),
			written: 4,
			failed: 0,
			apiCallsA: 2,
			apiCallsB: 4,
		});

		now += 60_000;
		const second = await runCycle(sims, policy, nextBaseline([], first));
		expect(second.resolve[0]).toEqual([]);
		expect(second.apply[4][0].json).toMatchObject({ updated: 0, created: 0, failed: 0, apiCalls: 0 });
		expect(jsonOf(second.resolve[1]).map((e) => e.key)).toEqual(['donald@example.com', 'edsger@example.com']);
	});
});
