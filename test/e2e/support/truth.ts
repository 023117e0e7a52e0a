/**
 * The simulators' ground truth (outside the API) in the engine's snapshot shape, so tests can ask the
 * engine what the policy demands of the current state and check that the workflows did exactly that.
 */
import {
	codecFor,
	parsePolicyOrThrow,
	reconcile,
	sameNormalized,
	type BaselineRecord,
	type Normalized,
	type Policy,
	type PolicyInput,
	type SnapshotRecord,
} from '../../../nodes/engine';
import type { Sims } from '../../simulators';

export function hubspotTruth(sims: Sims): SnapshotRecord[] {
	return sims.hubspot.truthAll('contacts').map((r) => {
		const properties = r.properties as Record<string, unknown>;
		return { id: String(r.id), fields: properties, modifiedAt: (properties.lastmodifieddate ?? properties.hs_lastmodifieddate ?? null) as string | null };
	});
}

export function salesforceTruth(sims: Sims): SnapshotRecord[] {
	return sims.salesforce
		.truthAll('Contact')
		.filter((r) => r.IsDeleted !== true)
		.map((r) => ({ id: String(r.Id), fields: r, modifiedAt: (r.LastModifiedDate ?? null) as string | null }));
}

/** Baseline rows as the Data Table holds them (values as JSON text). */
export function baselineFromRows(rows: Array<Record<string, unknown>>): BaselineRecord[] {
	return rows
		.filter((r) => typeof r.key === 'string')
		.map((r) => ({ key: String(r.key), aId: String(r.aId ?? ''), bId: String(r.bId ?? ''), values: JSON.parse(String(r.values ?? '{}')) as Record<string, Normalized> }));
}

export interface ExpectedWrite {
	key: string;
	field: string;
	aId: string;
	bId: string;
	after: Normalized;
	rule: string;
}

export interface Expectation {
	policy: Policy;
	writes: ExpectedWrite[];
	creates: number;
	escalations: number;
}

/** What one cycle must write, from the current ground truth and the baseline the cycle will read. */
export function expectCycle(sims: Sims, policyInput: PolicyInput, baselineRows: Array<Record<string, unknown>>): Expectation {
	const policy = parsePolicyOrThrow(policyInput);
	const { decisions, plan } = reconcile(policy, hubspotTruth(sims), salesforceTruth(sims), { baseline: baselineFromRows(baselineRows) });
	const writes = decisions
		.filter((d) => d.kind === 'mismatch' && (d.action === 'write_a' || d.action === 'write_b' || d.action === 'write_both'))
		.map((d) => ({ key: d.key, field: d.field ?? '', aId: d.aId ?? '', bId: d.bId ?? '', after: d.after ?? null, rule: d.rule }));
	return { policy, writes, creates: plan.creates.length, escalations: plan.escalations.length };
}

/** Every planned field now holds the planned value on both sides; returns the ones that do not. */
export function unmetWrites(sims: Sims, expectation: Expectation): Array<ExpectedWrite & { a: unknown; b: unknown }> {
	const a = new Map(hubspotTruth(sims).map((r) => [r.id, r]));
	const b = new Map(salesforceTruth(sims).map((r) => [r.id, r]));
	const unmet: Array<ExpectedWrite & { a: unknown; b: unknown }> = [];
	for (const write of expectation.writes) {
		const spec = expectation.policy.fields.find((f) => f.name === write.field)!;
		const codec = codecFor(spec);
		const rawA = a.get(write.aId)?.fields[spec.a];
		const rawB = b.get(write.bId)?.fields[spec.b];
		const valueA = codec.normalize(rawA, 'a');
		const valueB = codec.normalize(rawB, 'b');
		const ok = [valueA, valueB].every((v) => !(v instanceof Object && 'reason' in (v as object)) && sameNormalized(v as Normalized, write.after));
		if (!ok) unmet.push({ ...write, a: rawA, b: rawB });
	}
	return unmet;
}
