/** `GET /crm/v3/properties/{type}[/{name}]`, `GET /crm/v3/owners`, `GET /crm/v3/pipelines/deals`: what a policy needs to map values. */
import { isoMs } from '../common/format';
import type { Router, SimRequest, SimResponse } from '../common/http';
import { DEAL_STAGE_LABELS } from '../seed/value-maps';
import type { HsContext } from './context';
import { hsError, validation } from './errors';
import { resolveObjectType, type HsProperty } from './schema';

/** The property as HubSpot serialises it (without the simulator's own bookkeeping fields). */
function propertyJson(p: HsProperty): Record<string, unknown> {
	const { computed: _computed, format: _format, ...rest } = p;
	return rest;
}

function properties(ctx: HsContext, req: SimRequest): SimResponse {
	const object = resolveObjectType(req.params.objectType);
	if (!object) return validation(`Unable to infer object type from: ${req.params.objectType}`, ctx.correlationId());
	const name = req.params.propertyName;
	if (name !== undefined) {
		const p = ctx.schema[object].get(name);
		if (!p) return hsError(404, 'OBJECT_NOT_FOUND', `Unable to find property with name ${name} on object type ${object}`, ctx.correlationId());
		return { status: 200, body: propertyJson(p) };
	}
	return { status: 200, body: { results: [...ctx.schema[object].values()].map(propertyJson) } };
}

function owners(ctx: HsContext, req: SimRequest): SimResponse {
	const email = req.query.get('email');
	const created = isoMs(Date.parse('2020-01-15T09:00:00Z'));
	const results = ctx.owners
		.filter((o) => email === null || o.email === email.toLowerCase())
		.map((o) => ({
			id: o.hubspotOwnerId,
			email: o.email,
			type: 'PERSON',
			firstName: o.firstName,
			lastName: o.lastName,
			userId: o.hubspotUserId,
			userIdIncludingInactive: o.hubspotUserId,
			createdAt: created,
			updatedAt: created,
			archived: false,
			teams: [],
		}));
	return { status: 200, body: { results } };
}

function pipelines(ctx: HsContext, req: SimRequest): SimResponse {
	if (req.params.objectType !== 'deals') return { status: 200, body: { results: [] } };
	const at = isoMs(Date.parse('2020-01-15T09:00:00Z'));
	const stages = ctx.dealStages.map((id, i) => ({
		id,
		label: DEAL_STAGE_LABELS[id] ?? id,
		displayOrder: i,
		metadata: { isClosed: String(id.startsWith('closed')), probability: id === 'closedwon' ? '1.0' : id === 'closedlost' ? '0.0' : String(((i + 1) / 10).toFixed(1)) },
		createdAt: at,
		updatedAt: at,
		archived: false,
	}));
	return { status: 200, body: { results: [{ id: 'default', label: 'Sales Pipeline', displayOrder: 0, stages, createdAt: at, updatedAt: at, archived: false }] } };
}

export function registerMetaRoutes(router: Router, ctx: HsContext): void {
	router
		.add('GET', '/crm/v3/properties/{objectType}', (req) => properties(ctx, req))
		.add('GET', '/crm/v3/properties/{objectType}/{propertyName}', (req) => properties(ctx, req))
		.add('GET', '/crm/v3/owners', (req) => owners(ctx, req))
		.add('GET', '/crm/v3/pipelines/{objectType}', (req) => pipelines(ctx, req));
}
