/** Decoding request bodies from the exact bytes received, and naming shape problems by path. */
import type { ZodError } from 'zod';

export type Decoded<T> = { ok: true; value: T } | { ok: false; reason: string };

/** UTF-8 (a leading BOM dropped); invalid byte sequences are refused rather than replaced. */
export function decodeUtf8(body: Buffer): Decoded<string> {
	try {
		const text = new TextDecoder('utf-8', { fatal: true }).decode(body);
		return { ok: true, value: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
	} catch {
		// A fatal decoder throws only for malformed byte sequences.
		return { ok: false, reason: 'body is not valid UTF-8' };
	}
}

export function parseJsonBody(body: Buffer): Decoded<unknown> {
	const text = decodeUtf8(body);
	if (!text.ok) return text;
	try {
		return { ok: true, value: JSON.parse(text.value) as unknown };
	} catch {
		// The parser's message quotes the offending input; name only the problem.
		return { ok: false, reason: 'body is not valid JSON' };
	}
}

/** `events[3].objectId: Expected number, received string`: the first issue, where it is and what is wrong. */
export function describeIssue(error: ZodError, root: string): string {
	const issue = error.issues[0];
	if (issue === undefined) return `${root}: invalid`;
	const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('');
	return `${root}${path}: ${issue.message}`;
}
