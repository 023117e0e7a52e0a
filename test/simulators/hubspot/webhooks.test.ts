import { createHash } from 'node:crypto';
import { startHubSpotSim } from '../index';
import type { HubSpotSim } from './sim';
import { signatureV1, signatureV2, signatureV3 } from './signatures';
import type { WebhookEvent } from './webhooks';
import { hs, receiver } from '../test-helpers';

const SECRET = 'yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy';
const BODY =
	'[{"eventId":1,"subscriptionId":12345,"portalId":62515,"occurredAt":1564113600000,"subscriptionType":"contact.creation","attemptNumber":0,"objectId":123,"changeSource":"CRM","changeFlag":"NEW","appId":54321}]';

describe('HubSpot webhook signatures', () => {
	it('match the documented test vectors', () => {
		expect(signatureV1(SECRET, BODY)).toBe('232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de');
		expect(signatureV2(SECRET, 'GET', 'https://www.example.com/webhook_uri', '')).toBe('eee2dddcc73c94d699f5e395f4b9d454a069a6855fbfa152e91e88823087200e');
		expect(signatureV3(SECRET, 'POST', 'https://www.example.com/webhook_uri', BODY, 1564113600000)).toBe('DxmVAjFNa2xfF3YgQjdZP6TNcok9k1oaH7UXombPtvw=');
	});

	it('sign v3 over the URI with HubSpot’s set of escapes decoded', () => {
		expect(signatureV3(SECRET, 'POST', 'https://x.example/hook%3Fa%40b', '[]', 1)).toBe(signatureV3(SECRET, 'POST', 'https://x.example/hook?a@b', '[]', 1));
	});
});

