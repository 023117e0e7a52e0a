/**
 * `npm run soak`: the chaos soak of issue 7. Both simulators, a real n8n 2.40.7 with this package and the
 * shipped templates (the stack the e2e tests and the demo use), and then, while the fast loop runs:
 *
 *   - `--changes` field changes (default 5,000) made by people in the two CRMs' UIs (the simulators'
 *     `uiRandomEdits`, alternating HubSpot and Salesforce, at most `--rate` per second, held back while n8n
 *     has more than `--max-backlog` executions running, so the fast loop stays near real time on a small
 *     machine: this is a correctness soak; throughput is `npm run bench`'s);
 *   - webhook faults on every HubSpot webhook and Salesforce flow callout: 1 % dropped, 10 % duplicated,
 *     10 % reordered, 10 % delayed (3 s);
 *   - API faults on every API call to either CRM: 3 % answered 429 (HubSpot) / 403 REQUEST_LIMIT_EXCEEDED
 *     (Salesforce), 1 % 5xx; HubSpot's own rate limit (190 calls / 10 s) stays on;
 *   - one schema change half-way: Salesforce Contact.Lead_Status__c turns from a picklist into a
 *     multi-select picklist (people then save several values in it);
 *   - at 60 %, changes whose notifications are all lost are planted (5 % of `--changes`, at least 30 per
 *     side: HubSpot first names, Salesforce last names), a reconciliation cycle is started, and n8n is killed
 *     (SIGKILL) in that cycle's Apply step, as soon as one of its write batches has landed and before the rest
 *     are sent (so writes landed that n8n never saw acknowledged, and the cycle's queue, log and baseline were
 *     never saved); then it is restarted on the same folder. Changes keep coming meanwhile (HubSpot retries
 *     its webhooks, Salesforce flow callouts made while n8n is down are lost, as flows do not retry).
 *
 * Then it waits for the fast loop to drain, runs reconciliation cycles until one writes nothing (at most
 * `--max-cycles`), runs one more, and checks the result against the simulators' ground truth and write logs.
 * Everything is deterministic by `--seed` except the timing of n8n. The whole run has a time budget
 * (`--budget-min`); past it the soak stops everything and fails.
 *
 *   npm run soak -- [--records 5000] [--changes 5000] [--seed 1] [--rate 8] [--max-backlog 8] [--max-cycles 6] [--budget-min N]
 *
 * ## What is counted (the final line)
 *
 * The policy is the stack's contacts policy (HubSpot contacts ⇄ Salesforce Contact). The UI edits also touch
 * companies and deals, which this policy does not sync: they are noise (they fire webhooks and callouts the
 * fast loop must cope with) and are not counted, except that automation must never write them.
 *
 * - `changes`: user changes to a synced contact field: a UI edit of a HubSpot contact or Salesforce Contact
 *   property that is one of the policy's fields (both sides' names; the owner included) and whose value
 *   differs from the one before as the policy compares values (a phone re-formatted to the same number is
 *   not a change). One per edit; the driver stops at `--changes`.
 * - `residual`: fields that do not hold the policy's value, worked out by rule from the ground truth without
 *   the engine's resolve, diff or plan (`oracle.ts`): (1) after the first cycle, on the seeded drift (the more
 *   recently modified record wins, the source of truth wins unless blank, lists are merged, escalated fields
 *   are untouched and queued, one-sided records created or queued), and (2) after quiet, every field a rule
 *   decides by itself on which the two systems still differ (only escalate-rule fields, schema drift and
 *   queued recency ties may). Every change's own value is checked by `lost` below. Also checked, as
 *   `engine_residual`: what one more cycle would still write by the engine's reckoning (`expectCycle`).
 * - `escalate_violations`: entries in the two simulators' write logs, over the whole run, made through the
 *   API (the integration) to a field whose rule is `escalate` (the owner), counted once per entry and field.
 * - `lost`: user changes that are neither present in the final state of both systems nor superseded by a
 *   later change nor explained by a rule. Each change is classified, on the final ground truth and the
 *   open queue, as the first that applies of:
 *     drift        either system's final value of the field does not fit its type (schema drift: reported,
 *                  never written);
 *     reached      both systems hold the change's value;
 *     escalated    the systems differ on that field and the discrepancy is open in the operator queue, and
 *                  the field's rule sends it to a person (an escalate rule, or recency with changes from both
 *                  sides that it cannot order); a queued item for any other rule does not excuse a change;
 *     record_rule  the record has no single partner (one-sided or duplicate key) and that is queued;
 *     superseded   a later user change to the same pair and field, on either side (for a source-of-truth
 *                  field, a change on the source side is only superseded by a later source-side change);
 *     source_of_truth  the change was made on the non-source side and both systems hold the source's value
 *                  (or it blanked an "unless blank" source and both hold the other side's value);
 *   and for a merge field (three-way union) per option: each option the change added or removed must be
 *   present / absent on both sides, unless a later change added or removed that option again.
 *   Anything else is `lost`, and printed with its history from the write logs and the decisions logged for
 *   it; the run also says how many lost changes a recency decision on record-level timestamps overruled
 *   (a record's timestamp moves with any save, so it cannot order two changes of one field).
 * - `duplicate_queue`: how far the operator queue is from "every escalated discrepancy exactly once": the
 *   discrepancies the policy escalates in the final state (engine run as for `residual`) against the open
 *   rows of `reconcile_queue` by discrepancy id: extra rows for one discrepancy + escalations with no open
 *   row + open rows for discrepancies no longer escalated. All three are printed separately too.
 * - `writes_after_quiet`: API writes in both write logs during the cycle run after the first cycle that
 *   wrote nothing.
 *
 * Also checked (they fail the run, printed on the `soak checks` line): no API write read or wrote a value
 * that does not fit the field's type (`drift_writes`: schema drift is not written), the last cycle reported
 * as much schema drift as the ground truth holds and there is some (`drift_reported`), no API write to an
 * object or field the policy does not sync (`unsynced_writes`), the fast loop wrote after the restart, the
 * webhooks were registered again after the restart, and the killed cycle did not stay "running".
 */
