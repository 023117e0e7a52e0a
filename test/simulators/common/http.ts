/**
 * The small HTTP layer both simulators share: a route table with `{param}` segments, request body
 * reading, and a server that can be started on port 0 and closed without waiting for keep-alive
 * sockets. Plain `node:http`, no framework, so the simulators stay fast and dependency-free.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SimRequest {
	method: string;
	/** Path without the query string, percent-decoded per segment by the router. */
	path: string;
	query: URLSearchParams;
	headers: IncomingMessage['headers'];
	rawBody: string;
	params: Record<string, string>;
	/** Who the request authenticated as, set by the simulator's auth gate. */
	principal?: string;
}

export interface SimResponse {
	status: number;
	/** Serialised as JSON unless `raw` is set. Omit for an empty body (204). */
	body?: unknown;
	raw?: string;
	headers?: Record<string, string>;
}

export type Handler = (req: SimRequest) => SimResponse | Promise<SimResponse>;

export interface Route {
	method: string;
	template: string;
	segments: string[];
	handler: Handler;
}

export interface RouteMatch {
	route: Route;
	params: Record<string, string>;
}

/** First-match route table; register literal routes (`/batch/read`) before `{id}` routes of the same length. */
export class Router {
	private readonly routes: Route[] = [];

	add(method: string, template: string, handler: Handler): this {
		this.routes.push({ method, template, segments: splitPath(template), handler });
		return this;
	}

	match(method: string, path: string): RouteMatch | undefined {
		const parts = splitPath(path);
		for (const route of this.routes) {
			if (route.method !== method || route.segments.length !== parts.length) continue;
			const params = matchSegments(route.segments, parts);
			if (params) return { route, params };
		}
		return undefined;
	}
}

function splitPath(path: string): string[] {
	return path.split('/').filter((s) => s.length > 0);
}

function matchSegments(template: string[], parts: string[]): Record<string, string> | undefined {
	const params: Record<string, string> = {};
	for (let i = 0; i < template.length; i++) {
		const t = template[i];
		if (t.startsWith('{') && t.endsWith('}')) {
			params[t.slice(1, -1)] = safeDecode(parts[i]);
		} else if (t !== parts[i]) {
			return undefined;
		}
	}
	return params;
}

function safeDecode(segment: string): string {
	try {
		return decodeURIComponent(segment);
	} catch {
		return segment;
	}
}

/**
 * Key for call counting: the route template with the object-type parameter filled in, ids left as
 * `{id}`, e.g. `GET /crm/v3/objects/contacts` or `PATCH /services/data/v60.0/sobjects/Contact/{id}`.
 */
export function endpointKey(match: RouteMatch, keep: readonly string[]): string {
	const path = match.route.segments
		.map((s) => {
			const name = s.startsWith('{') ? s.slice(1, -1) : undefined;
			return name !== undefined && keep.includes(name) ? match.params[name] : s;
		})
		.join('/');
	return `${match.route.method} /${path}`;
}

export function readBody(req: IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

export function toSimRequest(req: IncomingMessage, rawBody: string): SimRequest {
	const url = new URL(req.url ?? '/', 'http://sim.local');
	return {
		method: (req.method ?? 'GET').toUpperCase(),
		path: url.pathname,
		query: url.searchParams,
		headers: req.headers,
		rawBody,
		params: {},
	};
}

export function writeResponse(res: ServerResponse, out: SimResponse, jsonType: string): void {
	const headers: Record<string, string> = { ...out.headers };
	let payload: string | undefined;
	if (out.raw !== undefined) {
		payload = out.raw;
	} else if (out.body !== undefined) {
		payload = JSON.stringify(out.body);
		headers['Content-Type'] ??= jsonType;
	}
	if (payload !== undefined) headers['Content-Length'] = String(Buffer.byteLength(payload));
	res.writeHead(out.status, headers);
	res.end(payload);
}

export interface RunningServer {
	url: string;
	close(): Promise<void>;
}

/** Listens on 127.0.0.1 (port 0 = a free port) and serves `handle`; errors become 500s, never crashes. */
export async function listen(
	handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
	port = 0,
	host = '127.0.0.1',
): Promise<RunningServer> {
	const server: Server = createServer((req, res) => {
		handle(req, res).catch((err: unknown) => {
			if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
			res.end(`simulator error: ${err instanceof Error ? err.stack : String(err)}`);
		});
	});
	// Clients like undici keep sockets alive; without this a paged read pays a handshake per page.
	server.keepAliveTimeout = 30_000;
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => resolve());
	});
	const address = server.address() as AddressInfo;
	return {
		url: `http://${host}:${address.port}`,
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}

/** Parses a JSON body; `undefined` for an empty body, throws `SyntaxError` for malformed JSON. */
export function parseJson(raw: string): unknown {
	return raw.trim() === '' ? undefined : JSON.parse(raw);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
