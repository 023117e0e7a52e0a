import { keyNormalizer } from './normalize';
import type { Policy } from './policy/schema';
import type { DuplicateKeyDiscrepancy, MissingKeyDiscrepancy, Side, SnapshotRecord } from './types';

/** Joins the parts of a composite key; a visible separator that never occurs in normalised emails, ids or numbers. */
export const KEY_SEPARATOR = ' ␟ ';

export interface MatchedPair {
	key: string;
	a: SnapshotRecord;
	b: SnapshotRecord;
}

export interface Unpaired {
	key: string;
	record: SnapshotRecord;
}

export interface MatchResult {
	/** Pairs with exactly one record on each side, sorted by key. */
	pairs: MatchedPair[];
	onlyA: Unpaired[];
	onlyB: Unpaired[];
	/** Keys held by more than one record on either side: never paired, always reported. */
	duplicates: DuplicateKeyDiscrepancy[];
	/** Records whose key fields are blank or unreadable. */
	missingKeys: MissingKeyDiscrepancy[];
}

/** Returns a function computing the normalised (possibly composite) match key of a record on one side. */
export function keyExtractor(policy: Policy, side: Side): (record: SnapshotRecord) => string | null {
	const parts = policy.match.keys.map((spec) => ({ field: spec[side], normalize: keyNormalizer(spec) }));
	if (parts.length === 1) {
		const [{ field, normalize }] = parts;
		return (record) => normalize(record.fields[field]);
	}
	return (record) => {
		const values: string[] = [];
		for (const { field, normalize } of parts) {
			const value = normalize(record.fields[field]);
			if (value === null) return null;
			values.push(value);
		}
		return values.join(KEY_SEPARATOR);
	};
}

type Bucket = SnapshotRecord | SnapshotRecord[];

function index(
	policy: Policy,
	side: Side,
	records: readonly SnapshotRecord[],
	missing: MissingKeyDiscrepancy[],
): Map<string, Bucket> {
	const keyOf = keyExtractor(policy, side);
	const keyFields = policy.match.keys.map((spec) => spec[side]);
	const byKey = new Map<string, Bucket>();
	for (const record of records) {
		const key = keyOf(record);
		if (key === null) {
			missing.push({ kind: 'missing_key', side, id: record.id, keyFields });
			continue;
		}
		const bucket = byKey.get(key);
		if (bucket === undefined) byKey.set(key, record);
		else if (Array.isArray(bucket)) bucket.push(record);
		else byKey.set(key, [bucket, record]);
	}
	return byKey;
}

function ids(bucket: Bucket | undefined): string[] {
	if (bucket === undefined) return [];
	return (Array.isArray(bucket) ? bucket.map((r) => r.id) : [bucket.id]).sort();
}

const byKey = (x: { key: string }, y: { key: string }) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0);

/**
 * Pairs records of A and B by normalised key. A key held by several records on either side is a
 * `duplicate_key` result listing every id on both sides: it is never silently paired with one of them.
 */
export function matchRecords(
	policy: Policy,
	recordsA: readonly SnapshotRecord[],
	recordsB: readonly SnapshotRecord[],
): MatchResult {
	const missingKeys: MissingKeyDiscrepancy[] = [];
	const indexA = index(policy, 'a', recordsA, missingKeys);
	const indexB = index(policy, 'b', recordsB, missingKeys);
	const result: MatchResult = { pairs: [], onlyA: [], onlyB: [], duplicates: [], missingKeys };
	for (const [key, bucketA] of indexA) {
		const bucketB = indexB.get(key);
		if (Array.isArray(bucketA) || Array.isArray(bucketB)) {
			result.duplicates.push({ kind: 'duplicate_key', key, aIds: ids(bucketA), bIds: ids(bucketB) });
		} else if (bucketB === undefined) result.onlyA.push({ key, record: bucketA });
		else result.pairs.push({ key, a: bucketA, b: bucketB });
	}
	for (const [key, bucketB] of indexB) {
		if (indexA.has(key)) continue;
		if (Array.isArray(bucketB)) result.duplicates.push({ kind: 'duplicate_key', key, aIds: [], bIds: ids(bucketB) });
		else result.onlyB.push({ key, record: bucketB });
	}
	result.pairs.sort(byKey);
	result.onlyA.sort(byKey);
	result.onlyB.sort(byKey);
	result.duplicates.sort(byKey);
	missingKeys.sort((x, y) => (x.side + x.id < y.side + y.id ? -1 : 1));
	return result;
}
