import { isPlaceholder, isRow, toText, type Row, type Warnings } from './read';
import type { MetricsRows } from './types';

type TableName = 'reconcile_events' | 'reconcile_cycles' | 'reconcile_queue' | 'reconcile_resolutions';

const KEYS: Record<TableName, keyof MetricsRows> = {
	reconcile_events: 'events',
	reconcile_cycles: 'cycles',
	reconcile_queue: 'queue',
	reconcile_resolutions: 'resolutions',
};

/**
 * The input tables, row by row: placeholders (n8n's "always output data" `{}`) are skipped quietly, values
 * that are not rows are reported, and rows of another policy are counted and left out.
 */
export class RowSource {
	otherPolicyRows = 0;

	constructor(
		private readonly rows: MetricsRows,
		private readonly warnings: Warnings,
		private readonly policyName: string | undefined,
	) {}

	has(table: TableName): boolean {
		return (this.rows[KEYS[table]]?.length ?? 0) > 0;
	}

	each(table: TableName, visit: (row: Row, index: number) => void): void {
		const list = this.rows[KEYS[table]] ?? [];
		for (let index = 0; index < list.length; index++) {
			const row = list[index];
			if (!isRow(row)) {
				this.warnings.add(table, 'not a row (an object of columns): skipped', index);
				continue;
			}
			if (isPlaceholder(row)) continue;
			const policy = toText(row.policy);
			if (this.policyName !== undefined && policy !== '' && policy !== this.policyName) {
				this.otherPolicyRows++;
				continue;
			}
			visit(row, index);
		}
	}
}
