/**
 * Salesforce-specific control routes under `/__sim/`: identity, ground-truth records, "UI" edits,
 * token expiry, the API limit and notification settings. None of them is counted or limited.
 */
import { jsonBody, registerCommonControl } from '../common/control';
import type { Router } from '../common/http';
import type { FlowCalloutOptions, OutboundMessageOptions } from './notifications';
import type { SalesforceSim } from './sim';

function userOf(body: Record<string, unknown>): string | undefined {
	return typeof body.userId === 'string' ? body.userId : undefined;
}

export function registerSalesforceControl(router: Router, sim: SalesforceSim): void {
	registerCommonControl(router, sim);
	router
		.add('GET', '/__sim/info', () => ({
			status: 200,
			body: {
				url: sim.url,
				loginUrl: sim.url,
				instanceUrl: sim.url,
				clientId: sim.clientId,
				clientSecret: sim.clientSecret,
				accessToken: sim.staticAccessToken,
				orgId: sim.orgId,
				integrationUserId: sim.integrationUserId,
				owners: sim.owners,
			},
		}))
		.add('GET', '/__sim/owners', () => ({ status: 200, body: sim.owners }))
		.add('GET', '/__sim/records/{sobject}', (req) => ({ status: 200, body: sim.truthAll(req.params.sobject) }))
		.add('GET', '/__sim/records/{sobject}/{id}', (req) => {
			const r = sim.truth(req.params.sobject, req.params.id);
			return r ? { status: 200, body: r } : { status: 404, body: { error: `no record ${req.params.id}` } };
		})
		.add('POST', '/__sim/ui/random', (req) => ({ status: 200, body: sim.uiRandomEdits(Number(jsonBody(req).count ?? 1)) }))
		.add('POST', '/__sim/ui/{sobject}', (req) => {
			const body = jsonBody(req);
			const id = sim.uiCreate(req.params.sobject, (body.fields ?? {}) as Record<string, unknown>, userOf(body));
			return { status: 201, body: sim.truth(req.params.sobject, id) };
		})
		.add('PATCH', '/__sim/ui/{sobject}/{id}', (req) => {
			const body = jsonBody(req);
			sim.uiUpdate(req.params.sobject, req.params.id, (body.fields ?? {}) as Record<string, unknown>, userOf(body));
			return { status: 200, body: sim.truth(req.params.sobject, req.params.id) };
		})
		.add('DELETE', '/__sim/ui/{sobject}/{id}', (req) => {
			sim.uiDelete(req.params.sobject, req.params.id, userOf(jsonBody(req)));
			return { status: 204 };
		})
		.add('POST', '/__sim/expire-tokens', () => {
			sim.expireTokens();
			return { status: 200, body: { ok: true } };
		})
		.add('GET', '/__sim/api-limit', () => ({ status: 200, body: sim.limit.usage() }))
		.add('PUT', '/__sim/api-limit', (req) => {
			const body = jsonBody(req);
			if (body.max !== undefined) sim.limit.max = body.max === null ? Infinity : Number(body.max);
			if (body.use !== undefined) sim.limit.use(Number(body.use));
			return { status: 200, body: sim.limit.usage() };
		})
		.add('GET', '/__sim/notifications', () => ({ status: 200, body: sim.notifications.options }))
		.add('PUT', '/__sim/notifications', (req) => {
			const body = jsonBody(req);
			sim.configureNotifications(body.flow as FlowCalloutOptions | undefined, body.outbound as OutboundMessageOptions | undefined);
			return { status: 200, body: sim.notifications.options };
		});
}
