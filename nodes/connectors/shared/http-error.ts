/**
 * n8n's request helpers throw different shapes: axios errors from `httpRequest`, and NodeApiError
 * wrapping them from `httpRequestWithAuthentication`. The connectors need the status, headers and the
 * parsed body to decide on retries and to report the API's own error code, so this digs them out.
 */
export interface HttpFailure {
	status: number | undefined;
	headers: Record<string, string>;
	body: unknown;
	message: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null;
}

function responseOf(error: unknown): Record<string, unknown> | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 4 && isRecord(current); depth++) {
		if (isRecord(current.response)) return current.response;
		current = current.cause ?? current.error;
	}
	return undefined;
}

function parseBody(raw: unknown): unknown {
	if (typeof raw !== 'string') return raw;
	try {
		return JSON.parse(raw);
	} catch {
		return raw;
	}
}

function normalizeHeaders(raw: unknown): Record<string, string> {
	if (!isRecord(raw)) return {};
	const out: Record<string, string> = {};
	for (const [key, value] of Object.entries(raw)) if (value !== undefined) out[key.toLowerCase()] = String(value);
	return out;
}

export function httpFailure(error: unknown): HttpFailure {
	const response = responseOf(error);
	const statusRaw = response?.status ?? response?.statusCode ?? (isRecord(error) ? error.httpCode : undefined);
	const status = statusRaw === undefined || statusRaw === null ? undefined : Number(statusRaw);
	return {
		status: Number.isFinite(status) ? status : undefined,
		headers: normalizeHeaders(response?.headers),
		body: parseBody(response?.data ?? response?.body),
		message: error instanceof Error ? error.message : String(error),
	};
}
