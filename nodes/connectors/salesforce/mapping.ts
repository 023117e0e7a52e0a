import type { SnapshotRecord } from '../../engine';

export interface SalesforceRecord {
	attributes?: { type: string; url?: string };
	Id: string;
	[field: string]: unknown;
}

/** Fields every snapshot reads besides the synced ones: the record time and who wrote last (echo detection). */
export const SYSTEM_FIELDS = ['LastModifiedDate', 'SystemModstamp', 'LastModifiedById'] as const;

/** A Salesforce row in the canonical snapshot shape; `LastModifiedDate` is the record time (second precision). */
export function toSnapshotRecord(record: SalesforceRecord, fields: readonly string[]): SnapshotRecord {
	const values: Record<string, unknown> = {};
	for (const field of fields) values[field] = record[field] ?? null;
	const modified = (record.LastModifiedDate ?? record.SystemModstamp ?? null) as string | null;
	return { id: record.Id, fields: values, modifiedAt: modified };
}
