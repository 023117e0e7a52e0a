import get from 'lodash/get';
import type { INodeExecutionData } from 'n8n-workflow';

import type { SnapshotRecord } from '../../engine';

export interface ItemMapping {
	/** Dot path of the record id in each item (e.g. `id` or `ticket.id`). */
	idPath: string;
	/** Dot paths of the fields to keep; each becomes a field with that path as its name. */
	fieldPaths: string[];
	/** Dot path of the record's last-modified time, if the source has one. */
	modifiedAtPath?: string;
}

export type ItemReadResult = { ok: true; record: SnapshotRecord } | { ok: false; reason: string };

/** One upstream item (from Zendesk, Postgres, a spreadsheet…) as a snapshot record. */
export function itemToRecord(item: INodeExecutionData, mapping: ItemMapping): ItemReadResult {
	const id = get(item.json, mapping.idPath);
	if (id === undefined || id === null || id === '') return { ok: false, reason: `has no id at "${mapping.idPath}"` };
	if (typeof id === 'object') return { ok: false, reason: `has an object, not an id, at "${mapping.idPath}"` };
	const fields: Record<string, unknown> = {};
	for (const path of mapping.fieldPaths) fields[path] = get(item.json, path) ?? null;
	const record: SnapshotRecord = { id: String(id), fields };
	if (mapping.modifiedAtPath) {
		const modified = get(item.json, mapping.modifiedAtPath);
		record.modifiedAt = typeof modified === 'string' || typeof modified === 'number' ? modified : null;
	}
	return { ok: true, record };
}
