/**
 * Small HTTP layer over the global fetch (Node ≥ 18): JSON in, JSON out, errors that say which call failed
 * and what n8n answered, so a failing e2e test shows the server's own message.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS' | 'HEAD';

export interface HttpResponse<T = unknown> {
	status: number;
	headers: Headers;
	text: string;
	/** Parsed JSON body, or undefined when the body is empty or not JSON. */
	json: T;
}

export class HttpError extends Error {
	constructor(
		readonly method: string,
		readonly url: string,
		readonly status: number,
		readonly body: string,
	) {
		super(`${method} ${url} → ${status}: ${body.length > 2000 ? `${body.slice(0, 2000)}…` : body}`);
		this.name = 'HttpError';
	}
}

export interface RequestOptions {
	headers?: Record<string, string>;
	/** Serialised as JSON unless it is already a string. */
	body?: unknown;
	timeoutMs?: number;
}

/** One request; never throws for HTTP status codes (see `expectOk`), only for network failures/timeouts. */
export async function request<T = unknown>(method: HttpMethod, url: string, opts: RequestOptions = {}): Promise<HttpResponse<T>> {
	const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
	let body: string | undefined;
	if (opts.body !== undefined) {
		body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
		headers['content-type'] ??= 'application/json';
	}
	const res = await fetch(url, {
		method,
		headers,
		body,
		signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000),
	});
	const text = await res.text();
	let json: unknown;
	if (text.length > 0) {
		try {
			json = JSON.parse(text);
		} catch {
			json = undefined;
		}
	}
	return { status: res.status, headers: res.headers, text, json: json as T };
}

/** Like `request` but throws `HttpError` for any status ≥ 400. */
export async function requestOk<T = unknown>(method: HttpMethod, url: string, opts: RequestOptions = {}): Promise<HttpResponse<T>> {
	const res = await request<T>(method, url, opts);
	if (res.status >= 400) throw new HttpError(method, url, res.status, res.text);
	return res;
}

/** `name=value` pairs from Set-Cookie headers, joined for a Cookie header. */
export function cookieFrom(headers: Headers): string {
	return headers
		.getSetCookie()
		.map((c) => c.split(';')[0])
		.join('; ');
}

export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `probe` until it returns a value other than undefined, or throws after `timeoutMs` naming `what`. */
export async function pollUntil<T>(
	what: string,
	probe: () => Promise<T | undefined>,
	{
		timeoutMs = 30_000,
		intervalMs = 250,
		fatal = () => false,
	}: { timeoutMs?: number; intervalMs?: number; /** errors that end the wait at once instead of being retried */ fatal?: (e: unknown) => boolean } = {},
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let lastError: unknown;
	for (;;) {
		try {
			const value = await probe();
			if (value !== undefined) return value;
		} catch (e) {
			if (fatal(e)) throw e;
			lastError = e;
		}
		if (Date.now() > deadline) {
			const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
			throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${why}`);
		}
		await sleep(intervalMs);
	}
}
