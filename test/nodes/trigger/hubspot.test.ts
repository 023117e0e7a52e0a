import { signatureV1, signatureV2, signatureV3 } from '../../simulators';
import { computeV3, v3Uri } from '../../../nodes/ReconcileTrigger/hubspot-signature';
import { callTrigger, hubspotCredentials, HUBSPOT_APP_ID, HUBSPOT_SECRET, N8N_BASE, type TriggerCall } from './call-trigger';

const URL = `${N8N_BASE}/webhook/reconcile-hubspot`;

interface EventInit {
	eventId?: number;
	subscriptionId?: number;
	subscriptionType?: string;
	objectId?: number | string;
	occurredAt?: number;
	propertyName?: string;
	changeSource?: string;
	sourceId?: string;
	[key: string]: unknown;
}

let nextEventId = 1;
function event(init: EventInit = {}): EventInit {
	return {
		eventId: nextEventId++,
		subscriptionId: 7562680,
		portalId: 62515001,
		appId: 4201337,
		occurredAt: Date.now() - 1000,
		subscriptionType: 'contact.propertyChange',
		attemptNumber: 0,
		objectId: 541935488729,
		propertyName: 'email',
		propertyValue: 'a@b.example',
		changeSource: 'CRM_UI',
		sourceId: 'userId:777',
		...init,
	};
}

/** A delivery signed as HubSpot signs it (v3 over the URL called, with the simulator's signer). */
function signed(events: unknown, opts: Partial<TriggerCall> & { url?: string; timestamp?: number; secret?: string } = {}): TriggerCall {
	const body = typeof events === 'string' ? events : JSON.stringify(events);
	const timestamp = opts.timestamp ?? Date.now();
	const url = opts.url ?? URL + (opts.query ?? '');
	return {
		body,
		...opts,
		headers: {
			'X-HubSpot-Signature-v3': signatureV3(opts.secret ?? HUBSPOT_SECRET, 'POST', url, body, timestamp),
			'X-HubSpot-Request-Timestamp': String(timestamp),
			...opts.headers,
		},
	};
}

afterEach(() => jest.restoreAllMocks());