import { numberFlag } from '../bench/args';
import { isWebhookRegistered, listExecutions, pollUntil, sleep, webhookEndpoints, type Execution } from '../harness';
import { startStack, type Stack } from '../harness/stack';
import { keyExtractor, parsePolicyOrThrow, reconcile, type Policy, type Side } from '../../nodes/engine';
import type { WriteLogEntry } from '../simulators';
import type { DeliveryStats } from '../simulators/common/delivery';
import { baselineFromRows, expectCycle, hubspotTruth, salesforceTruth } from '../e2e/support/truth';
import { disagreements, seedResolution } from './oracle';
import {
	auditAutomation,
	auditQueue,
	classifyChanges,
	countOutcomes,
	isEffectiveChange,
	partnerOf,
	policyFieldOf,
	type Final,
	type UserChange,
} from './accounting';

const argv = process.argv.slice(2);
const RECORDS = numberFlag(argv, 'records', 5000);
const CHANGES = numberFlag(argv, 'changes', 5000);
const SEED = numberFlag(argv, 'seed', 1);
/** Counted contact-field changes per second (the UI edits of companies and deals come on top). */
const RATE = numberFlag(argv, 'rate', 8);
const MAX_CYCLES = numberFlag(argv, 'max-cycles', 6);
const BUDGET_MIN = numberFlag(argv, 'budget-min', Math.ceil(25 + (3 * CHANGES) / RATE / 60 + RECORDS / 1000));
/** Running executions above which the driver waits for the fast loop to catch up. */
const MAX_BACKLOG = numberFlag(argv, 'max-backlog', 8);
/** Simulated waits (HubSpot's webhook retry gaps, delivery delays) run 100× faster than real time. */
const TIME_SCALE = 0.01;
const SCHEMA_CHANGE = { kind: 'single-to-multi', object: 'Contact', field: 'Lead_Status__c' } as const;
/** Changes per side made before the killed cycle with their notifications lost (part of `--changes`). */
const PLANTED_PER_SIDE = Math.max(30, Math.round(CHANGES * 0.05));
/** Planted records written at once that mark the killed cycle's Apply step (a fast-loop delivery writes a few). */
const KILL_AFTER = 20;

interface Faults {
	webhooks: { dropRate: number; duplicateRate: number; reorderRate: number; delayRate: number; delayMs: number };
	rateLimitRate: number;
	serverErrorRate: number;
}

const started = Date.now();
const deadline = started + BUDGET_MIN * 60_000;

class BudgetExceeded extends Error {}

function elapsed(): string {
	return `${((Date.now() - started) / 1000).toFixed(0).padStart(5)} s`;
}

function say(text: string): void {
	process.stdout.write(`[${elapsed()}] ${text}\n`);
}

/** Runs `work` within what is left of the time budget; past it the soak fails naming the phase. */
async function phase<T>(name: string, work: () => Promise<T>): Promise<T> {
	const left = deadline - Date.now();
	if (left <= 0) throw new BudgetExceeded(`time budget of ${BUDGET_MIN} min exceeded before ${name}`);
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new BudgetExceeded(`time budget of ${BUDGET_MIN} min exceeded during ${name}`)), left);
	});
	try {
		return await Promise.race([work(), timeout]);
	} finally {
		clearTimeout(timer);
	}
}

function apiWritesSince(stack: Stack, mark: { hs: number; sf: number }): WriteLogEntry[] {
	return [...stack.sims.hubspot.writes(mark.hs), ...stack.sims.salesforce.writes(mark.sf)].filter((w) => w.channel === 'api');
}

function writeMark(stack: Stack): { hs: number; sf: number } {
	return { hs: stack.sims.hubspot.writes(0).length, sf: stack.sims.salesforce.writes(0).length };
}

