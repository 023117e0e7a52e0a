import type { INodeExecutionData } from 'n8n-workflow';

import type { SnapshotRecord } from '../../../nodes/engine';

/** Snapshot records as the Snapshot node emits them, to feed Diff inputs. */
export function asItems(records: SnapshotRecord[], system: string, object: string): INodeExecutionData[] {
	return records.map((record, index) => ({ json: { system, object, ...record } as never, pairedItem: { item: index } }));
}

export function jsonOf(items: INodeExecutionData[]): Array<Record<string, unknown>> {
	return items.map((i) => i.json as Record<string, unknown>);
}