describe('HubSpot v3 signatures', () => {
	const VECTOR_BODY =
		'[{"eventId":1,"subscriptionId":12345,"portalId":62515,"occurredAt":1564113600000,"subscriptionType":"contact.creation","attemptNumber":0,"objectId":123,"changeSource":"CRM","changeFlag":"NEW","appId":54321}]';

	it('reproduces the reference vector', () => {
		const secret = 'yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy';
		expect(computeV3(secret, 'POST', 'https://www.example.com/webhook_uri', Buffer.from(VECTOR_BODY), '1564113600000')).toBe(
			'DxmVAjFNa2xfF3YgQjdZP6TNcok9k1oaH7UXombPtvw=',
		);
	});

	it('accepts the reference delivery end to end when n8n serves exactly that URI', async () => {
		jest.spyOn(Date, 'now').mockReturnValue(1564113600000 + 60_000);
		const res = await callTrigger({
			webhookBaseUrl: 'https://www.example.com',
			parameters: { path: 'webhook_uri' },
			credentials: hubspotCredentials({ clientSecret: 'yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy' }),
			body: VECTOR_BODY,
			headers: { 'X-HubSpot-Signature-v3': 'DxmVAjFNa2xfF3YgQjdZP6TNcok9k1oaH7UXombPtvw=', 'X-HubSpot-Request-Timestamp': '1564113600000' },
		});
		expect(res.status).toBe(200);
		expect(res.changes).toEqual([
			{
				source: 'hubspot',
				channel: 'webhook',
				receivedAt: new Date(1564113660000).toISOString(),
				objects: { contacts: ['123'] },
				events: 1,
				duplicates: 0,
				echoes: 0,
				ignored: 0,
				occurredAt: { min: '2019-07-26T04:00:00.000Z', max: '2019-07-26T04:00:00.000Z' },
				eventIds: ['1'],
			},
		]);
		expect(res.rejected).toEqual([]);
		expect(res.noWebhookResponse).toBe(true);
	});

	it('answers 200 with JSON and starts the workflow with one Changes item', async () => {
		const res = await callTrigger(signed([event({ objectId: 11 }), event({ objectId: 12, subscriptionType: 'deal.creation' })]));
		expect(res.status).toBe(200);
		expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
		expect(JSON.parse(res.text)).toEqual({ received: 2 });
		expect(res.changes[0].objects).toEqual({ contacts: ['11'], deals: ['12'] });
	});

	it('rejects a tampered body with 401 and a Rejected item', async () => {
		const call = signed([event({ objectId: 11 })]);
		const res = await callTrigger({ ...call, body: String(call.body).replace('11', '12') });
		expect(res.status).toBe(401);
		expect(JSON.parse(res.text)).toEqual({ error: 'invalid v3 signature' });
		expect(res.changes).toEqual([]);
		expect(res.rejected).toEqual([
			{
				source: 'hubspot',
				channel: 'webhook',
				reason: 'invalid v3 signature',
				status: 401,
				receivedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
				remoteAddress: '203.0.113.7',
				bodyBytes: Buffer.byteLength(String(call.body)),
			},
		]);
	});

	it('verifies the exact bytes received, whitespace and key order included', async () => {
		const body = `[ {"objectId": 5, "subscriptionType":"company.propertyChange", "occurredAt": ${Date.now()}} ]\n`;
		const res = await callTrigger(signed(body));
		expect(res.status).toBe(200);
		expect(res.changes[0].objects).toEqual({ companies: ['5'] });
	});

	it('rejects a signature made with another secret', async () => {
		const res = await callTrigger(signed([event()], { secret: 'not-the-secret' }));
		expect(res.status).toBe(401);
	});

	it('rejects an expired timestamp and one from the future', async () => {
		const old = await callTrigger(signed([event()], { timestamp: Date.now() - 301_000 }));
		expect(old.status).toBe(401);
		expect(old.rejected[0].reason).toBe('timestamp outside the 300 s window');
		const future = await callTrigger(signed([event()], { timestamp: Date.now() + 301_000 }));
		expect(future.status).toBe(401);
	});

	it('honours a configured window', async () => {
		const call = signed([event()], { timestamp: Date.now() - 20_000 });
		expect((await callTrigger({ ...call, parameters: { options: { signatureMaxAgeSeconds: 10 } } })).status).toBe(401);
		expect((await callTrigger({ ...call, parameters: { options: { signatureMaxAgeSeconds: 30 } } })).status).toBe(200);
	});

	it('rejects a missing timestamp header and a missing signature', async () => {
		const call = signed([event()]);
		const noTimestamp = await callTrigger({ ...call, headers: { 'X-HubSpot-Signature-v3': call.headers!['X-HubSpot-Signature-v3'] } });
		expect(noTimestamp.rejected[0].reason).toBe('missing or malformed X-HubSpot-Request-Timestamp');
		const unsigned = await callTrigger({ body: call.body });
		expect(unsigned.status).toBe(401);
		expect(unsigned.rejected[0].reason).toBe('missing X-HubSpot-Signature-v3 header');
	});

	it('refuses the same signed request a second time within the window', async () => {
		const call = signed([event()]);
		expect((await callTrigger(call)).status).toBe(200);
		const replay = await callTrigger(call);
		expect(replay.status).toBe(401);
		expect(replay.rejected[0].reason).toMatch(/^replayed delivery/);
	});

	it('signs over the query string as sent and decodes the escapes HubSpot decodes', async () => {
		// HubSpot signs `?a=b:c@d` for a target URL written `?a=b%3Ac%40d`; %20 stays encoded.
		const query = '?portal=62515001&tag=a%3Ab%40c%20d';
		const res = await callTrigger(signed([event()], { query, url: `${URL}?portal=62515001&tag=a:b@c%20d` }));
		expect(res.status).toBe(200);
		expect(v3Uri('https://x.example/h%3Fa%2Fb%2a%20')).toBe('https://x.example/h?a/b*%20');
	});

	it('rejects a delivery signed for another URL', async () => {
		const res = await callTrigger(signed([event()], { url: 'https://elsewhere.example/webhook/reconcile-hubspot' }));
		expect(res.status).toBe(401);
	});

	it('accepts a delivery to the editor test URL signed for that URL', async () => {
		const res = await callTrigger(signed([event()], { test: true, url: `${N8N_BASE}/webhook-test/reconcile-hubspot` }));
		expect(res.status).toBe(200);
	});
});

