/** The two items the trigger emits: Changes (which records a delivery names) and Rejected (why one was refused). */
import type { Channel, ChangeEvent, RejectStatus, TriggerSource } from './types';

/** A type alias, not an interface, so it stays assignable to n8n's IDataObject. */
export type ChangesItem = {
	source: 'hubspot' | 'salesforce' | 'operator';
	channel: Channel;
	receivedAt: string;
	/** Record ids per object type, deduplicated, in first-seen order. */
	objects: Record<string, string[]>;
	/** Events in the delivery: duplicates + echoes + ignored + the events behind `objects`. */
	events: number;
	/** Events repeated within this delivery. */
	duplicates: number;
	/** Events this integration caused itself (dropped when the option is on). */
	echoes: number;
	/** Events for object types this package does not sync (e.g. HubSpot tickets). */
	ignored: number;
	/** Time range of the events; the receive time when the sender gives none. */
	occurredAt: { min: string; max: string };
	eventIds?: string[];
	/** On-demand runs: the JSON object the caller posted (e.g. `{"week": "this"}`). */
	request?: Record<string, unknown>;
};

export type RejectedItem = {
	source: 'hubspot' | 'salesforce' | 'operator';
	channel: Channel;
	reason: string;
	status: RejectStatus;
	receivedAt: string;
	remoteAddress?: string;
	bodyBytes: number;
};

export const CHANNELS: Record<TriggerSource, { source: 'hubspot' | 'salesforce' | 'operator'; channel: Channel }> = {
	hubspot: { source: 'hubspot', channel: 'webhook' },
	onDemand: { source: 'operator', channel: 'on-demand' },
	salesforceFlow: { source: 'salesforce', channel: 'flow-callout' },
	salesforceOutbound: { source: 'salesforce', channel: 'outbound-message' },
};

export function changesItem(events: ChangeEvent[], source: TriggerSource, receivedAt: number, request?: Record<string, unknown>): ChangesItem {
	const seen = new Set<string>();
	// A Map, then fromEntries: type names come from the sender and may be "constructor" and the like.
	const objects = new Map<string, string[]>();
	const named = new Set<string>();
	const eventIds: string[] = [];
	const counts = { duplicates: 0, echoes: 0, ignored: 0 };
	let min = Infinity;
	let max = -Infinity;
	for (const e of events) {
		if (seen.has(e.key)) {
			counts.duplicates++;
			continue;
		}
		seen.add(e.key);
		if (e.eventId !== undefined && !eventIds.includes(e.eventId)) eventIds.push(e.eventId);
		if (e.occurredAt !== undefined) {
			min = Math.min(min, e.occurredAt);
			max = Math.max(max, e.occurredAt);
		}
		if (e.echo) counts.echoes++;
		else if (e.objectType === undefined) counts.ignored++;
		else if (!named.has(`${e.objectType}\u0000${e.id}`)) {
			named.add(`${e.objectType}\u0000${e.id}`);
			const ids = objects.get(e.objectType);
			if (ids) ids.push(e.id);
			else objects.set(e.objectType, [e.id]);
		}
	}
	const iso = (ms: number) => new Date(Number.isFinite(ms) ? ms : receivedAt).toISOString();
	return {
		...CHANNELS[source],
		receivedAt: new Date(receivedAt).toISOString(),
		objects: Object.fromEntries(objects),
		events: events.length,
		...counts,
		occurredAt: { min: iso(min), max: iso(max) },
		...(eventIds.length > 0 ? { eventIds } : {}),
		...(request !== undefined ? { request } : {}),
	};
}

export function rejectedItem(
	source: TriggerSource,
	rejection: { status: RejectStatus; reason: string },
	receivedAt: number,
	bodyBytes: number,
	remoteAddress: string | undefined,
): RejectedItem {
	return {
		...CHANNELS[source],
		reason: rejection.reason,
		status: rejection.status,
		receivedAt: new Date(receivedAt).toISOString(),
		...(remoteAddress !== undefined ? { remoteAddress } : {}),
		bodyBytes,
	};
}
