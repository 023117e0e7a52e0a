import type { SnapshotRecord } from '../../engine';

export interface HubSpotObjectRecord {
	id: string;
	properties: Record<string, string | null>;
	propertiesWithHistory?: Record<string, Array<{ value: string; timestamp: string }>>;
	updatedAt?: string;
	archived?: boolean;
}

/** The property holding the record's last modification time (contacts have their own older name). */
export function modifiedProperty(object: string): string {
	return object === 'contacts' || object === '0-1' ? 'lastmodifieddate' : 'hs_lastmodifieddate';
}

/** A HubSpot object in the canonical snapshot shape: properties as fields, newest history entry per field as its time. */
export function toSnapshotRecord(object: string, record: HubSpotObjectRecord, fields: readonly string[]): SnapshotRecord {
	const values: Record<string, unknown> = {};
	for (const field of fields) values[field] = record.properties[field] ?? null;
	const modified = record.properties[modifiedProperty(object)] ?? record.properties.hs_lastmodifieddate ?? record.updatedAt ?? null;
	const snapshot: SnapshotRecord = { id: String(record.id), fields: values, modifiedAt: modified };
	if (record.propertiesWithHistory !== undefined) {
		const times: Record<string, string> = {};
		for (const [name, history] of Object.entries(record.propertiesWithHistory)) {
			const newest = history.reduce<string | undefined>((best, entry) => (best === undefined || Date.parse(entry.timestamp) > Date.parse(best) ? entry.timestamp : best), undefined);
			if (newest !== undefined) times[name] = newest;
		}
		snapshot.fieldModifiedAt = times;
	}
	return snapshot;
}
