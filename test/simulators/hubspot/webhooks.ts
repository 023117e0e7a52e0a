/**
 * HubSpot app webhooks: every property change, creation and deletion (API writes included, marked
 * `INTEGRATION` with the app id as `sourceId`) becomes an event; events go out as JSON arrays of
 * ≤ 100 to the target URL, signed v1 and v3, retried up to 10 times over about a day on any
 * non-2xx or a > 5 s timeout. Delivery faults (drop, duplicate, reorder, delay) apply per event.
 */
import { DeliveryChannel } from '../common/delivery';
import type { FaultInjector } from '../common/faults';
import type { Rng } from '../common/prng';
import type { Clock } from '../common/types';
import { EVENT_PREFIX } from './schema';
import { signatureV1, signatureV3 } from './signatures';
import type { HsChange } from './store';

export interface HubSpotWebhookOptions {
	/** Receiver; no deliveries while unset. */
	targetUrl?: string;
	/** Wall-clock ms events accumulate before a request goes out (default 50). */
	batchWindowMs?: number;
	maxConcurrentRequests?: number;
	/** Wall-clock ms (default 5000, HubSpot's timeout). */
	timeoutMs?: number;
	/** Retries after the first attempt (default 10). */
	maxRetries?: number;
	/** Event types to deliver (default: creation, deletion and propertyChange for contact, company and deal). */
	subscriptions?: string[];
}

export interface WebhookEvent {
	eventId: number;
	subscriptionId: number;
	portalId: number;
	appId: number;
	occurredAt: number;
	subscriptionType: string;
	attemptNumber: number;
	objectId: number;
	propertyName?: string;
	propertyValue?: string;
	changeSource: string;
	sourceId?: string;
	changeFlag?: string;
}

/** Properties HubSpot does not let apps subscribe to (they change on every write). */
const UNSUBSCRIBABLE = new Set(['hs_lastmodifieddate', 'lastmodifieddate']);

const HOUR = 3_600_000;

/** HubSpot retries about 10 times over 24 h with growing, randomised gaps; these sum to roughly 22 h. */
const RETRY_GAPS_MS = [60_000, 5 * 60_000, 15 * 60_000, 30 * 60_000, HOUR, 2 * HOUR, 3 * HOUR, 4 * HOUR, 5 * HOUR, 6 * HOUR];

export class HubSpotWebhooks {
	readonly channel: DeliveryChannel<WebhookEvent>;
	private opts: HubSpotWebhookOptions;
	private nextEventId = 1;

	constructor(
		opts: HubSpotWebhookOptions,
		private readonly identity: { portalId: number; appId: number; clientSecret: string },
		private readonly clock: Clock,
		faults: FaultInjector,
		jitter: Rng,
		timeScale: () => number,
	) {
		this.opts = { ...opts };
		this.channel = new DeliveryChannel<WebhookEvent>({
			url: () => this.opts.targetUrl,
			maxBatch: 100,
			batchWindowMs: () => this.opts.batchWindowMs ?? 50,
			maxConcurrent: opts.maxConcurrentRequests ?? 10,
			timeoutMs: () => this.opts.timeoutMs ?? 5_000,
			retryDelay: (retry) =>
				retry <= (this.opts.maxRetries ?? RETRY_GAPS_MS.length)
					? RETRY_GAPS_MS[Math.min(retry, RETRY_GAPS_MS.length) - 1] * (0.75 + jitter.next() / 2)
					: undefined,
			encode: (events, attempt, url) => this.encode(events, attempt, url),
			isAck: (status) => status >= 200 && status < 300,
			eventKey: (e) => `${e.eventId}`,
			decide: () => faults.delivery(),
			clock,
			timeScale,
		});
	}

	configure(opts: HubSpotWebhookOptions): void {
		this.opts = { ...this.opts, ...opts };
	}

	get options(): HubSpotWebhookOptions {
		return this.opts;
	}

	reset(): void {
		this.channel.reset();
		this.nextEventId = 1;
	}

	/** Turns store changes into events for the subscribed types. */
	publish(changes: HsChange[]): void {
		if (!this.channel.enabled) return;
		for (const c of changes) {
			if (c.property !== undefined && UNSUBSCRIBABLE.has(c.property)) continue;
			const subscriptionType = `${EVENT_PREFIX[c.object]}.${c.kind}`;
			if (this.opts.subscriptions && !this.opts.subscriptions.includes(subscriptionType)) continue;
			const event: WebhookEvent = {
				eventId: this.nextEventId++,
				subscriptionId: subscriptionId(subscriptionType, c.property),
				portalId: this.identity.portalId,
				appId: this.identity.appId,
				occurredAt: c.at,
				subscriptionType,
				attemptNumber: 0,
				objectId: Number(c.record.id),
				...(c.kind === 'propertyChange' ? { propertyName: c.property, propertyValue: c.value ?? '' } : {}),
				changeSource: c.actor.source.sourceType,
				...(c.actor.source.sourceId !== undefined ? { sourceId: c.actor.source.sourceId } : {}),
				...(c.kind === 'creation' ? { changeFlag: 'NEW' } : c.kind === 'deletion' ? { changeFlag: 'DELETED' } : {}),
			};
			this.channel.enqueue(event);
		}
	}

	private encode(events: WebhookEvent[], attempt: number, url: string): { body: string; headers: Record<string, string> } {
		// Compact JSON: receivers (n8n's HubSpot Trigger among them) verify v1 against a re-serialised body.
		const body = JSON.stringify(events.map((e) => ({ ...e, attemptNumber: attempt })));
		const timestamp = this.clock();
		const secret = this.identity.clientSecret;
		return {
			body,
			headers: {
				'Content-Type': 'application/json',
				'User-Agent': 'HubSpot Connect 2.0 (http://dev.hubspot.com/) (namespace: webhooks-nio)',
				'X-HubSpot-Signature': signatureV1(secret, body),
				'X-HubSpot-Signature-Version': 'v1',
				'X-HubSpot-Signature-v3': signatureV3(secret, 'POST', url, body, timestamp),
				'X-HubSpot-Request-Timestamp': String(timestamp),
			},
		};
	}
}

/** A stable subscription id per event type and property, as HubSpot assigns one per subscription. */
function subscriptionId(type: string, property: string | undefined): number {
	let h = 7_562_680;
	for (const ch of `${type}:${property ?? ''}`) h = (h * 31 + ch.charCodeAt(0)) % 9_000_000;
	return 1_000_000 + h;
}
