/**
 * The soak's independent oracle on small, hand-made states: what each rule demands of a seeded pair on the
 * first cycle, and which differences may remain once the systems are quiet.
 */
import { parsePolicyOrThrow, type SnapshotRecord } from '../../nodes/engine';
import { discrepancyIdOf } from '../../nodes/ReconcileEscalate/row';
import { contactsPolicy } from '../fixtures/sim-policy';
import type { Owner } from '../simulators';
import type { Final } from './accounting';
import { disagreements, seedResolution } from './oracle';

const owners: Owner[] = [
	{ hubspotOwnerId: '101', hubspotUserId: 9101, salesforceUserId: '005A', email: 'a@x.test', firstName: 'A' } as Owner,
	{ hubspotOwnerId: '102', hubspotUserId: 9102, salesforceUserId: '005B', email: 'b@x.test', firstName: 'B' } as Owner,
];
const policy = parsePolicyOrThrow(contactsPolicy(owners));
const hsBase = { firstname: 'Ada', lastname: 'Byron', phone: '+1 415 555 0100', jobtitle: 'CTO', lifecyclestage: 'lead', hs_lead_status: 'NEW', product_interest: 'CRM', hubspot_owner_id: '101', email: 'ada@x.test' };
const sfBase = { FirstName: 'Ada', LastName: 'Byron', Phone: '(415) 555-0100', Title: 'CTO', Lifecycle_Stage__c: 'Lead', Lead_Status__c: 'New', Product_Interest__c: 'CRM', OwnerId: '005A', Email: 'ada@x.test' };
const T0 = '2026-01-01T10:00:00.000Z';
const T1 = '2026-01-02T10:00:00.000Z';

function state(hs: Record<string, unknown>, sf: Record<string, unknown>, times: [string, string] = [T0, T0]): Final {
	const a: SnapshotRecord = { id: '1', fields: { ...hsBase, ...hs }, modifiedAt: times[0] };
	const b: SnapshotRecord = { id: '003A', fields: { ...sfBase, ...sf }, modifiedAt: times[1] };
	return { a: [a], b: [b] };
}
const none = new Set<string>();
const queued = (field: string) => new Set([discrepancyIdOf(policy, { kind: 'mismatch', key: 'ada@x.test', field })]);

describe('the first cycle on seeded systems, by rule and without the engine', () => {
	it('recency: the more recently modified record wins; the stale value left in place is a miss', () => {
		const before = state({ lastname: 'Lovelace' }, {}, [T1, T0]);
		expect(seedResolution(policy, before, state({ lastname: 'Lovelace' }, { LastName: 'Lovelace' }), none)).toEqual([]);
		const [miss] = seedResolution(policy, before, state({ lastname: 'Byron' }, { LastName: 'Byron' }), none);
		expect(miss).toMatchObject({ key: 'ada@x.test', field: 'last_name', detail: expect.stringContaining('must become "Lovelace"') });
	});

	it('recency: a tie within the clock skew goes to a person, untouched and queued', () => {
		const before = state({ lastname: 'Lovelace' }, {}, [T0, '2026-01-01T10:00:00.500Z']);
		expect(seedResolution(policy, before, before, queued('last_name'))).toEqual([]);
		expect(seedResolution(policy, before, before, none)).toHaveLength(1);
	});

	it('source of truth: Salesforce owns the job title, unless it is blank', () => {
		const before = state({ jobtitle: 'CEO' }, {}, [T1, T0]);
		expect(seedResolution(policy, before, state({}, {}), none)).toEqual([]);
		expect(seedResolution(policy, before, state({ jobtitle: 'CEO' }, { Title: 'CEO' }), none)).toHaveLength(1);
		const blank = state({ jobtitle: 'CEO' }, { Title: '' });
		expect(seedResolution(policy, blank, state({ jobtitle: 'CEO' }, { Title: 'CEO' }), none)).toEqual([]);
	});

	it('merge: both lists end up with every option either side had', () => {
		const before = state({ product_interest: 'CRM;Billing' }, { Product_Interest__c: 'CRM;Support' });
		expect(seedResolution(policy, before, state({ product_interest: 'Support;CRM;Billing' }, { Product_Interest__c: 'Billing;CRM;Support' }), none)).toEqual([]);
		expect(seedResolution(policy, before, state({ product_interest: 'CRM;Billing' }, { Product_Interest__c: 'CRM;Billing' }), none)).toHaveLength(1);
	});

	it('escalate: the owner is never written, and the difference must be queued', () => {
		const before = state({ hubspot_owner_id: '102' }, {});
		expect(seedResolution(policy, before, before, queued('owner'))).toEqual([]);
		expect(seedResolution(policy, before, state({ hubspot_owner_id: '102' }, { OwnerId: '005B' }), queued('owner'))).toHaveLength(1);
	});

	it('records only in HubSpot are created in Salesforce with the synced values', () => {
		const before: Final = { a: state({}, {}).a, b: [] };
		expect(seedResolution(policy, before, state({}, {}), none)).toEqual([]);
		expect(seedResolution(policy, before, before, none)[0].detail).toBe('only in A: 0 record(s) created in B');
		expect(seedResolution(policy, before, state({}, { LastName: 'Other' }), none)).toMatchObject([{ field: 'last_name' }]);
	});
});

describe('what may still differ once the systems are quiet', () => {
	it('nothing a rule decides by itself; escalated fields, drift and queued recency ties may', () => {
		expect(disagreements(policy, state({}, {}), none)).toEqual([]);
		expect(disagreements(policy, state({ lastname: 'Lovelace' }, {}), none)).toMatchObject([{ field: 'last_name' }]);
		expect(disagreements(policy, state({ lastname: 'Lovelace' }, {}), queued('last_name'))).toEqual([]);
		expect(disagreements(policy, state({ jobtitle: 'CEO' }, {}), queued('job_title'))).toMatchObject([{ field: 'job_title' }]);
		expect(disagreements(policy, state({ hubspot_owner_id: '102' }, {}), none)).toEqual([]);
		expect(disagreements(policy, state({}, { Lead_Status__c: 'New;Open' }), none)).toEqual([]);
	});

	it('a record the policy creates on the other side must be there', () => {
		expect(disagreements(policy, { a: state({}, {}).a, b: [] }, none)).toMatchObject([{ detail: 'only in A, not created' }]);
	});
});
