/**
 * The rows the loops write into n8n Data Tables, which the dashboard reads back. Flat records of strings,
 * numbers and booleans (what a Data Table column holds); structured values travel as JSON text.
 * Times are ISO 8601 strings in UTC.
 */

/** One fast-loop delivery (a webhook call), after it was processed: `reconcile_events`. */
export interface EventRow {
	receivedAt: string;
	policy: string;
	/** Where the notification came from. */
	source: 'hubspot' | 'salesforce' | string;
	/** `hubspot→salesforce` or `salesforce→hubspot`: from the notifying system to the other one. */
	direction: string;
	channel: string;
	objectType: string;
	/** Events in the delivery (before de-duplication and echo filtering). */
	events: number;
	/** Records the delivery named (after de-duplication). */
	records: number;
	/** Their ids in the notifying system, comma-separated (the first 20, then "+N more"). */
	recordIds: string;
	/** Records written on either side. */
	written: number;
	/** Records that needed no write. */
	unchanged: number;
	failed: number;
	escalated: number;
	echoes: number;
	duplicates: number;
	/** What happened, for counting: written | no_change | failed | rejected_signature | echo. */
	outcome: 'written' | 'no_change' | 'failed' | 'rejected_signature' | 'rejected' | 'echo' | string;
	/** Webhook received → writes done (or decision made when nothing was written). */
	latencyMs: number;
	/** Why a delivery was refused; for accepted ones, the writes the API refused and the records of types not synced here. */
	reason: string;
}

/** One reconciliation cycle: `reconcile_cycles`. */
export interface CycleRow {
	cycleId: string;
	policy: string;
	startedAt: string;
	finishedAt: string;
	durationMs: number;
	mode: 'full' | 'incremental' | string;
	/** A preview (Resolve or Apply in dry run): nothing was written or queued, so the dashboard leaves it out. */
	dryRun: boolean;
	aborted: boolean;
	abortReason: string;
	recordsA: number;
	recordsB: number;
	matched: number;
	/** All findings: mismatched fields, one-sided records, duplicates, unkeyed records, drift. */
	discrepancies: number;
	mismatchedFields: number;
	onlyInA: number;
	onlyInB: number;
	conflicts: number;
	schemaDrift: number;
	autoResolved: number;
	/** JSON text: `{"source_of_truth": 12, "recency": 40, "merge": 3, "only_in": 2}`. */
	autoResolvedByRule: string;
	escalated: number;
	/** JSON text: `{"ownership": 2, "deal value": 1}`. */
	escalatedByCategory: string;
	written: number;
	failed: number;
	apiCallsA: number;
	apiCallsB: number;
}

/** One automatic or operator decision that wrote something: `reconcile_resolutions`. */
export interface ResolutionRow {
	at: string;
	policy: string;
	loop: 'fast' | 'slow' | 'operator' | string;
	key: string;
	field: string;
	rule: string;
	action: string;
	reason: string;
	/** JSON text of `{a, b}` raw values before. */
	before: string;
	/** JSON text of the agreed value. */
	after: string;
	aId: string;
	bId: string;
	/** A dry run's decision: what a real run would do, not done (the dashboard leaves it out). */
	dryRun?: boolean;
}

/** One operator-queue item: `reconcile_queue`. Values are JSON text exactly as each system holds them. */
export interface QueueRow {
	/** One row per occurrence: `<discrepancyId>-<n>`; a discrepancy back after resolution gets a new row. */
	queueId: string;
	/** The same discrepancy (policy, kind, record, field) has the same id in every cycle. */
	discrepancyId: string;
	status: 'open' | 'resolved' | 'dismissed' | 'resolved_upstream';
	category: string;
	priority: string;
	kind: string;
	rule: string;
	policy: string;
	key: string;
	field: string;
	aSystem: string;
	bSystem: string;
	aObject: string;
	bObject: string;
	aId: string;
	bId: string;
	aValue: string;
	bValue: string;
	aModifiedAt: string;
	bModifiedAt: string;
	reason: string;
	/** Hash of both values: a dismissed item comes back only when a value changes. */
	fingerprint: string;
	firstSeenAt: string;
	lastSeenAt: string;
	timesSeen: number;
	resolvedAt: string;
	resolvedBy: string;
	/** keep_a | keep_b | custom | dismiss | handled | resolved_upstream */
	resolution: string;
	resolvedValue: string;
	note: string;
	/** Seconds from first seen to resolved (0 while open). */
	ttrSeconds: number;
}

/** The last agreed values of one matched pair: `reconcile_baseline`. */
export interface BaselineTableRow {
	policy: string;
	key: string;
	aId: string;
	bId: string;
	/** JSON text of the agreed normalised values by field name. */
	values: string;
}

/** The policy both loops read: `reconcile_policy`. */
export interface PolicyRow {
	name: string;
	/** The policy document as JSON text. */
	policy: string;
	/** When the cycle workflow last published it (`updatedAt` is a Data Table system column). */
	publishedAt: string;
}

/** One weekly summary, as sent: `reconcile_weekly`. */
export interface WeeklyRow {
	weekStart: string;
	policy: string;
	generatedAt: string;
	/** JSON text of the week's numbers. */
	numbers: string;
	/** JSON text of the plain-language flags. */
	flags: string;
}
