import { NodeOperationError, type IExecuteFunctions, type IPairedItemData } from 'n8n-workflow';

import type { BaselineRecord, Discrepancy, DiscrepancyKind } from '../engine';
import { isRecord } from '../shared/items';

const KINDS: ReadonlySet<DiscrepancyKind> = new Set(['mismatch', 'only_in_a', 'only_in_b', 'duplicate_key', 'missing_key', 'schema_drift']);
export const INPUT_NAMES = ['Discrepancies', 'Only in A', 'Only in B', 'Conflicts'];

export interface Collected {
	discrepancies: Discrepancy[];
	/** Where each discrepancy came from, for item lineage. */
	origins: Map<Discrepancy, IPairedItemData>;
	/** Agreed values of mismatched pairs, as the Diff node attached them. */
	rows: BaselineRecord[];
}

/** Reads discrepancy items from every input; any kind may arrive on any input. */
export function collect(ctx: IExecuteFunctions): Collected {
	const collected: Collected = { discrepancies: [], origins: new Map(), rows: [] };
	const seenRows = new Set<string>();
	INPUT_NAMES.forEach((name, input) => {
		ctx.getInputData(input).forEach(({ json }, index) => {
			if (!KINDS.has(json.kind as DiscrepancyKind)) {
				throw new NodeOperationError(ctx.getNode(), `Input "${name}" item ${index} is not a discrepancy`, {
					itemIndex: index,
					description: `Expected an item from the Reconcile Diff node with "kind" one of ${[...KINDS].join(', ')}; got ${JSON.stringify(json.kind)}.`,
				});
			}
			const { row, ...rest } = json as Record<string, unknown>;
			const d = rest as unknown as Discrepancy;
			collected.discrepancies.push(d);
			collected.origins.set(d, { item: index, input });
			if (d.kind === 'mismatch' && isRecord(row) && typeof row.key === 'string' && !seenRows.has(row.key)) {
				seenRows.add(row.key);
				collected.rows.push(row as unknown as BaselineRecord);
			}
		});
	});
	return collected;
}
