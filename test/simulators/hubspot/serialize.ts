/** Turning stored records into HubSpot's JSON, and request properties into validated values. */
import { isoMs } from '../common/format';
import { isRecord } from '../common/http';
import type { HubSpotObject } from '../seed/model';
import { externalOptions, type HsContext } from './context';
import { DEFAULT_PROPERTIES } from './schema';
import type { HsRecord } from './store';
import { checkValue, type PropertyError } from './values';

export interface HsRecordJson {
	id: string;
	properties: Record<string, string | null>;
	propertiesWithHistory?: Record<string, Array<Record<string, unknown>>>;
	createdAt: string;
	updatedAt: string;
	archived: boolean;
	archivedAt?: string;
	/** Batch writes echo the input's trace id. */
	objectWriteTraceId?: string;
}

/** Reads an array query parameter sent either repeated (`?properties=a&properties=b`, the official client) or comma-joined. */
export function listParam(query: URLSearchParams, name: string): string[] | undefined {
	const raw = query.getAll(name);
	if (raw.length === 0) return undefined;
	return raw.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}

/** Requested names, or the object's defaults; names HubSpot does not know are silently dropped, as HubSpot does. */
export function requestedProperties(ctx: HsContext, object: HubSpotObject, names: string[] | undefined): string[] {
	if (!names || names.length === 0) return DEFAULT_PROPERTIES[object];
	return names.filter((n) => ctx.schema[object].has(n));
}

/** Names for `propertiesWithHistory`: none unless asked for. */
export function historyProperties(ctx: HsContext, object: HubSpotObject, names: string[] | undefined): string[] {
	return (names ?? []).filter((n) => ctx.schema[object].has(n));
}

export function toJson(
	ctx: HsContext,
	object: HubSpotObject,
	r: HsRecord,
	properties: string[],
	withHistory: string[] = [],
): HsRecordJson {
	const props: Record<string, string | null> = {};
	for (const name of properties) props[name] = ctx.store.value(object, r, name);
	const out: HsRecordJson = {
		id: r.id,
		properties: props,
		createdAt: isoMs(r.createdAt),
		updatedAt: isoMs(r.updatedAt),
		archived: r.archived,
	};
	if (r.archivedAt !== undefined) out.archivedAt = isoMs(r.archivedAt);
	if (withHistory.length > 0) {
		out.propertiesWithHistory = {};
		for (const name of withHistory) {
			out.propertiesWithHistory[name] = ctx.store.history(object, r, name).map((h) => ({
				value: h.value,
				timestamp: isoMs(h.timestamp),
				sourceType: h.sourceType,
				...(h.sourceId !== undefined ? { sourceId: h.sourceId } : {}),
				...(h.updatedByUserId !== undefined ? { updatedByUserId: h.updatedByUserId } : {}),
			}));
		}
	}
	return out;
}

export type CheckedProperties = { ok: true; values: Record<string, string | null> } | { ok: false; errors: PropertyError[] };

/** Validates a `properties` object from a write; unknown names are errors here (unlike on reads). */
export function checkProperties(ctx: HsContext, object: HubSpotObject, input: unknown): CheckedProperties {
	if (!isRecord(input)) {
		return { ok: false, errors: [{ isValid: false, message: 'properties must be an object', error: 'INVALID_PROPERTIES', name: 'properties', localizedErrorMessage: 'properties must be an object' }] };
	}
	const values: Record<string, string | null> = {};
	const errors: PropertyError[] = [];
	for (const [name, raw] of Object.entries(input)) {
		const p = ctx.schema[object].get(name);
		if (!p) {
			const message = `Property "${name}" does not exist`;
			errors.push({ isValid: false, message, error: 'PROPERTY_DOESNT_EXIST', name, localizedErrorMessage: message });
			continue;
		}
		const checked = checkValue(p, raw, (n) => externalOptions(ctx, n));
		if (checked.ok) values[name] = checked.value;
		else errors.push(checked.error);
	}
	return errors.length > 0 ? { ok: false, errors } : { ok: true, values };
}

/** Another live contact that already has this email, if any (HubSpot keeps contact emails unique). */
export function emailOwner(ctx: HsContext, object: HubSpotObject, values: Record<string, string | null>, self?: HsRecord): HsRecord | undefined {
	const email = values.email;
	if (object !== 'contacts' || !email) return undefined;
	const other = ctx.store.findBy('contacts', 'email', email);
	return other && other !== self ? other : undefined;
}
