/**
 * The Salesforce REST (v60.0) simulator: wiring of store, SOQL, sObject and collection routes,
 * OAuth sessions, the daily API limit, faults and change notifications, plus the in-process
 * control handle (the same operations the `/__sim/` routes expose).
 */
import type { CommonControl } from '../common/control';
import type { SchemaChange } from '../common/faults';
import { Router, type RouteMatch, type SimRequest, type SimResponse } from '../common/http';
import { SimBase, type SimBaseOptions } from '../common/sim-base';
import { SALESFORCE_IDENTITY } from '../seed/identities';
import type { SfContext } from './context';
import { invalidSession, requestLimit, serverUnavailable } from './errors';
import { ApiLimit } from './limits';
import { SalesforceNotifications, type FlowCalloutOptions, type OutboundMessageOptions } from './notifications';
import { SessionManager } from './oauth';
import { registerCompositeRoutes } from './routes-composite';
import { registerDescribeRoutes } from './routes-describe';
import { QueryEngine } from './routes-query';
import { registerSObjectRoutes } from './routes-sobjects';
import { buildSalesforceSchema, findObject, type SfSchema } from './schema';
import { recordJson } from './serialize';
import { SalesforceStore } from './store';
import { randomEdits, uiCreate, uiUpdate, type SfUiEdit } from './ui';

export interface SalesforceSimOptions extends SimBaseOptions {
	clientId?: string;
	clientSecret?: string;
	/** Inactivity after which an access token stops working (default 2 h, on the simulator clock). */
	sessionTimeoutMs?: number;
	/** Daily API requests, rolling 24 h (default 100,000); `false` switches the limit off (benchmarks). */
	dailyApiLimit?: number | false;
	flow?: FlowCalloutOptions;
	outbound?: OutboundMessageOptions;
}

export class SalesforceSim extends SimBase implements CommonControl {
	readonly orgId = SALESFORCE_IDENTITY.orgId;
	readonly integrationUserId = SALESFORCE_IDENTITY.integrationUserId;
	readonly clientId: string;
	readonly clientSecret: string;
	readonly staticAccessToken = SALESFORCE_IDENTITY.staticAccessToken;
	readonly limit: ApiLimit;
	readonly sessions: SessionManager;
	readonly notifications: SalesforceNotifications;
	readonly store: SalesforceStore;
	readonly queries: QueryEngine;
	readonly ctx: SfContext;
	private sfSchema: SfSchema = buildSalesforceSchema();

	/** `url` (once started) is both the `loginUrl` and the `instance_url`. */
	constructor(opts: SalesforceSimOptions = {}) {
		super('salesforce', opts);
		this.clientId = opts.clientId ?? SALESFORCE_IDENTITY.clientId;
		this.clientSecret = opts.clientSecret ?? SALESFORCE_IDENTITY.clientSecret;
		this.limit = new ApiLimit(this.clock, opts.dailyApiLimit === false ? Infinity : (opts.dailyApiLimit ?? 100_000));
		this.sessions = new SessionManager(
			{
				clientId: this.clientId,
				clientSecret: this.clientSecret,
				orgId: this.orgId,
				userId: this.integrationUserId,
				sessionTimeoutMs: opts.sessionTimeoutMs ?? 2 * 3_600_000,
				staticToken: this.staticAccessToken,
			},
			this.clock,
			this.rng.fork('tokens'),
		);
		this.notifications = new SalesforceNotifications(opts.flow ?? {}, opts.outbound ?? {}, {
			baseUrl: () => this.url,
			orgId: this.orgId,
			integrationUserId: this.integrationUserId,
			schema: () => this.sfSchema,
			clock: this.clock,
			faults: this.faultInjector,
			timeScale: () => this.timeScale,
		});
		this.store = new SalesforceStore(() => this.sfSchema, this.clock, this.writeLog, (c) => this.notifications.publish(c));
		this.store.load(this.plan);
		this.ctx = {
			store: this.store,
			schema: () => this.sfSchema,
			clock: this.clock,
			faults: this.faultInjector,
			actor: (req) => ({ channel: 'api', userId: req.principal ?? this.integrationUserId }),
		};
		this.queries = new QueryEngine({ store: this.store, schema: () => this.sfSchema, clock: this.clock, user: (req) => req.principal ?? '' });
	}

