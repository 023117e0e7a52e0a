/**
 * Sending what an attacker or a broken client sends: raw bytes, any headers, HubSpot v3 signatures made
 * with any secret and any timestamp, and floods with a fixed number of requests in flight.
 */
import { signatureV3 } from '../../simulators';

export interface Answer {
	status: number;
	text: string;
	json: unknown;
	ms: number;
}

/** One POST with exactly these bytes and headers; a network failure is status 0 with the error in `text`. */
export async function post(url: string, body: string | Buffer, headers: Record<string, string>, timeoutMs = 60_000): Promise<Answer> {
	const started = Date.now();
	try {
		const res = await fetch(url, { method: 'POST', body, headers, signal: AbortSignal.timeout(timeoutMs) });
		const text = await res.text();
		let json: unknown;
		try {
			json = JSON.parse(text);
		} catch {
			json = undefined;
		}
		return { status: res.status, text, json, ms: Date.now() - started };
	} catch (error) {
		const cause = (error as { cause?: { code?: string } }).cause?.code;
		return { status: 0, text: `${(error as Error).message}${cause ? ` (${cause})` : ''}`, json: undefined, ms: Date.now() - started };
	}
}

/** Headers of a HubSpot delivery signed v3 with `secret` at `timestamp` (what HubSpot sends, minus the legacy v1). */
export function hubspotHeaders(secret: string, url: string, body: string, timestamp = Date.now()): Record<string, string> {
	return {
		'content-type': 'application/json',
		'user-agent': 'HubSpot Connect 2.0 (http://dev.hubspot.com/) (namespace: webhooks-nio)',
		'X-HubSpot-Signature-v3': signatureV3(secret, 'POST', url, body, timestamp),
		'X-HubSpot-Request-Timestamp': String(timestamp),
	};
}

let nextEventId = 9_000_000;

/** One HubSpot webhook event as HubSpot serialises it (a property change made in the UI by default). */
export function hubspotEvent(objectId: string | number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		eventId: nextEventId++,
		subscriptionId: 4_242_001,
		portalId: 62_515,
		appId: 4_201_337,
		occurredAt: Date.now(),
		subscriptionType: 'contact.propertyChange',
		attemptNumber: 0,
		objectId: Number(objectId),
		propertyName: 'firstname',
		propertyValue: 'x',
		changeSource: 'CRM_UI',
		sourceId: 'userId:9100000',
		...overrides,
	};
}

/** Runs `jobs` with at most `concurrency` in flight; results in job order. */
export async function pool<T>(jobs: Array<() => Promise<T>>, concurrency: number): Promise<T[]> {
	const results: T[] = new Array(jobs.length);
	let next = 0;
	const worker = async () => {
		while (next < jobs.length) {
			const index = next++;
			results[index] = await jobs[index]();
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, worker));
	return results;
}

export function percentile(values: number[], p: number): number {
	if (values.length === 0) return 0;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
