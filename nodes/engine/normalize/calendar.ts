/** Calendar arithmetic shared by the date/time readers. */

/** Parses "+02:00", "+0200", "-05" or "Z" into minutes east of UTC. */
export function offsetMinutes(zone: string): number {
	if (zone === 'Z' || zone === 'z') return 0;
	const sign = zone.startsWith('-') ? -1 : 1;
	const digits = zone.slice(1).replace(':', '');
	return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** True when `day` exists in `month` (1–12) of `year`, leap days included. */
export function validCalendarDate(year: number, month: number, day: number): boolean {
	if (month < 1 || month > 12 || day < 1) return false;
	const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
	return day <= DAYS_IN_MONTH[month - 1] + (leap ? 1 : 0);
}
