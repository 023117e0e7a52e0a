import { z } from 'zod';

import { FIELD_TYPES, policySchema, type Policy } from './schema';

/** One problem in a policy document: where it is (a JSON path like `fields[2].rule.side`) and what to do. */
export interface PolicyIssue {
	path: string;
	message: string;
	code: string;
}

export type ParsePolicyResult = { ok: true; policy: Policy } | { ok: false; issues: PolicyIssue[] };

/** Renders a zod path as the JSON path a person would type: `fields[2].rule.side`. */
export function formatPath(path: ReadonlyArray<string | number>): string {
	let out = '';
	for (const part of path) {
		if (typeof part === 'number') out += `[${part}]`;
		else if (/^[A-Za-z_$][\w$]*$/.test(part)) out += out === '' ? part : `.${part}`;
		else out += `[${JSON.stringify(part)}]`;
	}
	return out === '' ? '(policy)' : out;
}

function describeReceived(value: unknown): string {
	if (value === undefined) return 'nothing';
	return JSON.stringify(value) ?? String(value);
}

/** Messages that say what is wrong and what would be right, instead of zod's generic wording. */
const errorMap: z.ZodErrorMap = (issue, ctx) => {
	switch (issue.code) {
		case z.ZodIssueCode.invalid_type:
			if (issue.received === 'undefined') return { message: `is required (${issue.expected})` };
			return { message: `must be ${issue.expected}, got ${issue.received} ${describeReceived(ctx.data)}` };
		case z.ZodIssueCode.invalid_enum_value:
			return {
				message: `must be one of ${issue.options.map((o) => JSON.stringify(o)).join(', ')}; got ${describeReceived(issue.received)}`,
			};
		case z.ZodIssueCode.invalid_union_discriminator: {
			// ctx.data is the whole object here; show the discriminator's own value.
			const name = issue.path[issue.path.length - 1];
			const value = isRecord(ctx.data) && typeof name === 'string' ? ctx.data[name] : ctx.data;
			return {
				message: `must be one of ${issue.options.map((o) => JSON.stringify(o)).join(', ')}; got ${describeReceived(value)}`,
			};
		}
		case z.ZodIssueCode.unrecognized_keys:
			return { message: `has unknown key(s) ${issue.keys.map((k) => JSON.stringify(k)).join(', ')} (a typo?)` };
		case z.ZodIssueCode.invalid_literal:
			return { message: `must be ${JSON.stringify(issue.expected)}; got ${describeReceived(ctx.data)}` };
		default:
			return { message: ctx.defaultError };
	}
};

type Issues = PolicyIssue[];

/**
 * A loose view of the document for the checks that need all of it. They run on the raw input too, so a
 * policy with a schema error and a duplicate field gets both reported at once.
 */
interface LooseField {
	index: number;
	name?: unknown;
	a?: unknown;
	b?: unknown;
	type?: unknown;
	rule?: unknown;
	map?: unknown;
	caseSensitive?: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function looseFields(doc: unknown): LooseField[] {
	if (!isRecord(doc) || !Array.isArray(doc.fields)) return [];
	return doc.fields.flatMap((field: unknown, index: number) => (isRecord(field) ? [{ ...field, index }] : []));
}

function checkUnique(fields: LooseField[], issues: Issues): void {
	const seen: Record<'name' | 'a' | 'b', Map<string, number>> = { name: new Map(), a: new Map(), b: new Map() };
	for (const field of fields) {
		for (const prop of ['name', 'a', 'b'] as const) {
			const value = field[prop];
			if (typeof value !== 'string') continue;
			const first = seen[prop].get(value);
			if (first === undefined) {
				seen[prop].set(value, field.index);
				continue;
			}
			const what = prop === 'name' ? 'field name' : `${prop.toUpperCase()} field`;
			issues.push({
				path: `fields[${field.index}].${prop}`,
				code: 'duplicate',
				message: `${what} ${JSON.stringify(value)} is already used by fields[${first}]; each field may appear once`,
			});
		}
	}
}

function ruleKind(rule: unknown): unknown {
	return isRecord(rule) ? rule.kind : rule;
}

function checkRuleFitsType(fields: LooseField[], issues: Issues): void {
	for (const field of fields) {
		if (ruleKind(field.rule) !== 'merge' || field.type === 'multiselect') continue;
		issues.push({
			path: `fields[${field.index}].rule`,
			code: 'rule_type_mismatch',
			message: `"merge" unions lists, so it needs type "multiselect"; field ${JSON.stringify(field.name)} has type ${JSON.stringify(field.type)}`,
		});
	}
}

function checkValueMaps(fields: LooseField[], issues: Issues): void {
	for (const field of fields) {
		if (!isRecord(field.map)) continue;
		const reverse = new Map<string, string>();
		for (const [aValue, bValue] of Object.entries(field.map)) {
			if (typeof bValue !== 'string') continue;
			const key = field.caseSensitive === true ? bValue : bValue.toLowerCase();
			const prior = reverse.get(key);
			if (prior === undefined) {
				reverse.set(key, aValue);
				continue;
			}
			issues.push({
				path: `fields[${field.index}].map[${JSON.stringify(aValue)}]`,
				code: 'ambiguous_map',
				message: `B value ${JSON.stringify(bValue)} is mapped from both ${JSON.stringify(prior)} and ${JSON.stringify(aValue)}; a two-way map must be one-to-one`,
			});
		}
	}
}

/** Checks that need the whole document: uniqueness, rule/type fit, one-to-one maps. */
function crossChecks(doc: unknown): Issues {
	const issues: Issues = [];
	const fields = looseFields(doc);
	checkUnique(fields, issues);
	checkRuleFitsType(fields, issues);
	checkValueMaps(fields, issues);
	return issues;
}

function parseJsonText(text: string): { ok: true; value: unknown } | { ok: false; issue: PolicyIssue } {
	try {
		return { ok: true, value: JSON.parse(text) };
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		return { ok: false, issue: { path: '(policy)', code: 'invalid_json', message: `is not valid JSON: ${message}` } };
	}
}

/**
 * Validates a policy document (an object, or JSON text) and returns the policy with defaults filled in,
 * or **every** problem found, each with its JSON path and a message a person can act on.
 */
export function parsePolicy(input: unknown): ParsePolicyResult {
	let value = input;
	if (typeof input === 'string') {
		const parsed = parseJsonText(input);
		if (!parsed.ok) return { ok: false, issues: [parsed.issue] };
		value = parsed.value;
	}
	const result = policySchema.safeParse(value, { errorMap });
	const schemaIssues = result.success
		? []
		: result.error.issues.map((issue) => ({ path: formatPath(issue.path), code: issue.code, message: issue.message }));
	const issues = [...schemaIssues, ...crossChecks(value)];
	if (issues.length > 0 || !result.success) return { ok: false, issues };
	return { ok: true, policy: result.data };
}

/** One line per issue, for error messages: `fields[2].rule.side: must be one of "a", "b"; got "c"`. */
export function formatPolicyIssues(issues: readonly PolicyIssue[]): string {
	return issues.map((issue) => `${issue.path}: ${issue.message}`).join('\n');
}

/** Parses or throws an Error listing every issue; for callers that treat a bad policy as configuration error. */
export function parsePolicyOrThrow(input: unknown): Policy {
	const result = parsePolicy(input);
	if (result.ok) return result.policy;
	throw new PolicyError(result.issues);
}

export class PolicyError extends Error {
	constructor(readonly issues: PolicyIssue[]) {
		super(`Invalid sync policy (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n${formatPolicyIssues(issues)}`);
		this.name = 'PolicyError';
	}
}

export { FIELD_TYPES };
