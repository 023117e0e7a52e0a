import { soapEnvelope } from '../../simulators/salesforce/notifications';
import { OUTBOUND_ACK } from '../../../nodes/ReconcileTrigger/salesforce-outbound';
import { callTrigger, CALLOUT_SECRET, INTEGRATION_USER, ORG_ID_18, salesforceCredentials, type TriggerCall } from './call-trigger';

const flow = (body: unknown, extra: Partial<TriggerCall> = {}): TriggerCall => ({
	parameters: { source: 'salesforceFlow', path: 'reconcile-sf-flow' },
	credentials: salesforceCredentials(),
	body: typeof body === 'string' ? body : JSON.stringify(body),
	headers: { 'X-Reconcile-Secret': CALLOUT_SECRET },
	...extra,
});

const HUMAN = '005000000000042AAA';

describe('Salesforce Flow callouts', () => {
	it('accepts the batch form and names each record', async () => {
		const res = await callTrigger(
			flow({
				object: 'Contact',
				records: [
					{ Id: '003000000000001AAA', LastModifiedById: HUMAN, SystemModstamp: '2026-03-01T10:00:00.000+0000' },
					{ Id: '003000000000002AAA', LastModifiedById: HUMAN, SystemModstamp: '2026-03-01T10:05:00.000Z' },
				],
			}),
		);
		expect(res.status).toBe(200);
		expect(JSON.parse(res.text)).toEqual({ received: 2 });
		expect(res.changes).toEqual([
			{
				source: 'salesforce',
				channel: 'flow-callout',
				receivedAt: expect.any(String),
				objects: { Contact: ['003000000000001AAA', '003000000000002AAA'] },
				events: 2,
				duplicates: 0,
				echoes: 0,
				ignored: 0,
				occurredAt: { min: '2026-03-01T10:00:00.000Z', max: '2026-03-01T10:05:00.000Z' },
			},
		]);
	});

	it("accepts the single-record form the simulator's flows send (record snapshot, eventId, occurredAt)", async () => {
		const res = await callTrigger(
			flow({
				eventId: '001000000000007AAA:3',
				object: 'Account',
				changeType: 'UPDATE',
				recordId: '001000000000007AAA',
				changedFields: ['Industry'],
				record: { Id: '001000000000007AAA', Name: 'Acme', Industry: 'Energy', LastModifiedById: HUMAN, SystemModstamp: '2026-03-02T08:00:00.000+0000' },
				prior: { Industry: 'Retail' },
				occurredAt: '2026-03-02T08:00:00.000+0000',
			}),
		);
		expect(res.changes[0]).toMatchObject({ objects: { Account: ['001000000000007AAA'] }, eventIds: ['001000000000007AAA:3'], events: 1 });
	});

	it('uses a record’s own attributes.type and falls back to the receive time when no time is given', async () => {
		const res = await callTrigger(flow({ records: [{ attributes: { type: 'Opportunity' }, Id: '006000000000001AAA' }] }));
		expect(res.changes[0].objects).toEqual({ Opportunity: ['006000000000001AAA'] });
		expect(res.changes[0].occurredAt).toEqual({ min: res.changes[0].receivedAt, max: res.changes[0].receivedAt });
	});

	it('drops records last modified by the integration user (15- or 18-character id) as echoes', async () => {
		const res = await callTrigger(
			flow({
				object: 'Contact',
				records: [
					{ Id: '003000000000001AAA', LastModifiedById: INTEGRATION_USER },
					{ Id: '003000000000002AAA', LastModifiedById: INTEGRATION_USER.slice(0, 15) },
					{ Id: '003000000000003AAA', LastModifiedById: HUMAN },
				],
			}),
		);
		expect(res.changes[0]).toMatchObject({ objects: { Contact: ['003000000000003AAA'] }, echoes: 2, events: 3 });
	});

	it('counts a record listed twice with the same modstamp as a duplicate', async () => {
		const r = { Id: '003000000000001AAA', SystemModstamp: '2026-03-01T10:00:00.000Z' };
		const res = await callTrigger(flow({ object: 'Contact', records: [r, r] }));
		expect(res.changes[0]).toMatchObject({ objects: { Contact: ['003000000000001AAA'] }, events: 2, duplicates: 1 });
	});

	it('rejects a missing or wrong secret with 401 without running anything else', async () => {
		const missing = await callTrigger(flow({ object: 'Contact', records: [] }, { headers: {} }));
		expect(missing.status).toBe(401);
		expect(missing.rejected[0]).toMatchObject({ source: 'salesforce', channel: 'flow-callout', reason: 'missing X-Reconcile-Secret header', status: 401 });
		const wrong = await callTrigger(flow({ object: 'Contact', records: [{ Id: '003000000000001AAA' }] }, { headers: { 'X-Reconcile-Secret': `${CALLOUT_SECRET}x` } }));
		expect(wrong.rejected[0].reason).toBe('wrong callout secret');
		expect(JSON.stringify(wrong.rejected)).not.toContain(CALLOUT_SECRET);
	});

	it.each([
		['a JSON array', [], 'body must be a JSON object'],
		['neither records nor record', { object: 'Contact' }, 'body: expected either "records" (an array) or "record" (an object)'],
		['an invalid id', { object: 'Contact', records: [{ Id: 'nope' }] }, 'body.records[0].Id: expected a 15- or 18-character Salesforce id'],
		['no object type', { records: [{ Id: '003000000000001AAA' }] }, 'body.records[0]: missing or invalid object type'],
		['an invalid object type', { object: 'Contact; DROP', record: { Id: '003000000000001AAA' } }, 'body.record: missing or invalid object type'],
		['an empty batch', { object: 'Contact', records: [] }, 'body.records: no records'],
	])('rejects %s with 400', async (_name, body, reason) => {
		const res = await callTrigger(flow(body));
		expect(res.status).toBe(400);
		expect(res.rejected[0].reason).toBe(reason);
	});
});

