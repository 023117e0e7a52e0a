/**
 * The HubSpot CRM v3 simulator: wiring of store, routes, auth, rate limits, faults and webhooks,
 * plus the in-process control handle (the same operations the `/__sim/` routes expose).
 */
import type { CommonControl } from '../common/control';
import type { SchemaChange } from '../common/faults';
import { Router, type RouteMatch, type SimRequest, type SimResponse } from '../common/http';
import { SimBase, type SimBaseOptions } from '../common/sim-base';
import { HUBSPOT_IDENTITY } from '../seed/identities';
import type { HubSpotObject } from '../seed/model';
import type { HsContext } from './context';
import { locked, rateLimited, serverError, unauthorized } from './errors';
import { DEFAULT_RATE_LIMITS, RateLimiter, type HubSpotRateLimits } from './rate-limit';
import { registerBatchRoutes } from './routes-batch';
import { registerMetaRoutes } from './routes-meta';
import { registerObjectRoutes } from './routes-objects';
import { registerSearchRoutes } from './routes-search';
import { buildHubSpotSchema, DEAL_PIPELINE_STAGES, type HsSchema } from './schema';
import { toJson } from './serialize';
import { HubSpotStore, type HsRecord } from './store';
import { randomEdits, uiActor, uiCreate, uiUpdate, type UiEdit } from './ui';
import { HubSpotWebhooks, type HubSpotWebhookOptions } from './webhooks';

export interface HubSpotSimOptions extends SimBaseOptions {
	accessToken?: string;
	appId?: number;
	portalId?: number;
	clientSecret?: string;
	/** Limits per private app; `false` switches rate limiting off (benchmarks). */
	rateLimits?: HubSpotRateLimits | false;
	webhooks?: HubSpotWebhookOptions;
	/** Batch results in a seeded random order, as HubSpot does not promise input order (default true). */
	shuffleBatchResults?: boolean;
}

const UNLIMITED: Required<HubSpotRateLimits> = { perTenSeconds: Infinity, daily: Infinity, searchPerSecond: Infinity };

export class HubSpotSim extends SimBase implements CommonControl {
	readonly accessToken: string;
	readonly appId: number;
	readonly portalId: number;
	readonly clientSecret: string;
	readonly limiter: RateLimiter;
	readonly webhooks: HubSpotWebhooks;
	readonly store: HubSpotStore;
	readonly ctx: HsContext;

	constructor(opts: HubSpotSimOptions = {}) {
		super('hubspot', opts);
		this.accessToken = opts.accessToken ?? HUBSPOT_IDENTITY.accessToken;
		this.appId = opts.appId ?? HUBSPOT_IDENTITY.appId;
		this.portalId = opts.portalId ?? HUBSPOT_IDENTITY.portalId;
		this.clientSecret = opts.clientSecret ?? HUBSPOT_IDENTITY.clientSecret;
		this.limiter = new RateLimiter(this.clock, opts.rateLimits === false ? UNLIMITED : opts.rateLimits);
		this.webhooks = new HubSpotWebhooks(
			opts.webhooks ?? {},
			{ portalId: this.portalId, appId: this.appId, clientSecret: this.clientSecret },
			this.clock,
			this.faultInjector,
			this.rng.fork('webhook-jitter'),
			() => this.timeScale,
		);
		this.store = new HubSpotStore(this.clock, this.writeLog, (changes) => this.webhooks.publish(changes));
		this.store.load(this.plan);
		const ids = this.rng.fork('correlation');
		this.ctx = {
			store: this.store,
			schema: buildHubSpotSchema(),
			owners: this.plan.owners,
			dealStages: [...DEAL_PIPELINE_STAGES],
			clock: this.clock,
			orderRng: opts.shuffleBatchResults === false ? undefined : this.rng.fork('batch-order'),
			correlationId: () => ids.uuid(),
			apiActor: { channel: 'api', source: { sourceType: 'INTEGRATION', sourceId: String(this.appId) } },
			faults: () => this.faultInjector.options,
		};
	}

	protected stopNotifications(): void {
		this.webhooks.channel.close();
	}

	get schema(): HsSchema {
		return this.ctx.schema;
	}

	/** Back to the seeded state: data, schema, counters, logs, limits, webhook queue; faults as configured at start. */
	reset(): void {
		this.webhooks.reset();
		this.resetCommon();
		this.store.load(this.plan);
		this.ctx.schema = buildHubSpotSchema();
		this.ctx.dealStages = [...DEAL_PIPELINE_STAGES];
		if (this.ctx.orderRng) this.ctx.orderRng = this.rng.fork('batch-order');
		this.limiter.reset();
	}