function finalState(stack: Stack): Final {
	return { a: hubspotTruth(stack.sims), b: salesforceTruth(stack.sims) };
}

function openQueueIds(rows: Array<Record<string, unknown>>): Set<string> {
	return new Set(rows.filter((r) => r.status === 'open').map((r) => String(r.discrepancyId)));
}

function cycleLine(label: string, row: Record<string, unknown>, apiWrites: number): string {
	const pick = (k: string) => row[k] ?? '?';
	return `${label}: aborted=${pick('aborted')} records=${pick('recordsA')}/${pick('recordsB')} discrepancies=${pick('discrepancies')} auto_resolved=${pick('autoResolved')} escalated=${pick('escalated')} schema_drift=${pick('schemaDrift')} written=${pick('written')} failed=${pick('failed')} api_writes=${apiWrites} duration=${(Number(row.durationMs ?? 0) / 1000).toFixed(1)} s`;
}

// ------------------------------------------------------------------------------------------ the driver

interface Driver {
	changes: UserChange[];
	otherEdits: number;
	noOpEdits: number;
	failedEdits: number;
	bySide: Record<Side, number>;
	/** Time the driver held back because the fast loop was behind. */
	heldSeconds: number;
}

/** One UI edit on `side`; a counted change when it hits a synced contact field and changes its value. */
function editOnce(stack: Stack, policy: Policy, side: Side, driver: Driver): void {
	let object: string;
	let id: string;
	let field: string;
	let before: unknown;
	let after: unknown;
	try {
		if (side === 'a') {
			const [e] = stack.sims.hubspot.uiRandomEdits(1);
			if (e === undefined) return;
			({ object, id, property: field, old: before, new: after } = e);
		} else {
			const [e] = stack.sims.salesforce.uiRandomEdits(1);
			if (e === undefined) return;
			({ object, id, field, old: before, new: after } = e);
		}
	} catch {
		driver.failedEdits++;
		return;
	}
	const spec = object === policy[side].object ? policyFieldOf(policy, side, field) : undefined;
	if (spec === undefined) {
		driver.otherEdits++;
		return;
	}
	if (!isEffectiveChange(policy, side, spec.name, before, after)) {
		driver.noOpEdits++;
		return;
	}
	driver.changes.push({ seq: driver.changes.length + 1, side, id, field: spec.name, old: before, new: after });
	driver.bySide[side]++;
}

/**
 * Makes `target` counted changes at up to `rate` per second, alternating the two systems, and calls `at` on
 * the way. It holds back while n8n has more than `MAX_BACKLOG` executions running, so the fast loop stays
 * close to real time on a small machine (this is a correctness soak, not a load test); while n8n is down
 * the changes keep coming.
 */
async function drive(stack: Stack, policy: Policy, target: number, rate: number, at: (made: number, driver: Driver) => void): Promise<Driver> {
	const driver: Driver = { changes: [], otherEdits: 0, noOpEdits: 0, failedEdits: 0, bySide: { a: 0, b: 0 }, heldSeconds: 0 };
	let side: Side = 'a';
	let backlog = 0;
	let held = false;
	let checked = 0;
	let credit = 0;
	let last = Date.now();
	while (driver.changes.length < target) {
		const now = Date.now();
		if (now - checked > 250) {
			checked = now;
			backlog = await runningExecutions(stack);
			// Hysteresis: stop above the limit, go on once the fast loop has mostly caught up.
			held = held ? backlog > MAX_BACKLOG / 3 : backlog > MAX_BACKLOG;
		}
		if (held) {
			driver.heldSeconds += (Date.now() - last) / 1000;
			last = Date.now();
			await sleep(100);
			continue;
		}
		credit = Math.min(credit + ((Date.now() - last) / 1000) * rate, Math.max(1, rate));
		last = Date.now();
		let guard = 0;
		while (credit >= 1 && driver.changes.length < target && guard++ < 1000) {
			const before = driver.changes.length;
			editOnce(stack, policy, side, driver);
			side = side === 'a' ? 'b' : 'a';
			if (driver.changes.length !== before) {
				credit--;
				at(driver.changes.length, driver);
			}
		}
		await sleep(50);
	}
	return driver;
}

// ------------------------------------------------------------------------------------------ the crash

interface CrashReport {
	killedAt: number;
	restartedAt: number;
	downSeconds: number;
	/** Planted changes whose write had landed when n8n was killed, of all planted. */
	plantedWrittenAtKill: number;
	planted: number;
	webhooksBack: boolean;
	webhooksBackSeconds: number;
	reactivated: string[];
	interrupted: Execution | undefined;
}

