import { sideLabel } from '../labels';
import type { FieldSpec, KeySpec, Policy, Rule } from './schema';

function cell(text: string): string {
	return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function code(text: string): string {
	return `\`${text.replace(/`/g, "'")}\``;
}

function typeText(field: FieldSpec): string {
	switch (field.type) {
		case 'number':
			return `number (${field.precision} decimals)`;
		case 'phone':
			return `phone (default +${field.defaultCountryCode})`;
		case 'datetime':
			return `datetime (to the ${field.precision})`;
		case 'string':
			return field.caseSensitive ? 'text' : 'text (any case)';
		case 'enum':
		case 'multiselect': {
			const name = field.type === 'enum' ? 'single-select' : 'multi-select';
			const pairs = Object.entries(field.map ?? {});
			if (pairs.length === 0) return name;
			const shown = pairs.slice(0, 4).map(([a, b]) => `${a}→${b}`).join(', ');
			return `${name} (${shown}${pairs.length > 4 ? `, +${pairs.length - 4} more` : ''})`;
		}
		default:
			return field.type;
	}
}

function fallbackText(choice: string, labels: { a: string; b: string }): string {
	return choice === 'escalate' ? 'escalate' : `prefer ${choice === 'prefer_a' ? labels.a : labels.b}`;
}

function ruleText(rule: Rule, labels: { a: string; b: string }): string {
	switch (rule.kind) {
		case 'source_of_truth':
			return `**Source of truth**: ${labels[rule.side]} wins${rule.unlessBlank ? ' unless blank' : ''}`;
		case 'recency':
			return `**Most recent** wins (skew ≤ ${rule.clockSkewMs} ms; tie: ${fallbackText(rule.onTie, labels)}; no timestamp: ${fallbackText(rule.onMissingTimestamp, labels)})`;
		case 'merge':
			return rule.strategy === 'union' ? '**Merge**: union of both sides' : '**Merge**: three-way (removals survive)';
		case 'escalate':
			return `**Escalate** to an operator (${rule.priority} priority)`;
	}
}

function categoryText(rule: Rule): string {
	if (rule.kind === 'escalate') return rule.category;
	if (rule.kind === 'recency' && (rule.onTie === 'escalate' || rule.onMissingTimestamp === 'escalate')) return `${rule.category} (when undecidable)`;
	return '—';
}

function onlyInText(action: string, here: string, there: string): string {
	if (action === 'create') return `created in ${there}`;
	if (action === 'escalate') return 'escalated to an operator';
	return `left alone (only in ${here})`;
}

function keyTypeText(key: KeySpec): string {
	return key.type === 'phone' ? `phone, default +${key.defaultCountryCode ?? '1'}` : key.type;
}

/** Renders the policy as the human-readable "sync policy doc": one row per field, then record-level rules. */
export function renderPolicyDoc(policy: Policy): string {
	const labels = { a: sideLabel(policy, 'a'), b: sideLabel(policy, 'b') };
	const lines: string[] = [`# Sync policy: ${policy.name}`, ''];
	if (policy.description) lines.push(policy.description, '');
	lines.push(
		`- **A**: ${labels.a} ${code(policy.a.object)} · **B**: ${labels.b} ${code(policy.b.object)}`,
		`- **Match** on ${policy.match.keys.map((k) => `${code(k.a)} = ${code(k.b)} (${keyTypeText(k)})`).join(' and ')}`,
		'',
		`| Field | ${cell(labels.a)} | ${cell(labels.b)} | Type | Rule | Escalation category |`,
		'|---|---|---|---|---|---|',
	);
	for (const field of policy.fields) {
		const row = [field.name, code(field.a), code(field.b), typeText(field), ruleText(field.rule, labels), categoryText(field.rule)];
		lines.push(`| ${row.map(cell).join(' | ')} |`);
	}
	const guard = policy.massChangeGuard;
	lines.push(
		'',
		'## Records',
		'',
		`- Only in ${labels.a}: ${onlyInText(policy.onlyInA, labels.a, labels.b)}.`,
		`- Only in ${labels.b}: ${onlyInText(policy.onlyInB, labels.b, labels.a)}.`,
		`- In sync before, now missing on one side: ${policy.onDeleted === 'escalate' ? `escalated ("${policy.escalation.deleted}")` : policy.onDeleted === 'recreate' ? 're-created' : 'ignored'}.`,
		`- Same key on several records: ${policy.onDuplicateKey === 'escalate' ? `escalated ("${policy.escalation.duplicateKey}")` : 'reported'}; never paired by guess.`,
		`- Values that do not fit the field type (schema drift): ${policy.onSchemaDrift === 'escalate' ? `escalated ("${policy.escalation.schemaDrift}")` : 'reported'}; never written.`,
		`- Mass-change guard: a cycle writes nothing when a side returns more than ${guard.maxMissingPercent} % fewer records than the previous cycle (from ${guard.minRecords} records up).`,
		'',
	);
	return lines.join('\n');
}
