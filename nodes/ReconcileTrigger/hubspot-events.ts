/**
 * HubSpot webhook deliveries (a JSON array of ≤ 100 events) → ChangeEvents. Only the identifying
 * fields are read; `propertyValue` is deliberately ignored because the fast loop re-reads records.
 */
import { z } from 'zod';

import { describeIssue, type Decoded } from './body';
import type { ChangeEvent } from './types';

/** Event-type prefixes of the objects this package syncs, as the connectors name them. */
const OBJECT_TYPES = new Map([
	['contact', 'contacts'],
	['company', 'companies'],
	['deal', 'deals'],
]);

/** Generic `object.*` events name the type by id; these are the standard ids of the same three objects. */
const OBJECT_TYPE_IDS = new Map([
	['0-1', 'contacts'],
	['0-2', 'companies'],
	['0-3', 'deals'],
]);

/** Record ids arrive as JSON numbers; beyond 2^53 they would already have lost digits, so those are refused. */
const recordId = z
	.union([z.number().int().positive().max(Number.MAX_SAFE_INTEGER), z.string().regex(/^\d{1,19}$/, 'expected a numeric id')])
	.transform(String);

const eventSchema = z
	.object({
		eventId: z.union([z.number(), z.string()]).optional(),
		subscriptionId: z.union([z.number(), z.string()]).optional(),
		subscriptionType: z.string().regex(/^[A-Za-z_]+\.[A-Za-z_]+$/, 'expected "<object>.<event>"'),
		objectTypeId: z.string().optional(),
		objectId: recordId.optional(),
		// Association changes may name the record only as `fromObjectId`.
		fromObjectId: recordId.optional(),
		occurredAt: z.number().int().nonnegative(),
		propertyName: z.string().optional(),
		changeSource: z.string().optional(),
		sourceId: z.union([z.string(), z.number()]).optional(),
	})
	.refine((e) => e.objectId !== undefined || e.fromObjectId !== undefined, { message: 'objectId is missing', path: ['objectId'] });

const deliverySchema = z.array(eventSchema).min(1, 'no events').max(100, 'more than 100 events (HubSpot sends at most 100)');

type HubSpotEvent = z.infer<typeof eventSchema>;

export interface EchoIdentity {
	dropEchoes: boolean;
	/** The app whose own writes come back as `changeSource` INTEGRATION/API with this `sourceId`. */
	appId: string;
}

export function readHubSpotEvents(json: unknown, identity: EchoIdentity): Decoded<ChangeEvent[]> {
	if (!Array.isArray(json)) return { ok: false, reason: 'body must be a JSON array of events' };
	const parsed = deliverySchema.safeParse(json);
	if (!parsed.success) return { ok: false, reason: describeIssue(parsed.error, 'events') };
	return { ok: true, value: parsed.data.map((e) => toChangeEvent(e, identity)) };
}

function objectTypeOf(e: HubSpotEvent): string | undefined {
	const prefix = e.subscriptionType.split('.')[0];
	return prefix === 'object' ? OBJECT_TYPE_IDS.get(e.objectTypeId ?? '') : OBJECT_TYPES.get(prefix);
}

function isEcho(e: HubSpotEvent, identity: EchoIdentity): boolean {
	if (!identity.dropEchoes || identity.appId === '') return false;
	return (e.changeSource === 'INTEGRATION' || e.changeSource === 'API') && String(e.sourceId ?? '') === identity.appId;
}

function toChangeEvent(e: HubSpotEvent, identity: EchoIdentity): ChangeEvent {
	const id = (e.objectId ?? e.fromObjectId) as string;
	// HubSpot says eventId alone is not unique; these are the two dedupe keys its docs suggest.
	const key =
		e.eventId !== undefined && e.subscriptionId !== undefined
			? `e:${e.subscriptionId}:${e.eventId}:${e.occurredAt}`
			: `o:${e.subscriptionType}:${id}:${e.propertyName ?? ''}:${e.occurredAt}`;
	return {
		objectType: objectTypeOf(e),
		id,
		key,
		occurredAt: e.occurredAt,
		echo: isEcho(e, identity),
		eventId: e.eventId === undefined ? undefined : String(e.eventId),
	};
}