describe('HubSpot webhook delivery', () => {
	let sim: HubSpotSim;
	let ids: string[];

	beforeAll(async () => {
		sim = await startHubSpotSim({ records: 300, seed: 9, rateLimits: false, timeScale: 1e-6, webhooks: { batchWindowMs: 20 } });
	});
	afterAll(() => sim.close());
	beforeEach(() => {
		sim.reset();
		sim.configureWebhooks({ targetUrl: undefined, maxRetries: 10 });
		ids = sim.truthAll('contacts').map((r: any) => r.id);
	});

	const events = (bodies: string[]): WebhookEvent[] => bodies.flatMap((b) => JSON.parse(b) as WebhookEvent[]);

	it('delivers API changes as INTEGRATION events and UI changes as CRM_UI events, signed v1 and v3', async () => {
		const hook = await receiver();
		sim.configureWebhooks({ targetUrl: hook.url });
		await hs(sim, `/crm/v3/objects/contacts/${ids[0]}`, { method: 'PATCH', body: { properties: { jobtitle: 'From API' } } });
		sim.uiUpdate('contacts', ids[1], { lifecyclestage: 'customer' }, 777);
		await sim.idle();
		await hook.close();
		const got = events(hook.received.map((r) => r.body));
		expect(got.map(({ objectId, propertyName, propertyValue, changeSource, sourceId, subscriptionType }) => ({ objectId, propertyName, propertyValue, changeSource, sourceId, subscriptionType }))).toEqual([
			{ objectId: Number(ids[0]), propertyName: 'jobtitle', propertyValue: 'From API', changeSource: 'INTEGRATION', sourceId: String(sim.appId), subscriptionType: 'contact.propertyChange' },
			{ objectId: Number(ids[1]), propertyName: 'lifecyclestage', propertyValue: 'customer', changeSource: 'CRM_UI', sourceId: 'userId:777', subscriptionType: 'contact.propertyChange' },
		]);
		expect(got[0]).toMatchObject({ portalId: sim.portalId, appId: sim.appId, attemptNumber: 0 });
		for (const r of hook.received) {
			expect(r.headers['x-hubspot-signature']).toBe(createHash('sha256').update(sim.clientSecret + r.body).digest('hex'));
			expect(r.headers['x-hubspot-signature-version']).toBe('v1');
			expect(r.headers['x-hubspot-signature-v3']).toBe(signatureV3(sim.clientSecret, 'POST', hook.url, r.body, String(r.headers['x-hubspot-request-timestamp'])));
		}
	});

	it('sends no event for a write that changes nothing and none for hs_lastmodifieddate', async () => {
		const hook = await receiver();
		sim.configureWebhooks({ targetUrl: hook.url });
		const current = (sim.truth('contacts', ids[0]) as any).properties.jobtitle;
		await hs(sim, `/crm/v3/objects/contacts/${ids[0]}`, { method: 'PATCH', body: { properties: { jobtitle: current } } });
		await sim.idle();
		await hook.close();
		expect(hook.received).toHaveLength(0);
	});

	it('batches at most 100 events per request and marks creations NEW', async () => {
		const hook = await receiver();
		sim.configureWebhooks({ targetUrl: hook.url });
		sim.uiRandomEdits(230);
		sim.uiCreate('contacts', { email: 'fresh@new.example', firstname: 'Fresh' });
		await sim.idle();
		await hook.close();
		const sizes = hook.received.map((r) => (JSON.parse(r.body) as unknown[]).length);
		expect(Math.max(...sizes)).toBeLessThanOrEqual(100);
		const all = events(hook.received.map((r) => r.body));
		expect(all.length).toBeGreaterThanOrEqual(230);
		expect(all.find((e) => e.subscriptionType === 'contact.creation')).toMatchObject({ changeFlag: 'NEW' });
	});

	it('retries a failed delivery with growing attemptNumber until it is accepted', async () => {
		const hook = await receiver((n) => ({ status: n < 3 ? 500 : 200 }));
		sim.configureWebhooks({ targetUrl: hook.url });
		sim.uiUpdate('contacts', ids[0], { jobtitle: 'Retry me' });
		await sim.idle();
		await hook.close();
		expect(hook.received.map((r) => JSON.parse(r.body)[0].attemptNumber)).toEqual([0, 1, 2, 3]);
		const log = sim.deliveries().webhooks.attempts;
		expect(log.map((a) => a.outcome)).toEqual(['retry', 'retry', 'retry', 'delivered']);
		expect(sim.deliveries().webhooks.stats).toMatchObject({ requests: 4, delivered: 1, gaveUp: 0 });
	});

	it('gives up after 10 retries (about a day of simulated time, compressed by timeScale)', async () => {
		const hook = await receiver(() => ({ status: 503 }));
		sim.configureWebhooks({ targetUrl: hook.url });
		sim.uiUpdate('contacts', ids[0], { jobtitle: 'Never' });
		const t0 = Date.now();
		await sim.idle();
		await hook.close();
		expect(hook.received).toHaveLength(11);
		expect(sim.deliveries().webhooks.stats.gaveUp).toBe(1);
		expect(Date.now() - t0).toBeLessThan(5_000);
	});

	it('treats a slow receiver as failed (timeout) and retries', async () => {
		sim.configureWebhooks({ timeoutMs: 100 });
		const hook = await receiver((n) => ({ status: 200, delayMs: n === 0 ? 400 : 0 }));
		sim.configureWebhooks({ targetUrl: hook.url });
		sim.uiUpdate('contacts', ids[0], { jobtitle: 'Slow' });
		await sim.idle();
		await hook.close();
		const log = sim.deliveries().webhooks.attempts;
		expect(log[0]).toMatchObject({ error: 'timeout', outcome: 'retry' });
		expect(log[log.length - 1].outcome).toBe('delivered');
		sim.configureWebhooks({ timeoutMs: 5_000 });
	});

	async function deliveredSequence(faults: Parameters<HubSpotSim['setFaults']>[0]): Promise<number[]> {
		sim.reset();
		sim.setFaults(faults);
		const hook = await receiver();
		sim.configureWebhooks({ targetUrl: hook.url });
		for (let i = 0; i < 60; i++) sim.uiUpdate('contacts', ids[i], { jobtitle: `Title ${i}` });
		await sim.idle();
		await hook.close();
		return events(hook.received.map((r) => r.body)).map((e) => e.objectId);
	}

	it('drops, duplicates, reorders and delays events deterministically by seed', async () => {
		const faults = { webhooks: { dropRate: 0.1, duplicateRate: 0.1, reorderRate: 0.2, delayRate: 0.1, delayMs: 3_600_000 } };
		const first = await deliveredSequence(faults);
		const stats = sim.deliveries().webhooks.stats;
		const second = await deliveredSequence(faults);
		expect(second).toEqual(first);
		const sent = ids.slice(0, 60).map(Number);
		expect(stats.dropped).toBeGreaterThan(0);
		expect(stats.duplicated).toBeGreaterThan(0);
		expect(new Set(first).size).toBe(60 - stats.dropped);
		expect(first.length).toBe(60 - stats.dropped + stats.duplicated);
		expect(first.filter((id, i) => first.indexOf(id) === i)).not.toEqual(sent.filter((id) => first.includes(id)));
		const clean = await deliveredSequence({});
		expect(clean).toEqual(sent);
	});
});