/** Records (id on each side) that match exactly one record on the other side, by the policy's key. */
function uniquePairs(stack: Stack, policy: Policy): Array<{ a: string; b: string }> {
	const group = new Map<string, { a: string[]; b: string[] }>();
	for (const side of ['a', 'b'] as const) {
		const keyOf = keyExtractor(policy, side);
		for (const r of finalState(stack)[side]) {
			const key = keyOf(r);
			if (key === null) continue;
			let g = group.get(key);
			if (g === undefined) group.set(key, (g = { a: [], b: [] }));
			g[side].push(r.id);
		}
	}
	return [...group.values()].filter((g) => g.a.length === 1 && g.b.length === 1).map((g) => ({ a: g.a[0], b: g.b[0] }));
}

/**
 * Changes made in the UIs whose notifications are all lost, so only a reconciliation cycle can carry them
 * over: on HubSpot the first name of `perSide` contacts, on Salesforce the last name of `perSide` others (both
 * recency fields). Counted as user changes like the driver's. Returns the partner records the cycle must
 * write, as `system:id`.
 */
function plantHiddenChanges(stack: Stack, policy: Policy, faults: Faults, perSide: number, driver: Driver): Set<string> {
	const targets = new Set<string>();
	const pairs = uniquePairs(stack, policy);
	const silent = { ...faults, webhooks: { ...faults.webhooks, dropRate: 1 } };
	stack.sims.hubspot.setFaults(silent);
	stack.sims.salesforce.setFaults(silent);
	try {
		const plant = (side: Side, pair: { a: string; b: string }, n: number) => {
			const raw = side === 'a' ? 'firstname' : 'LastName';
			const spec = policyFieldOf(policy, side, raw)!;
			const record = side === 'a' ? stack.sims.hubspot.truth('contacts', pair.a)!.properties : stack.sims.salesforce.truth('Contact', pair.b)!;
			const before = (record as Record<string, unknown>)[raw];
			const value = `Planted${side === 'a' ? 'First' : 'Last'}${n}`;
			if (side === 'a') stack.sims.hubspot.uiUpdate('contacts', pair.a, { [raw]: value });
			else stack.sims.salesforce.uiUpdate('Contact', pair.b, { [raw]: value });
			driver.changes.push({ seq: driver.changes.length + 1, side, id: side === 'a' ? pair.a : pair.b, field: spec.name, old: before, new: value });
			driver.bySide[side]++;
			targets.add(side === 'a' ? `salesforce:${pair.b}` : `hubspot:${pair.a}`);
		};
		// Far apart in the seed order, so the driver's random edits rarely touch the same records.
		for (let i = 0; i < perSide; i++) plant('a', pairs[(i * 7) % pairs.length], i);
		for (let i = 0; i < perSide; i++) plant('b', pairs[(i * 7 + 3) % pairs.length], i);
	} finally {
		stack.sims.hubspot.setFaults(faults);
		stack.sims.salesforce.setFaults(faults);
	}
	return targets;
}

/**
 * Plants changes only a cycle can carry over, starts a cycle, and kills n8n (SIGKILL) in the middle of its
 * Apply step: as soon as one of its write batches has landed in a CRM (at least `KILL_AFTER` planted records
 * written at once, which no fast-loop delivery does) while the rest are still to be sent. The writes that
 * landed were never acknowledged to n8n, the queue and baseline of that cycle were never saved. Then n8n is
 * restarted on the same folder and its webhooks are checked.
 */
async function crashMidCycle(stack: Stack, policy: Policy, faults: Faults, driver: Driver): Promise<CrashReport> {
	const mark = writeMark(stack);
	const targets = plantHiddenChanges(stack, policy, faults, PLANTED_PER_SIDE, driver);
	const plantedWritten = () => new Set(apiWritesSince(stack, mark).map((w) => `${w.system}:${w.id}`).filter((k) => targets.has(k))).size;
	const cycleStarted = Date.now();
	const cycle = stack.runCycle().then(
		(row) => ({ ok: true as const, row }),
		(error: unknown) => ({ ok: false as const, error }),
	);
	let ended: { ok: boolean; row?: unknown; error?: unknown } | undefined;
	void cycle.then((outcome) => (ended = outcome));
	const written = await pollUntil(
		'the cycle to be writing its patches',
		async () => {
			// A cycle that ends before it got there (it failed, or wrote nothing planted) is a finding, not a wait.
			if (ended !== undefined) {
				throw new Error(`the cycle to be killed ended before its writes: ${ended.ok ? JSON.stringify(ended.row) : ended.error instanceof Error ? ended.error.message : String(ended.error)}`);
			}
			const n = plantedWritten();
			return n >= KILL_AFTER ? n : undefined;
		},
		{ timeoutMs: 600_000, intervalMs: 5, fatal: () => true },
	);
	const killedAt = Date.now();
	await stack.n8n.kill();
	say(`n8n killed (SIGKILL) ${((killedAt - cycleStarted) / 1000).toFixed(1)} s into a cycle, in its Apply step: ${written} of ${targets.size} planted changes written, the rest not yet sent`);
	const outcome = await cycle;
	if (outcome.ok) throw new Error(`the cycle finished although n8n was killed: ${JSON.stringify(outcome.row)}`);
	await stack.n8n.restart({ hard: true });
	const restartedAt = Date.now();
	say(`n8n restarted in ${((restartedAt - killedAt) / 1000).toFixed(1)} s; checking that its webhooks are registered again`);
	let webhooksBack = true;
	const reactivated: string[] = [];
	for (const wf of Object.values(stack.workflows)) {
		if (!wf) continue;
		for (const ep of webhookEndpoints(wf)) {
			try {
				await pollUntil(`${ep.method} /${ep.prefix}/${ep.path}`, async () => ((await isWebhookRegistered(stack.n8n, ep)) ? true : undefined), { timeoutMs: 60_000, intervalMs: 200 });
			} catch {
				webhooksBack = false;
				reactivated.push(`${ep.method} /${ep.prefix}/${ep.path}`);
			}
		}
	}
	const webhooksBackSeconds = (Date.now() - restartedAt) / 1000;
	// n8n marks executions that were running when it died as crashed on the next start.
	const executions = await listExecutions(stack.n8n, stack.workflows.cycle.id, { limit: 20 });
	const interrupted = executions.find((e) => Date.parse(e.startedAt) >= cycleStarted - 1000 && Date.parse(e.startedAt) <= killedAt);
	return {
		killedAt,
		restartedAt,
		downSeconds: (restartedAt - killedAt) / 1000,
		plantedWrittenAtKill: written,
		planted: targets.size,
		webhooksBack,
		webhooksBackSeconds,
		reactivated,
		interrupted,
	};
}

