/**
 * Salesforce record ids: 15 case-sensitive characters plus a 3-character suffix that makes the
 * 18-character form case-insensitive. Clients compare and store the 18-character form, and the
 * API accepts either, so the simulator does the same.
 */
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SUFFIX = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/** Suffix bits: per 5-character chunk, bit i is set if character i is an upper-case letter. */
export function checksum(id15: string): string {
	let out = '';
	for (let chunk = 0; chunk < 3; chunk++) {
		let bits = 0;
		for (let i = 0; i < 5; i++) {
			const ch = id15.charCodeAt(chunk * 5 + i);
			if (ch >= 65 && ch <= 90) bits |= 1 << i;
		}
		out += SUFFIX[bits];
	}
	return out;
}

export function to18(id: string): string {
	return id.length === 15 ? id + checksum(id) : id;
}

/** True for a 15- or 18-character id whose suffix (if any) is consistent. */
export function isValidId(id: string): boolean {
	if (!/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(id)) return false;
	return id.length === 15 || checksum(id.slice(0, 15)) === id.slice(15).toUpperCase();
}

/**
 * The n-th id with a key prefix (`003` Contact, `001` Account, `006` Opportunity, `005` User,
 * `017` history rows, `04l` outbound notifications): prefix + pod `Sm` + 10 base-62 digits.
 */
export function makeId(prefix: string, n: number): string {
	let digits = '';
	let rest = n;
	for (let i = 0; i < 10; i++) {
		digits = BASE62[rest % 62] + digits;
		rest = Math.floor(rest / 62);
	}
	return to18(`${prefix}Sm${digits}`);
}

export const KEY_PREFIX: Record<string, string> = {
	Account: '001',
	Contact: '003',
	Opportunity: '006',
	User: '005',
	ContactHistory: '017',
	AccountHistory: '017',
	OpportunityFieldHistory: '017',
};
