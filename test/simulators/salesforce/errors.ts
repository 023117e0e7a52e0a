/**
 * Salesforce REST errors: a JSON array of `{message, errorCode, fields?}` at the top level
 * (per-record results in collections use `statusCode` instead, see values.ts).
 */
import type { SimResponse } from '../common/http';

export interface TopLevelError {
	message: string;
	errorCode: string;
	fields?: string[];
}

export function sfError(status: number, errorCode: string, message: string, fields?: string[], headers?: Record<string, string>): SimResponse {
	const error: TopLevelError = { message, errorCode };
	if (fields) error.fields = fields;
	return { status, body: [error], headers };
}

export const invalidSession = () =>
	sfError(401, 'INVALID_SESSION_ID', 'Session expired or invalid', undefined, { 'WWW-Authenticate': 'Token' });

export const notFound = () => sfError(404, 'NOT_FOUND', 'The requested resource does not exist');

export const entityDeleted = () => sfError(404, 'ENTITY_IS_DELETED', 'entity is deleted');

export const requestLimit = () => sfError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');

export const serverUnavailable = () => sfError(503, 'SERVER_UNAVAILABLE', 'Server temporarily unavailable, please retry your request.');

export const lockMessage = (id?: string) =>
	id ? `unable to obtain exclusive access to this record or 1 records: ${id}` : 'unable to obtain exclusive access to this record';

export const lockError = (id?: string) => sfError(400, 'UNABLE_TO_LOCK_ROW', lockMessage(id), []);

export const malformed = (message: string) => sfError(400, 'JSON_PARSER_ERROR', message);

/** Parses a JSON body, or answers Salesforce's 400 for malformed JSON. */
export function parseBody(raw: string): { ok: true; body: unknown } | { ok: false; response: SimResponse } {
	try {
		return { ok: true, body: raw.trim() === '' ? undefined : JSON.parse(raw) };
	} catch (e) {
		return { ok: false, response: malformed(`Unexpected character in JSON: ${(e as Error).message} at [line:1]`) };
	}
}

/** One record's errors as the single-record endpoints answer them (400, errorCode form). */
export function recordErrors(errors: Array<{ statusCode: string; message: string; fields: string[] }>): SimResponse {
	return { status: 400, body: errors.map((e) => ({ message: e.message, errorCode: e.statusCode, fields: e.fields })) };
}
