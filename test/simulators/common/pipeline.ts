/**
 * The request path both simulators share: `/__sim/…` goes to the control routes untouched (no
 * counting, no faults, no auth); everything else is matched against the API routes, counted by
 * endpoint, delayed by the latency fault, passed through the simulator's gate (auth, limits,
 * injected errors) and answered.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CallCounter } from './call-counter';
import type { FaultInjector } from './faults';
import {
	endpointKey,
	readBody,
	sleep,
	toSimRequest,
	writeResponse,
	type RouteMatch,
	type Router,
	type SimRequest,
	type SimResponse,
} from './http';

export interface ApiGate {
	/** Route parameters kept in call-count keys (the object type), others shown as `{name}`. */
	keyParams: readonly string[];
	jsonType: string;
	notFound(req: SimRequest): SimResponse;
	/** Auth, rate limits and injected errors; a response here short-circuits the handler. */
	check(req: SimRequest, match: RouteMatch): SimResponse | undefined;
	/** Headers every API response carries (rate-limit counters, correlation ids). */
	decorate(req: SimRequest, match: RouteMatch | undefined, res: SimResponse): void;
}

export interface PipelineParts {
	api: Router;
	control: Router;
	gate: ApiGate;
	counter: CallCounter;
	faults: FaultInjector;
}

export function createPipeline(parts: PipelineParts): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
	const { api, control, gate, counter, faults } = parts;
	return async (incoming, outgoing) => {
		const req = toSimRequest(incoming, await readBody(incoming));
		if (req.path === '/__sim' || req.path.startsWith('/__sim/')) {
			writeResponse(outgoing, await controlResponse(control, req), 'application/json');
			return;
		}
		const match = api.match(req.method, req.path);
		const latency = faults.latencyMs();
		if (latency > 0) await sleep(latency);
		let out: SimResponse;
		if (!match) {
			out = gate.notFound(req);
		} else {
			req.params = match.params;
			out = gate.check(req, match) ?? (await match.route.handler(req));
		}
		counter.record(match ? endpointKey(match, gate.keyParams) : `${req.method} (no such route)`, out.status);
		gate.decorate(req, match, out);
		writeResponse(outgoing, out, gate.jsonType);
	};
}

async function controlResponse(control: Router, req: SimRequest): Promise<SimResponse> {
	const match = control.match(req.method, req.path);
	if (!match) return { status: 404, body: { error: `no control route ${req.method} ${req.path}` } };
	req.params = match.params;
	try {
		return await match.route.handler(req);
	} catch (err) {
		return { status: 400, body: { error: err instanceof Error ? err.message : String(err) } };
	}
}
