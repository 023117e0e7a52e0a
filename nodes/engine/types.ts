/**
 * Shapes shared by every stage of the engine. Everything here is plain JSON-serialisable data, so the
 * same values travel as n8n items between the Snapshot, Diff, Resolve, Escalate and Apply nodes.
 */

/** The two systems a policy reconciles. `a` and `b` are named in the policy (e.g. HubSpot and Salesforce). */
export type Side = 'a' | 'b';

export const SIDES: readonly Side[] = ['a', 'b'];

export function otherSide(side: Side): Side {
	return side === 'a' ? 'b' : 'a';
}

/**
 * A record as a snapshot reads it, in the canonical shape every connector produces.
 * `fields` holds raw values keyed by the system's own field names (HubSpot strings, Salesforce JSON).
 */
export interface SnapshotRecord {
	/** The system's record id (HubSpot object id, Salesforce 18-char Id, or any upstream id). */
	id: string;
	fields: Record<string, unknown>;
	/** Record-level last-modified time as the system reports it (ISO string, epoch ms, Salesforce `+0000`). */
	modifiedAt?: string | number | null;
	/** Per-field last-modified times where the API gives them (HubSpot `propertiesWithHistory`). */
	fieldModifiedAt?: Record<string, string | number | null>;
}

/**
 * A normalised value: what a person would call "the same" compares equal.
 * Lists are sorted and de-duplicated; blanks (`null`, `''`, missing, empty list) are `null`;
 * datetimes are epoch milliseconds at the field's precision; dates are `YYYY-MM-DD`.
 */
export type Normalized = string | number | boolean | null | readonly string[];

/** One side of a field comparison, with provenance. */
export interface SideValue {
	raw: unknown;
	value: Normalized;
	/** Epoch ms of the last modification of this field, or null when the system gives no timestamp. */
	modifiedAt: number | null;
	modifiedAtSource: 'field' | 'record' | 'none';
}

/** Which side changed a field since the last agreed value (the baseline). */
export type ChangedSince = 'a' | 'b' | 'both' | 'unknown';

/**
 * The last agreed normalised value of every synced field of one matched pair. A field without agreement
 * (never equal yet, or escalated) is absent or `undefined`; `JSON.stringify` drops it either way.
 */
export interface BaselineRecord {
	key: string;
	aId: string | null;
	bId: string | null;
	values: Partial<Record<string, Normalized>>;
}

export interface MismatchDiscrepancy {
	kind: 'mismatch';
	key: string;
	/** The policy's field name. */
	field: string;
	aId: string;
	bId: string;
	a: SideValue;
	b: SideValue;
	/** Last agreed value, when a baseline row exists for this pair and field. */
	baseline?: Normalized;
	changed: ChangedSince;
}

export interface OnlyInDiscrepancy {
	kind: 'only_in_a' | 'only_in_b';
	key: string;
	id: string;
	record: SnapshotRecord;
	/** True when the pair was agreed before (a baseline row exists): the record was deleted or re-keyed on the other side. */
	inBaseline: boolean;
}

export interface DuplicateKeyDiscrepancy {
	kind: 'duplicate_key';
	key: string;
	aIds: string[];
	bIds: string[];
}

export interface MissingKeyDiscrepancy {
	kind: 'missing_key';
	side: Side;
	id: string;
	/** The key fields (system names) that were blank or did not normalise. */
	keyFields: string[];
}

export interface SchemaDriftDiscrepancy {
	kind: 'schema_drift';
	key: string;
	field: string;
	side: Side;
	id: string;
	raw: unknown;
	expectedType: string;
	reason: string;
}

/** Everything the diff can find. Exhaustive switches over `kind` keep every stage honest. */
export type Discrepancy =
	| MismatchDiscrepancy
	| OnlyInDiscrepancy
	| DuplicateKeyDiscrepancy
	| MissingKeyDiscrepancy
	| SchemaDriftDiscrepancy;

export type DiscrepancyKind = Discrepancy['kind'];

export type DecisionAction =
	| 'write_a'
	| 'write_b'
	| 'write_both'
	| 'create_a'
	| 'create_b'
	| 'escalate'
	| 'none';

export type RuleName =
	| 'source_of_truth'
	| 'recency'
	| 'merge'
	| 'escalate'
	| 'only_in'
	| 'duplicate_key'
	| 'missing_key'
	| 'schema_drift';

export interface Escalation {
	category: string;
	priority: Priority;
}

export type Priority = 'low' | 'medium' | 'high' | 'critical';

/**
 * The outcome of applying the policy to one discrepancy, with its provenance: which rule, why, the values
 * before, the agreed value after, and the system-formatted values to write on each side.
 */
export interface Decision {
	kind: DiscrepancyKind;
	key: string;
	/** Policy field name for field-level decisions. */
	field?: string;
	aId?: string;
	bId?: string;
	rule: RuleName;
	action: DecisionAction;
	reason: string;
	before: { a?: unknown; b?: unknown };
	/** The agreed normalised value, when the decision settles one. */
	after?: Normalized;
	/** Value to write into A (system-formatted), present for write_a / write_both / create_a. */
	writeA?: unknown;
	writeB?: unknown;
	escalation?: Escalation;
	/** The discrepancy as found, kept for escalations and audit. */
	discrepancy: Discrepancy;
}

/** Minimal update of one record in one system: only fields whose value changes. */
export interface Patch {
	side: Side;
	id: string;
	key: string;
	fields: Record<string, unknown>;
	/** One entry per written field: which rule decided it. */
	provenance: Array<{ field: string; rule: RuleName; reason: string }>;
}

/** A record to create on one side because it exists only on the other and the policy says create. */
export interface Create {
	side: Side;
	key: string;
	/** Id of the record on the other side it mirrors. */
	sourceId: string;
	fields: Record<string, unknown>;
}
