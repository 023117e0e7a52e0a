/**
 * The soak's bookkeeping, pure (no I/O): which user changes count, what happened to each of them, what the
 * write logs say automation did, and whether the operator queue holds every escalation exactly once.
 * `soak.ts` documents the definitions; `accounting.test.ts` pins them down on small cases.
 */
import {
	codecFor,
	isDrift,
	keyExtractor,
	reconcile,
	sameNormalized,
	type BaselineRecord,
	type FieldSpec,
	type Normalized,
	type Policy,
	type Side,
	type SnapshotRecord,
} from '../../nodes/engine';
import { discrepancyIdOf } from '../../nodes/ReconcileEscalate/row';
import type { WriteLogEntry } from '../simulators';

/** One field changed by a person in one CRM's UI (a simulator `ui` write), in the order they were made. */
export interface UserChange {
	/** Global order of the changes across both systems (the driver makes them one at a time). */
	seq: number;
	side: Side;
	/** Record id on `side`. */
	id: string;
	/** Policy field name (`phone`, `lead_status`, …). */
	field: string;
	old: unknown;
	new: unknown;
}

export type Outcome =
	/** Both systems now hold the change's value (for a merge field: its additions and removals hold on both). */
	| 'reached'
	/** A later user change to the same pair and field replaced it (for merge fields: per option). */
	| 'superseded'
	/** The other side is the field's source of truth and both systems hold the source's value. */
	| 'source_of_truth'
	/** The two systems differ and the discrepancy is open in the operator queue (escalate rules, recency ties). */
	| 'escalated'
	/** One system holds a value that does not fit the field's type (schema drift): reported, never written. */
	| 'drift'
	/** The record has no single partner (only on one side, or a duplicate key) and that is in the queue. */
	| 'record_rule'
	| 'lost';

export interface Classified {
	change: UserChange;
	key: string | null;
	outcome: Outcome;
	detail: string;
}

export type Final = Record<Side, SnapshotRecord[]>;

const other = (side: Side): Side => (side === 'a' ? 'b' : 'a');

function fieldSpec(policy: Policy, name: string): FieldSpec {
	const spec = policy.fields.find((f) => f.name === name);
	if (spec === undefined) throw new Error(`no field ${name} in policy ${policy.name}`);
	return spec;
}

/** The policy field a raw field name on `side` belongs to. */
export function policyFieldOf(policy: Policy, side: Side, raw: string): FieldSpec | undefined {
	return policy.fields.find((f) => f[side] === raw);
}

/** A change counts when its value differs from the old one as the policy compares them (`+1 415…` vs `(415)…` does not). */
export function isEffectiveChange(policy: Policy, side: Side, field: string, oldRaw: unknown, newRaw: unknown): boolean {
	const codec = codecFor(fieldSpec(policy, field));
	const before = codec.normalize(oldRaw, side);
	const after = codec.normalize(newRaw, side);
	if (isDrift(before) || isDrift(after)) return JSON.stringify(oldRaw) !== JSON.stringify(newRaw);
	return !sameNormalized(before, after);
}

function asSet(value: Normalized): Set<string> {
	return new Set(Array.isArray(value) ? value : value === null ? [] : [String(value)]);
}

function show(value: unknown): string {
	if (value !== null && typeof value === 'object' && 'reason' in value) return `drift(${(value as { reason: string }).reason})`;
	return JSON.stringify(value);
}

interface PairIndex {
	keyOf: Record<Side, Map<string, string | null>>;
	byKey: Map<string, Record<Side, SnapshotRecord[]>>;
}

function indexFinal(policy: Policy, final: Final): PairIndex {
	const keyOf: PairIndex['keyOf'] = { a: new Map(), b: new Map() };
	const byKey: PairIndex['byKey'] = new Map();
	for (const side of ['a', 'b'] as const) {
		const extract = keyExtractor(policy, side);
		for (const record of final[side]) {
			const key = extract(record);
			keyOf[side].set(record.id, key);
			if (key === null) continue;
			let slot = byKey.get(key);
			if (slot === undefined) byKey.set(key, (slot = { a: [], b: [] }));
			slot[side].push(record);
		}
	}
	return { keyOf, byKey };
}

/**
 * What happened to every user change, judged on the final state of both systems and the open queue
 * (discrepancy ids of open items). See the definitions at the top of `soak.ts`.
 */