describe('HubSpot legacy signatures', () => {
	const body = JSON.stringify([event({ objectId: 21 })]);
	const v1 = { 'X-HubSpot-Signature': signatureV1(HUBSPOT_SECRET, body), 'X-HubSpot-Signature-Version': 'v1' };

	it('refuses v1 by default, because v1 has no timestamp', async () => {
		const res = await callTrigger({ body, headers: v1 });
		expect(res.status).toBe(401);
		expect(res.rejected[0].reason).toBe('only a v1/v2 signature, and legacy signatures are not accepted');
	});

	it('accepts a valid v1 when the option is on, and still refuses a tampered one', async () => {
		const parameters = { options: { acceptLegacySignatures: true } };
		expect((await callTrigger({ body, headers: v1, parameters })).status).toBe(200);
		expect((await callTrigger({ body: body.replace('21', '22'), headers: v1, parameters })).status).toBe(401);
	});

	it('accepts a valid v2 (method and URI signed) when the option is on', async () => {
		const headers = { 'X-HubSpot-Signature': signatureV2(HUBSPOT_SECRET, 'POST', URL, body), 'X-HubSpot-Signature-Version': 'v2' };
		expect((await callTrigger({ body, headers, parameters: { options: { acceptLegacySignatures: true } } })).status).toBe(200);
	});

	it('prefers v3 when both are present: a bad v3 is not rescued by a good v1', async () => {
		const headers = { ...v1, 'X-HubSpot-Signature-v3': 'AAAA', 'X-HubSpot-Request-Timestamp': String(Date.now()) };
		expect((await callTrigger({ body, headers, parameters: { options: { acceptLegacySignatures: true } } })).status).toBe(401);
	});
});

