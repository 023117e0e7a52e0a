import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import type { BaselineRecord, Normalized, SnapshotRecord } from '../engine';
import { isRecord, parseMaybeJson } from '../shared/items';

const INPUT_NAMES = ['A', 'B', 'Baseline'];

/** Snapshot records from one input, with the index of the item each came from. */
export function recordsOf(ctx: IExecuteFunctions, input: 0 | 1): { records: SnapshotRecord[]; indexOf: Map<string, number> } {
	const records: SnapshotRecord[] = [];
	const indexOf = new Map<string, number>();
	const items: INodeExecutionData[] = ctx.getInputData(input);
	items.forEach(({ json }, index) => {
		const id = json.id;
		if ((typeof id !== 'string' && typeof id !== 'number') || String(id) === '' || !isRecord(json.fields)) {
			throw new NodeOperationError(ctx.getNode(), `Input ${INPUT_NAMES[input]} item ${index} is not a snapshot record`, {
				itemIndex: index,
				description: 'Each item needs an "id" and a "fields" object, as the Reconcile Snapshot node emits them. Connect a Snapshot node to this input.',
			});
		}
		// The same record read twice (modified since the watermark, and again as another record's counterpart)
		// is one record, not a duplicate key.
		if (indexOf.has(String(id))) return;
		const record: SnapshotRecord = { id: String(id), fields: json.fields };
		if (typeof json.modifiedAt === 'string' || typeof json.modifiedAt === 'number') record.modifiedAt = json.modifiedAt;
		if (isRecord(json.fieldModifiedAt)) record.fieldModifiedAt = json.fieldModifiedAt as SnapshotRecord['fieldModifiedAt'];
		records.push(record);
		indexOf.set(record.id, index);
	});
	return { records, indexOf };
}

/**
 * Baseline rows as the templates store them in a Data Table: `key`, `aId`, `bId` and `values` (JSON text).
 * Items without a key (an empty table's placeholder item) are skipped; unreadable values are an error.
 */
export function baselineOf(ctx: IExecuteFunctions): BaselineRecord[] {
	const items = ctx.getInputData(2);
	const rows: BaselineRecord[] = [];
	items.forEach(({ json }, index) => {
		if (typeof json.key !== 'string' || json.key === '') return;
		const values = parseMaybeJson(json.values);
		if (!isRecord(values)) {
			throw new NodeOperationError(ctx.getNode(), `Baseline item ${index} (key ${json.key}) has no readable "values"`, {
				itemIndex: index,
				description: 'Baseline rows need "values": the JSON object of agreed field values, as this node emits it.',
			});
		}
		rows.push({
			key: json.key,
			aId: typeof json.aId === 'string' ? json.aId : null,
			bId: typeof json.bId === 'string' ? json.bId : null,
			values: values as Record<string, Normalized>,
		});
	});
	return rows;
}
