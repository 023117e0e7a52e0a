/** HubSpot webhook request signatures (v1, v2, v3), as the receiving side verifies them. */
import { createHash, createHmac } from 'node:crypto';

/** v1: SHA-256 hex of `clientSecret + body`. */
export function signatureV1(clientSecret: string, body: string): string {
	return createHash('sha256').update(clientSecret + body).digest('hex');
}

/** v2: SHA-256 hex of `clientSecret + method + uri + body`. */
export function signatureV2(clientSecret: string, method: string, uri: string, body: string): string {
	return createHash('sha256').update(clientSecret + method + uri + body).digest('hex');
}

/**
 * v3: base64 HMAC-SHA-256, keyed with the client secret, of `method + uri + body + timestamp`, where
 * `uri` is the full URL with a few percent-escapes decoded (HubSpot signs the decoded form).
 */
export function signatureV3(clientSecret: string, method: string, uri: string, body: string, timestamp: number | string): string {
	return createHmac('sha256', clientSecret)
		.update(method + decodeV3Uri(uri) + body + String(timestamp))
		.digest('base64');
}

const V3_DECODED: Record<string, string> = {
	'%3A': ':', '%2F': '/', '%3F': '?', '%40': '@', '%21': '!', '%24': '$', '%27': "'", '%28': '(', '%29': ')', '%2A': '*', '%2C': ',', '%3B': ';',
};

export function decodeV3Uri(uri: string): string {
	return uri.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (m) => V3_DECODED[m.toUpperCase()]);
}
