/**
 * What both simulators share: the seed plan, clock, time scale, call counter, write log, fault
 * injector and HTTP serving, and the control methods built on them. Each simulator adds its store,
 * API routes, gate and change notifications.
 */
import { describeModel } from '../seed/model';
import { buildSeedPlan, resolveSeedOptions, type SeedManifest, type SeedOptions, type SeedPlan } from '../seed/plan';
import type { Owner } from '../seed/value-maps';
import { CallCounter, type CallCounts } from './call-counter';
import { FaultInjector, type FaultOptions } from './faults';
import { listen, type Router, type RunningServer } from './http';
import { createPipeline, type ApiGate } from './pipeline';
import { Rng } from './prng';
import { realClock, type Clock } from './types';
import { WriteLog, type WriteLogEntry } from './write-log';

export interface SimBaseOptions extends SeedOptions {
	port?: number;
	host?: string;
	clock?: Clock;
	/** Multiplies simulated waits (notification retry gaps, delivery delays): 1e-5 runs 24 h in under a second. */
	timeScale?: number;
	faults?: FaultOptions;
	/** A plan shared with the other simulator (set by `startSims`). */
	plan?: SeedPlan;
}

export abstract class SimBase {
	readonly writeLog = new WriteLog();
	readonly counter = new CallCounter();
	readonly clock: Clock;
	readonly faultInjector: FaultInjector;
	/** Base URL once started. */
	url = '';
	/** Never mutated: stores load copies of it. */
	protected readonly plan: SeedPlan;
	protected readonly rng: Rng;
	protected uiRng: Rng;
	protected timeScale: number;
	private server: RunningServer | undefined;

	constructor(system: 'hubspot' | 'salesforce', private readonly baseOpts: SimBaseOptions) {
		this.clock = baseOpts.clock ?? realClock;
		this.timeScale = baseOpts.timeScale ?? 1;
		this.plan = baseOpts.plan ?? buildSeedPlan(resolveSeedOptions(baseOpts, this.clock()));
		this.rng = new Rng(`${system}:${this.plan.options.seed}`);
		this.uiRng = this.rng.fork('ui');
		this.faultInjector = new FaultInjector(this.rng.fork('faults'), baseOpts.faults);
	}

	/** Stops the simulator's outgoing notifications (webhooks, callouts, outbound messages). */
	protected abstract stopNotifications(): void;

	/** Serves the API and control routes on a real port (0 = a free one). */
	async listen(api: Router, control: Router, gate: ApiGate): Promise<void> {
		const pipeline = createPipeline({ api, control, gate, counter: this.counter, faults: this.faultInjector });
		this.server = await listen(pipeline, this.baseOpts.port ?? 0, this.baseOpts.host);
		this.url = this.server.url;
	}

	/** Stops notifications and the HTTP server. */
	async close(): Promise<void> {
		this.stopNotifications();
		await this.server?.close();
	}

	/** Clears counters, the write log and faults (back to the start options); stores reload the unchanged plan. */
	protected resetCommon(): void {
		this.writeLog.clear();
		this.counter.reset();
		this.faultInjector.reset(this.baseOpts.faults);
		this.uiRng = this.rng.fork('ui');
	}

	get owners(): Owner[] {
		return this.plan.owners;
	}

	manifest(): SeedManifest {
		return this.plan.manifest;
	}

	model(): Record<string, unknown> {
		return describeModel(this.plan.owners);
	}

	calls(): CallCounts {
		return this.counter.snapshot();
	}

	resetCalls(): void {
		this.counter.reset();
	}

	writes(since = 0): WriteLogEntry[] {
		return this.writeLog.since(since);
	}

	faults(): FaultOptions {
		return this.faultInjector.options;
	}

	/** Replaces all fault options and restarts the fault streams from the seed. */
	setFaults(f: FaultOptions): void {
		this.faultInjector.reset(f);
	}

	setTimeScale(scale: number): void {
		this.timeScale = scale;
	}
}
