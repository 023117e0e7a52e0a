/** Seed records as each simulator loads them, before they enter a store. */

export interface HsSource {
	sourceType: string;
	sourceId?: string;
	updatedByUserId?: number;
}

export interface HsHistoryEntry extends HsSource {
	value: string;
	timestamp: number;
}

export interface HsSeedRecord {
	id: string;
	properties: Record<string, string | null>;
	createdAt: number;
	updatedAt: number;
	createdBy: HsSource;
	/** Properties changed after creation, oldest first (the first entry is the value at creation). */
	history: Record<string, HsHistoryEntry[]>;
}

export interface SfHistoryRow {
	field: string;
	oldValue: unknown;
	newValue: unknown;
	at: number;
	by: string;
}

export interface SfSeedRecord {
	/** Field values; datetimes as epoch ms (second precision), dates as `YYYY-MM-DD`. */
	fields: Record<string, unknown>;
	/** Tracked-field changes after creation. */
	history: SfHistoryRow[];
}
