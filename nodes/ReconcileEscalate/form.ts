import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { sideLabel, type Policy } from '../engine';
import { item } from '../shared/items';
import { readPolicy } from '../shared/policy';
import type { QueueRow } from './row';

/** The decisions an operator can take, as the form shows them; Apply Decision accepts these labels or the codes. */
export function decisionLabels(policy: Policy, fieldLevel: boolean): Record<string, string> {
	if (!fieldLevel) return { handled: 'Mark handled (fixed in the CRM)', dismiss: 'Dismiss (leave as it is)' };
	return {
		keep_a: `Keep the ${sideLabel(policy, 'a')} value`,
		keep_b: `Keep the ${sideLabel(policy, 'b')} value`,
		custom: 'Enter a value',
		dismiss: 'Dismiss (leave both as they are)',
	};
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Values come from CRMs and people: everything shown in the form's HTML is escaped. */
export function escapeHtml(value: unknown): string {
	return String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

function shown(jsonText: string): string {
	if (jsonText === '' || jsonText === 'null' || jsonText === '""') return '<i>blank</i>';
	try {
		const value = JSON.parse(jsonText) as unknown;
		return escapeHtml(typeof value === 'string' ? value : JSON.stringify(value));
	} catch {
		return escapeHtml(jsonText);
	}
}

function reviewHtml(policy: Policy, row: QueueRow): string {
	const a = escapeHtml(sideLabel(policy, 'a'));
	const b = escapeHtml(sideLabel(policy, 'b'));
	const subject = row.field ? `field <b>${escapeHtml(row.field)}</b> of <b>${escapeHtml(row.key)}</b>` : `record <b>${escapeHtml(row.key)}</b>`;
	return [
		`<h3>${escapeHtml(row.category)} · ${escapeHtml(row.priority)} priority</h3>`,
		`<p>${subject}</p>`,
		`<table><thead><tr><th></th><th>${a}</th><th>${b}</th></tr></thead><tbody>`,
		`<tr><td>Value</td><td>${shown(row.aValue)}</td><td>${shown(row.bValue)}</td></tr>`,
		`<tr><td>Last modified</td><td>${escapeHtml(row.aModifiedAt || '—')}</td><td>${escapeHtml(row.bModifiedAt || '—')}</td></tr>`,
		`<tr><td>Record</td><td>${escapeHtml(`${row.aObject} ${row.aId || '—'}`)}</td><td>${escapeHtml(`${row.bObject} ${row.bId || '—'}`)}</td></tr>`,
		'</tbody></table>',
		`<p><b>Why this needs you:</b> ${escapeHtml(row.reason)}</p>`,
		`<p>In the queue since ${escapeHtml(row.firstSeenAt)}, found ${escapeHtml(row.timesSeen)} time(s).</p>`,
	].join('');
}

/**
 * The field definitions for n8n's Form node (Define Form: Using JSON): both values side by side with the
 * rule's reason, the choices, a value box for "Enter a value", a note, and the queue id as a hidden field.
 */
export function reviewForm(policy: Policy, row: QueueRow): object[] {
	const choices = decisionLabels(policy, row.kind === 'mismatch');
	const fields: object[] = [
		{ fieldType: 'html', elementName: 'review', html: reviewHtml(policy, row) },
		{
			fieldLabel: 'Decision',
			fieldName: 'decision',
			fieldType: 'radio',
			requiredField: true,
			fieldOptions: { values: Object.values(choices).map((option) => ({ option })) },
		},
	];
	if (row.kind === 'mismatch') fields.push({ fieldLabel: 'Value (for "Enter a value")', fieldName: 'value', fieldType: 'text', requiredField: false });
	fields.push(
		{ fieldLabel: 'Note', fieldName: 'note', fieldType: 'textarea', requiredField: false, placeholder: 'Why, for the audit log (optional)' },
		{ fieldLabel: 'queueId', fieldName: 'queueId', fieldType: 'hiddenField', fieldValue: row.queueId },
	);
	return fields;
}

/** One form per queue row; an item that is not a queue row stops the node with its index rather than vanishing. */
export function executeBuildForm(ctx: IExecuteFunctions): INodeExecutionData[][] {
	const policy = readPolicy(ctx);
	const forms = ctx.getInputData().map(({ json }, index) => {
		if (typeof json.queueId !== 'string' || json.queueId === '') {
			throw new NodeOperationError(ctx.getNode(), `Input item ${index} is not a queue item: it has no "queueId"`, {
				itemIndex: index,
				description: 'Connect rows of the reconcile_queue table; an empty read (no open item) should be filtered out before this node, e.g. with an If on {{ $json.queueId }}.',
			});
		}
		const row = json as unknown as QueueRow;
		return item({ ...row, formFields: reviewForm(policy, row), title: `Review: ${row.category}` }, { item: index });
	});
	return [forms];
}
