import { describe, Drift, isBlank, type NormalizeResult } from './drift';

const EXTENSION = /\s*(?:ext\.?|extension|x|#)\s*(\d{1,6})\s*$/i;
const ALLOWED = /^[\d\s().+\-/]+$/;
const NON_DIGITS = /\D/g;
const MAX_PHONE_LENGTH = 64;

/**
 * Phone numbers compare as digits with a country code: `(415) 555-0100`, `415.555.0100` and
 * `+1 415 555 0100` are one number when the default country code is 1. A trailing extension is kept.
 */
export function normalizePhone(raw: unknown, defaultCountryCode: string): NormalizeResult {
	if (isBlank(raw)) return null;
	if (typeof raw !== 'string' && typeof raw !== 'number') {
		return new Drift(`expected a phone number, got ${typeof raw} ${describe(raw)}`);
	}
	let text = String(raw).trim();
	// E.164 allows 15 digits; with punctuation and an extension no real number comes near this. Checked first,
	// so the extension search below stays linear on hostile input (50,000 spaces took seconds).
	if (text.length > MAX_PHONE_LENGTH) return new Drift(`${describe(raw)} is not a phone number (${text.length} characters)`);
	let extension = '';
	if (!ALLOWED.test(text)) {
		// Only a number with letters or # can carry an extension; most do not, so the regex runs rarely.
		const ext = EXTENSION.exec(text);
		if (ext) {
			extension = `;ext=${ext[1]}`;
			text = text.slice(0, ext.index);
		}
		if (!ALLOWED.test(text)) return new Drift(`${describe(raw)} is not a phone number`);
	}
	let digits = text.replace(NON_DIGITS, '');
	if (digits.length < 7 || digits.length > 15) return new Drift(`${describe(raw)} has ${digits.length} digits`);
	if (text.startsWith('+')) return `+${digits}${extension}`;
	if (digits.startsWith('00')) return `+${digits.slice(2)}${extension}`;
	// A national number that already starts with the default country code (e.g. 1 415 555 0100).
	if (defaultCountryCode === '1' && digits.length === 11 && digits.startsWith('1')) digits = digits.slice(1);
	// Outside North America a national number starts with the trunk prefix 0, which the international form drops.
	else if (defaultCountryCode !== '1' && digits.startsWith('0')) digits = digits.slice(1);
	return `+${defaultCountryCode}${digits}${extension}`;
}