const note = (id: string, object: string, values: Record<string, unknown>) => ({ id, object, values });

function outbound(xml: string, extra: Partial<TriggerCall> = {}): TriggerCall {
	return {
		parameters: { source: 'salesforceOutbound', path: 'reconcile-sf-om' },
		credentials: salesforceCredentials(),
		body: xml,
		headers: { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: '""' },
		...extra,
	};
}

describe('Salesforce Outbound Messages', () => {
	// The simulator's envelope: 15-character org id, sObject fields in the enterprise namespace.
	const envelope = soapEnvelope(
		[
			note('04l000000000001AAA', 'Contact', { Id: '003000000000001AAA', LastModifiedById: HUMAN, SystemModstamp: '2026-03-01T10:00:00.000+0000', Title: 'R&D <Lead>' }),
			note('04l000000000002AAA', 'Contact', { Id: '003000000000002AAA', LastModifiedById: INTEGRATION_USER, SystemModstamp: '2026-03-01T11:00:00.000+0000' }),
			note('04l000000000003AAA', 'Contact', { Id: '003000000000003AAA', LastModifiedById: HUMAN, SystemModstamp: '2026-03-01T09:00:00.000+0000' }),
		],
		'Contact',
		ORG_ID_18,
		'https://acme.my.salesforce.com',
	);

	it('answers with the exact SOAP ack (200, text/xml) and names the records', async () => {
		const res = await callTrigger(outbound(envelope));
		expect(res.status).toBe(200);
		expect(res.headers['content-type']).toBe('text/xml; charset=utf-8');
		expect(res.text).toBe(OUTBOUND_ACK);
		expect(res.text).toContain('<notificationsResponse xmlns="http://soap.sforce.com/2005/09/outbound"><Ack>true</Ack></notificationsResponse>');
		expect(res.changes).toEqual([
			{
				source: 'salesforce',
				channel: 'outbound-message',
				receivedAt: expect.any(String),
				objects: { Contact: ['003000000000001AAA', '003000000000003AAA'] },
				events: 3,
				duplicates: 0,
				echoes: 1,
				ignored: 0,
				occurredAt: { min: '2026-03-01T09:00:00.000Z', max: '2026-03-01T11:00:00.000Z' },
				eventIds: ['04l000000000001AAA', '04l000000000002AAA', '04l000000000003AAA'],
			},
		]);
	});

	it('matches the org id in its 15- and 18-character forms', async () => {
		expect((await callTrigger(outbound(envelope, { credentials: salesforceCredentials({ organizationId: ORG_ID_18.slice(0, 15) }) }))).status).toBe(200);
	});

	it('rejects a message from another org with 401', async () => {
		const res = await callTrigger(outbound(envelope, { credentials: salesforceCredentials({ organizationId: '00D000000000002AAA' }) }));
		expect(res.status).toBe(401);
		expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
		expect(res.rejected[0]).toMatchObject({ channel: 'outbound-message', reason: 'organization ID does not match the credential', status: 401 });
	});

	it('counts a notification delivered twice in one message as a duplicate', async () => {
		const n = note('04l000000000009AAA', 'Account', { Id: '001000000000001AAA' });
		const res = await callTrigger(outbound(soapEnvelope([n, n], 'Account', ORG_ID_18, 'https://x')));
		expect(res.changes[0]).toMatchObject({ objects: { Account: ['001000000000001AAA'] }, events: 2, duplicates: 1 });
	});

	it('reads a hand-written message: other prefixes, xsi:nil fields, comments, CDATA, whitespace', async () => {
		const xml = `<?xml version="1.0" encoding="UTF-8"?>
<!-- sent by Salesforce -->
<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">
  <S:Body>
    <o:notifications xmlns:o="http://soap.sforce.com/2005/09/outbound">
      <o:OrganizationId>${ORG_ID_18}</o:OrganizationId>
      <o:ActionId>04k000000000001AAA</o:ActionId>
      <o:SessionId i:nil="true"/>
      <o:Notification>
        <o:Id>04l000000000001AAA</o:Id>
        <o:sObject i:type="x:Opportunity" xmlns:x="urn:sobject.enterprise.soap.sforce.com">
          <x:Id> 006000000000001AAA </x:Id>
          <x:LastModifiedById i:nil="true"/>
          <x:Name><![CDATA[Big <deal>]]></x:Name>
        </o:sObject>
      </o:Notification>
    </o:notifications>
  </S:Body>
</S:Envelope>`;
		const res = await callTrigger(outbound(xml));
		expect(res.status).toBe(200);
		expect(res.changes[0]).toMatchObject({ objects: { Opportunity: ['006000000000001AAA'] }, echoes: 0 });
	});

	it.each([
		['a DOCTYPE', `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]>${envelope.replace(/^<\?xml[^>]*>/, '')}`, 'DOCTYPE is not allowed'],
		['an external entity', envelope.replace('<soapenv:Body>', '<soapenv:Body><!ENTITY x SYSTEM "file:///etc/passwd">'), 'entity declarations are not allowed'],
		['an undefined entity reference', envelope.replace('R&amp;D', 'R&xxe;D'), 'undefined entity reference'],
		['a processing instruction', envelope.replace('<soapenv:Body>', '<soapenv:Body><?php evil ?>'), 'processing instructions are not allowed'],
		['a truncated document', envelope.slice(0, envelope.length - 20), 'malformed XML'],
		['mismatched tags', envelope.replace('</soapenv:Body>', '</soapenv:Bod>'), 'does not close'],
		['a non-UTF-8 declaration', envelope.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"'), 'only UTF-8 documents are accepted'],
	])('rejects XML with %s (400)', async (_name, xml, reason) => {
		const res = await callTrigger(outbound(xml));
		expect(res.status).toBe(400);
		expect(res.rejected[0].reason).toContain(reason);
	});

	it.each([
		['not SOAP', '<notifications xmlns="http://soap.sforce.com/2005/09/outbound"/>', 'not a SOAP 1.1 envelope'],
		[
			'the wrong namespace for notifications',
			'<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body><notifications xmlns="urn:other"/></e:Body></e:Envelope>',
			'Body: expected exactly one <notifications>, found 0',
		],
		['no notifications', soapEnvelope([], 'Contact', ORG_ID_18, 'https://x'), 'notifications: expected 1 to 100 <Notification>, found 0'],
		['a missing xsi:type', envelope.replace(/ xsi:type="sf:Contact"/g, ''), 'Notification[0].sObject: missing or invalid xsi:type'],
		['an invalid record id', envelope.replace('<sf:Id>003000000000001AAA</sf:Id>', '<sf:Id>x</sf:Id>'), 'Notification[0].sObject: missing or invalid Id field'],
	])('rejects a message with %s (400)', async (_name, xml, reason) => {
		const res = await callTrigger(outbound(xml));
		expect(res.status).toBe(400);
		expect(res.rejected[0].reason).toBe(reason);
	});

	it('rejects more than 100 notifications', async () => {
		const many = Array.from({ length: 101 }, (_, i) => note(`04l${String(i).padStart(12, '0')}AAA`, 'Contact', { Id: `003${String(i).padStart(12, '0')}AAA` }));
		const res = await callTrigger(outbound(soapEnvelope(many, 'Contact', ORG_ID_18, 'https://x')));
		expect(res.rejected[0].reason).toBe('notifications: expected 1 to 100 <Notification>, found 101');
	});
});
