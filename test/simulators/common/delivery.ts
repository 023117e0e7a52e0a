/**
 * Outgoing change notifications (HubSpot webhooks, Salesforce flow callouts and outbound messages)
 * share this engine: batching, bounded concurrency, per-event delivery faults (drop, duplicate,
 * reorder, delay), a receiver timeout, and a retry schedule in simulated time that `timeScale`
 * compresses, so tests can run HubSpot's 24-hour retry horizon in well under a second.
 */
import type { DeliveryDecision } from './faults';
import type { Clock } from './types';

export interface DeliveryAttempt {
	delivery: number;
	/** 0 for the first try, n for the n-th retry. */
	attempt: number;
	time: string;
	url: string;
	eventKeys: string[];
	status?: number;
	error?: string;
	ok: boolean;
	/** What happens next for this batch. */
	outcome: 'delivered' | 'retry' | 'gave-up';
}

export interface DeliveryStats {
	/** Events handed to the channel. */
	events: number;
	dropped: number;
	duplicated: number;
	reordered: number;
	delayed: number;
	/** HTTP requests made, first tries and retries. */
	requests: number;
	/** Events in a request the receiver acknowledged. */
	delivered: number;
	/** Events abandoned after the last retry. */
	gaveUp: number;
}

export interface ChannelConfig<E> {
	/** Receiver, read at send time; events produced while it is unset are not queued (nothing is subscribed). */
	url(): string | undefined;
	maxBatch: number;
	/** Wall-clock ms events accumulate before a request goes out. */
	batchWindowMs(): number;
	maxConcurrent: number;
	/** Wall-clock ms before a request counts as failed. */
	timeoutMs(): number;
	/** Simulated ms before retry number `retry` (1-based) of a batch first tried at `firstTriedAt`; undefined = give up. */
	retryDelay(retry: number, firstTriedAt: number): number | undefined;
	encode(events: E[], attempt: number, url: string): { body: string; headers: Record<string, string> };
	isAck(status: number, body: string): boolean;
	eventKey(event: E): string;
	decide(): DeliveryDecision;
	clock: Clock;
	timeScale(): number;
}

export class DeliveryChannel<E> {
	private queue: E[] = [];
	private held: E[] = [];
	private releasing: E[] = [];
	private timers = new Set<NodeJS.Timeout>();
	private flushTimer: NodeJS.Timeout | undefined;
	private aborts = new Set<AbortController>();
	private inFlight = 0;
	private slotWaiters: Array<() => void> = [];
	private idleWaiters: Array<() => void> = [];
	private deliveries = 0;
	private closed = false;
	readonly log: DeliveryAttempt[] = [];
	stats: DeliveryStats = emptyStats();

	constructor(private readonly cfg: ChannelConfig<E>) {}

	get enabled(): boolean {
		return !this.closed && this.cfg.url() !== undefined;
	}

	/** Queues one event, applying the delivery faults drawn for it. */
	enqueue(event: E): void {
		if (!this.enabled) return;
		this.stats.events++;
		const d = this.cfg.decide();
		if (d.drop) {
			this.stats.dropped++;
			return;
		}
		const copies = d.duplicate ? 2 : 1;
		if (d.duplicate) this.stats.duplicated++;
		for (let i = 0; i < copies; i++) {
			// The duplicate always trails the original, as a redelivery would.
			const reorder = d.reorder || i > 0;
			if (d.delayMs > 0 && i === 0) {
				this.stats.delayed++;
				this.later(d.delayMs * this.cfg.timeScale(), () => this.accept(event, false));
			} else {
				if (d.reorder && i === 0) this.stats.reordered++;
				this.accept(event, reorder);
			}
		}
	}

	/** Resolves once nothing is queued, held, waiting for a retry or in flight. */
	idle(): Promise<void> {
		if (this.isIdle()) return Promise.resolve();
		return new Promise((resolve) => this.idleWaiters.push(resolve));
	}

	/** Stops all timers and aborts requests in flight; queued events are discarded. */
	close(): void {
		this.closed = true;
		this.clear();
	}

	/** Discards everything pending and the log; the channel stays usable. */
	reset(): void {
		this.clear();
		this.log.length = 0;
		this.stats = emptyStats();
		this.deliveries = 0;
	}

