/**
 * Salesforce change notifications to a configured URL, for creates and updates (API writes
 * included, with the integration user as LastModifiedById; deletes fire neither mechanism):
 *
 * - Flow-style HTTP callouts: one JSON POST per saved record, from a record-triggered flow's async
 *   path. Flows do not retry; a failed callout is lost (it would go to the flow's fault path).
 * - Outbound Messages: SOAP 1.1, ≤ 100 notifications per message, one queue per object, retried
 *   with exponential backoff (15 s doubling, at most 2 h apart) until acknowledged or 24 h passed.
 */
import { DeliveryChannel } from '../common/delivery';
import type { FaultInjector } from '../common/faults';
import { sfDateTime } from '../common/format';
import type { Clock } from '../common/types';
import { makeId } from './ids';
import type { SfSchema } from './schema';
import { fieldJson } from './serialize';
import type { SfChange } from './store';

export interface FlowCalloutOptions {
	url?: string;
	/** Objects with a record-triggered flow (default Contact, Account, Opportunity). */
	objects?: string[];
	/** The flow's entry condition `LastModifiedById != integration user` (default false: API changes are sent too). */
	skipIntegrationUser?: boolean;
	timeoutMs?: number;
	/** Extra request headers, as a Named Credential adds them (e.g. the receiver's shared secret). */
	headers?: Record<string, string>;
}

export interface OutboundMessageOptions {
	url?: string;
	objects?: string[];
	/** Fields sent per object (default: every field of the object). */
	fields?: Record<string, string[]>;
	/** Wall-clock ms (default 60,000, Salesforce's timeout). */
	timeoutMs?: number;
	/** Simulated ms after which an unacknowledged notification is dropped (default 24 h). */
	horizonMs?: number;
	batchWindowMs?: number;
}

export interface FlowEvent {
	eventId: string;
	object: string;
	changeType: 'CREATE' | 'UPDATE';
	recordId: string;
	changedFields: string[];
	record: Record<string, unknown>;
	prior: Record<string, unknown>;
	occurredAt: string;
}

interface Notification {
	id: string;
	object: string;
	values: Record<string, unknown>;
}

const DEFAULT_OBJECTS = ['Contact', 'Account', 'Opportunity'];
const FIRST_RETRY_MS = 15_000;
const MAX_GAP_MS = 2 * 3_600_000;

/** Gap before retry `n` (1-based) and the total elapsed by then. */
export function outboundRetryGap(n: number): { gap: number; elapsed: number } {
	let elapsed = 0;
	let gap = 0;
	for (let i = 1; i <= n; i++) {
		gap = Math.min(FIRST_RETRY_MS * 2 ** (i - 1), MAX_GAP_MS);
		elapsed += gap;
	}
	return { gap, elapsed };
}

export interface NotificationDeps {
	baseUrl: () => string;
	orgId: string;
	integrationUserId: string;
	schema: () => SfSchema;
	clock: Clock;
	faults: FaultInjector;
	timeScale: () => number;
}

export class SalesforceNotifications {
	private flowOpts: FlowCalloutOptions;
	private outboundOpts: OutboundMessageOptions;
	readonly flow: DeliveryChannel<FlowEvent>;
	readonly outbound = new Map<string, DeliveryChannel<Notification>>();
	private seq = 0;

	constructor(flow: FlowCalloutOptions, outbound: OutboundMessageOptions, private readonly deps: NotificationDeps) {
		this.flowOpts = { ...flow };
		this.outboundOpts = { ...outbound };
		this.flow = new DeliveryChannel<FlowEvent>({
			url: () => this.flowOpts.url,
			maxBatch: 1,
			batchWindowMs: () => 10,
			maxConcurrent: 10,
			timeoutMs: () => this.flowOpts.timeoutMs ?? 10_000,
			retryDelay: () => undefined,
			encode: (events) => ({ body: JSON.stringify(events[0]), headers: { ...(this.flowOpts.headers ?? {}), 'Content-Type': 'application/json' } }),
			isAck: (status) => status >= 200 && status < 300,
			eventKey: (e) => e.eventId,
			decide: () => deps.faults.delivery(),
			clock: deps.clock,
			timeScale: deps.timeScale,
		});
	}

	configure(flow: FlowCalloutOptions | undefined, outbound: OutboundMessageOptions | undefined): void {
		if (flow) this.flowOpts = { ...this.flowOpts, ...flow };
		if (outbound) this.outboundOpts = { ...this.outboundOpts, ...outbound };
	}

	get options(): { flow: FlowCalloutOptions; outbound: OutboundMessageOptions } {
		return { flow: this.flowOpts, outbound: this.outboundOpts };
	}

	channels(): Array<[string, DeliveryChannel<unknown>]> {
		return [['flow', this.flow as DeliveryChannel<unknown>], ...[...this.outbound].map(([o, c]) => [`outbound:${o}`, c as DeliveryChannel<unknown>] as [string, DeliveryChannel<unknown>])];
	}

