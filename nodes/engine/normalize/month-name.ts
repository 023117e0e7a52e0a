/**
 * English dates with a month name, as spreadsheets, exports and people write them: "May 1, 2024",
 * "1 May 2024 10:30", "01-May-2024", "Wed, 01 May 2024 10:30:00 GMT" (RFC 2822), "May 1, 2024, 10:30 PM",
 * "Wed May 01 2024 10:30:00 GMT+0000 (Coordinated Universal Time)" (JavaScript's Date#toString).
 *
 * Read here rather than by Date.parse, which reads a value without a zone in the host's time zone (the
 * engine must give the same answer on every machine) and accepts nonsense ("Feb 30, 2024" as March 1,
 * "foo 2024" as January 1). A value without a zone is read at the field's naive offset, as ISO values are.
 */
import { offsetMinutes, validCalendarDate } from './calendar';
import { describe, Drift } from './drift';

const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
// A Map, not an object: a word like "constructor" must not find Object.prototype members.
const MONTHS = new Map<string, number>();
MONTH_NAMES.forEach((name, i) => {
	MONTHS.set(name, i + 1);
	MONTHS.set(name.slice(0, 3), i + 1);
});
MONTHS.set('sept', 9);

const WEEKDAYS = new Set(['mon', 'monday', 'tue', 'tues', 'tuesday', 'wed', 'wednesday', 'thu', 'thur', 'thurs', 'thursday', 'fri', 'friday', 'sat', 'saturday', 'sun', 'sunday']);

/** Zone names RFC 2822 defines (the North American ones are fixed offsets there, whatever the season). */
const ZONES = new Map<string, number>([
	['z', 0],
	['ut', 0],
	['utc', 0],
	['gmt', 0],
	['est', -300],
	['edt', -240],
	['cst', -360],
	['cdt', -300],
	['mst', -420],
	['mdt', -360],
	['pst', -480],
	['pdt', -420],
]);

const ORDINAL = '(?:st|nd|rd|th)?';
const WEEKDAY = '(?:([a-z]+)\\.?,?\\s+)?';
const MONTH_DAY_YEAR = `([a-z]+)\\.?\\s+(\\d{1,2})${ORDINAL},?\\s+(\\d{4})`;
const DAY_MONTH_YEAR = `(\\d{1,2})${ORDINAL}(?:\\s+|-)([a-z]+)\\.?(?:,?\\s+|-)(\\d{4})`;
const TIME = '(?:,?\\s+(?:at\\s+)?(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?(?:\\s*([ap])\\.?m\\.?)?)?';
const ZONE = '(?:\\s*([a-z]{1,3}))?(?:\\s*([+-]\\d{2}(?::?\\d{2})?))?';
const COMMENT = '(?:\\s*\\([^()]*\\))?';
const SHAPE = new RegExp(`^${WEEKDAY}(?:${MONTH_DAY_YEAR}|${DAY_MONTH_YEAR})${TIME}${ZONE}${COMMENT}$`, 'i');

/** Longer than any real spelling of a date (the longest, with weekday, zone and comment, is under 100). */
const MAX_LENGTH = 120;

interface Clock {
	hour: number;
	minute: number;
	second: number;
	ms: number;
}

/** The time of day, or Drift when it is not one (13 PM, 10:75). A missing time is midnight. */
function clockOf(text: string, h?: string, mi?: string, s?: string, frac?: string, half?: string): Clock | Drift {
	let hour = Number(h ?? 0);
	const minute = Number(mi ?? 0);
	const second = Number(s ?? 0);
	if (half !== undefined) {
		if (hour < 1 || hour > 12) return new Drift(`${describe(text)} has hour ${hour} on a 12-hour clock`);
		hour = (hour % 12) + (half.toLowerCase() === 'p' ? 12 : 0);
	}
	if (hour > 23 || minute > 59 || second > 59) return new Drift(`${describe(text)} does not hold a time of day`);
	const ms = frac === undefined ? 0 : Math.floor(Number(`0.${frac}`) * 1000);
	return { hour, minute, second, ms };
}

/** Minutes east of UTC of the zone written, the naive offset when none is, or Drift for an unknown zone name. */
function zoneOf(text: string, name: string | undefined, offset: string | undefined, naiveOffsetMinutes: number): number | Drift {
	if (name === undefined && offset === undefined) return naiveOffsetMinutes;
	const base = name === undefined ? 0 : ZONES.get(name.toLowerCase());
	if (base === undefined) return new Drift(`${describe(text)} names a time zone this field does not know (${name}); write an offset such as +02:00`);
	return base + (offset === undefined ? 0 : offsetMinutes(offset));
}

/**
 * Epoch ms of a date written with an English month name, Drift when it has that shape but names no real
 * day, time or zone, or undefined when it does not have that shape. Pure: the host's time zone plays no part.
 */
export function parseMonthName(text: string, naiveOffsetMinutes: number): number | Drift | undefined {
	if (text.length > MAX_LENGTH) return undefined;
	const match = SHAPE.exec(text);
	if (match === null) return undefined;
	const [, weekday, m1, d1, y1, d2, m2, y2, h, mi, s, frac, half, zoneName, zoneOffset] = match;
	if (weekday !== undefined && !WEEKDAYS.has(weekday.toLowerCase())) return undefined;
	const month = MONTHS.get((m1 ?? m2).toLowerCase());
	if (month === undefined) return undefined;
	const year = Number(y1 ?? y2);
	const day = Number(d1 ?? d2);
	if (!validCalendarDate(year, month, day)) return new Drift(`${describe(text)} is not a calendar date`);
	const clock = clockOf(text, h, mi, s, frac, half);
	if (clock instanceof Drift) return clock;
	const zone = zoneOf(text, zoneName, zoneOffset, naiveOffsetMinutes);
	if (zone instanceof Drift) return zone;
	return Date.UTC(year, month - 1, day, clock.hour, clock.minute, clock.second, clock.ms) - zone * 60_000;
}