export function classifyChanges(policy: Policy, changes: readonly UserChange[], final: Final, openQueueIds: ReadonlySet<string>): Classified[] {
	const index = indexFinal(policy, final);
	// Every change per (key, field), in order, for "superseded" and the per-option merge check.
	const chains = new Map<string, UserChange[]>();
	const keyOfChange = (c: UserChange): string | null => index.keyOf[c.side].get(c.id) ?? null;
	for (const c of changes) {
		const key = keyOfChange(c);
		if (key === null) continue;
		const slot = `${key}\u0000${c.field}`;
		const list = chains.get(slot);
		if (list === undefined) chains.set(slot, [c]);
		else list.push(c);
	}
	for (const list of chains.values()) list.sort((x, y) => x.seq - y.seq);
	const queued = (kind: string, key: string, field?: string) => openQueueIds.has(discrepancyIdOf(policy, { kind: kind as never, key, field }));

	return changes.map((c): Classified => {
		const key = keyOfChange(c);
		const verdict = (outcome: Outcome, detail = ''): Classified => ({ change: c, key, outcome, detail });
		if (key === null) return verdict('lost', `record ${c.side}:${c.id} is gone or has no key`);
		const group = index.byKey.get(key)!;
		if (group.a.length !== 1 || group.b.length !== 1) {
			const explained = queued('only_in_a', key) || queued('only_in_b', key) || queued('duplicate_key', key);
			return verdict(explained ? 'record_rule' : 'lost', `${group.a.length} record(s) in A and ${group.b.length} in B for ${key}`);
		}
		const spec = fieldSpec(policy, c.field);
		const codec = codecFor(spec);
		const va = codec.normalize(group.a[0].fields[spec.a], 'a');
		const vb = codec.normalize(group.b[0].fields[spec.b], 'b');
		const wanted = codec.normalize(c.new, c.side);
		const finalText = `final A ${show(va)}, B ${show(vb)}; change ${c.side.toUpperCase()} ${show(c.old)} → ${show(c.new)}`;
		if (isDrift(va) || isDrift(vb)) return verdict('drift', finalText);
		const agree = sameNormalized(va, vb);
		if (!isDrift(wanted) && agree && sameNormalized(va, wanted)) return verdict('reached', finalText);
		const chain = chains.get(`${key}\u0000${c.field}`) ?? [];
		const later = chain.filter((x) => x.seq > c.seq);
		const rule = spec.rule;
		if (!agree && queued('mismatch', key, c.field)) {
			// Only an escalate rule, or a recency rule that cannot order changes made on both sides (a tie), sends a
			// difference to a person; anything else the policy decides by itself, so a queued item is no excuse.
			const tie = rule.kind === 'recency' && chain.some((x) => x.side !== c.side);
			if (rule.kind === 'escalate' || tie) return verdict('escalated', finalText);
			return verdict('lost', `${finalText}; queued for a person although the ${rule.kind} rule decides it`);
		}

		if (rule.kind === 'merge') {
			// Per option: the last change that added or removed it decides whether it must be there.
			if (!agree || isDrift(wanted)) return verdict(later.length > 0 ? 'superseded' : 'lost', finalText);
			const before = codec.normalize(c.old, c.side);
			const was = isDrift(before) ? new Set<string>() : asSet(before);
			const now = asSet(wanted);
			const toggled = [...new Set([...was, ...now])].filter((o) => was.has(o) !== now.has(o));
			const have = asSet(va);
			let open = 0;
			for (const option of toggled) {
				const toggledLater = later.some((x) => {
					const xb = codec.normalize(x.old, x.side);
					const xa = codec.normalize(x.new, x.side);
					const hadIt = !isDrift(xb) && asSet(xb).has(option);
					const hasIt = !isDrift(xa) && asSet(xa).has(option);
					return hadIt !== hasIt;
				});
				if (toggledLater) continue;
				open++;
				if (have.has(option) !== now.has(option)) return verdict('lost', `${finalText}; option ${option} ${now.has(option) ? 'added' : 'removed'} by it does not hold`);
			}
			return verdict(open === 0 ? 'superseded' : 'reached', finalText);
		}

		if (rule.kind === 'source_of_truth') {
			const source = rule.side;
			const sourceValue = source === 'a' ? va : vb;
			if (c.side === source) {
				if (later.some((x) => x.side === source)) return verdict('superseded', finalText);
				// "Unless blank": a blanked source keeps the other side's value (written back to the source).
				if (rule.unlessBlank && wanted === null && agree) return verdict('source_of_truth', `${finalText}; blank source keeps the other value`);
				return verdict('lost', finalText);
			}
			if (later.length > 0) return verdict('superseded', finalText);
			if (agree && !(rule.unlessBlank && sourceValue === null)) return verdict('source_of_truth', finalText);
			return verdict('lost', finalText);
		}

		// recency and escalate: any later change to the pair's field replaces this one.
		if (later.length > 0) return verdict('superseded', finalText);
		return verdict('lost', finalText);
	});
}

