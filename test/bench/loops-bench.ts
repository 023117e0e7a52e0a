/**
 * Both loops in a real n8n against the simulators: wall time and API calls of full reconciliation cycles
 * (first cycle on drifted data, then a converged one) against the minimum, and single-event fast-loop
 * latency next to a trivial Webhook → Respond workflow measured in the same n8n.
 *
 *   npm run build && npx ts-node --transpile-only test/bench/loops-bench.ts --records 5000,20000 --events 60
 */
import { signatureV3 } from '../simulators';
import { trivialWebhookBaseline } from '../harness/bench-trivial-webhook';
import { startStack, type Stack } from '../harness/stack';
import { hubspotTruth, salesforceTruth } from '../e2e/support/truth';
import { numberFlag, stringFlag } from './args';

const argv = process.argv.slice(2);
const sizes = (stringFlag(argv, 'records') ?? '5000,20000').split(',').map(Number);
const events = numberFlag(argv, 'events', 60);

export function percentile(values: number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

interface CycleMeasure {
	label: string;
	mode: string;
	recordsA: number;
	recordsB: number;
	/** Records each simulator holds (its ground truth, not what the cycle says it read). */
	truthA: number;
	truthB: number;
	seconds: number;
	reads: number;
	readsMin: number;
	writes: number;
	writesMin: number;
	written: number;
}

/** Endpoints that change records: batch and single-record writes on both systems (searches and batch reads are reads). */
const WRITE_ENDPOINT = /^(PATCH|DELETE) |^POST .*(batch\/(update|create|upsert|archive)|composite\/sobjects|\/sobjects\/[^/]+(\/\{id\})?$|\/objects\/[^/]+$)/;

export function callsOf(stack: Stack): { reads: number; writes: number } {
	const hs = stack.sims.hubspot.calls().byEndpoint;
	const sf = stack.sims.salesforce.calls().byEndpoint;
	let reads = 0;
	let writes = 0;
	for (const [endpoint, n] of [...Object.entries(hs), ...Object.entries(sf)]) {
		if (/oauth2/.test(endpoint)) continue;
		if (WRITE_ENDPOINT.test(endpoint)) writes += n;
		else reads += n;
	}
	return { reads, writes };
}

export async function measureCycle(stack: Stack, label: string, request: Record<string, unknown> = {}): Promise<CycleMeasure> {
	stack.sims.hubspot.resetCalls();
	stack.sims.salesforce.resetCalls();
	const hsWrites = stack.sims.hubspot.writes(0).length;
	const sfWrites = stack.sims.salesforce.writes(0).length;
	const started = Date.now();
	const row = await stack.runCycle(request);
	const seconds = (Date.now() - started) / 1000;
	const { reads, writes } = callsOf(stack);
	const hsWritten = stack.sims.hubspot.writes(hsWrites).filter((w) => w.channel === 'api').length;
	const sfWritten = stack.sims.salesforce.writes(sfWrites).filter((w) => w.channel === 'api').length;
	// The minimum from what the simulators hold (a cycle that read too little must not lower its own bar).
	const truthA = hubspotTruth(stack.sims).length;
	const truthB = salesforceTruth(stack.sims).length;
	const readsMin = Math.ceil(truthA / 100) + Math.ceil(truthB / 2000);
	const writesMin = Math.ceil(hsWritten / 100) + Math.ceil(sfWritten / 200);
	return { label, mode: String(row.mode), recordsA: Number(row.recordsA), recordsB: Number(row.recordsB), truthA, truthB, seconds, reads, readsMin, writes, writesMin, written: Number(row.written) };
}

/** One HubSpot change delivered as HubSpot would (signed), timed until Salesforce holds the new value. */
export async function fastLoopLatency(stack: Stack, count: number): Promise<{ write: number[]; respond: number[] }> {
	const write: number[] = [];
	const respond: number[] = [];
	const contacts = stack.sims.hubspot.truthAll('contacts').slice(0, count);
	const byEmail = new Map(stack.sims.salesforce.truthAll('Contact').map((c) => [String(c.Email).toLowerCase(), String(c.Id)]));
	for (const [i, contact] of contacts.entries()) {
		const email = String((contact.properties as Record<string, unknown>).email ?? '').toLowerCase();
		const sfId = byEmail.get(email);
		if (!sfId) continue;
		const value = `Latency${i}`;
		stack.sims.hubspot.uiUpdate('contacts', String(contact.id), { firstname: value });
		const body = JSON.stringify([
			{ eventId: 900000 + i, subscriptionId: 1, portalId: stack.sims.hubspot.portalId, appId: stack.sims.hubspot.appId, occurredAt: Date.now(), subscriptionType: 'contact.propertyChange', attemptNumber: 0, objectId: Number(contact.id), propertyName: 'firstname', propertyValue: value, changeSource: 'CRM_UI', sourceId: 'userId:1' },
		]);
		const timestamp = Date.now();
		const headers = {
			'content-type': 'application/json',
			'x-hubspot-request-timestamp': String(timestamp),
			'x-hubspot-signature-v3': signatureV3(stack.sims.hubspot.clientSecret, 'POST', stack.urls.hubspotWebhook, body, timestamp),
		};
		const started = process.hrtime.bigint();
		const response = await fetch(stack.urls.hubspotWebhook, { method: 'POST', headers, body });
		respond.push(Number(process.hrtime.bigint() - started) / 1e6);
		if (response.status !== 200) throw new Error(`fast loop answered ${response.status}`);
		const deadline = Date.now() + 30_000;
		while (stack.sims.salesforce.truth('Contact', sfId)?.FirstName !== value) {
			if (Date.now() > deadline) throw new Error(`the fast loop did not write ${value} to Salesforce ${sfId} within 30 s`);
			await new Promise((resolve) => setImmediate(resolve));
		}
		write.push(Number(process.hrtime.bigint() - started) / 1e6);
		await stack.quiet();
	}
	return { write, respond };
}

function signed(stack: Stack, body: string): Record<string, string> {
	const timestamp = Date.now();
	return {
		'content-type': 'application/json',
		'x-hubspot-request-timestamp': String(timestamp),
		'x-hubspot-signature-v3': signatureV3(stack.sims.hubspot.clientSecret, 'POST', stack.urls.hubspotWebhook, body, timestamp),
	};
}

/**
 * Sustained fast-loop throughput: `deliveries` HubSpot-style deliveries of `batch` events each (one changed
 * contact per event: a new first name, a recency field, so it goes to Salesforce), `concurrency` at a time,
 * timed until n8n is idle; then every contact's last value is checked in Salesforce, and the run fails if one
 * did not arrive (so events lost or refused cannot count towards the rate).
 */
let throughputRuns = 0;

export async function fastLoopThroughput(stack: Stack, deliveries: number, batch = 100, concurrency = 4): Promise<{ events: number; seconds: number; perSecond: number }> {
	const contacts = stack.sims.hubspot.truthAll('contacts');
	const byEmail = new Map(stack.sims.salesforce.truthAll('Contact').map((c) => [String(c.Email).toLowerCase(), String(c.Id)]));
	const paired = contacts.filter((c) => byEmail.has(String((c.properties as Record<string, unknown>).email ?? '').toLowerCase()));
	const bodies: string[] = [];
	const last = new Map<string, string>();
	// Values never repeat across calls, so every event is a real change.
	const run = ++throughputRuns;
	let n = 0;
	for (let d = 0; d < deliveries; d++) {
		const events = [];
		for (let e = 0; e < batch; e++, n++) {
			const contact = paired[n % paired.length];
			const value = `Burst${run}x${n}`;
			stack.sims.hubspot.uiUpdate('contacts', String(contact.id), { firstname: value });
			last.set(String(contact.id), value);
			events.push({ eventId: 500000 + n, subscriptionId: 2, portalId: stack.sims.hubspot.portalId, appId: stack.sims.hubspot.appId, occurredAt: Date.now(), subscriptionType: 'contact.propertyChange', attemptNumber: 0, objectId: Number(contact.id), propertyName: 'firstname', propertyValue: value, changeSource: 'CRM_UI', sourceId: 'userId:1' });
		}
		bodies.push(JSON.stringify(events));
	}
	const started = Date.now();
	let next = 0;
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (next < bodies.length) {
				const body = bodies[next++];
				const response = await fetch(stack.urls.hubspotWebhook, { method: 'POST', headers: signed(stack, body), body });
				if (response.status !== 200) throw new Error(`delivery answered ${response.status}`);
			}
		}),
	);
	await stack.quiet(600_000);
	const seconds = (Date.now() - started) / 1000;
	const emailOf = new Map(contacts.map((c) => [String(c.id), String((c.properties as Record<string, unknown>).email ?? '').toLowerCase()]));
	const missing = [...last].filter(([id, value]) => stack.sims.salesforce.truth('Contact', byEmail.get(emailOf.get(id)!)!)?.FirstName !== value);
	if (missing.length > 0) throw new Error(`${missing.length} of ${last.size} contacts did not get their last first name in Salesforce, e.g. ${missing[0].join(' → ')}`);
	return { events: deliveries * batch, seconds, perSecond: (deliveries * batch) / seconds };
}

