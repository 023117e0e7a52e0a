import type { BaselineRecord } from '../engine';
import type { BaselineTableRow } from '../engine/rows';

/** A baseline row as the `reconcile_baseline` Data Table stores it: flat, values as JSON text. */
export function baselineTableRow(policy: string, row: BaselineRecord): BaselineTableRow {
	return { policy, key: row.key, aId: row.aId ?? '', bId: row.bId ?? '', values: JSON.stringify(row.values) };
}
