/**
 * Engine benchmark: match + diff + resolve + plan over two snapshots, against the cost of merely reading
 * them (JSON.parse of both serialised snapshots), measured in the same run.
 *
 *   npm run bench:engine -- --records 100000 --fields 20 --drift 0.05 [--runs 5] [--seed 1]
 *
 * Runs compiled (tsconfig.scripts.json → build/) with --expose-gc, so neither the TypeScript compiler
 * nor the previous run's garbage inflates the numbers.
 *
 * Last line: engine records=<n> fields=<n> parse_ms=<n> engine_ms=<n> ratio=<engine/parse> rss_mb=<n>
 */
import { parsePolicyOrThrow, reconcile, type PolicyInput, type SnapshotRecord } from '../../nodes/engine';
import { Random } from '../fixtures/random';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { numberFlag, stringFlag } from './args';

type Kind = 'string' | 'email' | 'phone' | 'number' | 'enum' | 'multiselect' | 'datetime' | 'date' | 'boolean';
const KINDS: Kind[] = ['string', 'email', 'phone', 'number', 'enum', 'multiselect', 'datetime', 'date', 'boolean', 'string'];
const OPTIONS = ['alpha', 'beta', 'gamma', 'delta', 'epsilon'];
const RULES = ['recency', { kind: 'source_of_truth', side: 'b' }, 'recency', { kind: 'escalate', category: 'deal value' }] as const;

export function benchPolicy(fields: number): PolicyInput {
	return {
		version: 1,
		name: 'benchmark',
		a: { system: 'hubspot', object: 'contacts' },
		b: { system: 'salesforce', object: 'Contact' },
		match: { keys: [{ a: 'email', b: 'Email', type: 'email' }] },
		fields: Array.from({ length: fields }, (_, i) => {
			const type = KINDS[i % KINDS.length];
			const base = { name: `f${i}`, a: `hs_f${i}`, b: `Sf_F${i}__c`, type };
			if (type === 'multiselect') return { ...base, rule: { kind: 'merge' } };
			const rule = RULES[i % RULES.length];
			if (type === 'enum') return { ...base, map: Object.fromEntries(OPTIONS.map((o) => [o, o.toUpperCase()])), rule };
			return { ...base, rule };
		}) as PolicyInput['fields'],
		onlyInA: 'create',
		onlyInB: 'escalate',
	};
}

function value(rng: Random, kind: Kind, i: number): { a: unknown; b: unknown } {
	switch (kind) {
		case 'string':
			return { a: `text ${rng.int(0, 1e6)}`, b: null };
		case 'email':
			return { a: `user${i}.${rng.int(0, 99)}@example.com`, b: null };
		case 'phone': {
			const digits = `415${rng.int(1000000, 9999999)}`;
			return { a: `+1 ${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`, b: `(${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}` };
		}
		case 'number': {
			const n = rng.int(0, 1e7) / 100;
			return { a: String(n), b: n };
		}
		case 'enum': {
			const o = rng.pick(OPTIONS);
			return { a: o, b: o.toUpperCase() };
		}
		case 'multiselect': {
			const set = rng.subset(OPTIONS);
			return { a: set.join(';'), b: set.length ? [...set].reverse().join(';') : null };
		}
		case 'datetime': {
			const t = Date.UTC(2024, 0, 1) + rng.int(0, 3e10);
			return { a: new Date(t).toISOString(), b: new Date(Math.floor(t / 1000) * 1000).toISOString().replace('Z', '+0000') };
		}
		case 'date': {
			const d = new Date(Date.UTC(2024, 0, 1) + rng.int(0, 900) * 86_400_000).toISOString().slice(0, 10);
			return { a: d, b: d };
		}
		case 'boolean': {
			const v = rng.chance(0.5);
			return { a: String(v), b: v };
		}
	}
}

/**
 * Records per JSON file. V8 caps a string at about 512 MiB, and 1M records × 20 fields is more than that per
 * side, so each side is written (and read back) as shards of this many records; parsing is linear, so the
 * shards' parse times add up to the parse time of one document.
 */
const SHARD = 100_000;
/** Bump when the generated data changes. */
const GENERATOR_VERSION = 2;

/** Writes both snapshots as shard files `a.<n>.json` / `b.<n>.json` into `dir`, one shard in memory at a time. */
export function generate(dir: string, records: number, fields: number, drift: number, seed: number): void {
	const rng = new Random(seed);
	for (let shard = 0; shard * SHARD < records; shard++) {
		const { a, b } = generateRange(rng, shard * SHARD, Math.min(records, (shard + 1) * SHARD), fields, drift);
		writeFileSync(join(dir, `a.${shard}.json`), JSON.stringify(a));
		writeFileSync(join(dir, `b.${shard}.json`), JSON.stringify(b));
	}
}

function generateRange(rng: Random, from: number, to: number, fields: number, drift: number): { a: SnapshotRecord[]; b: SnapshotRecord[] } {
	const a: SnapshotRecord[] = [];
	const b: SnapshotRecord[] = [];
	for (let i = from; i < to; i++) {
		const email = `person${i}@example.com`;
		const fa: Record<string, unknown> = { email };
		const fb: Record<string, unknown> = { Email: email };
		for (let f = 0; f < fields; f++) {
			const kind = KINDS[f % KINDS.length];
			const v = value(rng, kind, i);
			fa[`hs_f${f}`] = v.a;
			fb[`Sf_F${f}__c`] = v.b ?? v.a;
		}
		if (rng.chance(drift)) {
			const f = rng.int(0, fields - 1);
			fb[`Sf_F${f}__c`] = value(rng, KINDS[f % KINDS.length], i).b ?? `changed ${i}`;
		}
		const t = Date.UTC(2024, 5, 1) + rng.int(0, 1e9);
		a.push({ id: String(100000 + i), fields: fa, modifiedAt: new Date(t).toISOString() });
		b.push({ id: `003${String(i).padStart(15, '0')}`, fields: fb, modifiedAt: new Date(t + rng.int(-5e8, 5e8)).toISOString() });
	}
	return { a, b };
}

