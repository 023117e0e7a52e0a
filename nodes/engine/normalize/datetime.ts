import { DateTime } from 'luxon';

import { offsetMinutes, validCalendarDate } from './calendar';
import { describe, Drift, isBlank, type NormalizeResult } from './drift';
import { parseMonthName } from './month-name';

export { offsetMinutes } from './calendar';

// 2024-05-01, 2024-05-01T10:30, 2024-05-01 10:30:00.123, …Z, …+0000 (Salesforce), …+02:00
const ISO =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const SLASH = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const EPOCH = /^-?\d{9,16}$/;
const MONTH_NAME = /[a-z]{3}/i;
const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` read digit by digit: the common case of every date field, without regex or split. */
function plainDay(text: string): [number, number, number] | null {
	if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return null;
	let year = 0;
	let month = 0;
	let day = 0;
	for (let i = 0; i < 10; i++) {
		if (i === 4 || i === 7) continue;
		const digit = text.charCodeAt(i) - 48;
		if (digit < 0 || digit > 9) return null;
		if (i < 4) year = year * 10 + digit;
		else if (i < 7) month = month * 10 + digit;
		else day = day * 10 + digit;
	}
	return [year, month, day];
}

/** Epoch ms from a number or digit string; 9–10 digit values are taken as seconds (Unix time). */
function fromEpoch(value: number): number {
	return Math.abs(value) < 1e11 ? value * 1000 : value;
}

function parseIso(match: RegExpExecArray, naiveOffsetMinutes: number): number | Drift {
	const [, y, mo, d, h, mi, s, frac, zone] = match;
	const year = Number(y);
	const month = Number(mo);
	const day = Number(d);
	if (!validCalendarDate(year, month, day)) return new Drift(`${y}-${mo}-${d} is not a calendar date`);
	const hour = Number(h ?? 0);
	const minute = Number(mi ?? 0);
	const second = Number(s ?? 0);
	if (hour > 23 || minute > 59 || second > 59) return new Drift(`${h}:${mi}:${s ?? '00'} is not a time of day`);
	const ms = frac === undefined ? 0 : Math.floor(Number(`0.${frac}`) * 1000);
	const offset = zone === undefined ? naiveOffsetMinutes : offsetMinutes(zone);
	return Date.UTC(year, month - 1, day, hour, minute, second, ms) - offset * 60_000;
}

/** The number written by `count` digits at `start`, or -1 when any of them is missing or not a digit. */
function digitsAt(text: string, start: number, count: number): number {
	// Past the end, charCodeAt gives NaN, which passes both digit checks below and would turn "10:30:5" into NaN.
	if (start + count > text.length) return -1;
	let value = 0;
	for (let i = start; i < start + count; i++) {
		const digit = text.charCodeAt(i) - 48;
		if (digit < 0 || digit > 9) return -1;
		value = value * 10 + digit;
	}
	return value;
}

/**
 * The shapes APIs actually send (`2024-05-01T10:30:00.000Z`, `…+0000`, `…+02:00`), read character by
 * character: this runs for every datetime of every record, and the regex path allocates a dozen strings.
 * Returns undefined for anything else, which then goes through the general parser.
 */
function fastIso(text: string, naiveOffsetMinutes: number): number | undefined {
	const n = text.length;
	if (n < 16 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(13) !== 58) return undefined;
	const sep = text.charCodeAt(10);
	if (sep !== 84 && sep !== 32) return undefined; // 'T' or ' '
	const year = digitsAt(text, 0, 4);
	const month = digitsAt(text, 5, 2);
	const day = digitsAt(text, 8, 2);
	const hour = digitsAt(text, 11, 2);
	const minute = digitsAt(text, 14, 2);
	if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0) return undefined;
	let i = 16;
	let second = 0;
	let ms = 0;
	if (i < n && text.charCodeAt(i) === 58) {
		second = digitsAt(text, i + 1, 2);
		if (second < 0) return undefined;
		i += 3;
		if (i < n && text.charCodeAt(i) === 46) {
			let scale = 100;
			i++;
			const start = i;
			while (i < n && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) {
				ms += (text.charCodeAt(i) - 48) * scale;
				scale /= 10;
				i++;
			}
			if (i === start) return undefined;
			ms = Math.floor(ms);
		}
	}
	let offset = naiveOffsetMinutes;
	if (i < n) {
		const zone = text.charCodeAt(i);
		if ((zone === 90 || zone === 122) && i === n - 1) offset = 0;
		else if (zone === 43 || zone === 45) {
			const rest = n - i - 1; // HH, HHMM or HH:MM
			const hh = digitsAt(text, i + 1, 2);
			const mm = rest === 4 ? digitsAt(text, i + 3, 2) : rest === 5 && text.charCodeAt(i + 3) === 58 ? digitsAt(text, i + 4, 2) : rest === 2 ? 0 : -1;
			if (hh < 0 || mm < 0) return undefined;
			offset = (zone === 45 ? -1 : 1) * (hh * 60 + mm);
		} else return undefined;
	}
	if (!validCalendarDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return undefined;
	return Date.UTC(year, month - 1, day, hour, minute, second, ms) - offset * 60_000;
}

/** The largest distance from the epoch a Date can hold (ECMA-262: ±100,000,000 days); toISOString throws beyond it. */
const MAX_INSTANT_MS = 8.64e15;

function readInstant(raw: unknown, naiveOffsetMinutes: number): number | Drift {
	if (typeof raw === 'number') return Number.isFinite(raw) ? fromEpoch(raw) : new Drift(`${raw} is not a time`);
	if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? new Drift('invalid Date') : raw.getTime();
	if (typeof raw !== 'string') return new Drift(`expected a date/time, got ${typeof raw} ${describe(raw)}`);
	const fast = fastIso(raw, naiveOffsetMinutes);
	if (fast !== undefined) return fast;
	const text = raw.trim();
	const iso = ISO.exec(text);
	if (iso) return parseIso(iso, naiveOffsetMinutes);
	if (EPOCH.test(text)) return fromEpoch(Number(text));
	// Not Date.parse: it reads a date without a zone in the host's zone, and accepts "Feb 30" or "foo 2024".
	if (MONTH_NAME.test(text)) return parseMonthName(text, naiveOffsetMinutes) ?? unreadable(raw);
	return unreadable(raw);
}

function unreadable(raw: unknown): Drift {
	return new Drift(`${describe(raw)} is not a date/time this field understands`);
}

/**
 * Epoch milliseconds of an instant written the way HubSpot, Salesforce or a spreadsheet writes it:
 * ISO 8601 with `Z`, `+00:00` or Salesforce's `+0000`, epoch ms (HubSpot) as number or string, or an
 * English date with a month name. Returns Drift for anything else, so a number it returns is always a
 * finite instant a Date can hold: never NaN (which equals nothing, not even itself), never one that
 * `isoInstant` cannot write.
 */
export function parseInstant(raw: unknown, naiveOffsetMinutes = 0): number | Drift {
	const instant = readInstant(raw, naiveOffsetMinutes);
	if (instant instanceof Drift) return instant;
	if (Number.isNaN(instant)) return unreadable(raw);
	if (!Number.isFinite(instant) || Math.abs(instant) > MAX_INSTANT_MS) return new Drift(`${describe(raw)} is outside the range of dates`);
	return instant;
}

const UNIT_MS = { millisecond: 1, second: 1000, minute: 60_000 } as const;

/** Datetimes compare as epoch ms truncated to the field's precision (Salesforce stores whole seconds). */
export function normalizeDatetime(
	raw: unknown,
	precision: keyof typeof UNIT_MS,
	naiveOffsetMinutes: number,
): NormalizeResult {
	if (isBlank(raw)) return null;
	const instant = parseInstant(raw, naiveOffsetMinutes);
	if (instant instanceof Drift) return instant;
	const unit = UNIT_MS[precision];
	return Math.floor(instant / unit) * unit;
}

function pad(value: number, width: number): string {
	return String(value).padStart(width, '0');
}

/** `YYYY-MM-DD` of a UTC calendar day. */
export function isoDay(epochMs: number): string {
	const date = new Date(epochMs);
	return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}`;
}

