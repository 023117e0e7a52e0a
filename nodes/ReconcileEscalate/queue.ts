import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import type { Decision, Policy } from '../engine';
import { item, isRecord } from '../shared/items';
import { readPolicy } from '../shared/policy';
import { snapshotScope } from '../shared/scope';
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

interface Latest {
	row: QueueRow;
	index: number;
	/** How many rows this discrepancy has had (resolved ones included), to number the next one. */
	generations: number;
}

/** The newest row per discrepancy among the queue table's rows; items without ids are ignored. */
function latestRows(ctx: IExecuteFunctions, policy: Policy): Map<string, Latest> {
	const latest = new Map<string, Latest>();
	ctx.getInputData(1).forEach(({ json }, index) => {
		const row = json as unknown as QueueRow;
		if (typeof row.discrepancyId !== 'string' || row.discrepancyId === '' || row.policy !== policy.name) return;
		const prior = latest.get(row.discrepancyId);
		const generations = (prior?.generations ?? 0) + 1;
		if (prior === undefined || String(row.firstSeenAt) > String(prior.row.firstSeenAt)) latest.set(row.discrepancyId, { row, index, generations });
		else prior.generations = generations;
	});
	return latest;
}

/**
 * Turns this cycle's escalations into queue changes, idempotently: a discrepancy already open is updated,
 * not queued twice; one an operator dismissed stays dismissed until a value changes; one resolved before
 * and back again gets a new row, so the earlier resolution and its time-to-resolution stay on record. An
 * open item whose discrepancy is gone (fixed in a CRM directly) is closed as resolved upstream — only after
 * a full snapshot, since a partial one cannot tell.
 */
export function executeQueue(ctx: IExecuteFunctions, now: string): INodeExecutionData[][] {
	const policy: Policy = readPolicy(ctx);
	const scope = snapshotScope(ctx);
	// A dry run (Reconcile Resolve marks its escalations) changes nothing in the queue: no new rows, and no
	// closing either, since a trial policy may simply not escalate what the queue holds.
	const dryRun = ctx.getInputData(0).filter(({ json }) => json.dryRun === true).length;
	if (dryRun > 0) {
		ctx.addExecutionHints({ message: `Dry run: ${dryRun} escalation${dryRun === 1 ? '' : 's'} not queued, and no open item closed`, location: 'outputPane' });
		return [[], [], []];
	}
	const latest = latestRows(ctx, policy);
	const [created, again, closed]: INodeExecutionData[][] = [[], [], []];
	const seen = new Set<string>();
	escalations(ctx).forEach((decision, index) => {
		const fresh = rowFromDecision(policy, decision, now);
		if (seen.has(fresh.discrepancyId)) return;
		seen.add(fresh.discrepancyId);
		const prior = latest.get(fresh.discrepancyId);
		if (prior === undefined) {
			created.push(item(fresh, { item: index, input: 0 }));
		} else if (prior.row.status === 'open') {
			const update = { ...fresh, queueId: prior.row.queueId, firstSeenAt: prior.row.firstSeenAt, timesSeen: Number(prior.row.timesSeen ?? 0) + 1 };
			again.push(item(update, { item: index, input: 0 }));
		} else if (prior.row.status === 'dismissed' && prior.row.fingerprint === fresh.fingerprint) {
			return; // the operator said to leave exactly these values alone
		} else {
			// Resolved before and back again (a write failed, or someone changed it since): a new occurrence.
			created.push(item({ ...fresh, queueId: `${fresh.discrepancyId}-${prior.generations + 1}` }, { item: index, input: 0 }));
		}
	});
	if (scope === 'full') {
		for (const [discrepancyId, { row, index }] of latest) {
			if (row.status !== 'open' || seen.has(discrepancyId)) continue;
			const done = { ...row, status: 'resolved_upstream', resolvedAt: now, resolution: 'resolved_upstream', ttrSeconds: secondsBetween(row.firstSeenAt, now) };
			closed.push(item(done, { item: index, input: 1 }));
		}
	}
	return [created, again, closed];
}
