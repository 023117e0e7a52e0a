/** Small helpers the simulator tests share: JSON fetches with credentials, a controllable clock, a webhook receiver. */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HubSpotSim } from './hubspot/sim';
import type { SalesforceSim } from './salesforce/sim';

export interface JsonResponse<T = any> {
	status: number;
	headers: Headers;
	body: T;
}

async function send<T>(url: string, init: RequestInit): Promise<JsonResponse<T>> {
	const res = await fetch(url, init);
	const text = await res.text();
	let body: unknown = text;
	try {
		body = text === '' ? undefined : JSON.parse(text);
	} catch {
		// Non-JSON bodies (SOAP acks) stay text.
	}
	return { status: res.status, headers: res.headers, body: body as T };
}

/** A call to the HubSpot simulator with the private-app token. */
export function hs<T = any>(sim: HubSpotSim, path: string, init: { method?: string; body?: unknown; token?: string } = {}): Promise<JsonResponse<T>> {
	return send<T>(`${sim.url}${path}`, {
		method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
		headers: { Authorization: `Bearer ${init.token ?? sim.accessToken}`, 'Content-Type': 'application/json' },
		body: init.body === undefined ? undefined : JSON.stringify(init.body),
	});
}

/** A call to the Salesforce simulator under `/services/data/v60.0` (unless the path starts with `/services/` or `/__sim`). */
export function sf<T = any>(
	sim: SalesforceSim,
	path: string,
	init: { method?: string; body?: unknown; token?: string; headers?: Record<string, string> } = {},
): Promise<JsonResponse<T>> {
	const full = path.startsWith('/services/') || path.startsWith('/__sim') ? path : `/services/data/v60.0${path}`;
	return send<T>(`${sim.url}${full}`, {
		method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
		headers: { Authorization: `Bearer ${init.token ?? sim.staticAccessToken}`, 'Content-Type': 'application/json', ...init.headers },
		body: init.body === undefined ? undefined : JSON.stringify(init.body),
	});
}

export const soql = (q: string) => `/query?q=${encodeURIComponent(q)}`;

/** A clock tests move by hand. */
export function manualClock(start = Date.parse('2025-03-01T12:00:00.000Z')) {
	let now = start;
	const clock = () => now;
	return Object.assign(clock, {
		advance(ms: number) {
			now += ms;
		},
		set(ms: number) {
			now = ms;
		},
	});
}

export interface Received {
	headers: IncomingHttpHeaders;
	body: string;
	at: number;
}

/** An HTTP receiver that records requests and answers with what `respond` says (default 200 ""). */
export async function receiver(respond: (n: number, body: string) => { status: number; body?: string; delayMs?: number } = () => ({ status: 200 })) {
	const received: Received[] = [];
	let n = 0;
	const server = createServer((req, res) => {
		let body = '';
		req.on('data', (c: Buffer) => (body += c.toString('utf8')));
		req.on('end', () => {
			const answer = respond(n++, body);
			received.push({ headers: req.headers, body, at: Date.now() });
			setTimeout(() => {
				res.writeHead(answer.status, { 'Content-Type': answer.body?.startsWith('<') ? 'text/xml' : 'text/plain' });
				res.end(answer.body ?? '');
			}, answer.delayMs ?? 0);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
	return {
		url,
		received,
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}