function median(values: number[]): number {
	const sorted = [...values].sort((x, y) => x - y);
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function time<T>(fn: () => T): { ms: number; result: T } {
	const start = process.hrtime.bigint();
	const result = fn();
	return { ms: Number(process.hrtime.bigint() - start) / 1e6, result };
}

/** Between runs only, outside the timed sections: start each run from a settled heap. */
function settle(): void {
	(globalThis as { gc?: () => void }).gc?.();
}

interface Flags {
	records: number;
	fields: number;
	drift: number;
	runs: number;
	seed: number;
}

function readFlags(argv: string[]): Flags {
	return {
		records: numberFlag(argv, 'records', 100_000),
		fields: numberFlag(argv, 'fields', 20),
		drift: numberFlag(argv, 'drift', 0.05),
		runs: Math.max(5, numberFlag(argv, 'runs', 5)),
		seed: numberFlag(argv, 'seed', 1),
	};
}

/**
 * The snapshots are generated in a child process and read back as JSON text, so the generator's own
 * garbage does not count toward the peak memory of reading and reconciling them.
 */
function snapshotFiles(flags: Flags): { a: string[]; b: string[] } {
	// Named after the generator's version too, so a changed generator never reuses stale files.
	const dir = join(tmpdir(), `reconcile-bench-v${GENERATOR_VERSION}-${flags.records}-${flags.fields}-${flags.drift}-${flags.seed}`);
	const shards = Math.ceil(flags.records / SHARD);
	const files = { a: Array.from({ length: shards }, (_, i) => join(dir, `a.${i}.json`)), b: Array.from({ length: shards }, (_, i) => join(dir, `b.${i}.json`)) };
	if (!existsSync(join(dir, 'done'))) {
		mkdirSync(dir, { recursive: true });
		const args = [__filename, '--generate', dir, ...process.argv.slice(2)];
		const child = spawnSync(process.execPath, args, { stdio: 'inherit' });
		if (child.status !== 0) throw new Error(`snapshot generation failed with status ${child.status}`);
		writeFileSync(join(dir, 'done'), '');
	}
	return files;
}

/** Parses one side from its shard files; each text is dropped as soon as it is parsed. */
function parseFile(files: string[]): { ms: number; records: SnapshotRecord[]; bytes: number } {
	let ms = 0;
	let bytes = 0;
	let records: SnapshotRecord[] = [];
	for (const file of files) {
		const text = readFileSync(file, 'utf8');
		const parsed = time(() => JSON.parse(text) as SnapshotRecord[]);
		ms += parsed.ms;
		bytes += text.length;
		records = records.length === 0 ? parsed.result : records.concat(parsed.result);
	}
	return { ms, records, bytes };
}

function main(): void {
	const argv = process.argv.slice(2);
	const flags = readFlags(argv);
	const generateInto = stringFlag(argv, 'generate');
	if (generateInto !== undefined) {
		generate(generateInto, flags.records, flags.fields, flags.drift, flags.seed);
		return;
	}
	const policy = parsePolicyOrThrow(benchPolicy(flags.fields));
	const files = snapshotFiles(flags);

	// Baseline: the cost of merely reading the data (JSON.parse of both serialised snapshots).
	const parseMs: number[] = [];
	let megabytes = 0;
	for (let run = 0; run < flags.runs; run++) {
		settle();
		const a = parseFile(files.a);
		const aMs = a.ms;
		megabytes = a.bytes / 1e6;
		a.records = []; // let this run's records go before the next parse
		settle();
		const b = parseFile(files.b);
		parseMs.push(aMs + b.ms);
		megabytes += b.bytes / 1e6;
		b.records = [];
	}
	console.log(`snapshots: ${flags.records} records × ${flags.fields} fields per side, ${megabytes.toFixed(1)} MB of JSON, drift ${flags.drift}`);

	// The engine works on parsed records, as n8n items are.
	const a = parseFile(files.a).records;
	settle();
	const b = parseFile(files.b).records;
	settle();
	const loadedMb = process.resourceUsage().maxRSS / 1024;
	const engineMs: number[] = [];
	for (let run = 0; run < flags.runs; run++) {
		settle();
		const engine = time(() => reconcile(policy, a, b));
		engineMs.push(engine.ms);
		const { stats } = engine.result.diff;
		const { plan } = engine.result;
		console.log(
			`run ${run + 1}: parse ${parseMs[run].toFixed(0)} ms, engine ${engine.ms.toFixed(0)} ms (matched=${stats.matched} mismatched_fields=${stats.mismatchedFields} patches=${plan.patches.length} creates=${plan.creates.length} escalations=${plan.escalations.length} baseline_rows=${plan.baseline.length})`,
		);
	}
	const parse = median(parseMs);
	const engine = median(engineMs);
	const rssMb = process.resourceUsage().maxRSS / 1024;
	console.log(`peak rss: ${loadedMb.toFixed(0)} MB with both snapshots parsed, ${rssMb.toFixed(0)} MB after the engine runs`);
	console.log(
		`engine records=${flags.records} fields=${flags.fields} parse_ms=${parse.toFixed(0)} engine_ms=${engine.toFixed(0)} ratio=${(engine / parse).toFixed(2)} rss_mb=${rssMb.toFixed(0)}`,
	);
}

if (require.main === module) main();
