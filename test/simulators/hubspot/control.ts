/**
 * HubSpot-specific control routes under `/__sim/`: identity, ground-truth records, "UI" edits,
 * rate limits and webhook settings. None of them is counted or rate limited.
 */
import { jsonBody, registerCommonControl } from '../common/control';
import type { Router, SimRequest } from '../common/http';
import type { HubSpotObject } from '../seed/model';
import type { HubSpotRateLimits } from './rate-limit';
import { resolveObjectType } from './schema';
import type { HubSpotSim } from './sim';
import type { HubSpotWebhookOptions } from './webhooks';

function objectOf(req: SimRequest): HubSpotObject {
	const object = resolveObjectType(req.params.objectType);
	if (!object) throw new Error(`unknown object type ${req.params.objectType}`);
	return object;
}

function userOf(body: Record<string, unknown>): number | undefined {
	return body.userId === undefined ? undefined : Number(body.userId);
}

export function registerHubSpotControl(router: Router, sim: HubSpotSim): void {
	registerCommonControl(router, sim);
	router
		.add('GET', '/__sim/info', () => ({
			status: 200,
			body: { url: sim.url, accessToken: sim.accessToken, appId: sim.appId, portalId: sim.portalId, clientSecret: sim.clientSecret, owners: sim.owners },
		}))
		.add('GET', '/__sim/owners', () => ({ status: 200, body: sim.owners }))
		.add('GET', '/__sim/records/{objectType}', (req) => ({ status: 200, body: sim.truthAll(objectOf(req), req.query.get('history') === 'true') }))
		.add('GET', '/__sim/records/{objectType}/{id}', (req) => {
			const r = sim.truth(objectOf(req), req.params.id);
			return r ? { status: 200, body: r } : { status: 404, body: { error: `no record ${req.params.id}` } };
		})
		.add('POST', '/__sim/ui/random', (req) => ({ status: 200, body: sim.uiRandomEdits(Number(jsonBody(req).count ?? 1)) }))
		.add('POST', '/__sim/ui/{objectType}', (req) => {
			const body = jsonBody(req);
			const id = sim.uiCreate(objectOf(req), (body.properties ?? {}) as Record<string, unknown>, userOf(body));
			return { status: 201, body: sim.truth(objectOf(req), id) };
		})
		.add('PATCH', '/__sim/ui/{objectType}/{id}', (req) => {
			const body = jsonBody(req);
			sim.uiUpdate(objectOf(req), req.params.id, (body.properties ?? {}) as Record<string, unknown>, userOf(body));
			return { status: 200, body: sim.truth(objectOf(req), req.params.id) };
		})
		.add('DELETE', '/__sim/ui/{objectType}/{id}', (req) => {
			sim.uiArchive(objectOf(req), req.params.id, userOf(jsonBody(req)));
			return { status: 204 };
		})
		.add('GET', '/__sim/rate-limits', () => ({ status: 200, body: sim.limiter.config }))
		.add('PUT', '/__sim/rate-limits', (req) => {
			// JSON has no Infinity: null switches a limit off.
			const limits = Object.fromEntries(Object.entries(jsonBody(req)).map(([k, v]) => [k, v === null ? Infinity : Number(v)]));
			sim.setRateLimits(limits as HubSpotRateLimits);
			return { status: 200, body: sim.limiter.config };
		})
		.add('POST', '/__sim/rate-limits/use-daily', (req) => {
			sim.limiter.useDaily(Number(jsonBody(req).calls ?? 0));
			return { status: 200, body: { ok: true } };
		})
		.add('GET', '/__sim/webhooks', () => ({ status: 200, body: sim.webhooks.options }))
		.add('PUT', '/__sim/webhooks', (req) => {
			sim.configureWebhooks(jsonBody(req) as HubSpotWebhookOptions);
			return { status: 200, body: sim.webhooks.options };
		});
}
