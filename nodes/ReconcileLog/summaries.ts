import { isRecord } from '../shared/items';

/** The Summary / Stats items the other Reconcile nodes emit, told apart by their `summary` tag. */
export interface Summaries {
	snapshots: Array<Record<string, unknown>>;
	diff?: Record<string, unknown>;
	resolve?: Record<string, unknown>;
	apply?: Record<string, unknown>;
	changes?: Record<string, unknown>;
	rejected?: Record<string, unknown>;
}

export function collectSummaries(items: ReadonlyArray<{ json: Record<string, unknown> }>): Summaries {
	const found: Summaries = { snapshots: [] };
	for (const { json } of items) {
		if (json.summary === 'snapshot') found.snapshots.push(json);
		else if (json.summary === 'diff') found.diff = json;
		else if (json.summary === 'resolve') found.resolve = json;
		else if (json.summary === 'apply') found.apply = json;
		else if (typeof json.receivedAt === 'string' && isRecord(json.objects)) found.changes = json;
		else if (typeof json.receivedAt === 'string' && typeof json.reason === 'string' && typeof json.status === 'number') found.rejected = json;
	}
	return found;
}

export function num(value: unknown): number {
	const n = Number(value);
	return Number.isFinite(n) ? n : 0;
}

export function total(counts: unknown): number {
	return isRecord(counts) ? Object.values(counts).reduce<number>((sum, v) => sum + num(v), 0) : 0;
}

export function text(value: unknown): string {
	return value === undefined || value === null ? '' : String(value);
}