describe('HubSpot events', () => {
	it('maps contact, company and deal events (and object.* by type id) to object types with string ids', async () => {
		const res = await callTrigger(
			signed([
				event({ subscriptionType: 'contact.creation', objectId: 1 }),
				event({ subscriptionType: 'company.propertyChange', objectId: 2 }),
				event({ subscriptionType: 'deal.deletion', objectId: 3 }),
				event({ subscriptionType: 'object.propertyChange', objectTypeId: '0-1', objectId: 4 }),
			]),
		);
		expect(res.changes[0].objects).toEqual({ contacts: ['1', '4'], companies: ['2'], deals: ['3'] });
	});

	it('names each record once, in first-seen order, and counts repeated events as duplicates', async () => {
		const dup = event({ objectId: 9 });
		const res = await callTrigger(
			signed([event({ objectId: 8, propertyName: 'email' }), dup, event({ objectId: 8, propertyName: 'phone' }), { ...dup }, event({ objectId: 7 })]),
		);
		expect(res.changes[0]).toMatchObject({ objects: { contacts: ['8', '9', '7'] }, events: 5, duplicates: 1, echoes: 0 });
	});

	it('treats equal eventIds with different occurredAt as different events (HubSpot does not promise unique eventIds)', async () => {
		const res = await callTrigger(signed([event({ eventId: 5, occurredAt: 1000 }), event({ eventId: 5, occurredAt: 2000 })]));
		expect(res.changes[0]).toMatchObject({ events: 2, duplicates: 0 });
	});

	it('drops its own writes as echoes but counts them, and keeps a record a person also changed', async () => {
		const own = { changeSource: 'INTEGRATION', sourceId: HUBSPOT_APP_ID };
		const res = await callTrigger(
			signed([event({ objectId: 1, ...own }), event({ objectId: 2, changeSource: 'API', sourceId: HUBSPOT_APP_ID }), event({ objectId: 1 }), event({ objectId: 3, changeSource: 'INTEGRATION', sourceId: '999' })]),
		);
		expect(res.changes[0]).toMatchObject({ objects: { contacts: ['1', '3'] }, events: 4, echoes: 2 });
	});

	it('emits an item for a delivery of echoes only, with no objects', async () => {
		const res = await callTrigger(signed([event({ changeSource: 'INTEGRATION', sourceId: HUBSPOT_APP_ID })]));
		expect(res.status).toBe(200);
		expect(res.changes[0]).toMatchObject({ objects: {}, events: 1, echoes: 1 });
	});

	it('keeps echoes when the option is off, or when the credential has no App ID', async () => {
		const echo = [event({ objectId: 6, changeSource: 'INTEGRATION', sourceId: HUBSPOT_APP_ID })];
		const off = await callTrigger(signed(echo, { parameters: { options: { dropEchoes: false } } }));
		expect(off.changes[0]).toMatchObject({ objects: { contacts: ['6'] }, echoes: 0 });
		// Another timestamp: the same body signed in the same millisecond is the same request, refused as a replay.
		const noApp = await callTrigger(signed(echo, { credentials: hubspotCredentials({ appId: '' }), timestamp: Date.now() + 1 }));
		expect(noApp.changes[0]).toMatchObject({ objects: { contacts: ['6'] }, echoes: 0 });
	});

	it('counts events for objects this package does not sync as ignored instead of refusing the batch', async () => {
		const res = await callTrigger(signed([event({ subscriptionType: 'ticket.creation', objectId: 1 }), event({ objectId: 2 })]));
		expect(res.status).toBe(200);
		expect(res.changes[0]).toMatchObject({ objects: { contacts: ['2'] }, events: 2, ignored: 1 });
	});

	it('reports the time range of the events', async () => {
		const res = await callTrigger(signed([event({ occurredAt: Date.UTC(2026, 0, 2) }), event({ occurredAt: Date.UTC(2026, 0, 1) })]));
		expect(res.changes[0].occurredAt).toEqual({ min: '2026-01-01T00:00:00.000Z', max: '2026-01-02T00:00:00.000Z' });
	});

	it('takes the record of an association change from fromObjectId', async () => {
		const res = await callTrigger(signed([{ subscriptionType: 'contact.associationChange', fromObjectId: 31, toObjectId: 41, occurredAt: Date.now() }]));
		expect(res.changes[0].objects).toEqual({ contacts: ['31'] });
	});

	it.each([
		['an object instead of an array', { objectId: 1 }, 'body must be a JSON array of events'],
		['an empty array', [], 'events: no events'],
		['a missing objectId', [{ subscriptionType: 'contact.creation', occurredAt: 1 }], 'events[0].objectId: objectId is missing'],
		['a non-numeric objectId', [{ subscriptionType: 'contact.creation', occurredAt: 1, objectId: 'abc' }], 'events[0].objectId: expected a numeric id'],
		['an id beyond 2^53', [{ subscriptionType: 'contact.creation', occurredAt: 1, objectId: 2 ** 60 }], 'events[0].objectId'],
		['a missing occurredAt', [{ subscriptionType: 'contact.creation', objectId: 1 }], 'events[0].occurredAt: Required'],
		['a malformed subscriptionType', [{ subscriptionType: 'contact', objectId: 1, occurredAt: 1 }], 'events[0].subscriptionType'],
	])('rejects %s with 400, naming where', async (_name, body, reason) => {
		const res = await callTrigger(signed(body));
		expect(res.status).toBe(400);
		expect(res.rejected[0].reason).toContain(reason);
	});

	it('rejects more than 100 events', async () => {
		const res = await callTrigger(signed(Array.from({ length: 101 }, (_, i) => event({ objectId: i + 1 }))));
		expect(res.status).toBe(400);
		expect(res.rejected[0].reason).toMatch(/more than 100 events/);
	});

	it('rejects signed bytes that are not JSON without quoting them', async () => {
		const res = await callTrigger(signed('[{"objectId": 1, SECRET-LOOKING'));
		expect(res.status).toBe(400);
		expect(res.rejected[0].reason).toBe('body is not valid JSON');
	});

	it('rejects invalid UTF-8', async () => {
		const body = Buffer.concat([Buffer.from('[{"x":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}]')]);
		const timestamp = Date.now();
		const headers = {
			'X-HubSpot-Signature-v3': computeV3(HUBSPOT_SECRET, 'POST', URL, body, String(timestamp)),
			'X-HubSpot-Request-Timestamp': String(timestamp),
		};
		const res = await callTrigger({ body, headers });
		expect(res.rejected[0].reason).toBe('body is not valid UTF-8');
	});
});