export function countOutcomes(classified: readonly Classified[]): Record<Outcome, number> {
	const counts: Record<Outcome, number> = { reached: 0, superseded: 0, source_of_truth: 0, escalated: 0, drift: 0, record_rule: 0, lost: 0 };
	for (const c of classified) counts[c.outcome]++;
	return counts;
}

// ------------------------------------------------------------------------------------------ write logs

export interface AutomationAudit {
	/** API writes (both systems) of a field whose rule is `escalate`: one per entry and field. */
	escalateViolations: WriteLogEntry[];
	/** API writes that read or wrote a value the field's declared type does not fit (schema drift). */
	driftWrites: WriteLogEntry[];
	/** API writes to objects or fields the policy does not sync. */
	unsyncedWrites: WriteLogEntry[];
	apiWrites: number;
}

export function auditAutomation(policy: Policy, writes: readonly WriteLogEntry[]): AutomationAudit {
	const audit: AutomationAudit = { escalateViolations: [], driftWrites: [], unsyncedWrites: [], apiWrites: 0 };
	const sideOf = (w: WriteLogEntry): Side | undefined =>
		w.system === policy.a.system && w.object === policy.a.object ? 'a' : w.system === policy.b.system && w.object === policy.b.object ? 'b' : undefined;
	const keyFields = { a: new Set(policy.match.keys.map((k) => k.a)), b: new Set(policy.match.keys.map((k) => k.b)) };
	for (const w of writes) {
		if (w.channel !== 'api') continue;
		audit.apiWrites++;
		const side = sideOf(w);
		if (side === undefined) {
			audit.unsyncedWrites.push(w);
			continue;
		}
		for (const [raw, { old, new: value }] of Object.entries(w.fields)) {
			const spec = policyFieldOf(policy, side, raw);
			if (spec === undefined) {
				if (!keyFields[side].has(raw)) audit.unsyncedWrites.push(w);
				continue;
			}
			if (spec.rule.kind === 'escalate') audit.escalateViolations.push(w);
			const codec = codecFor(spec);
			if ((w.op !== 'create' && isDrift(codec.normalize(old, side))) || isDrift(codec.normalize(value, side))) audit.driftWrites.push(w);
		}
	}
	return audit;
}

// ------------------------------------------------------------------------------------------ the queue

export interface QueueAudit {
	/** Discrepancies the policy escalates in the final state. */
	expected: number;
	open: number;
	/** Open rows beyond the first for one discrepancy. */
	duplicates: number;
	/** Escalated discrepancies with no open row. */
	missing: number;
	/** Open rows whose discrepancy the policy no longer escalates (should have been closed upstream). */
	stale: number;
	examples: string[];
}

export function auditQueue(policy: Policy, final: Final, baseline: BaselineRecord[], queueRows: ReadonlyArray<Record<string, unknown>>): QueueAudit {
	const { plan } = reconcile(policy, final.a, final.b, { baseline });
	const expected = new Map(plan.escalations.map((d) => [discrepancyIdOf(policy, d), `${d.kind} ${d.key} ${d.field ?? ''}`.trim()]));
	const open = new Map<string, number>();
	for (const row of queueRows) {
		if (row.status !== 'open' || row.policy !== policy.name) continue;
		const id = String(row.discrepancyId);
		open.set(id, (open.get(id) ?? 0) + 1);
	}
	const audit: QueueAudit = { expected: expected.size, open: [...open.values()].reduce((s, n) => s + n, 0), duplicates: 0, missing: 0, stale: 0, examples: [] };
	for (const [id, n] of open) {
		if (n > 1) {
			audit.duplicates += n - 1;
			audit.examples.push(`duplicate ×${n}: ${expected.get(id) ?? id}`);
		}
		if (!expected.has(id)) {
			audit.stale++;
			audit.examples.push(`stale: ${id}`);
		}
	}
	for (const [id, what] of expected) {
		if (!open.has(id)) {
			audit.missing++;
			audit.examples.push(`missing: ${what}`);
		}
	}
	return audit;
}

/** The pair a record belongs to, for printing a lost change's history. */
export function partnerOf(policy: Policy, final: Final, side: Side, id: string): SnapshotRecord | undefined {
	const index = indexFinal(policy, final);
	const key = index.keyOf[side].get(id);
	if (key === null || key === undefined) return undefined;
	const list = index.byKey.get(key)?.[other(side)] ?? [];
	return list.length === 1 ? list[0] : undefined;
}
