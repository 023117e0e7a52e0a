import { startSalesforceSim } from '../index';
import { outboundRetryGap } from './notifications';
import type { SalesforceSim } from './sim';
import { receiver, sf } from '../test-helpers';

const ACK =
	'<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><notificationsResponse xmlns="http://soap.sforce.com/2005/09/outbound"><Ack>true</Ack></notificationsResponse></soapenv:Body></soapenv:Envelope>';

let sim: SalesforceSim;
let contacts: any[];

beforeAll(async () => {
	sim = await startSalesforceSim({ records: 200, seed: 12, timeScale: 1e-6 });
});
afterAll(() => sim.close());
beforeEach(() => {
	sim.reset();
	sim.configureNotifications({ url: undefined, skipIntegrationUser: false }, { url: undefined });
	contacts = sim.truthAll('Contact');
});

describe('Salesforce flow callouts', () => {
	it('POST one JSON document per saved record, API writes carrying the integration user', async () => {
		const hook = await receiver();
		sim.configureNotifications({ url: hook.url }, undefined);
		await sf(sim, `/sobjects/Contact/${contacts[0].Id}`, { method: 'PATCH', body: { Title: 'Via API' } });
		sim.uiUpdate('Contact', contacts[1].Id, { Lead_Status__c: 'Connected' }, sim.owners[2].salesforceUserId);
		await sim.idle();
		await hook.close();
		const docs = hook.received.map((r) => JSON.parse(r.body)).sort((a, b) => (a.recordId < b.recordId ? -1 : 1));
		expect(docs).toHaveLength(2);
		expect(docs[0]).toMatchObject({ object: 'Contact', changeType: 'UPDATE', recordId: contacts[0].Id, changedFields: ['Title'], prior: { Title: contacts[0].Title } });
		expect(docs[0].record).toMatchObject({ Title: 'Via API', LastModifiedById: sim.integrationUserId });
		expect(docs[1].record).toMatchObject({ Lead_Status__c: 'Connected', LastModifiedById: sim.owners[2].salesforceUserId });
		expect(docs[0].record.LastModifiedDate).toMatch(/\.000\+0000$/);
	});

	it('can skip the integration user’s own changes (the usual entry condition against echoes)', async () => {
		const hook = await receiver();
		sim.configureNotifications({ url: hook.url, skipIntegrationUser: true }, undefined);
		await sf(sim, `/sobjects/Contact/${contacts[0].Id}`, { method: 'PATCH', body: { Title: 'Echo' } });
		sim.uiUpdate('Contact', contacts[1].Id, { Title: 'Human' });
		await sim.idle();
		await hook.close();
		expect(hook.received.map((r) => JSON.parse(r.body).recordId)).toEqual([contacts[1].Id]);
	});

	it('does not retry a failed callout', async () => {
		const hook = await receiver(() => ({ status: 500 }));
		sim.configureNotifications({ url: hook.url }, undefined);
		sim.uiUpdate('Contact', contacts[0].Id, { Title: 'Lost' });
		await sim.idle();
		await hook.close();
		expect(hook.received).toHaveLength(1);
		expect(sim.deliveries().flow.stats).toMatchObject({ requests: 1, delivered: 0, gaveUp: 1 });
	});
});

describe('Salesforce outbound messages', () => {
	it('send SOAP notifications that count as delivered only when acknowledged', async () => {
		const hook = await receiver((n) => (n === 0 ? { status: 200, body: '<ok/>' } : { status: 200, body: ACK }));
		sim.configureNotifications(undefined, { url: hook.url });
		await sf(sim, '/composite/sobjects', {
			method: 'PATCH',
			body: { records: contacts.slice(0, 3).map((c) => ({ attributes: { type: 'Contact' }, id: c.Id, Title: 'Bulk' })) },
		});
		await sim.idle();
		await hook.close();
		expect(hook.received).toHaveLength(2);
		const [first, retry] = hook.received;
		expect(first.headers['content-type']).toBe('text/xml; charset=utf-8');
		expect(first.headers.soapaction).toBe('""');
		expect(retry.body).toBe(first.body);
		expect(first.body).toContain('<notifications xmlns="http://soap.sforce.com/2005/09/outbound">');
		expect(first.body).toContain(`<OrganizationId>${sim.orgId.slice(0, 15)}</OrganizationId>`);
		expect(first.body.match(/<Notification>/g)).toHaveLength(3);
		expect(first.body).toContain(`<sObject xsi:type="sf:Contact" xmlns:sf="urn:sobject.enterprise.soap.sforce.com"><sf:Id>${contacts[0].Id}</sf:Id>`);
		expect(first.body).toContain(`<sf:LastModifiedById>${sim.integrationUserId}</sf:LastModifiedById>`);
		expect(first.body).toMatch(/<sf:LastModifiedDate>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z<\/sf:LastModifiedDate>/);
		expect(sim.deliveries()['outbound:Contact'].attempts.map((a) => a.outcome)).toEqual(['retry', 'delivered']);
	});

	it('back off from 15 s, doubling up to 2 h apart, and give up after 24 h', async () => {
		expect([1, 2, 3, 10, 11].map((n) => outboundRetryGap(n).gap / 1000)).toEqual([15, 30, 60, 7200, 7200]);
		const hook = await receiver(() => ({ status: 500 }));
		sim.configureNotifications(undefined, { url: hook.url });
		sim.uiUpdate('Account', sim.truthAll('Account')[0].Id as string, { Phone: '+1 212 555 0100' });
		await sim.idle();
		await hook.close();
		let n = 0;
		while (outboundRetryGap(n + 1).elapsed <= 86_400_000) n++;
		expect(hook.received).toHaveLength(n + 1);
		expect(sim.deliveries()['outbound:Account'].stats.gaveUp).toBe(1);
	});

	it('duplicates and drops notifications deterministically by seed', async () => {
		const run = async () => {
			sim.reset();
			sim.setFaults({ webhooks: { dropRate: 0.2, duplicateRate: 0.2 } });
			const hook = await receiver(() => ({ status: 200, body: ACK }));
			sim.configureNotifications(undefined, { url: hook.url });
			for (const c of contacts.slice(0, 40)) sim.uiUpdate('Contact', c.Id, { Title: 'Faulty' });
			await sim.idle();
			await hook.close();
			return hook.received.flatMap((r) => [...r.body.matchAll(/<sf:Id>(\w+)<\/sf:Id>/g)].map((m) => m[1]));
		};
		const first = await run();
		const second = await run();
		expect(second).toEqual(first);
		expect(new Set(first).size).toBeLessThan(40);
		expect(first.length).toBeGreaterThan(new Set(first).size);
	});
});