	/** New limits; what `limits` leaves out gets HubSpot's default, `false` switches limiting off. */
	setRateLimits(limits: HubSpotRateLimits | false): void {
		this.limiter.configure(limits === false ? UNLIMITED : { ...DEFAULT_RATE_LIMITS, ...limits });
	}

	configureWebhooks(opts: HubSpotWebhookOptions): void {
		this.webhooks.configure(opts);
	}

	deliveries() {
		return { webhooks: { stats: this.webhooks.channel.stats, attempts: this.webhooks.channel.log } };
	}

	idle(): Promise<void> {
		return this.webhooks.channel.idle();
	}

	/** Applies a schema change now: a select becomes multi-select (checkbox), or an enumeration gains an option. */
	schemaChange(change: SchemaChange): void {
		const object = change.object as HubSpotObject;
		const p = this.ctx.schema[object]?.get(change.field);
		if (!p || p.type !== 'enumeration') throw new Error(`${change.object}.${change.field} is not an enumeration property`);
		p.updatedAt = new Date(this.clock()).toISOString();
		if (change.kind === 'single-to-multi') {
			p.fieldType = 'checkbox';
		} else if (p.name === 'dealstage') {
			if (!this.ctx.dealStages.includes(change.value)) this.ctx.dealStages.push(change.value);
		} else if (!p.options.some((o) => o.value === change.value)) {
			p.options.push({ label: change.label ?? change.value, value: change.value, displayOrder: p.options.length, hidden: false });
		}
	}

	/** A record as stored, with every property and its history: the ground truth, outside the API. */
	truth(object: HubSpotObject, id: string): Record<string, unknown> | undefined {
		const r = this.store.get(object, id);
		return r ? this.truthJson(object, r, true) : undefined;
	}

	truthAll(object: HubSpotObject, withHistory = false): Array<Record<string, unknown>> {
		return this.store.all(object).map((r) => this.truthJson(object, r, withHistory));
	}

	private truthJson(object: HubSpotObject, r: HsRecord, withHistory: boolean): Record<string, unknown> {
		const names = [...this.ctx.schema[object].keys()];
		return toJson(this.ctx, object, r, names, withHistory ? names : []) as unknown as Record<string, unknown>;
	}

	uiUpdate(object: HubSpotObject, id: string, properties: Record<string, unknown>, userId = this.owners[0].hubspotUserId): void {
		uiUpdate(this.ctx, object, id, properties, userId);
	}

	uiCreate(object: HubSpotObject, properties: Record<string, unknown>, userId = this.owners[0].hubspotUserId): string {
		return uiCreate(this.ctx, object, properties, userId).id;
	}

	uiArchive(object: HubSpotObject, id: string, userId = this.owners[0].hubspotUserId): void {
		const r = this.store.get(object, id);
		if (!r) throw new Error(`no ${object} record ${id}`);
		this.store.archive(object, r, uiActor(userId));
	}

	uiRandomEdits(count: number): UiEdit[] {
		return randomEdits(this.ctx, this.uiRng, count);
	}

	/** Auth, then scheduled schema changes, rate limits and injected errors, in HubSpot's order. */
	check(req: SimRequest, match: RouteMatch): SimResponse | undefined {
		if (req.headers.authorization !== `Bearer ${this.accessToken}`) return unauthorized(this.ctx.correlationId());
		for (const change of this.faultInjector.dueSchemaChanges(this.counter.count)) this.schemaChange(change);
		const search = match.route.template.endsWith('/search');
		const policy = this.limiter.take(search);
		if (policy) return rateLimited(policy, this.ctx.correlationId(), search ? {} : this.limiter.headers());
		if (this.faultInjector.rateLimited()) return rateLimited('TEN_SECONDLY_ROLLING', this.ctx.correlationId(), this.limiter.headers());
		if (this.faultInjector.serverError()) return serverError(this.ctx.correlationId());
		if (isWrite(req, match) && this.faultInjector.locked()) return locked(this.ctx.correlationId());
		return undefined;
	}

	router(): Router {
		const router = new Router();
		registerBatchRoutes(router, this.ctx);
		registerSearchRoutes(router, this.ctx);
		registerObjectRoutes(router, this.ctx);
		registerMetaRoutes(router, this.ctx);
		return router;
	}
}

function isWrite(req: SimRequest, match: RouteMatch): boolean {
	if (req.method === 'PATCH' || req.method === 'DELETE') return true;
	const t = match.route.template;
	return req.method === 'POST' && !t.endsWith('/search') && !t.endsWith('/batch/read');
}
