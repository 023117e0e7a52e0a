/** Value formatting both simulators and the seed need. */

/** Salesforce datetime: second precision, always `.000`, `+0000` offset. */
export function sfDateTime(ms: number): string {
	return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('Z', '+0000');
}

export function isoMs(ms: number): string {
	return new Date(ms).toISOString();
}

export function isoDate(ms: number): string {
	return new Date(ms).toISOString().slice(0, 10);
}

export const DAY_MS = 86_400_000;

export type PhoneStyle = 'intl' | 'us' | 'e164' | 'dotted';

/** Ten US digits in one of the ways people type them: `+1 415 555 0100`, `(415) 555-0100`, `+14155550100`, `415.555.0100`. */
export function formatPhone(digits: string, style: PhoneStyle): string {
	const [a, b, c] = [digits.slice(0, 3), digits.slice(3, 6), digits.slice(6)];
	switch (style) {
		case 'intl':
			return `+1 ${a} ${b} ${c}`;
		case 'us':
			return `(${a}) ${b}-${c}`;
		case 'e164':
			return `+1${digits}`;
		case 'dotted':
			return `${a}.${b}.${c}`;
	}
}

/** UTC instant of local midnight of `date` (YYYY-MM-DD) in `timeZone`. */
export function zonedMidnight(date: string, timeZone: string): number {
	const utcMidnight = Date.parse(`${date}T00:00:00Z`);
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
	}).formatToParts(new Date(utcMidnight));
	const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
	const localAsUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
	return utcMidnight + (utcMidnight - localAsUtc);
}
