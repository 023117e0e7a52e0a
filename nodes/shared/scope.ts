import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

export type SnapshotScope = 'full' | 'partial';

/**
 * The "Snapshot Scope" parameter, which a template may set by expression (the cycle decides per run whether
 * it is a full pass or an incremental one). Anything but "full" or "partial" stops the node with the value
 * named, instead of quietly treating a partial read as complete (which would close queue items and count
 * unread records as missing).
 */
export function snapshotScope(ctx: IExecuteFunctions): SnapshotScope {
	const value = ctx.getNodeParameter('scope', 0, 'full');
	if (value === 'full' || value === 'partial') return value;
	throw new NodeOperationError(ctx.getNode(), `"Snapshot Scope" must be "full" or "partial", got ${JSON.stringify(value)}`, {
		description: 'If it is an expression, make it return "full" after a full snapshot of both systems and "partial" otherwise.',
	});
}
