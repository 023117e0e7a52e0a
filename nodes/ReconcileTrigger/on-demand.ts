/**
 * On-demand runs ("run a cycle now", "send the weekly summary now"), authenticated by this instance's own
 * API key in `X-N8N-API-KEY`. Unlike n8n's Webhook node, the trigger keeps no request headers in its
 * output, so the key never lands in a saved execution.
 */
import { safeEqual } from './compare';
import { JSON_TYPE, reject, type Outcome } from './types';

type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string | undefined {
	const value = headers[name];
	return Array.isArray(value) ? value[0] : value;
}

export function handleOnDemand(headers: Headers, body: Buffer, apiKey: string): Outcome {
	const given = header(headers, 'x-n8n-api-key');
	if (given === undefined || given === '') return reject(401, 'missing X-N8N-API-KEY header');
	if (!safeEqual(given, apiKey)) return reject(401, 'wrong API key');
	let request: Record<string, unknown> = {};
	const text = body.toString('utf8').trim();
	if (text !== '') {
		let parsed: unknown;
		try {
			parsed = JSON.parse(text);
		} catch {
			return reject(400, 'body is not JSON');
		}
		if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return reject(400, 'body must be a JSON object');
		request = parsed as Record<string, unknown>;
	}
	return { ok: true, events: [], reply: { contentType: JSON_TYPE, body: JSON.stringify({ started: true }) }, request };
}