	protected stopNotifications(): void {
		this.notifications.close();
	}

	get schema(): SfSchema {
		return this.sfSchema;
	}

	/** Back to the seeded state: data, describe, sessions, counters, logs, limit, cursors, notification queues. */
	reset(): void {
		this.notifications.reset();
		this.resetCommon();
		this.sfSchema = buildSalesforceSchema();
		this.store.load(this.plan);
		this.queries.reset();
		this.sessions.reset();
		this.limit.reset();
	}

	expireTokens(): void {
		this.sessions.expireAll();
	}

	configureNotifications(flow?: FlowCalloutOptions, outbound?: OutboundMessageOptions): void {
		this.notifications.configure(flow, outbound);
	}

	deliveries() {
		return Object.fromEntries(this.notifications.channels().map(([name, c]) => [name, { stats: c.stats, attempts: c.log }]));
	}

	idle(): Promise<void> {
		return this.notifications.idle();
	}

	/** Applies a schema change now: a picklist becomes a multi-select picklist, or a picklist gains a value. */
	schemaChange(change: SchemaChange): void {
		const f = findObject(this.sfSchema, change.object)?.byLower.get(change.field.toLowerCase());
		if (!f || (f.type !== 'picklist' && f.type !== 'multipicklist')) throw new Error(`${change.object}.${change.field} is not a picklist`);
		if (change.kind === 'single-to-multi') {
			f.type = 'multipicklist';
			f.soapType = 'xsd:string';
			f.length = 4_099;
			f.sortable = false;
		} else if (!f.picklistValues.some((v) => v.value === change.value)) {
			f.picklistValues.push({ active: true, defaultValue: false, label: change.label ?? change.value, validFor: null, value: change.value });
		}
	}

	/** A record as stored (deleted ones included), outside the API: the ground truth. */
	truth(object: string, id: string): Record<string, unknown> | undefined {
		const o = findObject(this.sfSchema, object);
		const r = o ? this.store.get(o.name, id) : undefined;
		return o && r ? recordJson('v60.0', o, r.values) : undefined;
	}

	truthAll(object: string): Array<Record<string, unknown>> {
		const o = findObject(this.sfSchema, object);
		if (!o) throw new Error(`unknown object ${object}`);
		return this.store.all(o.name).map((r) => recordJson('v60.0', o, r.values));
	}

	uiUpdate(object: string, id: string, values: Record<string, unknown>, userId = this.owners[0].salesforceUserId): void {
		uiUpdate(this.ctx, object, id, values, userId);
	}

	uiCreate(object: string, values: Record<string, unknown>, userId = this.owners[0].salesforceUserId): string {
		return String(uiCreate(this.ctx, object, values, userId).values.Id);
	}

	uiDelete(object: string, id: string, userId = this.owners[0].salesforceUserId): void {
		const r = this.store.get(object, id);
		if (!r) throw new Error(`no ${object} record ${id}`);
		this.store.delete(object, r, { channel: 'ui', userId });
	}

	uiRandomEdits(count: number): SfUiEdit[] {
		return randomEdits(this.ctx, this.store, this.owners.map((o) => o.salesforceUserId), this.uiRng, count);
	}

	/** Session, then scheduled schema changes, the daily limit and injected errors. */
	check(req: SimRequest, match: RouteMatch): SimResponse | undefined {
		if (match.route.template === '/services/oauth2/token' || match.route.template === '/services/data') return undefined;
		const user = this.sessions.authenticate(req.headers.authorization);
		if (!user) return invalidSession();
		req.principal = user;
		for (const change of this.faultInjector.dueSchemaChanges(this.counter.count)) this.schemaChange(change);
		if (!this.limit.take()) return requestLimit();
		if (this.faultInjector.rateLimited()) return requestLimit();
		if (this.faultInjector.serverError()) return serverUnavailable();
		return undefined;
	}

	router(): Router {
		const router = new Router();
		router.add('POST', '/services/oauth2/token', (req) => this.sessions.token(req, this.url));
		registerDescribeRoutes(router, this.ctx, this.limit);
		this.queries.register(router);
		registerCompositeRoutes(router, this.ctx);
		registerSObjectRoutes(router, this.ctx);
		return router;
	}
}
