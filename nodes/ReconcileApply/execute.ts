import { NodeApiError, NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { emptyStats, readSnapshot, requestFailure, writeRecords, type ApiSystem, type CallStats, type WriteFailure, type WriteOp, type WriteResult } from '../connectors';
import { codecFor, isDrift, keyExtractor, type BaselineRecord, type Normalized, type Policy, type Side } from '../engine';
import { baselineTableRow } from '../shared/baseline';
import { item } from '../shared/items';
import { readPolicy } from '../shared/policy';
import { readPatches, type PatchItem } from './patches';

export const OUTPUTS = ['Written', 'Failed', 'Baseline', 'For Other Systems', 'Summary'] as const;
const [WRITTEN, FAILED, BASELINE, OTHER, SUMMARY] = [0, 1, 2, 3, 4];

type Outcome = { status: 'updated' | 'created' | 'exists' | 'dry_run'; id?: string } | { status: 'failed'; error: WriteFailure };

/** A key value to look records up by: text as it is, numbers as numbers for a number key (Salesforce wants them unquoted). */
function lookupValue(raw: unknown, numeric: boolean): string | number | undefined {
	if (numeric) {
		const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
		return Number.isFinite(n) ? n : undefined;
	}
	if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
	return typeof raw === 'string' && raw.trim() !== '' ? raw.trim() : undefined;
}

/**
 * Creates are made safe to repeat: records whose key already exists on the target are not created again
 * (a re-run, or another writer, got there first). One lookup per batch of values of the first key field;
 * with a composite key the records found are told apart by their whole normalised key.
 */
async function existingKeys(ctx: IExecuteFunctions, policy: Policy, side: Side, creates: PatchItem[], stats: CallStats): Promise<Map<string, string>> {
	const [first] = policy.match.keys;
	const field = first[side];
	const values = creates.map((p) => lookupValue(p.fields[field], first.type === 'number')).filter((v): v is string | number => v !== undefined);
	if (values.length === 0) return new Map();
	const system = policy[side].system as ApiSystem;
	const fields = [...new Set(policy.match.keys.map((k) => k[side]))];
	const { records } = await readSnapshot(ctx, system, { object: policy[side].object, fields, scope: { kind: 'keys', field, values } }, stats);
	const keyOf = keyExtractor(policy, side);
	const found = new Map<string, string>();
	for (const record of records) {
		const key = keyOf(record);
		if (key !== null) found.set(key, record.id);
	}
	return found;
}

/** A thrown error as a record's failure: the API's code for a failed request, else what the node reported. */
function failureOf(system: ApiSystem, error: unknown): WriteFailure {
	if (error instanceof NodeApiError) return requestFailure(system, error);
	return { code: error instanceof NodeOperationError ? 'CONFIGURATION_ERROR' : 'UNEXPECTED_ERROR', message: error instanceof Error ? error.message : String(error) };
}

/**
 * Writes one side's patches. API failures never stop the node: refused records and those of a request
 * that failed outright go to Failed with the API's reason, written ones stay written (the connectors keep
 * every batch's results). Other errors (no credentials) stop the node unless it continues on fail.
 */
async function applySide(ctx: IExecuteFunctions, policy: Policy, side: Side, patches: PatchItem[], stats: CallStats): Promise<Map<number, Outcome>> {
	const outcomes = new Map<number, Outcome>();
	const system = policy[side].system as ApiSystem;
	const keyOf = keyExtractor(policy, side);
	try {
		// A failed lookup fails every patch of this side: nothing was written yet, and creating blind could duplicate.
		const existing = await existingKeys(ctx, policy, side, patches.filter((p) => p.op === 'create'), stats);
		const ops: WriteOp[] = [];
		for (const patch of patches) {
			const known = patch.op === 'create' ? existing.get(keyOf({ id: '', fields: patch.fields }) ?? '') : undefined;
			if (known !== undefined) outcomes.set(patch.index, { status: 'exists', id: known });
			else ops.push({ op: patch.op, id: patch.id, fields: patch.fields, ref: patch.index });
		}
		const results: WriteResult[] = await writeRecords(ctx, system, policy[side].object, ops, stats);
		const kinds = new Map(ops.map((o) => [o.ref, o.op]));
		for (const result of results) {
			outcomes.set(result.ref, result.ok ? { status: kinds.get(result.ref) === 'create' ? 'created' : 'updated', id: result.id } : { status: 'failed', error: result.error! });
		}
	} catch (error) {
		// Configuration errors stay what they are (NodeOperationError with its description).
		if (!(error instanceof NodeApiError) && !ctx.continueOnFail()) throw error instanceof NodeOperationError ? error : new NodeOperationError(ctx.getNode(), error as Error);
		for (const patch of patches) if (!outcomes.has(patch.index)) outcomes.set(patch.index, { status: 'failed', error: failureOf(system, error) });
	}
	return outcomes;
}

/**
 * The first agreement of a pair that a create made: the new record holds what was written to it, taken from
 * its partner (`sourceId`). Without this row the pair has no baseline until a later full cycle, and the first
 * change on either side meets "no baseline yet" (a three-way merge then falls back to a union, undoing a
 * removal). Fields not written (escalated ones, blanks) stay without an agreed value.
 */
function createdRow(policy: Policy, patch: PatchItem, id: string | undefined): BaselineRecord | undefined {
	const sourceId = patch.json.sourceId;
	if (id === undefined || id === '' || typeof sourceId !== 'string' || sourceId === '' || patch.key === '') return undefined;
	const values: Record<string, Normalized> = {};
	for (const spec of policy.fields) {
		const raw = patch.fields[spec[patch.side]];
		if (raw === undefined) continue;
		const value = codecFor(spec).normalize(raw, patch.side);
		if (!isDrift(value)) values[spec.name] = value;
	}
	return { key: patch.key, aId: patch.side === 'a' ? id : sourceId, bId: patch.side === 'b' ? id : sourceId, values };
}

/** Baseline rows whose every write landed, and the first rows of pairs a create made; each once. */
function settledRows(policy: Policy, patches: PatchItem[], outcomes: Map<number, Outcome>): INodeExecutionData[] {
	const ok = new Set<string>();
	for (const patch of patches) {
		const outcome = outcomes.get(patch.index);
		if (outcome !== undefined && outcome.status !== 'failed' && patch.id !== undefined) ok.add(`${patch.side}:${patch.id}`);
	}
	const rows = new Map<string, INodeExecutionData>();
	for (const patch of patches) {
		const outcome = outcomes.get(patch.index);
		const row = patch.op === 'create' ? (outcome?.status === 'created' ? createdRow(policy, patch, outcome.id) : undefined) : patch.baseline;
		if (row === undefined || rows.has(row.key)) continue;
		const dependsOn = patch.op === 'create' ? [] : (patch.baseline?.dependsOn ?? []);
		if (dependsOn.every((d) => ok.has(`${d.side}:${d.id}`))) {
			rows.set(row.key, item(baselineTableRow(policy.name, row), { item: patch.index }));
		}
	}
	return [...rows.values()];
}

const FAILURES_LISTED = 20;
const MESSAGE_CHARS = 300;

/** Record and reason of the first failed writes; messages are cut short (APIs quote the values they refused). */
function failureList(policy: Policy, patches: PatchItem[], outcomes: Map<number, Outcome>) {
	const list: Array<{ system: string; object: string; id: string; key: string; code: string; message: string }> = [];
	for (const patch of patches) {
		const outcome = outcomes.get(patch.index);
		if (outcome?.status !== 'failed') continue;
		if (list.length === FAILURES_LISTED) break;
		const message = outcome.error.message ?? '';
		list.push({
			system: policy[patch.side].system,
			object: policy[patch.side].object,
			id: patch.id ?? '',
			key: patch.key,
			code: outcome.error.code,
			message: message.length > MESSAGE_CHARS ? `${message.slice(0, MESSAGE_CHARS)}…` : message,
		});
	}
	return list;
}

export async function executeApply(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const started = Date.now();
	const policy = readPolicy(ctx);
	const dryRun = ctx.getNodeParameter('options.dryRun', 0, false) as boolean;
	const patches = readPatches(ctx);
	const stats = emptyStats();
	const callsBySide = { a: 0, b: 0 };
	const outputs: INodeExecutionData[][] = OUTPUTS.map(() => []);
	const outcomes = new Map<number, Outcome>();
	for (const side of ['a', 'b'] as const) {
		const mine = patches.filter((p) => p.side === side);
		if (mine.length === 0) continue;
		// A dry run hands nothing on for writing either: "items" patches are reported as dry-run results too.
		if (dryRun) {
			for (const patch of mine) outcomes.set(patch.index, { status: 'dry_run' });
		} else if (policy[side].system === 'items') {
			for (const patch of mine) outputs[OTHER].push(item(patch.json, { item: patch.index }));
		} else {
			const before = stats.calls;
			for (const [index, outcome] of await applySide(ctx, policy, side, mine, stats)) outcomes.set(index, outcome);
			callsBySide[side] = stats.calls - before;
		}
	}
	for (const patch of patches) {
		const outcome = outcomes.get(patch.index);
		if (outcome === undefined) continue;
		if (outcome.status === 'failed') outputs[FAILED].push(item({ ...patch.json, error: outcome.error }, { item: patch.index }));
		else outputs[WRITTEN].push(item({ ...patch.json, id: outcome.id ?? patch.id, result: outcome.status }, { item: patch.index }));
	}
	if (!dryRun) outputs[BASELINE] = settledRows(policy, patches, outcomes);
	const count = (status: string) => [...outcomes.values()].filter((o) => o.status === status).length;
	const failures = failureList(policy, patches, outcomes);
	const summary = {
		summary: 'apply',
		policy: policy.name,
		dryRun,
		patches: patches.length,
		updated: count('updated'),
		created: count('created'),
		alreadyExisted: count('exists'),
		failed: count('failed'),
		/** The first failures with the API's reason, for the cycle and event rows (the Failed output has them all). */
		failures,
		forOtherSystems: outputs[OTHER].length,
		apiCalls: stats.calls,
		apiCallsBySide: callsBySide,
		retries: stats.retries,
		byEndpoint: stats.byEndpoint,
		durationMs: Date.now() - started,
	};
	outputs[SUMMARY].push(item(summary, { item: 0 }));
	return outputs;
}
