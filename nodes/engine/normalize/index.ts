/**
 * One codec per synced field: `normalize` turns a raw value from either side into a comparable value (or
 * Drift), `format` turns an agreed value back into what the target system accepts on a write.
 */
import type { FieldSpec, KeySpec, SystemKind } from '../policy/schema';
import type { Normalized, Side } from '../types';
import { normalizeBoolean } from './boolean';
import { normalizeEnum, normalizeMultiselect, ValueMap } from './choice';
import { midnightIn, normalizeDate, normalizeDatetime, offsetMinutes, isoInstant, parseInstant } from './datetime';
import { Drift, isBlank, type NormalizeResult } from './drift';
import { normalizeNumber } from './number';
import { normalizePhone } from './phone';
import { normalizeEmail, normalizeString } from './text';

export { Drift, isBlank, isDrift, sameNormalized, type NormalizeResult } from './drift';
export { parseInstant, isoInstant } from './datetime';

/**
 * How a system wants values on writes. HubSpot: every property value is a string and `""` clears.
 * Salesforce and upstream n8n items: JSON types, `null` clears.
 */
export type ValueStyle = 'strings' | 'typed';

export function valueStyleOf(system: SystemKind): ValueStyle {
	return system === 'hubspot' ? 'strings' : 'typed';
}

/** The raw values of both sides, so a write can keep the winner's own spelling (phone formatting, option case). */
export interface FormatContext {
	aRaw?: unknown;
	bRaw?: unknown;
	/** The side whose value won, when one did. */
	from?: Side;
}

export interface FieldCodec {
	normalize(raw: unknown, side: Side): NormalizeResult;
	format(value: Normalized, side: Side, style: ValueStyle, context?: FormatContext): unknown;
}

function blankFor(style: ValueStyle): unknown {
	return style === 'strings' ? '' : null;
}

function winnerRaw(context: FormatContext | undefined): unknown {
	if (context?.from === undefined) return undefined;
	return context.from === 'a' ? context.aRaw : context.bRaw;
}

/** Text-like values: write the winner's own text (trimmed) so formatting people chose survives. */
function textCodec(normalize: (raw: unknown) => NormalizeResult): FieldCodec {
	return {
		normalize: (raw) => normalize(raw),
		format(value, _side, style, context) {
			if (value === null) return blankFor(style);
			const raw = winnerRaw(context);
			if (typeof raw === 'string' && !isBlank(raw)) return raw.trim();
			return String(value);
		},
	};
}

function numberCodec(precision: number): FieldCodec {
	return {
		normalize: (raw) => normalizeNumber(raw, precision),
		format(value, _side, style) {
			if (value === null) return blankFor(style);
			return style === 'strings' ? String(value) : value;
		},
	};
}

const booleanCodec: FieldCodec = {
	normalize: (raw) => normalizeBoolean(raw),
	format(value, _side, style) {
		if (value === null) return blankFor(style);
		return style === 'strings' ? String(value) : value;
	},
};

function datetimeCodec(field: Extract<FieldSpec, { type: 'datetime' }>): FieldCodec {
	const naive = offsetMinutes(field.naiveOffset);
	return {
		normalize: (raw) => normalizeDatetime(raw, field.precision, naive),
		format(value, _side, style, context) {
			if (value === null) return blankFor(style);
			// Keep the winner's full precision (ms) rather than the truncated comparison value.
			const full = parseInstant(winnerRaw(context), naive);
			return isoInstant(typeof full === 'number' ? full : (value as number));
		},
	};
}

function dateCodec(field: Extract<FieldSpec, { type: 'date' }>): FieldCodec {
	return {
		normalize: (raw) => normalizeDate(raw, field.slashFormat, field.timeZone),
		format(value, side, style) {
			if (value === null) return blankFor(style);
			return field.writeAs[side] === 'datetime' ? midnightIn(String(value), field.timeZone ?? 'UTC') : value;
		},
	};
}

const CACHE_LIMIT = 4096;

/**
 * Option fields repeat a handful of raw values across all records, so their normalised values are
 * computed once per distinct raw string and shared (they are immutable). This saves the allocation of a
 * list per record, which for 100k records is most of the engine's garbage.
 */
