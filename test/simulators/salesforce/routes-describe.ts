/** Versions, resources, limits, describeGlobal and per-object describe (with picklist values). */
import type { Router, SimRequest, SimResponse } from '../common/http';
import type { SfContext } from './context';
import { notFound } from './errors';
import type { ApiLimit } from './limits';
import { findObject, type SfObjectSchema } from './schema';

export const SUPPORTED_VERSIONS = ['55.0', '56.0', '57.0', '58.0', '59.0', '60.0', '61.0', '62.0'];

function urls(version: string, o: SfObjectSchema): Record<string, string> {
	const base = `/services/data/${version}/sobjects/${o.name}`;
	return { sobject: base, describe: `${base}/describe`, rowTemplate: `${base}/{ID}` };
}

function basics(version: string, o: SfObjectSchema): Record<string, unknown> {
	return {
		name: o.name,
		label: o.label,
		labelPlural: o.labelPlural,
		keyPrefix: o.keyPrefix,
		custom: o.custom,
		createable: o.createable,
		updateable: o.updateable,
		deletable: o.createable,
		queryable: o.queryable,
		retrieveable: true,
		searchable: o.createable,
		urls: urls(version, o),
	};
}

function describe(ctx: SfContext, req: SimRequest): SimResponse {
	const o = findObject(ctx.schema(), req.params.sobject);
	if (!o) return notFound();
	return {
		status: 200,
		body: { ...basics(req.params.version, o), fields: o.fields, childRelationships: [], recordTypeInfos: [] },
	};
}

export function registerDescribeRoutes(router: Router, ctx: SfContext, limit: ApiLimit): void {
	router
		.add('GET', '/services/data', () => ({
			status: 200,
			body: SUPPORTED_VERSIONS.map((v) => ({ label: `v${v}`, url: `/services/data/v${v}`, version: v })),
		}))
		.add('GET', '/services/data/{version}', (req) => {
			const base = `/services/data/${req.params.version}`;
			return { status: 200, body: { sobjects: `${base}/sobjects`, query: `${base}/query`, queryAll: `${base}/queryAll`, limits: `${base}/limits`, composite: `${base}/composite` } };
		})
		.add('GET', '/services/data/{version}/limits', () => {
			const { used, max } = limit.usage();
			const cap = Number.isFinite(max) ? max : 1_000_000_000;
			return { status: 200, body: { DailyApiRequests: { Max: cap, Remaining: Math.max(0, cap - used) } } };
		})
		.add('GET', '/services/data/{version}/sobjects', (req) => ({
			status: 200,
			body: { encoding: 'UTF-8', maxBatchSize: 200, sobjects: [...ctx.schema().values()].map((o) => basics(req.params.version, o)) },
		}))
		.add('GET', '/services/data/{version}/sobjects/{sobject}/describe', (req) => describe(ctx, req))
		.add('GET', '/services/data/{version}/sobjects/{sobject}', (req) => {
			const o = findObject(ctx.schema(), req.params.sobject);
			return o ? { status: 200, body: { objectDescribe: basics(req.params.version, o), recentItems: [] } } : notFound();
		});
}
