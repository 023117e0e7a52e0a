import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { codecFor, isDrift, valueStyleOf, type FieldSpec, type Normalized, type Policy, type Side } from '../engine';
import { item } from '../shared/items';
import { readPolicy } from '../shared/policy';
import { decisionLabels } from './form';
import { secondsBetween, type QueueRow } from './row';

export const DECISION_OUTPUTS = ['Patches', 'Resolution', 'Rejected'] as const;

type Choice = 'keep_a' | 'keep_b' | 'custom' | 'dismiss' | 'handled';

/** Accepts a code (`keep_a`) or the label the form showed ("Keep the HubSpot value"). */
export function choiceOf(policy: Policy, raw: string, fieldLevel: boolean): Choice | undefined {
	const text = raw.trim();
	const labels = decisionLabels(policy, fieldLevel);
	if (text in labels) return text as Choice;
	const found = Object.entries(labels).find(([, label]) => label.toLowerCase() === text.toLowerCase());
	return found?.[0] as Choice | undefined;
}

function parsed(jsonText: string): unknown {
	if (jsonText === '') return null;
	try {
		return JSON.parse(jsonText);
	} catch {
		return jsonText;
	}
}

interface Chosen {
	value: Normalized;
	from?: Side;
}

/** The agreed value the operator chose, normalised; or why it cannot be used. */
function chosenValue(field: FieldSpec, row: QueueRow, choice: Choice, custom: string): Chosen | string {
	const codec = codecFor(field);
	if (choice === 'keep_a' || choice === 'keep_b') {
		const side: Side = choice === 'keep_a' ? 'a' : 'b';
		const value = codec.normalize(parsed(side === 'a' ? row.aValue : row.bValue), side);
		return isDrift(value) ? `the ${side.toUpperCase()} value does not fit type ${field.type}: ${value.reason}` : { value, from: side };
	}
	// An empty box is a forgotten value, not an instruction to blank the field in both systems.
	if (custom.trim() === '') return `"Enter a value" needs a value for ${field.name}; nothing was written`;
	for (const side of ['a', 'b'] as const) {
		const value = codec.normalize(custom, side);
		if (!isDrift(value)) return { value };
	}
	return `"${custom}" is not a valid ${field.type} for ${field.name}`;
}

function patchesFor(policy: Policy, field: FieldSpec, row: QueueRow, chosen: Chosen, operator: string): object[] {
	const codec = codecFor(field);
	const context = { aRaw: parsed(row.aValue), bRaw: parsed(row.bValue), from: chosen.from };
	const reason = `operator ${operator || '(unknown)'} chose ${chosen.from ? `the ${chosen.from.toUpperCase()} value` : 'a value'} for queue item ${row.queueId}`;
	return (['a', 'b'] as const)
		.filter((side) => side !== chosen.from && (side === 'a' ? row.aId : row.bId) !== '')
		.map((side) => ({
			side,
			system: policy[side].system,
			object: policy[side].object,
			op: 'update',
			id: side === 'a' ? row.aId : row.bId,
			key: row.key,
			fields: { [field[side]]: codec.format(chosen.value, side, valueStyleOf(policy[side].system), context) },
			provenance: [{ field: field[side], rule: 'operator', reason }],
			queueId: row.queueId,
		}));
}

/**
 * Turns an operator's choice into patches for both systems and a resolution row with time-to-resolution.
 * Items already closed, unknown choices and values that do not fit the field are rejected, never written.
 */
export function executeApplyDecision(ctx: IExecuteFunctions, now: string): INodeExecutionData[][] {
	const policy = readPolicy(ctx);
	const [patches, resolutions, rejected]: INodeExecutionData[][] = [[], [], []];
	const inputs = ctx.getInputData();
	for (let index = 0; index < inputs.length; index++) {
		const row = inputs[index].json as unknown as QueueRow;
		const problem = decide(ctx, policy, row, index, now, patches, resolutions);
		if (problem !== undefined) rejected.push(item({ queueId: row.queueId ?? null, reason: problem }, { item: index }));
	}
	return [patches, resolutions, rejected];
}

/** Handles one queue row; returns why it was rejected, if it was. */
function decide(
	ctx: IExecuteFunctions,
	policy: Policy,
	row: QueueRow,
	index: number,
	now: string,
	patches: INodeExecutionData[],
	resolutions: INodeExecutionData[],
): string | undefined {
	// An empty item: the lookup of the submitted queue id found nothing (an item removed since, or a tampered form).
	if (Object.keys(row).length === 0) return 'no such queue item; nothing was written';
	if (typeof row.queueId !== 'string' || row.queueId === '') return `input item ${index} is not a queue row (no queueId)`;
	if (row.status !== 'open') return `queue item ${row.queueId} is already ${row.status}; nothing was written`;
	const decision = String(ctx.getNodeParameter('decision', index, ''));
	const fieldLevel = row.kind === 'mismatch';
	const choice = choiceOf(policy, decision, fieldLevel);
	if (choice === undefined) return `"${decision}" is not a decision for this item; expected one of: ${Object.values(decisionLabels(policy, fieldLevel)).join(' | ')}`;
	const operator = String(ctx.getNodeParameter('resolvedBy', index, ''));
	const note = String(ctx.getNodeParameter('note', index, ''));
	let resolvedValue = '';
	if (choice !== 'dismiss' && choice !== 'handled') {
		const field = policy.fields.find((f) => f.name === row.field);
		if (field === undefined) return `field "${row.field}" is not in the policy any more`;
		const chosen = chosenValue(field, row, choice, String(ctx.getNodeParameter('customValue', index, '')));
		if (typeof chosen === 'string') return chosen;
		resolvedValue = JSON.stringify(chosen.value);
		for (const patch of patchesFor(policy, field, row, chosen, operator)) patches.push(item(patch, { item: index }));
	}
	const status = choice === 'dismiss' ? 'dismissed' : 'resolved';
	const resolution = { ...row, status, resolution: choice, resolvedValue, resolvedBy: operator, resolvedAt: now, note, ttrSeconds: secondsBetween(row.firstSeenAt, now) };
	resolutions.push(item(resolution, { item: index }));
	return undefined;
}
