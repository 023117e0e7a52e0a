import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import type { Decision, Policy } from '../engine';
import { item, isRecord } from '../shared/items';
import { readPolicy } from '../shared/policy';
import { rowFromDecision, secondsBetween, type QueueRow } from './row';

export const QUEUE_OUTPUTS = ['New', 'Seen Again', 'Closed Upstream'] as const;

function escalations(ctx: IExecuteFunctions): Decision[] {
	return ctx.getInputData(0).map(({ json }, index) => {
		if (json.action !== 'escalate' || typeof json.key !== 'string' || !isRecord(json.discrepancy)) {
			throw new NodeOperationError(ctx.getNode(), `Input "Escalations" item ${index} is not an escalation`, {
				itemIndex: index,
				description: 'Connect the Escalations output of Reconcile Resolve.',
			});
		}
		return json as unknown as Decision;
	});
}

/** Current queue rows (any status) from the queue table; items without a queueId are ignored. */
function existingRows(ctx: IExecuteFunctions): Map<string, { row: QueueRow; index: number }> {
	const rows = new Map<string, { row: QueueRow; index: number }>();
	ctx.getInputData(1).forEach(({ json }, index) => {
		if (typeof json.queueId === 'string' && json.queueId !== '') rows.set(json.queueId, { row: json as unknown as QueueRow, index });
	});
	return rows;
}

/**
 * Turns this cycle's escalations into queue changes, idempotently: a discrepancy already queued is
 * updated, not queued twice; one an operator dismissed stays dismissed until a value changes; an open
 * item whose discrepancy is gone (fixed in a CRM directly) is closed as resolved upstream — only after a
 * full snapshot, since a partial one cannot tell.
 */
export function executeQueue(ctx: IExecuteFunctions, now: string): INodeExecutionData[][] {
	const policy: Policy = readPolicy(ctx);
	const scope = ctx.getNodeParameter('scope', 0, 'full') as 'full' | 'partial';
	const existing = existingRows(ctx);
	const [created, again, closed]: INodeExecutionData[][] = [[], [], []];
	const seen = new Set<string>();
	escalations(ctx).forEach((decision, index) => {
		const fresh = rowFromDecision(policy, decision, now);
		if (seen.has(fresh.queueId)) return;
		seen.add(fresh.queueId);
		const prior = existing.get(fresh.queueId)?.row;
		if (prior === undefined) {
			created.push(item(fresh, { item: index, input: 0 }));
		} else if (prior.status === 'open') {
			again.push(item({ ...fresh, firstSeenAt: prior.firstSeenAt, timesSeen: Number(prior.timesSeen ?? 0) + 1 }, { item: index, input: 0 }));
		} else if (prior.status === 'dismissed' && prior.fingerprint === fresh.fingerprint) {
			return; // the operator said to leave exactly these values alone
		} else {
			// Resolved before and back again (a write failed, or someone changed it since): reopen.
			again.push(item({ ...fresh, timesSeen: Number(prior.timesSeen ?? 0) + 1 }, { item: index, input: 0 }));
		}
	});
	if (scope === 'full') {
		for (const [queueId, { row, index }] of existing) {
			if (row.status !== 'open' || seen.has(queueId) || row.policy !== policy.name) continue;
			const done = { ...row, status: 'resolved_upstream', resolvedAt: now, resolution: 'resolved_upstream', ttrSeconds: secondsBetween(row.firstSeenAt, now) };
			closed.push(item(done, { item: index, input: 1 }));
		}
	}
	return [created, again, closed];
}