// ------------------------------------------------------------------------------------------ progress

function deliveryStats(stack: Stack): string {
	const hs = stack.sims.hubspot.deliveries().webhooks?.stats;
	const sf = stack.sims.salesforce.deliveries().flow?.stats;
	const fmt = (s: DeliveryStats | undefined) =>
		s ? `events ${s.events}, dropped ${s.dropped}, duplicated ${s.duplicated}, reordered ${s.reordered}, delayed ${s.delayed}, requests ${s.requests}, delivered ${s.delivered}, gave up ${s.gaveUp}` : 'none';
	return `HubSpot webhooks: ${fmt(hs)}\n           Salesforce callouts: ${fmt(sf)}`;
}

function callStats(stack: Stack): string {
	const fmt = (s: Record<string, number>) => Object.entries(s).map(([k, v]) => `${k}×${v}`).join(' ');
	return `HubSpot API calls by status: ${fmt(stack.sims.hubspot.calls().byStatus)}; Salesforce: ${fmt(stack.sims.salesforce.calls().byStatus)}`;
}

/** Executions n8n is running now (0 while it is down: then nothing is behind, deliveries just fail). */
async function runningExecutions(stack: Stack): Promise<number> {
	try {
		const r = await stack.n8n.api<{ data: unknown[] }>('GET', '/executions?status=running&limit=250');
		return r.data.length;
	} catch {
		return 0;
	}
}

async function running(stack: Stack): Promise<string> {
	return stack.n8n.isRunning() ? String(await runningExecutions(stack)) : 'n8n down';
}

