import { NodeApiError, type IExecuteFunctions, type IHttpRequestMethods, type JsonObject } from 'n8n-workflow';

import { httpFailure, type HttpFailure } from '../shared/http-error';
import { RetryBudget, type RetryVerdict } from '../shared/retry';
import { countCall, type CallStats, type WriteFailure } from '../types';

export const HUBSPOT_CREDENTIAL = 'reconcileHubSpotApi';

export interface HubSpotClient {
	ctx: IExecuteFunctions;
	baseUrl: string;
	stats: CallStats;
	retry: RetryBudget;
}

export async function hubspotClient(ctx: IExecuteFunctions, stats: CallStats, retry = new RetryBudget()): Promise<HubSpotClient> {
	const credentials = await ctx.getCredentials(HUBSPOT_CREDENTIAL);
	const baseUrl = String(credentials.baseUrl || 'https://api.hubapi.com').replace(/\/+$/, '');
	return { ctx, baseUrl, stats, retry };
}

interface HubSpotErrorBody {
	status?: string;
	message?: string;
	category?: string;
	correlationId?: string;
	policyName?: string;
}

function errorBody(failure: HttpFailure): HubSpotErrorBody {
	return typeof failure.body === 'object' && failure.body !== null ? (failure.body as HubSpotErrorBody) : {};
}

/** Statuses HubSpot documents as "pause and retry": locked, migrating, gateway and edge errors. */
const TRANSIENT = new Set([423, 477, 500, 502, 503, 504, 521, 522, 523]);

/**
 * 429s are retried unless the daily limit is spent (waiting minutes will not help); `Retry-After` is
 * honoured when present, else the rolling window is waited out. Other transient errors and network
 * failures are retried only for idempotent requests: a retried create could create twice.
 */
export function classifyHubSpotError(error: unknown, idempotent: boolean): RetryVerdict {
	const failure = httpFailure(error);
	const body = errorBody(failure);
	if (failure.status === 429) {
		if (body.policyName === 'DAILY') return { retry: false };
		// Retry-After is undocumented but honoured when sent. Otherwise back off exponentially: from ~1 s when
		// the rolling window is spent (capacity returns call by call), from a fraction of that when the
		// headers say calls remain (a burst or edge limit, not our window).
		const retryAfter = Number(failure.headers['retry-after']);
		const remaining = Number(failure.headers['x-hubspot-ratelimit-remaining']);
		const delayMs = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : remaining > 0 ? 250 : 1000;
		return { retry: true, delayMs, reason: `429 ${body.policyName ?? 'rate limit'}` };
	}
	if (!idempotent) return { retry: false };
	if (failure.status === undefined || TRANSIENT.has(failure.status)) return { retry: true, reason: `HTTP ${failure.status ?? 'network error'}` };
	return { retry: false };
}

/** The API's own words: `HubSpot 400 VALIDATION_ERROR: Property values were not valid (correlationId …)`. */
export function hubspotApiError(ctx: IExecuteFunctions, error: unknown, endpoint: string): NodeApiError {
	const failure = httpFailure(error);
	const body = errorBody(failure);
	const category = body.category ?? (failure.status === 429 ? 'RATE_LIMIT' : 'HTTP_ERROR');
	const message = `HubSpot ${failure.status ?? 'network error'} ${category} on ${endpoint}: ${body.message ?? failure.message}`;
	return new NodeApiError(ctx.getNode(), (failure.body ?? { message: failure.message }) as JsonObject, {
		message,
		description: body.correlationId ? `correlationId ${body.correlationId}` : undefined,
		httpCode: failure.status === undefined ? undefined : String(failure.status),
	});
}

/**
 * What a request that failed outright tells about each record it carried: HubSpot's category (`errorType`
 * for 429s, which carry no category) and the error's full message (status, endpoint, HubSpot's words).
 */
export function hubspotFailure(error: NodeApiError): WriteFailure {
	const body = typeof error.errorResponse === 'object' && error.errorResponse !== null ? (error.errorResponse as HubSpotErrorBody & { errorType?: string }) : {};
	const httpStatus = error.httpCode ? Number(error.httpCode) : undefined;
	const code = body.category ?? body.errorType ?? (httpStatus === undefined ? 'NETWORK_ERROR' : `HTTP_${httpStatus}`);
	return { code, message: error.message, httpStatus };
}

export interface HubSpotRequest {
	method: IHttpRequestMethods;
	path: string;
	qs?: Record<string, string | number | boolean>;
	body?: unknown;
	/** Safe to resend after a timeout or 5xx (reads, updates). Creates are not. */
	idempotent: boolean;
	/** Label for call statistics, e.g. `GET /crm/v3/objects/contacts`. */
	endpoint: string;
}

/** One HubSpot API call with retries; returns the full response so callers can read 207 bodies. */
export async function hubspotRequest<T>(client: HubSpotClient, request: HubSpotRequest): Promise<{ status: number; body: T }> {
	const outcome = await client.retry.run(
			client.stats,
			async () => {
				countCall(client.stats, request.endpoint);
				const response = (await client.ctx.helpers.httpRequestWithAuthentication.call(client.ctx, HUBSPOT_CREDENTIAL, {
					method: request.method,
					url: `${client.baseUrl}${request.path}`,
					qs: request.qs,
					body: request.body as never,
					json: true,
					returnFullResponse: true,
				})) as { statusCode: number; body: T };
				return { status: response.statusCode, body: response.body };
			},
			(error) => classifyHubSpotError(error, request.idempotent),
		);
	if (!outcome.ok) throw hubspotApiError(client.ctx, outcome.error, request.endpoint);
	return outcome.value;
}
