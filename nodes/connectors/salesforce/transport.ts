import { NodeApiError, type IExecuteFunctions, type IHttpRequestMethods, type JsonObject } from 'n8n-workflow';

import { httpFailure, type HttpFailure } from '../shared/http-error';
import { RetryBudget, type RetryVerdict } from '../shared/retry';
import { countCall, type CallStats, type WriteFailure } from '../types';

export const SALESFORCE_CREDENTIAL = 'reconcileSalesforceApi';

export interface SalesforceClient {
	ctx: IExecuteFunctions;
	/** My Domain URL, e.g. https://acme.my.salesforce.com */
	instanceUrl: string;
	/** `/services/data/v60.0` */
	apiPath: string;
	stats: CallStats;
	retry: RetryBudget;
}

export async function salesforceClient(ctx: IExecuteFunctions, stats: CallStats, retry = new RetryBudget()): Promise<SalesforceClient> {
	const credentials = await ctx.getCredentials(SALESFORCE_CREDENTIAL);
	const instanceUrl = String(credentials.domainUrl ?? '').replace(/\/+$/, '');
	const version = String(credentials.apiVersion || '60.0').replace(/^v/i, '');
	return { ctx, instanceUrl, apiPath: `/services/data/v${version}`, stats, retry };
}

/** Salesforce errors are arrays `[{message, errorCode, fields}]` (per-record results use `statusCode`). */
export interface SalesforceError {
	message?: string;
	errorCode?: string;
	statusCode?: string;
	fields?: string[];
}

export function firstError(failure: HttpFailure): SalesforceError {
	const body = failure.body;
	if (Array.isArray(body) && body.length > 0 && typeof body[0] === 'object') return body[0] as SalesforceError;
	if (typeof body === 'object' && body !== null) {
		const oauth = body as { error?: string; error_description?: string };
		if (oauth.error !== undefined) return { errorCode: oauth.error, message: oauth.error_description };
		return body as SalesforceError;
	}
	return {};
}

/**
 * Salesforce has no 429: the org-wide limits answer 403 REQUEST_LIMIT_EXCEEDED (daily total, or too
 * many concurrent long requests). Both are retried with backoff within the bounded budget; a spent daily
 * limit then surfaces as a clear error. Row locks and 5xx are transient too. 401 is not handled here:
 * n8n refreshes the session through the credential's preAuthentication and replays the request once.
 */
export function classifySalesforceError(error: unknown, idempotent: boolean): RetryVerdict {
	const failure = httpFailure(error);
	const code = firstError(failure).errorCode;
	if (failure.status === 403 && code === 'REQUEST_LIMIT_EXCEEDED') return { retry: true, reason: 'REQUEST_LIMIT_EXCEEDED' };
	if (code === 'UNABLE_TO_LOCK_ROW') return { retry: true, reason: 'UNABLE_TO_LOCK_ROW' };
	if (!idempotent) return { retry: false };
	if (failure.status === undefined || failure.status === 500 || failure.status === 502 || failure.status === 503 || failure.status === 504) {
		return { retry: true, reason: `HTTP ${failure.status ?? 'network error'}` };
	}
	return { retry: false };
}

export function salesforceApiError(ctx: IExecuteFunctions, error: unknown, endpoint: string): NodeApiError {
	const failure = httpFailure(error);
	const sf = firstError(failure);
	const code = sf.errorCode ?? sf.statusCode ?? 'HTTP_ERROR';
	const fields = sf.fields?.length ? ` (fields: ${sf.fields.join(', ')})` : '';
	return new NodeApiError(ctx.getNode(), (Array.isArray(failure.body) ? { errors: failure.body } : (failure.body ?? { message: failure.message })) as JsonObject, {
		message: `Salesforce ${failure.status ?? 'network error'} ${code} on ${endpoint}: ${sf.message ?? failure.message}${fields}`,
		httpCode: failure.status === undefined ? undefined : String(failure.status),
	});
}

/**
 * What a request that failed outright tells about each record it carried: Salesforce's error code
 * (REQUEST_LIMIT_EXCEEDED, INVALID_SESSION_ID…) and the error's full message (status, endpoint, reason).
 */
export function salesforceFailure(error: NodeApiError): WriteFailure {
	const body = error.errorResponse as { errors?: unknown } | undefined;
	const sf = firstError({ status: undefined, headers: {}, message: '', body: Array.isArray(body?.errors) ? body.errors : body });
	const httpStatus = error.httpCode ? Number(error.httpCode) : undefined;
	const code = sf.errorCode ?? sf.statusCode ?? (httpStatus === undefined ? 'NETWORK_ERROR' : `HTTP_${httpStatus}`);
	return { code, message: error.message, httpStatus, ...(sf.fields?.length ? { fields: sf.fields } : {}) };
}

export interface SalesforceRequest {
	method: IHttpRequestMethods;
	/** Path under the API version (`/query`), or an absolute path from the server (`nextRecordsUrl`). */
	path: string;
	qs?: Record<string, string>;
	body?: unknown;
	headers?: Record<string, string>;
	idempotent: boolean;
	endpoint: string;
}

export async function salesforceRequest<T>(client: SalesforceClient, request: SalesforceRequest): Promise<T> {
	const path = request.path.startsWith('/services/') ? request.path : `${client.apiPath}${request.path}`;
	const outcome = await client.retry.run(
			client.stats,
			async () => {
				countCall(client.stats, request.endpoint);
				return (await client.ctx.helpers.httpRequestWithAuthentication.call(client.ctx, SALESFORCE_CREDENTIAL, {
					method: request.method,
					url: `${client.instanceUrl}${path}`,
					qs: request.qs,
					body: request.body as never,
					headers: request.headers,
					json: true,
				})) as T;
			},
			(error) => classifySalesforceError(error, request.idempotent),
		);
	if (!outcome.ok) throw salesforceApiError(client.ctx, outcome.error, request.endpoint);
	return outcome.value;
}