function percentile(values: number[], p: number): number {
	if (values.length === 0) return 0;
	const sorted = [...values].sort((x, y) => x - y);
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function eventStats(events: Array<Record<string, unknown>>): string {
	const outcomes: Record<string, number> = {};
	for (const e of events) outcomes[String(e.outcome)] = (outcomes[String(e.outcome)] ?? 0) + 1;
	const latency = events.filter((e) => e.outcome === 'written').map((e) => Number(e.latencyMs));
	return `fast loop deliveries logged ${events.length} (${Object.entries(outcomes).map(([k, v]) => `${k} ${v}`).join(', ')}); written ones p50 ${percentile(latency, 50)} ms, p95 ${percentile(latency, 95)} ms, max ${percentile(latency, 100)} ms`;
}

// ------------------------------------------------------------------------------------------ main

interface Counts {
	changes: number;
	residual: number;
	escalate_violations: number;
	lost: number;
	duplicate_queue: number;
	writes_after_quiet: number;
}

async function soak(stack: Stack): Promise<{ counts: Counts; checks: Record<string, boolean | number> }> {
	const policy = parsePolicyOrThrow(stack.policy);
	const sims = stack.sims;

	// 0. The first cycle, without faults: publishes the policy, agrees the baseline (a user runs it once first).
	// What it must do to the seeded drift is worked out by rule from the ground truth, not by the engine.
	const seeded = finalState(stack);
	const first = await phase('the first cycle', () => stack.runCycle());
	await phase('the first cycle settling', () => stack.quiet());
	say(cycleLine('cycle 0 (before the chaos)', first, apiWritesSince(stack, { hs: 0, sf: 0 }).length));
	const seedMisses = seedResolution(policy, seeded, finalState(stack), openQueueIds(await stack.rows('reconcile_queue')));
	say(`cycle 0 against the rules applied to the seeded ground truth: ${seedMisses.length} field(s) not as the policy demands`);
	for (const m of seedMisses.slice(0, 10)) say(`cycle 0 miss: ${m.key} ${m.field} ${m.detail}`);

	// 1. Chaos.
	const faults: Faults = {
		webhooks: { dropRate: 0.01, duplicateRate: 0.1, reorderRate: 0.1, delayRate: 0.1, delayMs: 3_000 / TIME_SCALE },
		rateLimitRate: 0.03,
		serverErrorRate: 0.01,
	};
	sims.hubspot.setFaults(faults);
	sims.salesforce.setFaults(faults);
	say(`faults on: ${JSON.stringify(faults)}; driving ${CHANGES} contact-field changes at ${RATE}/s`);
	let schemaChangedAt = 0;
	let crash: Promise<CrashReport> | undefined;
	let made = 0;
	const progress = setInterval(() => {
		void running(stack).then((r) => say(`progress: changes ${made}/${CHANGES}; n8n running executions ${r}; integration writes ${apiWritesSince(stack, { hs: 0, sf: 0 }).length}`));
	}, 15_000);
	let driver: Driver;
	try {
		driver = await phase('the changes', () =>
			drive(stack, policy, CHANGES, RATE, (n, d) => {
				made = n;
				if (schemaChangedAt === 0 && n >= CHANGES / 2) {
					sims.salesforce.schemaChange(SCHEMA_CHANGE);
					schemaChangedAt = Date.now();
					say(`schema change: Salesforce ${SCHEMA_CHANGE.object}.${SCHEMA_CHANGE.field} is now a multi-select picklist (after ${n} changes)`);
				}
				if (crash === undefined && n >= CHANGES * 0.6) {
					say(`starting a cycle to kill n8n in the middle of it (after ${n} changes)`);
					crash = crashMidCycle(stack, policy, faults, d);
					crash.catch(() => undefined);
				}
			}),
		);
	} finally {
		clearInterval(progress);
	}
	say(`changes done: ${driver.changes.length} (HubSpot ${driver.bySide.a}, Salesforce ${driver.bySide.b}); other edits ${driver.otherEdits} (companies, deals), no-op edits ${driver.noOpEdits}, refused edits ${driver.failedEdits}; held back ${driver.heldSeconds.toFixed(0)} s for the fast loop`);
	if (crash === undefined) throw new Error('the crash was never started');
	const crashed = await phase('the crash and restart', () => crash!);
	say(
		`crash: down ${crashed.downSeconds.toFixed(1)} s; webhooks registered again: ${crashed.webhooksBack ? `yes, ${crashed.webhooksBackSeconds.toFixed(1)} s after start` : `NO (${crashed.reactivated.join(', ')})`}; interrupted cycle execution: ${crashed.interrupted ? `${crashed.interrupted.id} ${crashed.interrupted.status}` : 'not listed'}; planted changes written before the kill ${crashed.plantedWrittenAtKill} of ${crashed.planted}`,
	);

	// 2. Let the fast loop drain (HubSpot retries what failed while n8n was down).
	await phase('the fast loop draining', () => stack.quiet(20 * 60_000));
	say(`fast loop drained\n           ${deliveryStats(stack)}\n           ${callStats(stack)}`);

	// 3. Cycles until one writes nothing, then one more.
	let quietAfter = 0;
	for (let i = 1; i <= MAX_CYCLES; i++) {
		const mark = writeMark(stack);
		const row = await phase(`cycle ${i}`, () => stack.runCycle());
		const writes = apiWritesSince(stack, mark).length;
		say(cycleLine(`cycle ${i}`, row, writes));
		if (row.aborted === false && Number(row.written) === 0 && Number(row.failed) === 0 && writes === 0) {
			quietAfter = i;
			break;
		}
	}
	if (quietAfter === 0) say(`no cycle of ${MAX_CYCLES} wrote nothing: not quiet`);
	const mark = writeMark(stack);
	const next = await phase('the cycle after quiet', () => stack.runCycle());
	const afterQuiet = apiWritesSince(stack, mark);
	say(cycleLine('next cycle', next, afterQuiet.length));

	// 4. The counts.
	const final = finalState(stack);
	const baselineRows = await stack.rows('reconcile_baseline');
	const queueRows = await stack.rows('reconcile_queue');
	const openIds = openQueueIds(queueRows);
	// Residual, by rule on the ground truth: the first cycle's misses, and every field a rule decides by itself on
	// which the two systems still differ. The engine's own view (what one more cycle would write) is a check.
	const quietMisses = disagreements(policy, final, openIds);
	const residual = seedMisses.length + quietMisses.length;
	for (const m of quietMisses.slice(0, 10)) say(`residual: ${m.key} ${m.field} ${m.detail}`);
	const expectation = expectCycle(sims, stack.policy, baselineRows);
	for (const w of expectation.writes.slice(0, 10)) say(`engine residual: ${w.key} ${w.field} → ${JSON.stringify(w.after)} (${w.rule})`);

	const allWrites = [...sims.hubspot.writes(0), ...sims.salesforce.writes(0)];
	const audit = auditAutomation(policy, allWrites);
	for (const w of audit.escalateViolations.slice(0, 10)) say(`escalate violation: ${w.system} ${w.object} ${w.id} ${JSON.stringify(w.fields)} at ${w.time}`);
	for (const w of audit.driftWrites.slice(0, 10)) say(`drift write: ${w.system} ${w.object} ${w.id} ${JSON.stringify(w.fields)} at ${w.time}`);
	for (const w of audit.unsyncedWrites.slice(0, 10)) say(`unsynced write: ${w.system} ${w.object} ${w.id} ${JSON.stringify(w.fields)} at ${w.time}`);

	const queue = auditQueue(policy, final, baselineFromRows(baselineRows), queueRows);
	say(`queue: escalated in the final state ${queue.expected}, open rows ${queue.open}, duplicates ${queue.duplicates}, missing ${queue.missing}, stale ${queue.stale}`);
	for (const e of queue.examples.slice(0, 10)) say(`queue: ${e}`);

	const classified = classifyChanges(policy, driver.changes, final, openIds);
	const outcomes = countOutcomes(classified);
	say(`changes by outcome: ${Object.entries(outcomes).map(([k, v]) => `${k} ${v}`).join(', ')}`);
	const lostOnes = classified.filter((x) => x.outcome === 'lost');
	if (lostOnes.length > 0) {
		const resolutions = await stack.rows('reconcile_resolutions');
		const byRecordTime = lostOnes.filter((c) => decidedByRecordTime(policy, final, c.change, resolutions)).length;
		say(`lost changes overruled by a recency decision on record-level timestamps: ${byRecordTime} of ${lostOnes.length}`);
		for (const c of lostOnes.slice(0, 12)) {
			const chain = driver.changes.filter((x) => x.field === c.change.field && classified[x.seq - 1].key === c.key);
			explainLost(stack, policy, final, chain, c.change, c.detail, resolutions);
		}
	}

	const { diff } = reconcile(policy, final.a, final.b, { baseline: baselineFromRows(baselineRows) });
	const driftNow = diff.stats.schemaDrift;
	const events = await stack.rows('reconcile_events');
	say(eventStats(events));
	const fastAfterRestart = events.filter(
		(e) => Date.parse(String(e.receivedAt)) > crashed.restartedAt && e.outcome === 'written' && Number(e.written) > 0,
	).length;
	const checks = {
		drift_writes: audit.driftWrites.length,
		drift_reported: driftNow > 0 && Number(next.schemaDrift) === driftNow,
		drift_findings: driftNow,
		unsynced_writes: audit.unsyncedWrites.length,
		fast_loop_writes_after_restart: fastAfterRestart,
		webhooks_back_after_restart: crashed.webhooksBack,
		engine_residual: expectation.writes.length + expectation.creates,
		killed_cycle_not_running: crashed.interrupted !== undefined && crashed.interrupted.status !== 'running',
		quiet_after_cycles: quietAfter,
	};
	say(`soak checks ${Object.entries(checks).map(([k, v]) => `${k}=${v}`).join(' ')}`);
	return {
		counts: {
			changes: driver.changes.length,
			residual,
			escalate_violations: audit.escalateViolations.length,
			lost: outcomes.lost,
			duplicate_queue: queue.duplicates + queue.missing + queue.stale,
			writes_after_quiet: afterQuiet.length,
		},
		checks,
	};
}

/**
 * Whether a recency decision on record-level timestamps (not the field's own modification time) wrote over
 * this change after it was made: the record's timestamp moves with any save, so it cannot order two changes
 * of one field (see the report of issue 7).
 */
function decidedByRecordTime(policy: Policy, final: Final, change: UserChange, resolutions: Array<Record<string, unknown>>): boolean {
	const partner = partnerOf(policy, final, change.side, change.id);
	const mine = (r: Record<string, unknown>) => (change.side === 'a' ? r.aId === change.id || r.bId === partner?.id : r.bId === change.id || r.aId === partner?.id);
	const other = change.side === 'a' ? 'write_a' : 'write_b';
	return resolutions.some(
		(r) => r.field === change.field && mine(r) && r.rule === 'recency' && (r.action === other || r.action === 'write_both') && /\(record\)/.test(String(r.reason)),
	);
}

/**
 * Prints a lost change with its history: every write to either record of its pair from a second before the
 * first change of that field on (all fields, so record timestamps can be followed), and the decisions logged
 * for that key and field.
 */
function explainLost(stack: Stack, policy: Policy, final: Final, chain: UserChange[], change: UserChange, detail: string, resolutions: Array<Record<string, unknown>>): void {
	const spec = policy.fields.find((f) => f.name === change.field)!;
	const partner = partnerOf(policy, final, change.side, change.id);
	const ids = new Set([`${change.side}:${change.id}`, ...(partner ? [`${change.side === 'a' ? 'b' : 'a'}:${partner.id}`] : [])]);
	say(`lost: change #${change.seq} ${change.side === 'a' ? 'HubSpot' : 'Salesforce'} ${change.id} ${change.field}: ${detail}; user changes of this field: ${chain.map((c) => `#${c.seq} ${c.side.toUpperCase()} ${JSON.stringify(c.new)}`).join(', ')}`);
	const writes = [...stack.sims.hubspot.writes(0), ...stack.sims.salesforce.writes(0)]
		.filter((w) => ids.has(`${w.system === 'hubspot' ? 'a' : 'b'}:${w.id}`))
		.sort((x, y) => (x.time < y.time ? -1 : x.time > y.time ? 1 : 0));
	const firstRelevant = writes.findIndex((w) => spec[w.system === 'hubspot' ? 'a' : 'b'] in w.fields && w.channel === 'ui');
	for (const w of writes.slice(Math.max(0, firstRelevant - 2))) {
		const text = Object.entries(w.fields)
			.filter(([k]) => w.changed.includes(k) || k === spec[w.system === 'hubspot' ? 'a' : 'b'])
			.map(([k, v]) => `${k}: ${JSON.stringify(v.old)} → ${JSON.stringify(v.new)}`)
			.join('; ');
		say(`      ${w.time} ${w.system.padEnd(10)} ${w.channel} ${text || '(no change)'}`);
	}
	for (const r of resolutions.filter((r) => r.field === change.field && (r.aId === change.id || r.bId === change.id))) {
		say(`      decision ${r.at} ${r.loop} ${r.rule} ${r.action}: ${r.reason}`);
	}
}

async function main(): Promise<number> {
	say(`soak: ${RECORDS} records per side, ${CHANGES} changes, seed ${SEED}, rate ${RATE}/s, budget ${BUDGET_MIN} min`);
	const stack = await startStack({
		sims: {
			records: RECORDS,
			seed: SEED,
			driftRate: 0.02,
			onlyInHubSpotRate: 0.004,
			onlyInSalesforceRate: 0.004,
			duplicateRate: 0.002,
			timeScale: TIME_SCALE,
		},
		n8n: { logLevel: 'warn' },
		log: (text) => say(text),
	});
	let stopping = false;
	const stop = async (code: number) => {
		if (stopping) return;
		stopping = true;
		await stack.stop().catch(() => undefined);
		process.exit(code);
	};
	process.on('SIGINT', () => void stop(130));
	process.on('SIGTERM', () => void stop(143));
	// The last resort: whatever hangs, the soak ends shortly after its budget.
	const watchdog = setTimeout(() => {
		say(`soak: FAILED, still running 2 min past the ${BUDGET_MIN} min budget; stopping`);
		void stop(3);
	}, BUDGET_MIN * 60_000 + 120_000);
	watchdog.unref();
	try {
		const { counts, checks } = await soak(stack);
		const failedChecks = Object.entries(checks).filter(([k, v]) => (typeof v === 'number' ? k !== 'drift_findings' && k !== 'fast_loop_writes_after_restart' && k !== 'quiet_after_cycles' && v !== 0 : v === false));
		if (checks.fast_loop_writes_after_restart === 0) failedChecks.push(['fast_loop_writes_after_restart', 0]);
		if (checks.quiet_after_cycles === 0) failedChecks.push(['quiet_after_cycles', 0]);
		say(`wall time ${((Date.now() - started) / 60_000).toFixed(1)} min`);
		const line = `soak changes=${counts.changes} residual=${counts.residual} escalate_violations=${counts.escalate_violations} lost=${counts.lost} duplicate_queue=${counts.duplicate_queue} writes_after_quiet=${counts.writes_after_quiet}`;
		process.stdout.write(`${line}\n`);
		const bad = Object.entries(counts).filter(([k, v]) => k !== 'changes' && v !== 0);
		if (bad.length > 0 || failedChecks.length > 0) {
			process.stderr.write(`soak: FAILED (${[...bad, ...failedChecks].map(([k, v]) => `${k}=${v}`).join(', ')})\n`);
			return 1;
		}
		return 0;
	} catch (error) {
		process.stderr.write(`soak: FAILED: ${error instanceof Error ? error.message : String(error)}\n`);
		if (!(error instanceof BudgetExceeded) && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
		process.stderr.write(`n8n log tail:\n${stack.n8n.tailLogs(40)}\n`);
		return 2;
	} finally {
		clearTimeout(watchdog);
		stopping = true;
		await stack.stop().catch(() => undefined);
	}
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		process.stderr.write(`soak: FAILED to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
		process.exit(2);
	},
);
