/**
 * The soak's expected values, computed without the engine's resolve, plan or diff: each field's rule is
 * applied to the simulators' ground truth as the sync policy doc states it (source of truth wins, the more
 * recently modified record wins, lists are merged, escalated fields are left to a person). A wrong decision
 * in the engine and a workflow that faithfully carries it out therefore cannot agree with this and pass.
 * Only the normalisers (what "equal" means for two emails, phones or option lists) and the queue's
 * discrepancy ids are shared with the product.
 */
import { codecFor, isDrift, keyExtractor, sameNormalized, type FieldSpec, type Normalized, type Policy, type Side, type SnapshotRecord } from '../../nodes/engine';
import { discrepancyIdOf } from '../../nodes/ReconcileEscalate/row';
import type { Final } from './accounting';

/** A field (or record) that does not hold what the policy demands. */
export interface Miss {
	key: string;
	field: string;
	detail: string;
}

type Pairs = Map<string, Record<Side, SnapshotRecord[]>>;

function byKey(policy: Policy, state: Final): Pairs {
	const pairs: Pairs = new Map();
	for (const side of ['a', 'b'] as const) {
		const keyOf = keyExtractor(policy, side);
		for (const record of state[side]) {
			const key = keyOf(record);
			if (key === null) continue;
			let slot = pairs.get(key);
			if (slot === undefined) pairs.set(key, (slot = { a: [], b: [] }));
			slot[side].push(record);
		}
	}
	return pairs;
}

interface Values {
	a: Normalized;
	b: Normalized;
}

/** Both sides' values of one field, or undefined when either does not fit the field's type (drift: reported, never written). */
function valuesOf(spec: FieldSpec, a: SnapshotRecord, b: SnapshotRecord): Values | undefined {
	const codec = codecFor(spec);
	const va = codec.normalize(a.fields[spec.a], 'a');
	const vb = codec.normalize(b.fields[spec.b], 'b');
	return isDrift(va) || isDrift(vb) ? undefined : { a: va, b: vb };
}

const show = (v: unknown) => JSON.stringify(v);

function instant(value: unknown): number | null {
	if (value === null || value === undefined || value === '') return null;
	const ms = typeof value === 'number' || /^\d+$/.test(String(value)) ? Number(value) : Date.parse(String(value));
	return Number.isFinite(ms) ? ms : null;
}

function optionSet(value: Normalized): string[] {
	return value === null ? [] : Array.isArray(value) ? value.map(String) : [String(value)];
}

/** Which value a two-way rule demands of a pair that disagrees, or `escalate`. */
type Demand = { value: Normalized } | 'escalate';

function demand(spec: FieldSpec, v: Values, a: SnapshotRecord, b: SnapshotRecord): Demand {
	const rule = spec.rule;
	switch (rule.kind) {
		case 'escalate':
			return 'escalate';
		case 'source_of_truth': {
			const source = v[rule.side];
			return { value: rule.unlessBlank && source === null ? v[rule.side === 'a' ? 'b' : 'a'] : source };
		}
		case 'merge':
			// Without a baseline both strategies keep everything either side has.
			const union = [...new Set([...optionSet(v.a), ...optionSet(v.b)])].sort();
			return { value: union.length === 0 ? null : union };
		case 'recency': {
			const ta = instant(a.modifiedAt);
			const tb = instant(b.modifiedAt);
			const fallback = ta === null || tb === null ? rule.onMissingTimestamp : Math.abs(ta - tb) <= rule.clockSkewMs ? rule.onTie : undefined;
			if (fallback === 'escalate') return 'escalate';
			if (fallback !== undefined) return { value: fallback === 'prefer_a' ? v.a : v.b };
			return { value: (ta as number) > (tb as number) ? v.a : v.b };
		}
	}
}

function queuedAs(policy: Policy, openQueueIds: ReadonlySet<string>) {
	return (kind: 'mismatch' | 'only_in_a' | 'only_in_b' | 'duplicate_key', key: string, field?: string) =>
		openQueueIds.has(discrepancyIdOf(policy, { kind, key, field } as never));
}

/**
 * The first cycle on the seeded systems (no baseline yet): for every pair and field, what the field's rule
 * demands of `before`, checked on `after`. Escalated fields must be untouched and queued; one-sided records
 * must be created or queued as the policy says.
 */