	reset(): void {
		for (const [, c] of this.channels()) c.reset();
		this.seq = 0;
	}

	close(): void {
		for (const [, c] of this.channels()) c.close();
	}

	async idle(): Promise<void> {
		await Promise.all(this.channels().map(([, c]) => c.idle()));
	}

	publish(change: SfChange): void {
		if (change.kind === 'delete') return;
		const object = change.object;
		const schema = this.deps.schema().get(object);
		if (!schema) return;
		const snapshot = Object.fromEntries(schema.fields.map((f) => [f.name, fieldJson(f, change.record.values[f.name])]));
		const id = String(change.record.values.Id);
		const skip = this.flowOpts.skipIntegrationUser && change.actor.userId === this.deps.integrationUserId;
		if ((this.flowOpts.objects ?? DEFAULT_OBJECTS).includes(object) && !skip) {
			this.flow.enqueue({
				eventId: `${id}:${++this.seq}`,
				object,
				changeType: change.kind === 'create' ? 'CREATE' : 'UPDATE',
				recordId: id,
				changedFields: change.changed,
				record: snapshot,
				prior: change.prior,
				occurredAt: sfDateTime(change.at),
			});
		}
		if ((this.outboundOpts.objects ?? DEFAULT_OBJECTS).includes(object)) {
			const fields = this.outboundOpts.fields?.[object];
			const values = fields ? Object.fromEntries(fields.map((f) => [f, snapshot[f] ?? null])) : snapshot;
			this.outboundChannel(object).enqueue({ id: makeId('04l', ++this.seq), object, values: { Id: id, ...values } });
		}
	}

	private outboundChannel(object: string): DeliveryChannel<Notification> {
		let channel = this.outbound.get(object);
		if (channel) return channel;
		const horizon = () => this.outboundOpts.horizonMs ?? 86_400_000;
		channel = new DeliveryChannel<Notification>({
			url: () => this.outboundOpts.url,
			maxBatch: 100,
			batchWindowMs: () => this.outboundOpts.batchWindowMs ?? 50,
			maxConcurrent: 5,
			timeoutMs: () => this.outboundOpts.timeoutMs ?? 60_000,
			retryDelay: (n) => {
				const { gap, elapsed } = outboundRetryGap(n);
				return elapsed > horizon() ? undefined : gap;
			},
			encode: (items) => ({
				body: soapEnvelope(items, object, this.deps.orgId, this.deps.baseUrl()),
				headers: { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: '""' },
			}),
			isAck: (status, body) => status === 200 && /<(?:\w+:)?Ack>\s*true\s*<\/(?:\w+:)?Ack>/.test(body),
			eventKey: (n) => n.id,
			decide: () => this.deps.faults.delivery(),
			clock: this.deps.clock,
			timeScale: this.deps.timeScale,
		});
		this.outbound.set(object, channel);
		return channel;
	}
}

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** SOAP datetimes use `Z`, not the REST API's `+0000`. */
function soapValue(v: unknown): string {
	const s = String(v);
	return xmlEscape(/^\d{4}-\d{2}-\d{2}T.*\+0000$/.test(s) ? s.replace('+0000', 'Z') : s);
}

/** A stable outbound-message action id per object. */
function actionNumber(object: string): number {
	let h = 7;
	for (const ch of object) h = (h * 31 + ch.charCodeAt(0)) % 100_000;
	return h;
}

export function soapEnvelope(items: Notification[], object: string, orgId: string, baseUrl: string): string {
	const org15 = orgId.slice(0, 15);
	const notifications = items
		.map((n) => {
			const fields = Object.entries(n.values)
				.filter(([, v]) => v !== null && v !== undefined)
				.map(([k, v]) => `<sf:${k}>${soapValue(v)}</sf:${k}>`)
				.join('');
			return `<Notification><Id>${n.id}</Id><sObject xsi:type="sf:${object}" xmlns:sf="urn:sobject.enterprise.soap.sforce.com">${fields}</sObject></Notification>`;
		})
		.join('');
	return (
		'<?xml version="1.0" encoding="UTF-8"?>' +
		'<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
		'<soapenv:Body><notifications xmlns="http://soap.sforce.com/2005/09/outbound">' +
		`<OrganizationId>${org15}</OrganizationId><ActionId>${makeId('04k', actionNumber(object))}</ActionId><SessionId xsi:nil="true"/>` +
		`<EnterpriseUrl>${baseUrl}/services/Soap/c/60.0/${org15}</EnterpriseUrl><PartnerUrl>${baseUrl}/services/Soap/u/60.0/${org15}</PartnerUrl>` +
		`${notifications}</notifications></soapenv:Body></soapenv:Envelope>`
	);
}
