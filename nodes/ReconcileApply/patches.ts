import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import type { PlannedBaseline, Side } from '../engine';
import { isRecord } from '../shared/items';

/** A patch or create as the Resolve and Escalate nodes emit it. */
export interface PatchItem {
	index: number;
	side: Side;
	op: 'update' | 'create';
	id?: string;
	key: string;
	fields: Record<string, unknown>;
	baseline?: PlannedBaseline;
	json: Record<string, unknown>;
}

/** Validates every input item; a malformed one stops the node with its index rather than being skipped. */
export function readPatches(ctx: IExecuteFunctions): PatchItem[] {
	return ctx.getInputData().map(({ json }, index) => {
		const problems: string[] = [];
		if (json.side !== 'a' && json.side !== 'b') problems.push('"side" must be "a" or "b"');
		if (json.op !== 'update' && json.op !== 'create') problems.push('"op" must be "update" or "create"');
		if (json.op === 'update' && (typeof json.id !== 'string' || json.id === '')) problems.push('an update needs the record "id"');
		if (!isRecord(json.fields)) problems.push('"fields" must be an object');
		if (problems.length > 0) {
			throw new NodeOperationError(ctx.getNode(), `Input item ${index} is not a patch: ${problems.join('; ')}`, {
				itemIndex: index,
				description: 'Connect the Patches output of Reconcile Resolve, or the patches of Reconcile Escalate → Apply Decision.',
			});
		}
		return {
			index,
			side: json.side as Side,
			op: json.op as 'update' | 'create',
			id: typeof json.id === 'string' ? json.id : undefined,
			key: String(json.key ?? ''),
			fields: json.fields as Record<string, unknown>,
			baseline: isRecord(json.baseline) ? (json.baseline as unknown as PlannedBaseline) : undefined,
			json: json as Record<string, unknown>,
		};
	});
}
