/**
 * HubSpot webhook signatures. v3 (the default) is a base64 HMAC-SHA256 keyed with the app's client
 * secret over `method + uri + body + timestamp`; it is checked against a freshness window, on the
 * exact bytes received. v1 (`secret + body`) and v2 (`secret + method + uri + body`) are plain
 * SHA-256 hex digests without a timestamp, so a captured request verifies forever: they are accepted
 * only when the user opts in and no v3 header is present.
 */
import { createHash, createHmac } from 'crypto';

import { safeEqual } from './compare';

export interface SignatureInput {
	method: string;
	/** Candidate URIs the sender may have signed: n8n's public URL(s) for this webhook plus the query string. */
	uris: string[];
	body: Buffer;
	headers: Record<string, string | string[] | undefined>;
	clientSecret: string;
	now: number;
	maxAgeMs: number;
	acceptLegacy: boolean;
}

export type SignatureCheck = { ok: true; version: 'v1' | 'v2' | 'v3'; replayKey?: string; expiresAt?: number } | { ok: false; reason: string };

/** HubSpot decodes these escapes in the URI before signing v3 (reference §2.8), so the receiver must too. */
const V3_DECODED: Record<string, string> = {
	'%3A': ':', '%2F': '/', '%3F': '?', '%40': '@', '%21': '!', '%24': '$',
	'%27': "'", '%28': '(', '%29': ')', '%2A': '*', '%2C': ',', '%3B': ';',
};

export function v3Uri(uri: string): string {
	return uri.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (escape) => V3_DECODED[escape.toUpperCase()]);
}

/** The URL as the sender called it: n8n's public webhook URL plus the query string exactly as received. */
export function uriAsCalled(webhookUrl: string, originalUrl: string): string {
	const q = originalUrl.indexOf('?');
	return q < 0 ? webhookUrl : webhookUrl + originalUrl.slice(q);
}

export function computeV3(secret: string, method: string, uri: string, body: Buffer, timestamp: string): string {
	return createHmac('sha256', secret).update(method + v3Uri(uri), 'utf8').update(body).update(timestamp, 'utf8').digest('base64');
}

export function computeV1(secret: string, body: Buffer): string {
	return createHash('sha256').update(secret, 'utf8').update(body).digest('hex');
}

export function computeV2(secret: string, method: string, uri: string, body: Buffer): string {
	return createHash('sha256').update(secret + method + uri, 'utf8').update(body).digest('hex');
}

function header(headers: SignatureInput['headers'], name: string): string | undefined {
	const value = headers[name];
	return Array.isArray(value) ? value[0] : value;
}

export function verifyHubSpotSignature(input: SignatureInput): SignatureCheck {
	const v3 = header(input.headers, 'x-hubspot-signature-v3');
	if (v3 !== undefined) return verifyV3(input, v3);
	const legacy = header(input.headers, 'x-hubspot-signature');
	if (legacy === undefined) return { ok: false, reason: 'missing X-HubSpot-Signature-v3 header' };
	if (!input.acceptLegacy) return { ok: false, reason: 'only a v1/v2 signature, and legacy signatures are not accepted' };
	return verifyLegacy(input, legacy.toLowerCase());
}

function verifyV3(input: SignatureInput, signature: string): SignatureCheck {
	const timestamp = header(input.headers, 'x-hubspot-request-timestamp');
	if (timestamp === undefined || !/^\d{1,16}$/.test(timestamp)) return { ok: false, reason: 'missing or malformed X-HubSpot-Request-Timestamp' };
	// A timestamp from the future is refused too: it would keep a captured request valid for longer.
	if (Math.abs(input.now - Number(timestamp)) > input.maxAgeMs) {
		return { ok: false, reason: `timestamp outside the ${Math.round(input.maxAgeMs / 1000)} s window` };
	}
	const match = input.uris.some((uri) => safeEqual(signature, computeV3(input.clientSecret, input.method, uri, input.body, timestamp)));
	if (!match) return { ok: false, reason: 'invalid v3 signature' };
	return { ok: true, version: 'v3', replayKey: signature, expiresAt: Number(timestamp) + input.maxAgeMs };
}

function verifyLegacy(input: SignatureInput, signature: string): SignatureCheck {
	const version = (header(input.headers, 'x-hubspot-signature-version') ?? 'v1').toLowerCase();
	if (version === 'v1') {
		return safeEqual(signature, computeV1(input.clientSecret, input.body)) ? { ok: true, version: 'v1' } : { ok: false, reason: 'invalid v1 signature' };
	}
	if (version === 'v2') {
		const match = input.uris.some((uri) => safeEqual(signature, computeV2(input.clientSecret, input.method, uri, input.body)));
		return match ? { ok: true, version: 'v2' } : { ok: false, reason: 'invalid v2 signature' };
	}
	return { ok: false, reason: 'unknown X-HubSpot-Signature-Version' };
}
