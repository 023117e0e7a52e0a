/** Control routes both simulators offer under `/__sim/`: calls, writes, faults, reset, manifest, deliveries. */
import type { CallCounts } from './call-counter';
import type { DeliveryAttempt, DeliveryStats } from './delivery';
import type { FaultOptions, SchemaChange } from './faults';
import { isRecord, parseJson, type Router, type SimRequest } from './http';
import type { WriteLogEntry } from './write-log';

export interface CommonControl {
	reset(): void;
	calls(): CallCounts;
	resetCalls(): void;
	writes(since?: number): WriteLogEntry[];
	faults(): FaultOptions;
	/** Replaces all fault options and restarts the fault streams from the seed. */
	setFaults(f: FaultOptions): void;
	schemaChange(change: SchemaChange): void;
	manifest(): unknown;
	/** Object and field pairs, value maps and owners (HubSpot owner id ⇄ Salesforce User id). */
	model(): unknown;
	deliveries(): Record<string, { stats: DeliveryStats; attempts: DeliveryAttempt[] }>;
	/** Waits until no change notification is queued, in flight or waiting for a retry. */
	idle(): Promise<void>;
}

export function jsonBody(req: SimRequest): Record<string, unknown> {
	const body = parseJson(req.rawBody);
	if (body === undefined) return {};
	if (!isRecord(body)) throw new Error('request body must be a JSON object');
	return body;
}

export function registerCommonControl(router: Router, c: CommonControl): void {
	router
		.add('GET', '/__sim/health', () => ({ status: 200, body: { ok: true } }))
		.add('POST', '/__sim/reset', () => {
			c.reset();
			return { status: 200, body: { ok: true } };
		})
		.add('GET', '/__sim/calls', () => ({ status: 200, body: c.calls() }))
		.add('DELETE', '/__sim/calls', () => {
			c.resetCalls();
			return { status: 200, body: c.calls() };
		})
		.add('GET', '/__sim/writes', (req) => ({ status: 200, body: c.writes(Number(req.query.get('since') ?? 0)) }))
		.add('GET', '/__sim/faults', () => ({ status: 200, body: c.faults() }))
		.add('PUT', '/__sim/faults', (req) => {
			c.setFaults(jsonBody(req) as FaultOptions);
			return { status: 200, body: c.faults() };
		})
		.add('POST', '/__sim/schema-change', (req) => {
			c.schemaChange(jsonBody(req) as unknown as SchemaChange);
			return { status: 200, body: { ok: true } };
		})
		.add('GET', '/__sim/manifest', () => ({ status: 200, body: c.manifest() }))
		.add('GET', '/__sim/model', () => ({ status: 200, body: c.model() }))
		.add('GET', '/__sim/deliveries', () => ({ status: 200, body: c.deliveries() }))
		.add('POST', '/__sim/deliveries/idle', async () => {
			await c.idle();
			return { status: 200, body: { ok: true } };
		});
}
