/**
 * Fault injection, deterministic by seed. Each fault kind draws from its own PRNG stream, so the
 * n-th request meets the same fate in every run with the same seed and the same call order,
 * whichever other faults are switched on.
 */
import { Rng } from './prng';

/** Applied per event to outgoing change notifications (HubSpot webhooks, Salesforce flow callouts and outbound messages). */
export interface DeliveryFaults {
	/** Fraction of events never sent. */
	dropRate?: number;
	/** Fraction of events sent twice (the copy goes out in a later request). */
	duplicateRate?: number;
	/** Fraction of events held back and sent after newer ones. */
	reorderRate?: number;
	/** Fraction of events held for `delayMs` (simulated ms, scaled by `timeScale`) before they are sent. */
	delayRate?: number;
	delayMs?: number;
}

export type SchemaChange =
	/** A single-select property / picklist becomes multi-select; existing values stay valid. */
	| { kind: 'single-to-multi'; object: string; field: string }
	/** A select / picklist gains an option. */
	| { kind: 'add-option'; object: string; field: string; value: string; label?: string };

export interface FaultOptions {
	webhooks?: DeliveryFaults;
	/** Fraction of API calls answered with HubSpot 429 (TEN_SECONDLY_ROLLING) / Salesforce 403 REQUEST_LIMIT_EXCEEDED. */
	rateLimitRate?: number;
	/** Fraction of API calls answered with a 5xx. */
	serverErrorRate?: number;
	/** Wall-clock ms added before every API response, plus up to `latencyJitterMs` more. */
	latencyMs?: number;
	latencyJitterMs?: number;
	/** Fraction of record writes that fail as locked (Salesforce UNABLE_TO_LOCK_ROW, HubSpot 423). */
	lockErrorRate?: number;
	/** HubSpot: 207 batch errors without `context` (the reference lists it as optional), so they name no record. */
	uncorrelatedBatchErrors?: boolean;
	/** Schema changes applied once the simulator has served `afterCalls` API calls ("mid-run"). */
	schemaChanges?: Array<{ afterCalls: number; change: SchemaChange }>;
}

export interface DeliveryDecision {
	drop: boolean;
	duplicate: boolean;
	reorder: boolean;
	delayMs: number;
}

export class FaultInjector {
	private opts: FaultOptions = {};
	private streams!: Record<'rate' | 'server' | 'lock' | 'latency' | 'delivery', Rng>;

	constructor(private readonly rng: Rng, opts: FaultOptions = {}) {
		this.reset(opts);
	}

	/** Replaces the options and restarts every stream from the seed. */
	reset(opts: FaultOptions = {}): void {
		this.opts = { ...opts, schemaChanges: [...(opts.schemaChanges ?? [])] };
		this.streams = {
			rate: this.rng.fork('rate'),
			server: this.rng.fork('server'),
			lock: this.rng.fork('lock'),
			latency: this.rng.fork('latency'),
			delivery: this.rng.fork('delivery'),
		};
	}

	get options(): FaultOptions {
		return this.opts;
	}

	rateLimited(): boolean {
		return this.streams.rate.chance(this.opts.rateLimitRate ?? 0);
	}

	serverError(): boolean {
		return this.streams.server.chance(this.opts.serverErrorRate ?? 0);
	}

	locked(): boolean {
		return this.streams.lock.chance(this.opts.lockErrorRate ?? 0);
	}

	latencyMs(): number {
		const base = this.opts.latencyMs ?? 0;
		const jitter = this.opts.latencyJitterMs ?? 0;
		return base + (jitter > 0 ? this.streams.latency.int(jitter + 1) : 0);
	}

	delivery(): DeliveryDecision {
		const f = this.opts.webhooks ?? {};
		const r = this.streams.delivery;
		return {
			drop: r.chance(f.dropRate ?? 0),
			duplicate: r.chance(f.duplicateRate ?? 0),
			reorder: r.chance(f.reorderRate ?? 0),
			delayMs: r.chance(f.delayRate ?? 0) ? (f.delayMs ?? 60_000) : 0,
		};
	}

	/** Removes and returns the scheduled schema changes that are due after `calls` API calls. */
	dueSchemaChanges(calls: number): SchemaChange[] {
		const pending = this.opts.schemaChanges ?? [];
		const due = pending.filter((s) => s.afterCalls <= calls);
		if (due.length === 0) return [];
		this.opts.schemaChanges = pending.filter((s) => s.afterCalls > calls);
		return due.map((s) => s.change);
	}
}
