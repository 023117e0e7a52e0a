import { DateTime, IANAZone } from 'luxon';

import type { WeekWindow } from './types';

/** A week as epoch milliseconds, for fast row placement, plus its description. */
export interface WeekSpan {
	startMs: number;
	endMs: number;
	/** The end of the observed part: min(end, now) for the week, the same moment a week earlier for the one before. */
	untilMs: number;
	window: WeekWindow;
}

/** Reads an ISO date or instant in the zone; throws for text that is neither (configuration error). */
export function parseInZone(text: string, timeZone: string, what: string): DateTime {
	const parsed = DateTime.fromISO(text.trim(), { zone: timeZone, setZone: false });
	if (!parsed.isValid) throw new Error(`${what} must be an ISO date or date-time such as "2026-06-01", got ${JSON.stringify(text)}`);
	return parsed.setZone(timeZone);
}

export function assertZone(timeZone: string): void {
	if (!IANAZone.isValidZone(timeZone)) throw new Error(`Time zone must be an IANA zone such as "Europe/Berlin", got ${JSON.stringify(timeZone)}`);
}

function label(start: DateTime, lastDay: DateTime): string {
	const sameMonth = start.month === lastDay.month;
	const sameYear = start.year === lastDay.year;
	const from = start.toFormat(sameMonth ? 'd' : sameYear ? 'd LLL' : 'd LLL yyyy');
	return `${from}–${lastDay.toFormat('d LLL yyyy')}`;
}

function span(start: DateTime, until: DateTime): WeekSpan {
	// plus({ weeks: 1 }) keeps wall-clock Monday 00:00, so weeks with a DST change are 167 or 169 hours.
	const end = start.plus({ weeks: 1 });
	const startMs = start.toMillis();
	const endMs = end.toMillis();
	const untilMs = until.toMillis();
	return {
		startMs,
		endMs,
		untilMs,
		window: {
			isoWeek: start.toFormat("kkkk-'W'WW"),
			start: start.toISO() ?? '',
			end: end.toISO() ?? '',
			label: label(start, end.minus({ days: 1 })),
			observedUntil: until.toISO() ?? '',
			complete: untilMs >= endMs,
			// Calendar-day fraction, so a complete DST week is exactly 7 days.
			elapsedDays: Math.round(until.diff(start, 'days').days * 10000) / 10000,
		},
	};
}

/**
 * The ISO week (Monday 00:00 to Monday 00:00 in `timeZone`) containing `weekStart`, observed up to `now`,
 * and the week before observed up to the same wall-clock moment: a week in progress is compared with
 * the same days of the previous week (Monday to Thursday 15:30 against Monday to Thursday 15:30), never
 * with a whole week; a complete week with the whole previous one.
 */
export function weekSpans(weekStart: string, now: string, timeZone: string): { current: WeekSpan; previous: WeekSpan } {
	assertZone(timeZone);
	const nowAt = parseInZone(now, timeZone, 'now');
	const start = parseInZone(weekStart, timeZone, 'weekStart').setLocale('en-GB').startOf('week');
	const end = start.plus({ weeks: 1 });
	const until = nowAt < start ? start : nowAt > end ? end : nowAt;
	return { current: span(start, until), previous: span(start.minus({ weeks: 1 }), until.minus({ weeks: 1 })) };
}

/** Formats an epoch instant as ISO with the zone's offset. */
export function isoIn(ms: number, timeZone: string): string {
	return DateTime.fromMillis(ms, { zone: timeZone }).toISO() ?? new Date(ms).toISOString();
}

/** Which of the spans holds the instant (start inclusive, observed end exclusive), or -1. */
export function weekIndex(spans: readonly WeekSpan[], ms: number): number {
	for (let i = 0; i < spans.length; i++) if (ms >= spans[i].startMs && ms < spans[i].untilMs) return i;
	return -1;
}
