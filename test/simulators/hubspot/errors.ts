/**
 * HubSpot error bodies, field for field as the API sends them (`status`, `message`,
 * `correlationId`, `category`, …), always as JSON: `@hubspot/api-client` refuses to parse an error
 * without a JSON content type.
 */
import type { SimResponse } from '../common/http';
import type { PropertyError } from './values';

export type IdSource = () => string;

export function hsError(
	status: number,
	category: string,
	message: string,
	correlationId: string,
	extra: Record<string, unknown> = {},
	headers: Record<string, string> = {},
): SimResponse {
	return {
		status,
		body: { status: 'error', message, correlationId, category, ...extra },
		headers: { 'x-hubspot-correlation-id': correlationId, ...headers },
	};
}

export const notFound = (id: string) => hsError(404, 'OBJECT_NOT_FOUND', 'resource not found', id);

export const validation = (message: string, id: string, extra: Record<string, unknown> = {}) =>
	hsError(400, 'VALIDATION_ERROR', message, id, extra);

/** 400 for invalid property values: HubSpot embeds the per-property errors as JSON inside `message`. */
export function propertyErrors(errors: PropertyError[], id: string): SimResponse {
	return validation(`Property values were not valid: ${JSON.stringify(errors)}`, id, {
		errors: errors.map((e) => ({ message: e.message, code: e.error, context: { propertyName: [e.name] } })),
	});
}

export const unauthorized = (id: string) =>
	hsError(
		401,
		'INVALID_AUTHENTICATION',
		'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
		id,
		{},
		{ 'x-hubspot-auth-failure': '401 Unauthorized' },
	);

export const conflict = (existingId: string, id: string) =>
	hsError(409, 'CONFLICT', `Contact already exists. Existing ID: ${existingId}`, id);

export const locked = (id: string) =>
	hsError(423, 'LOCKED', 'The object is locked by another process; wait at least 2 seconds and retry.', id);

export function serverError(id: string): SimResponse {
	return hsError(502, 'INTERNAL_ERROR', 'Bad Gateway: the server did not respond in time', id);
}

export type RatePolicy = 'TEN_SECONDLY_ROLLING' | 'DAILY' | 'SECONDLY';

/** 429 bodies carry `errorType`/`policyName` instead of `category`; the client's retry logic keys on them. */
export function rateLimited(policy: RatePolicy, id: string, headers: Record<string, string>): SimResponse {
	const message: Record<RatePolicy, string> = {
		TEN_SECONDLY_ROLLING: 'You have reached your ten_secondly_rolling limit.',
		DAILY: 'You have reached your daily limit.',
		SECONDLY: 'You have reached your secondly limit.',
	};
	return {
		status: 429,
		body: { status: 'error', message: message[policy], errorType: 'RATE_LIMIT', correlationId: id, policyName: policy, requestId: id },
		headers: { 'x-hubspot-correlation-id': id, ...headers },
	};
}

/** Parses a JSON request body, or answers HubSpot's 400 for malformed JSON. */
export function parseBody(raw: string, id: string): { ok: true; body: unknown } | { ok: false; response: SimResponse } {
	try {
		return { ok: true, body: raw.trim() === '' ? undefined : JSON.parse(raw) };
	} catch (err) {
		return { ok: false, response: validation(`Invalid input JSON on line 1: ${(err as Error).message}`, id) };
	}
}