export function seedResolution(policy: Policy, before: Final, after: Final, openQueueIds: ReadonlySet<string>): Miss[] {
	const misses: Miss[] = [];
	const now = byKey(policy, after);
	const queued = queuedAs(policy, openQueueIds);
	for (const [key, was] of byKey(policy, before)) {
		const is = now.get(key);
		if (was.a.length > 1 || was.b.length > 1) {
			if (policy.onDuplicateKey === 'escalate' && !queued('duplicate_key', key)) misses.push({ key, field: '', detail: 'duplicate key not queued' });
			continue;
		}
		if (was.a.length === 0 || was.b.length === 0) {
			misses.push(...oneSided(policy, key, was, is, queued));
			continue;
		}
		if (is === undefined || is.a.length !== 1 || is.b.length !== 1) {
			misses.push({ key, field: '', detail: 'pair no longer matched after the first cycle' });
			continue;
		}
		for (const spec of policy.fields) {
			const v = valuesOf(spec, was.a[0], was.b[0]);
			const got = valuesOf(spec, is.a[0], is.b[0]);
			if (v === undefined || got === undefined) continue;
			if (sameNormalized(v.a, v.b)) {
				if (!sameNormalized(got.a, v.a) || !sameNormalized(got.b, v.a)) misses.push({ key, field: spec.name, detail: `agreed on ${show(v.a)}, now A ${show(got.a)} B ${show(got.b)}` });
				continue;
			}
			const wanted = demand(spec, v, was.a[0], was.b[0]);
			if (wanted === 'escalate') {
				const untouched = sameNormalized(got.a, v.a) && sameNormalized(got.b, v.b);
				if (!untouched || !queued('mismatch', key, spec.name)) misses.push({ key, field: spec.name, detail: `${spec.rule.kind}: escalation expected (A ${show(v.a)}, B ${show(v.b)}); untouched ${untouched}, queued ${queued('mismatch', key, spec.name)}` });
				continue;
			}
			if (!sameNormalized(got.a, wanted.value) || !sameNormalized(got.b, wanted.value)) {
				misses.push({ key, field: spec.name, detail: `${spec.rule.kind}: A ${show(v.a)} / B ${show(v.b)} must become ${show(wanted.value)}, is A ${show(got.a)} B ${show(got.b)}` });
			}
		}
	}
	return misses;
}

function oneSided(policy: Policy, key: string, was: Record<Side, SnapshotRecord[]>, is: Record<Side, SnapshotRecord[]> | undefined, queued: ReturnType<typeof queuedAs>): Miss[] {
	const present: Side = was.a.length === 1 ? 'a' : 'b';
	const missing: Side = present === 'a' ? 'b' : 'a';
	const action = present === 'a' ? policy.onlyInA : policy.onlyInB;
	if (action === 'ignore') return [];
	if (action === 'escalate') return queued(present === 'a' ? 'only_in_a' : 'only_in_b', key) ? [] : [{ key, field: '', detail: `only in ${present.toUpperCase()}: not queued` }];
	const created = is?.[missing] ?? [];
	if (created.length !== 1) return [{ key, field: '', detail: `only in ${present.toUpperCase()}: ${created.length} record(s) created in ${missing.toUpperCase()}` }];
	const misses: Miss[] = [];
	for (const spec of policy.fields) {
		// A created record carries every synced value except those a person decides (escalate rules).
		if (spec.rule.kind === 'escalate') continue;
		const source = present === 'a' ? was.a[0] : was.b[0];
		const pair = present === 'a' ? valuesOf(spec, source, created[0]) : valuesOf(spec, created[0], source);
		if (pair !== undefined && !sameNormalized(pair.a, pair.b)) misses.push({ key, field: spec.name, detail: `created with ${show(pair[missing])}, source holds ${show(pair[present])}` });
	}
	return misses;
}

/**
 * After quiet: every pair agrees on every field whose rule decides by itself. What may still differ: fields
 * a person decides (escalate rules), values that do not fit their type (drift), and a recency tie that is
 * open in the queue. Records the policy creates on the other side must exist there (or be queued).
 */
export function disagreements(policy: Policy, final: Final, openQueueIds: ReadonlySet<string>): Miss[] {
	const misses: Miss[] = [];
	const queued = queuedAs(policy, openQueueIds);
	for (const [key, group] of byKey(policy, final)) {
		if (group.a.length > 1 || group.b.length > 1) continue;
		if (group.a.length === 0 || group.b.length === 0) {
			const present: Side = group.a.length === 1 ? 'a' : 'b';
			const creates = (present === 'a' ? policy.onlyInA : policy.onlyInB) === 'create';
			if (creates && !queued(present === 'a' ? 'only_in_a' : 'only_in_b', key)) misses.push({ key, field: '', detail: `only in ${present.toUpperCase()}, not created` });
			continue;
		}
		for (const spec of policy.fields) {
			if (spec.rule.kind === 'escalate') continue;
			const v = valuesOf(spec, group.a[0], group.b[0]);
			if (v === undefined || sameNormalized(v.a, v.b)) continue;
			if (spec.rule.kind === 'recency' && queued('mismatch', key, spec.name)) continue;
			misses.push({ key, field: spec.name, detail: `${spec.rule.kind}: A ${show(v.a)}, B ${show(v.b)}` });
		}
	}
	return misses;
}
