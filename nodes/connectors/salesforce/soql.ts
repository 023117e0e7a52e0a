/** SOQL text built from data: quoting, datetime literals and IN lists that keep the URL under Salesforce's limit. */

/** Escapes a string literal for SOQL (backslash and single quote). */
export function quote(value: string): string {
	return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** A value for a WHERE clause: numbers go in unquoted (Salesforce refuses a quoted value for a number field), text quoted. */
export function literal(value: string | number): string {
	return typeof value === 'number' && Number.isFinite(value) ? String(value) : quote(String(value));
}

const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)*$/;

/** Field and object names go into SOQL unquoted, so anything but an identifier is refused. */
export function identifier(name: string): string {
	if (!IDENTIFIER.test(name)) throw new Error(`"${name}" is not a Salesforce field or object name`);
	return name;
}

/** SOQL datetime literal (unquoted, UTC): 2024-05-01T10:30:00Z. */
export function datetimeLiteral(iso: string): string {
	const ms = Date.parse(iso);
	if (Number.isNaN(ms)) throw new Error(`"${iso}" is not a date/time`);
	return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export function selectFrom(object: string, fields: readonly string[], where?: string): string {
	const list = [...new Set(['Id', ...fields])].map(identifier).join(', ');
	return `SELECT ${list} FROM ${identifier(object)}${where ? ` WHERE ${where}` : ''}`;
}

/**
 * Splits values into IN lists whose quoted text stays under `maxChars`, so the query fits a GET URL
 * (Salesforce answers 414 past 16,384 bytes).
 */
export function inLists<T extends string | number>(values: readonly T[], maxChars = 8000): T[][] {
	const lists: T[][] = [];
	let current: T[] = [];
	let size = 0;
	for (const value of values) {
		const length = literal(value).length + 1;
		if (current.length > 0 && size + length > maxChars) {
			lists.push(current);
			current = [];
			size = 0;
		}
		current.push(value);
		size += length;
	}
	if (current.length > 0) lists.push(current);
	return lists;
}