async function main(): Promise<void> {
	const lines: string[] = [];
	for (const [index, records] of sizes.entries()) {
		const stack = await startStack({
			sims: { records, seed: 1, driftRate: 0.05, onlyInHubSpotRate: 0.01, onlyInSalesforceRate: 0.01, hubspot: { rateLimits: false }, salesforce: { dailyApiLimit: false } },
			webhooks: false,
			n8n: { logLevel: 'warn' },
		});
		try {
			const cycles = [await measureCycle(stack, 'first (drifted)'), await measureCycle(stack, 'second (converged)')];
			for (const c of cycles) {
				const line = `cycle records=${records} run=${c.label.split(' ')[0]} seconds=${c.seconds.toFixed(1)} written=${c.written} read_calls=${c.reads} read_min=${c.readsMin} read_ratio=${(c.reads / c.readsMin).toFixed(2)} write_calls=${c.writes} write_min=${c.writesMin}`;
				console.log(line);
				lines.push(line);
			}
			if (index === 0) {
				const fast = await fastLoopLatency(stack, events);
				const trivial = await trivialWebhookBaseline(stack.n8n, { requests: 100, warmup: 10 });
				const line = `fastloop events=${fast.write.length} write_p50_ms=${percentile(fast.write, 50).toFixed(0)} write_p95_ms=${percentile(fast.write, 95).toFixed(0)} respond_p50_ms=${percentile(fast.respond, 50).toFixed(0)} trivial_p50_ms=${trivial.p50Ms.toFixed(0)} trivial_p95_ms=${trivial.p95Ms.toFixed(0)} ratio_p50=${(percentile(fast.write, 50) / trivial.p50Ms).toFixed(2)}`;
				console.log(line);
				lines.push(line);
			}
		} finally {
			await stack.stop();
		}
	}
	console.log(`\n${lines.join('\n')}`);
}

if (require.main === module) {
	main().catch((error: unknown) => {
		console.error(error);
		process.exit(1);
	});
}