function parseSlashDate(match: RegExpExecArray, order: 'mdy' | 'dmy'): string | Drift {
	const [, first, second, y] = match;
	const month = Number(order === 'mdy' ? first : second);
	const day = Number(order === 'mdy' ? second : first);
	const year = Number(y);
	if (!validCalendarDate(year, month, day)) return new Drift(`${match[0]} is not a calendar date (${order})`);
	return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/**
 * Calendar dates compare as `YYYY-MM-DD`. HubSpot date properties arrive as midnight-UTC ISO strings or
 * epoch ms, Salesforce as `2024-06-30`. A datetime that is not midnight UTC is drift: a date field
 * should not carry a time. Slash dates are ambiguous and read only with an explicit order.
 */
export function normalizeDate(raw: unknown, slashFormat: 'mdy' | 'dmy' | 'reject', timeZone?: string): NormalizeResult {
	if (isBlank(raw)) return null;
	if (typeof raw === 'string') {
		const text = raw.trim();
		const day = plainDay(text);
		if (day !== null) return validCalendarDate(...day) ? text : new Drift(`${text} is not a calendar date`);
		const slash = SLASH.exec(text);
		if (slash) {
			if (slashFormat === 'reject') return new Drift(`${describe(raw)} is ambiguous (month/day order); set slashFormat`);
			return parseSlashDate(slash, slashFormat);
		}
	}
	const instant = parseInstant(raw, 0);
	if (instant instanceof Drift) return instant;
	if (instant % DAY_MS === 0) return isoDay(instant);
	if (timeZone !== undefined) return DateTime.fromMillis(instant, { zone: timeZone }).toISODate() ?? new Drift(`${describe(raw)} has no date in ${timeZone}`);
	return new Drift(`${describe(raw)} has a time of day; a date field holds dates only (set timeZone to read it as a day)`);
}

/** Midnight of a calendar day in a zone, as an ISO instant (for systems that store dates as datetimes). */
export function midnightIn(day: string, timeZone: string): string {
	return DateTime.fromISO(day, { zone: timeZone }).startOf('day').toUTC().toISO() ?? `${day}T00:00:00.000Z`;
}

/** ISO 8601 in UTC with milliseconds, the form both HubSpot and Salesforce accept on writes. `epochMs` is an instant `parseInstant` returned. */
export function isoInstant(epochMs: number): string {
	return new Date(epochMs).toISOString();
}
