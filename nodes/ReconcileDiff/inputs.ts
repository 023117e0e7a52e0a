import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import type { BaselineRecord, Normalized, SnapshotRecord } from '../engine';
import { isRecord, parseMaybeJson } from '../shared/items';

const INPUT_NAMES = ['A', 'B', 'Baseline', 'More A', 'More B'];
/** Where a side's records arrive: its main input, and the optional one for records read as counterparts. */
const SIDE_INPUTS = { a: [0, 3], b: [1, 4] } as const;

export interface SideRecords {
	records: SnapshotRecord[];
	/** Input and item each record came from (the first time it was read). */
	origin: Map<string, { input: number; item: number }>;
}

function connectedInputs(ctx: IExecuteFunctions, input: number): INodeExecutionData[] {
	try {
		return ctx.getInputData(input) ?? [];
	} catch {
		return []; // an optional input nothing is connected to
	}
}

/** Snapshot records of one side, from its main input and its "More" input, each record once. */
export function recordsOf(ctx: IExecuteFunctions, side: 'a' | 'b'): SideRecords {
	const records: SnapshotRecord[] = [];
	const origin = new Map<string, { input: number; item: number }>();
	for (const input of SIDE_INPUTS[side]) {
		const items: INodeExecutionData[] = input < 3 ? (ctx.getInputData(input) ?? []) : connectedInputs(ctx, input);
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
			if (origin.has(String(id))) return;
			const record: SnapshotRecord = { id: String(id), fields: json.fields };
			if (typeof json.modifiedAt === 'string' || typeof json.modifiedAt === 'number') record.modifiedAt = json.modifiedAt;
			if (isRecord(json.fieldModifiedAt)) record.fieldModifiedAt = json.fieldModifiedAt as SnapshotRecord['fieldModifiedAt'];
			records.push(record);
			origin.set(record.id, { input, item: index });
		});
	}
	return { records, origin };
}

/** Which of two stored rows of one key is newer: later `updatedAt`, then the higher row id, then the later item. */
function newer(row: IDataObject, than: IDataObject): boolean {
	const at = String(row.updatedAt ?? '');
	const thanAt = String(than.updatedAt ?? '');
	if (at !== thanAt) return at > thanAt;
	const id = Number(row.id);
	const thanId = Number(than.id);
	return Number.isFinite(id) && Number.isFinite(thanId) && id !== thanId ? id > thanId : true;
}

/**
 * Baseline rows as the templates store them in a Data Table: `key`, `aId`, `bId` and `values` (JSON text).
 * Items without a key (an empty table's placeholder item) are skipped; unreadable values are an error. A key
 * stored twice (a fast-loop run replaced its row while the cycle was reading the table) counts once: the
 * newest row.
 */
export function baselineOf(ctx: IExecuteFunctions): BaselineRecord[] {
	const items = ctx.getInputData(2);
	const newest = new Map<string, IDataObject>();
	for (const { json } of items) {
		if (typeof json.key !== 'string' || json.key === '') continue;
		const prior = newest.get(json.key);
		if (prior === undefined || newer(json, prior)) newest.set(json.key, json);
	}
	const chosen = new Set(newest.values());
	const rows: BaselineRecord[] = [];
	items.forEach(({ json }, index) => {
		if (!chosen.has(json)) return;
		const values = parseMaybeJson(json.values);
		if (!isRecord(values)) {
			throw new NodeOperationError(ctx.getNode(), `Baseline item ${index} (key ${json.key}) has no readable "values"`, {
				itemIndex: index,
				description: 'Baseline rows need "values": the JSON object of agreed field values, as this node emits it.',
			});
		}
		rows.push({
			key: json.key as string,
			aId: typeof json.aId === 'string' ? json.aId : null,
			bId: typeof json.bId === 'string' ? json.bId : null,
			values: values as Record<string, Normalized>,
		});
	});
	return rows;
}