	private clear(): void {
		for (const t of this.timers) clearTimeout(t);
		this.timers.clear();
		if (this.flushTimer) clearTimeout(this.flushTimer);
		this.flushTimer = undefined;
		for (const a of this.aborts) a.abort();
		this.queue = [];
		this.held = [];
		this.releasing = [];
		this.notifyIdle();
	}

	private accept(event: E, holdBack: boolean): void {
		(holdBack ? this.held : this.queue).push(event);
		this.scheduleFlush();
	}

	private scheduleFlush(): void {
		if (this.flushTimer || this.closed) return;
		this.flushTimer = setTimeout(() => {
			this.flushTimer = undefined;
			this.flush();
		}, this.cfg.batchWindowMs());
	}

	/**
	 * Sends what is queued. Events held back for reordering in one window go out at the next flush,
	 * in a request after that window's newer events.
	 */
	private flush(): void {
		const fresh = this.queue.splice(0);
		const released = this.releasing;
		this.releasing = this.held;
		this.held = [];
		if (this.releasing.length > 0) this.scheduleFlush();
		for (const group of [fresh, released]) {
			for (let i = 0; i < group.length; i += this.cfg.maxBatch) {
				void this.dispatch(group.slice(i, i + this.cfg.maxBatch), 0, this.cfg.clock(), ++this.deliveries);
			}
		}
		this.notifyIdle();
	}

	private async dispatch(events: E[], attempt: number, firstTriedAt: number, delivery: number): Promise<void> {
		await this.acquire();
		const url = this.cfg.url();
		const entry: DeliveryAttempt = {
			delivery,
			attempt,
			time: new Date(this.cfg.clock()).toISOString(),
			url: url ?? '',
			eventKeys: events.map((e) => this.cfg.eventKey(e)),
			ok: false,
			outcome: 'gave-up',
		};
		try {
			if (this.closed || url === undefined) return;
			this.stats.requests++;
			const result = await this.post(url, events, attempt);
			entry.status = result.status;
			entry.error = result.error;
			entry.ok = result.status !== undefined && this.cfg.isAck(result.status, result.body);
			if (entry.ok) {
				entry.outcome = 'delivered';
				this.stats.delivered += events.length;
				return;
			}
			const delay = this.cfg.retryDelay(attempt + 1, firstTriedAt);
			if (delay === undefined) {
				this.stats.gaveUp += events.length;
				return;
			}
			entry.outcome = 'retry';
			this.later(delay * this.cfg.timeScale(), () => void this.dispatch(events, attempt + 1, firstTriedAt, delivery));
		} finally {
			if (url !== undefined && !this.closed) this.log.push(entry);
			this.release();
		}
	}

	private async post(url: string, events: E[], attempt: number): Promise<{ status?: number; body: string; error?: string }> {
		const { body, headers } = this.cfg.encode(events, attempt, url);
		const abort = new AbortController();
		this.aborts.add(abort);
		const timer = setTimeout(() => abort.abort(), this.cfg.timeoutMs());
		try {
			const res = await fetch(url, { method: 'POST', body, headers, signal: abort.signal });
			return { status: res.status, body: await res.text() };
		} catch (err) {
			return { body: '', error: abort.signal.aborted ? 'timeout' : String((err as Error).cause ?? err) };
		} finally {
			clearTimeout(timer);
			this.aborts.delete(abort);
		}
	}

	private acquire(): Promise<void> {
		this.inFlight++;
		if (this.inFlight <= this.cfg.maxConcurrent) return Promise.resolve();
		return new Promise((resolve) => this.slotWaiters.push(resolve));
	}

	private release(): void {
		this.inFlight--;
		this.slotWaiters.shift()?.();
		this.notifyIdle();
	}

	private later(ms: number, fn: () => void): void {
		if (this.closed) return;
		const t = setTimeout(() => {
			this.timers.delete(t);
			fn();
			this.notifyIdle();
		}, Math.max(0, ms));
		this.timers.add(t);
	}

	private isIdle(): boolean {
		return (
			this.queue.length === 0 && this.held.length === 0 && this.releasing.length === 0 && this.timers.size === 0 && !this.flushTimer && this.inFlight === 0
		);
	}

	private notifyIdle(): void {
		if (!this.isIdle()) return;
		for (const w of this.idleWaiters.splice(0)) w();
	}
}

function emptyStats(): DeliveryStats {
	return { events: 0, dropped: 0, duplicated: 0, reordered: 0, delayed: 0, requests: 0, delivered: 0, gaveUp: 0 };
}
