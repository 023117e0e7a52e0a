import { matchRecords, type MatchedPair } from './match';
import { codecFor, Drift, isDrift, parseInstant, sameNormalized, type FieldCodec } from './normalize';
import type { FieldSpec, Policy } from './policy/schema';
import type {
	BaselineRecord,
	ChangedSince,
	Discrepancy,
	MismatchDiscrepancy,
	Normalized,
	SchemaDriftDiscrepancy,
	Side,
	SideValue,
	SnapshotRecord,
} from './types';

export interface DiffOptions {
	/** Last agreed values per matched key (three-way diff). Rows for other keys are ignored. */
	baseline?: Iterable<BaselineRecord>;
	/**
	 * `full`: both snapshots hold every record (slow loop). `partial`: they hold only some records
	 * (fast loop, incremental runs), so absent baseline keys say nothing about deletions.
	 */
	scope?: 'full' | 'partial';
}

export interface DiffStats {
	recordsA: number;
	recordsB: number;
	matched: number;
	inSync: number;
	mismatchedRecords: number;
	mismatchedFields: number;
	onlyInA: number;
	onlyInB: number;
	duplicateKeys: number;
	missingKeys: number;
	schemaDrift: number;
}

export interface DiffResult {
	/** Sorted by key, then field, then side. */
	discrepancies: Discrepancy[];
	/**
	 * Baseline rows to write: every matched pair whose agreed values changed or that has a mismatch
	 * (mismatched fields keep their previous agreed value until resolved). Pairs unchanged since the
	 * previous baseline are left out.
	 */
	baseline: BaselineRecord[];
	/** Keys in the baseline that neither full snapshot holds any more (delete these rows). */
	staleBaselineKeys: string[];
	stats: DiffStats;
}

/** Per-field facts computed once per diff, not once per record. */
interface FieldPlan {
	spec: FieldSpec;
	codec: FieldCodec;
	/** Raw-equal values normalise equal on both sides (no value map), so one normalisation suffices. */
	symmetric: boolean;
}

function fieldPlans(policy: Policy): FieldPlan[] {
	return policy.fields.map((spec) => ({
		spec,
		codec: codecFor(spec),
		symmetric: !((spec.type === 'enum' || spec.type === 'multiselect') && spec.map !== undefined),
	}));
}

type Values = BaselineRecord['values'];

/**
 * An object with every field name as a key, built by JSON.parse so V8 gives it a fast, shared shape.
 * Cloning it per pair keeps 100k baseline rows compact; filling a `{}` key by key would turn each one
 * into a dictionary once it passes a dozen properties.
 */
function valuesTemplate(policy: Policy): Values {
	const template = JSON.parse(JSON.stringify(Object.fromEntries(policy.fields.map((f) => [f.name, null])))) as Values;
	for (const field of policy.fields) template[field.name] = undefined;
	return template;
}

/** Per-field timestamp when the API gives one, else the record's, else none. */
function sideValue(policy: Policy, side: Side, record: SnapshotRecord, field: string, raw: unknown, value: Normalized): SideValue {
	const fieldTime = record.fieldModifiedAt?.[field];
	const timestampField = policy.timestamps[side];
	const recordTime = record.modifiedAt ?? (timestampField === undefined ? undefined : record.fields[timestampField]);
	const source = fieldTime !== undefined && fieldTime !== null ? 'field' : recordTime !== undefined && recordTime !== null ? 'record' : 'none';
	const parsed = source === 'none' ? null : parseInstant(source === 'field' ? fieldTime : recordTime);
	if (parsed === null || parsed instanceof Drift) return { raw, value, modifiedAt: null, modifiedAtSource: 'none' };
	return { raw, value, modifiedAt: parsed, modifiedAtSource: source };
}

function changedSince(base: Normalized | undefined, a: Normalized, b: Normalized): ChangedSince {
	if (base === undefined) return 'unknown';
	const aChanged = !sameNormalized(a, base);
	const bChanged = !sameNormalized(b, base);
	if (aChanged && bChanged) return 'both';
	return aChanged ? 'a' : 'b';
}

function drift(key: string, field: FieldSpec, side: Side, id: string, raw: unknown, found: Drift): SchemaDriftDiscrepancy {
	return { kind: 'schema_drift', key, field: field.name, side, id, raw, expectedType: field.type, reason: found.reason };
}

interface PairOutcome {
	discrepancies: Discrepancy[];
	/** Agreed values after this comparison (previous agreement kept for fields that disagree). */
	values: Values;
	changed: boolean;
	mismatches: number;
}

