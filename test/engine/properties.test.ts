/**
 * Invariants over many random snapshot pairs (fixed seeds, so failures reproduce), for two policies
 * that between them use every field type and rule kind (contacts: text, phone, enum, multiselect;
 * deals: number, boolean, date, datetime): diff(x, x) is empty; applying a plan leaves only escalations
 * and drift; resolving is deterministic; no escalate-rule field is ever written.
 */
import {
	buildPlan,
	codecFor,
	diffSnapshots,
	isDrift,
	reconcile,
	resolveAll,
	type BaselineRecord,
	type Plan,
	type Policy,
	parsePolicyOrThrow,
	type SnapshotRecord,
} from '../../nodes/engine';
import { policyOf } from '../fixtures/builders';
import { dealSnapshots } from '../fixtures/deal-snapshots';
import { dealsPolicy } from '../fixtures/deals-policy';
import { contactSnapshots, type ContactSnapshotOptions } from '../fixtures/snapshots';

const SEEDS = Array.from({ length: 40 }, (_, i) => 1000 + i * 7919);

interface Scenario {
	name: string;
	policy: Policy;
	snapshots: (seed: number, options: ContactSnapshotOptions) => { a: SnapshotRecord[]; b: SnapshotRecord[] };
}

const SCENARIOS: Scenario[] = [
	{ name: 'contacts', policy: policyOf(), snapshots: contactSnapshots },
	{ name: 'deals', policy: parsePolicyOrThrow(dealsPolicy()), snapshots: dealSnapshots },
];

const messy = { records: 60, differ: 0.4, cosmetic: 0.3, onlyA: 0.08, onlyB: 0.08, duplicates: 0.04, missingKeys: 0.03, drift: 0.05, missingTimestamps: 0.1 };

/** The same records as seen from side B: every synced field formatted the way B writes it. */
function mirror(p: Policy, records: readonly SnapshotRecord[]): SnapshotRecord[] {
	return records.map((record) => {
		const fields: Record<string, unknown> = {};
		for (const key of p.match.keys) fields[key.b] = record.fields[key.a];
		for (const spec of p.fields) {
			const codec = codecFor(spec);
			const value = codec.normalize(record.fields[spec.a], 'a');
			fields[spec.b] = isDrift(value) ? record.fields[spec.a] : codec.format(value, 'b', 'typed', { aRaw: record.fields[spec.a], from: 'a' });
		}
		return { id: `mirror-${record.id}`, fields, modifiedAt: record.modifiedAt };
	});
}

/** Applies a plan as the systems would: patches overwrite fields, creates add records. */
function apply(records: readonly SnapshotRecord[], plan: Plan, side: 'a' | 'b'): SnapshotRecord[] {
	const byId = new Map(records.map((r) => [r.id, { ...r, fields: { ...r.fields } }]));
	for (const patch of plan.patches) {
		if (patch.side !== side) continue;
		const record = byId.get(patch.id);
		if (record === undefined) throw new Error(`patch for unknown ${side} record ${patch.id}`);
		Object.assign(record.fields, patch.fields);
	}
	plan.creates.filter((c) => c.side === side).forEach((c, i) => byId.set(`created-${i}`, { id: `created-${i}`, fields: { ...c.fields }, modifiedAt: null }));
	return [...byId.values()];
}

function committedBaseline(plan: Plan): BaselineRecord[] {
	return plan.baseline.map(({ key, aId, bId, values }) => ({ key, aId, bId, values }));
}

/** The policy comparing side A's system with a copy of itself: same field names on both sides. */
function selfPolicy(p: Policy): Policy {
	return {
		...p,
		b: { ...p.a, label: 'Copy' },
		match: { keys: p.match.keys.map((k) => ({ ...k, b: k.a })) },
		fields: p.fields.map((f) => ({ ...f, b: f.a })),
	};
}

describe.each(SCENARIOS)('engine invariants over random $name snapshots', ({ policy, snapshots }) => {
	it.each(SEEDS)('diff(x, mirror(x)) has no mismatches or one-sided records (seed %i)', (seed) => {
		const { a } = snapshots(seed, { records: 80, differ: 0.3, cosmetic: 0.3 });
		const result = diffSnapshots(policy, a, mirror(policy, a));
		expect(result.discrepancies).toEqual([]);
	});

	it.each(SEEDS)('each system\'s own spelling of the same records diffs empty (seed %i)', (seed) => {
		const { a, b } = snapshots(seed, { records: 80, cosmetic: 1 });
		expect(diffSnapshots(policy, a, b).discrepancies).toEqual([]);
	});

	it.each(SEEDS)('diff of a snapshot with itself finds only what is wrong inside it (seed %i)', (seed) => {
		const { a } = snapshots(seed, messy);
		const kinds = new Set(diffSnapshots(selfPolicy(policy), a, a).discrepancies.map((d) => d.kind));
		expect([...kinds].filter((k) => k !== 'schema_drift' && k !== 'duplicate_key' && k !== 'missing_key')).toEqual([]);
	});

	it.each(SEEDS)('after applying the plan, a new diff leaves only escalations and drift (seed %i)', (seed) => {
		const { a, b } = snapshots(seed, messy);
		const first = reconcile(policy, a, b);
		expect(first.plan.patches.length).toBeGreaterThan(0); // the property is about real writes
		const a2 = apply(a, first.plan, 'a');
		const b2 = apply(b, first.plan, 'b');
		const second = reconcile(policy, a2, b2, { baseline: committedBaseline(first.plan) });
		const writes = second.decisions.filter((d) => d.action !== 'escalate' && d.action !== 'none');
		expect(writes).toEqual([]);
		expect(second.plan.patches).toEqual([]);
		expect(second.plan.creates).toEqual([]);
		// The only mismatches left are the ones an operator has to settle.
		for (const d of second.diff.discrepancies) {
			if (d.kind === 'mismatch') expect(second.decisions.find((x) => x.discrepancy === d)?.action).toBe('escalate');
		}
	});

	it.each(SEEDS)('resolving twice gives byte-identical output (seed %i)', (seed) => {
		const { a, b } = snapshots(seed, messy);
		const diff = diffSnapshots(policy, a, b);
		const once = JSON.stringify(buildPlan(policy, diff, resolveAll(policy, diff.discrepancies)));
		const twice = JSON.stringify(reconcile(policy, a, b).plan);
		expect(twice).toBe(once);
	});

	it.each(SEEDS)('never puts an escalate-rule field into a patch or a create (seed %i)', (seed) => {
		const { a, b } = snapshots(seed, { ...messy, differ: 0.8 });
		const { plan } = reconcile(policy, a, b);
		const escalated = policy.fields.filter((f) => f.rule.kind === 'escalate');
		expect(escalated.length).toBeGreaterThan(0);
		for (const patch of plan.patches) for (const f of escalated) expect(Object.keys(patch.fields)).not.toContain(f[patch.side]);
		for (const create of plan.creates) for (const f of escalated) expect(Object.keys(create.fields)).not.toContain(f[create.side]);
	});

	it('does not mutate its inputs', () => {
		const { a, b } = snapshots(7, messy);
		const before = JSON.stringify([a, b]);
		const first = reconcile(policy, a, b);
		const baseline = committedBaseline(first.plan);
		const baselineBefore = JSON.stringify(baseline);
		reconcile(policy, a, b, { baseline });
		expect(JSON.stringify([a, b])).toBe(before);
		expect(JSON.stringify(baseline)).toBe(baselineBefore);
	});
});
