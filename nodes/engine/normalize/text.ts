import { describe, Drift, isBlank, type NormalizeResult } from './drift';

const WHITESPACE_RUN = /\s+/g;
// Only text with a run of white space, or white space other than a plain space, needs rewriting;
// testing first avoids allocating a copy of every value that is already clean.
const NEEDS_COLLAPSE = /\s\s|[^\S ]/;

function asText(raw: unknown): string | Drift {
	if (typeof raw === 'string') return raw;
	if (typeof raw === 'number' || typeof raw === 'boolean' || typeof raw === 'bigint') return String(raw);
	return new Drift(`expected text, got ${Array.isArray(raw) ? 'a list' : typeof raw} ${describe(raw)}`);
}

/** Free text: trimmed, white space collapsed (unless disabled), optionally case-folded. */
export function normalizeString(raw: unknown, caseSensitive: boolean, collapseWhitespace: boolean): NormalizeResult {
	if (isBlank(raw)) return null;
	const text = asText(raw);
	if (text instanceof Drift) return text;
	let value = collapseWhitespace ? text.trim() : text;
	if (collapseWhitespace && NEEDS_COLLAPSE.test(value)) value = value.replace(WHITESPACE_RUN, ' ');
	if (!caseSensitive) value = value.toLowerCase();
	return value;
}

// Deliberately loose: one @, something on both sides, a dot in the domain. Stricter checks belong to the CRM.
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_EMAIL_LENGTH = 254;

/** Email addresses compare trimmed and case-folded (`  Ada@Example.COM ` = `ada@example.com`). */
export function normalizeEmail(raw: unknown): NormalizeResult {
	if (isBlank(raw)) return null;
	if (typeof raw !== 'string') return new Drift(`expected an email address, got ${typeof raw} ${describe(raw)}`);
	const value = raw.trim().toLowerCase();
	// RFC 5321 caps an address at 254 characters; checking first also keeps the shape test linear on hostile input.
	if (value.length > MAX_EMAIL_LENGTH) return new Drift(`${describe(raw)} is not an email address (${value.length} characters, at most ${MAX_EMAIL_LENGTH})`);
	if (!EMAIL_SHAPE.test(value)) return new Drift(`${describe(raw)} is not an email address`);
	return value;
}