/** Compares every synced field of one matched pair. */
function comparePair(policy: Policy, fields: FieldPlan[], template: Values, pair: MatchedPair, base: BaselineRecord | undefined): PairOutcome {
	const previous = base?.values;
	const values: Values = previous === undefined ? { ...template } : { ...previous };
	const out: PairOutcome = { discrepancies: [], values, changed: previous === undefined, mismatches: 0 };
	for (const { spec, codec, symmetric } of fields) {
		const rawA = pair.a.fields[spec.a];
		const rawB = pair.b.fields[spec.b];
		if (spec.treatMissingAs === 'unknown' && (rawA === undefined || rawB === undefined)) continue;
		const a = codec.normalize(rawA, 'a');
		const b = symmetric && rawA === rawB ? a : codec.normalize(rawB, 'b');
		if (isDrift(a) || isDrift(b)) {
			if (isDrift(a)) out.discrepancies.push(drift(pair.key, spec, 'a', pair.a.id, rawA, a));
			if (isDrift(b)) out.discrepancies.push(drift(pair.key, spec, 'b', pair.b.id, rawB, b));
			continue;
		}
		if (sameNormalized(a, b)) {
			const before = previous?.[spec.name];
			if (before === undefined || !sameNormalized(before, a)) {
				values[spec.name] = a;
				out.changed = true;
			}
			continue;
		}
		out.mismatches++;
		const baseValue = previous?.[spec.name];
		const mismatch: MismatchDiscrepancy = {
			kind: 'mismatch',
			key: pair.key,
			field: spec.name,
			aId: pair.a.id,
			bId: pair.b.id,
			a: sideValue(policy, 'a', pair.a, spec.a, rawA, a),
			b: sideValue(policy, 'b', pair.b, spec.b, rawB, b),
			changed: changedSince(baseValue, a, b),
		};
		if (baseValue !== undefined) mismatch.baseline = baseValue;
		out.discrepancies.push(mismatch);
	}
	return out;
}

const KIND_ORDER: Record<Discrepancy['kind'], number> = {
	duplicate_key: 0,
	missing_key: 1,
	only_in_a: 2,
	only_in_b: 3,
	mismatch: 4,
	schema_drift: 5,
};

function sortKey(d: Discrepancy): string {
	switch (d.kind) {
		case 'mismatch':
			return `${d.field}`;
		case 'schema_drift':
			return `${d.field}\u0000${d.side}`;
		case 'missing_key':
			return `${d.side}\u0000${d.id}`;
		case 'only_in_a':
		case 'only_in_b':
		case 'duplicate_key':
			return '';
	}
}

function keyOf(d: Discrepancy): string {
	return d.kind === 'missing_key' ? '' : d.key;
}

export function compareDiscrepancies(x: Discrepancy, y: Discrepancy): number {
	const kx = keyOf(x);
	const ky = keyOf(y);
	if (kx !== ky) return kx < ky ? -1 : 1;
	const ox = KIND_ORDER[x.kind];
	const oy = KIND_ORDER[y.kind];
	if (ox !== oy) return ox - oy;
	const sx = sortKey(x);
	const sy = sortKey(y);
	return sx < sy ? -1 : sx > sy ? 1 : 0;
}

function emptyStats(recordsA: number, recordsB: number): DiffStats {
	return {
		recordsA,
		recordsB,
		matched: 0,
		inSync: 0,
		mismatchedRecords: 0,
		mismatchedFields: 0,
		onlyInA: 0,
		onlyInB: 0,
		duplicateKeys: 0,
		missingKeys: 0,
		schemaDrift: 0,
	};
}

/**
 * Matches two snapshots and compares every synced field of every pair. With a baseline (the last
 * agreed values), each mismatch says which side changed since the agreement.
 */
export function diffSnapshots(
	policy: Policy,
	recordsA: readonly SnapshotRecord[],
	recordsB: readonly SnapshotRecord[],
	options: DiffOptions = {},
): DiffResult {
	const baseline = new Map<string, BaselineRecord>();
	for (const row of options.baseline ?? []) baseline.set(row.key, row);
	const match = matchRecords(policy, recordsA, recordsB);
	const fields = fieldPlans(policy);
	const template = valuesTemplate(policy);
	const stats = emptyStats(recordsA.length, recordsB.length);
	const discrepancies: Discrepancy[] = [...match.duplicates, ...match.missingKeys];
	const rows: BaselineRecord[] = [];
	for (const pair of match.pairs) {
		const base = baseline.get(pair.key);
		const outcome = comparePair(policy, fields, template, pair, base);
		for (const d of outcome.discrepancies) discrepancies.push(d);
		if (outcome.mismatches > 0) stats.mismatchedRecords++;
		else if (outcome.discrepancies.length === 0) stats.inSync++;
		stats.mismatchedFields += outcome.mismatches;
		const idsChanged = base !== undefined && (base.aId !== pair.a.id || base.bId !== pair.b.id);
		if (outcome.changed || outcome.mismatches > 0 || idsChanged) {
			rows.push({ key: pair.key, aId: pair.a.id, bId: pair.b.id, values: outcome.values });
		}
	}
	for (const { key, record } of match.onlyA) {
		discrepancies.push({ kind: 'only_in_a', key, id: record.id, record, inBaseline: baseline.has(key) });
	}
	for (const { key, record } of match.onlyB) {
		discrepancies.push({ kind: 'only_in_b', key, id: record.id, record, inBaseline: baseline.has(key) });
	}
	discrepancies.sort(compareDiscrepancies);
	stats.matched = match.pairs.length;
	stats.onlyInA = match.onlyA.length;
	stats.onlyInB = match.onlyB.length;
	stats.duplicateKeys = match.duplicates.length;
	stats.missingKeys = match.missingKeys.length;
	stats.schemaDrift = discrepancies.filter((d) => d.kind === 'schema_drift').length;
	return { discrepancies, baseline: rows, staleBaselineKeys: staleKeys(baseline, match, options.scope ?? 'full'), stats };
}

function staleKeys(baseline: Map<string, BaselineRecord>, match: ReturnType<typeof matchRecords>, scope: 'full' | 'partial'): string[] {
	if (scope === 'partial' || baseline.size === 0) return [];
	const present = new Set<string>();
	for (const list of [match.pairs, match.onlyA, match.onlyB, match.duplicates]) for (const { key } of list) present.add(key);
	return [...baseline.keys()].filter((key) => !present.has(key)).sort();
}