function cached(normalize: (raw: unknown, side: Side) => NormalizeResult): (raw: unknown, side: Side) => NormalizeResult {
	const caches: Record<Side, Map<string, NormalizeResult>> = { a: new Map(), b: new Map() };
	return (raw, side) => {
		if (typeof raw !== 'string') return normalize(raw, side);
		const cache = caches[side];
		let value = cache.get(raw);
		if (value === undefined) {
			value = normalize(raw, side);
			if (cache.size < CACHE_LIMIT) cache.set(raw, value);
		}
		return value;
	};
}

function enumCodec(field: Extract<FieldSpec, { type: 'enum' }>): FieldCodec {
	const values = new ValueMap(field.map, field.caseSensitive, field.unmapped);
	return {
		normalize: cached((raw, side) => normalizeEnum(raw, side, values)),
		format(value, side, style, context) {
			if (value === null) return blankFor(style);
			// Options the map does not translate (no map, or passed through) keep the winner's own spelling:
			// the canonical value is case-folded.
			if ((field.map === undefined || !values.isMapped(String(value))) && context?.from !== undefined) {
				const raw = winnerRaw(context);
				if (typeof raw === 'string') return raw.trim();
			}
			return values.forSide(String(value), side);
		},
	};
}

type Spelling = { a?: string; b?: string };

/** Remembers how each side spelled each option, so a union written back uses the target's own spelling. */
function spellings(field: Extract<FieldSpec, { type: 'multiselect' }>, values: ValueMap, context?: FormatContext) {
	const out = new Map<string, Spelling>();
	const add = (raw: unknown, side: Side) => {
		const list: unknown[] = typeof raw === 'string' ? raw.split(field.separator) : Array.isArray(raw) ? raw : [];
		for (const item of list) {
			if (typeof item !== 'string' || item.trim() === '') continue;
			const canonical = values.canonical(item.trim(), side);
			if (canonical instanceof Drift) continue;
			const entry = out.get(canonical) ?? {};
			entry[side] ??= item.trim();
			out.set(canonical, entry);
		}
	};
	add(context?.aRaw, 'a');
	add(context?.bRaw, 'b');
	return out;
}

function multiselectCodec(field: Extract<FieldSpec, { type: 'multiselect' }>): FieldCodec {
	const values = new ValueMap(field.map, field.caseSensitive, field.unmapped);
	return {
		normalize: cached((raw, side) => normalizeMultiselect(raw, side, values, field.separator)),
		format(value, side, style, context) {
			if (value === null || (Array.isArray(value) && value.length === 0)) return blankFor(style);
			const known = spellings(field, values, context);
			const options = (value as readonly string[]).map((option) => {
				const seen = known.get(option);
				if (seen?.[side] !== undefined) return seen[side];
				if (values.isMapped(option)) return values.forSide(option, side);
				return seen?.a ?? seen?.b ?? option;
			});
			return options.join(field.separator);
		},
	};
}

/** Builds the codec for a policy field. */
export function codecFor(field: FieldSpec): FieldCodec {
	switch (field.type) {
		case 'string':
			return textCodec((raw) => normalizeString(raw, field.caseSensitive, field.collapseWhitespace));
		case 'email':
			return textCodec(normalizeEmail);
		case 'phone':
			return textCodec((raw) => normalizePhone(raw, field.defaultCountryCode));
		case 'number':
			return numberCodec(field.precision);
		case 'boolean':
			return booleanCodec;
		case 'date':
			return dateCodec(field);
		case 'datetime':
			return datetimeCodec(field);
		case 'enum':
			return enumCodec(field);
		case 'multiselect':
			return multiselectCodec(field);
	}
}

/** Normalises one key field to a string, or null when it is blank or unreadable (the record cannot be matched). */
export function keyNormalizer(key: KeySpec): (raw: unknown) => string | null {
	const toKey = (value: NormalizeResult): string | null =>
		value === null || value instanceof Drift ? null : String(value);
	switch (key.type) {
		case 'email':
			return (raw) => toKey(normalizeEmail(raw));
		case 'phone': {
			const countryCode = key.defaultCountryCode ?? '1';
			return (raw) => toKey(normalizePhone(raw, countryCode));
		}
		case 'number':
			return (raw) => toKey(normalizeNumber(raw, 6));
		case 'id':
			return (raw) => (isBlank(raw) ? null : String(raw).trim());
		case 'string':
			return (raw) => toKey(normalizeString(raw, key.caseSensitive, true));
	}
}
