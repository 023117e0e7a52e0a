/**
 * Checks and converts field values written through the REST API the way Salesforce does: unknown
 * and read-only fields, restricted picklists (each `;` part of a multi-select), emails, numbers,
 * dates, references that must exist, unique external ids and required fields on create. Errors are
 * `{statusCode, message, fields}` like Salesforce's per-record errors.
 */
import { isValidId, to18 } from './ids';
import type { SfField, SfObjectSchema } from './schema';

export interface SfError {
	statusCode: string;
	message: string;
	fields: string[];
}

export interface ValueContext {
	/** Does a live record with this id exist in `object`? */
	exists(object: string, id: string): boolean;
	/** Id of another record holding this unique value, if any. */
	uniqueOwner(field: string, value: string, self: string | undefined): string | undefined;
}

type Checked = { ok: true; value: unknown } | { ok: false; error: SfError };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const err = (statusCode: string, message: string, fields: string[] = []): { ok: false; error: SfError } => ({
	ok: false,
	error: { statusCode, message, fields },
});

const parseError = (type: string, raw: unknown) =>
	err('JSON_PARSER_ERROR', `Cannot deserialize instance of ${type} from VALUE_STRING value ${String(raw)} or request may be missing a required field`);

function checkOne(f: SfField, raw: unknown, ctx: ValueContext, self: string | undefined): Checked {
	if (raw === null || raw === undefined) {
		return f.nillable ? { ok: true, value: null } : err('REQUIRED_FIELD_MISSING', `Required fields are missing: [${f.name}]`, [f.name]);
	}
	switch (f.type) {
		case 'double':
		case 'currency':
		case 'int': {
			const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
			if (Number.isNaN(n) || (f.type === 'int' && !Number.isInteger(n))) return parseError(f.type === 'int' ? 'int' : 'double', raw);
			return { ok: true, value: n };
		}
		case 'boolean':
			return typeof raw === 'boolean' ? { ok: true, value: raw } : parseError('boolean', raw);
		case 'date':
			return typeof raw === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(raw) && !Number.isNaN(Date.parse(raw)) ? { ok: true, value: raw } : parseError('date', raw);
		case 'datetime': {
			const ms = typeof raw === 'string' ? Date.parse(raw.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) : NaN;
			return Number.isNaN(ms) ? parseError('datetime', raw) : { ok: true, value: Math.floor(ms / 1000) * 1000 };
		}
		case 'reference':
		case 'id':
			return checkReference(f, String(raw), ctx);
		default:
			return checkText(f, String(raw), ctx, self);
	}
}

function checkReference(f: SfField, id: string, ctx: ValueContext): Checked {
	if (!isValidId(id)) return err('MALFORMED_ID', `${f.label}: id value of incorrect type: ${id}`, [f.name]);
	const full = to18(id);
	if (!f.referenceTo.some((o) => ctx.exists(o, full))) return err('INVALID_CROSS_REFERENCE_KEY', `invalid cross reference id`, [f.name]);
	return { ok: true, value: full };
}

function checkText(f: SfField, text: string, ctx: ValueContext, self: string | undefined): Checked {
	if (f.length > 0 && text.length > f.length) {
		return err('STRING_TOO_LONG', `${f.label}: data value too large: ${text.slice(0, 40)} (max length=${f.length})`, [f.name]);
	}
	if (f.type === 'email' && text !== '' && !EMAIL.test(text.trim())) return err('INVALID_EMAIL_ADDRESS', `${f.label}: invalid email address: ${text}`, [f.name]);
	if (f.type === 'picklist' || f.type === 'multipicklist') {
		const parts = f.type === 'multipicklist' ? text.split(';') : [text];
		const active = f.picklistValues.filter((v) => v.active).map((v) => v.value);
		const bad = parts.find((p) => !active.includes(p));
		if (f.restrictedPicklist && bad !== undefined) {
			return err('INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', `${f.label}: bad value for restricted picklist field: ${bad}`, [f.name]);
		}
	}
	if (f.unique && text !== '') {
		const other = ctx.uniqueOwner(f.name, text, self);
		if (other) return err('DUPLICATE_VALUE', `duplicate value found: ${f.name} duplicates value on record with id: ${other}`, []);
	}
	// Salesforce stores an empty string as null.
	return { ok: true, value: text === '' ? null : text };
}

export type CheckedRecord = { ok: true; values: Record<string, unknown> } | { ok: false; errors: SfError[] };

/**
 * Validates a record body for `create` or `update`; `attributes` and the id keys are ignored here
 * (callers read them). `self` is the record's own Id for uniqueness checks on update.
 */
export function checkRecord(
	schema: SfObjectSchema,
	input: Record<string, unknown>,
	op: 'create' | 'update',
	ctx: ValueContext,
	self?: string,
): CheckedRecord {
	const values: Record<string, unknown> = {};
	const errors: SfError[] = [];
	const readOnly: string[] = [];
	for (const [key, raw] of Object.entries(input)) {
		if (key === 'attributes' || key === 'Id' || key === 'id') continue;
		const f = schema.byLower.get(key.toLowerCase());
		if (!f) {
			errors.push({ statusCode: 'INVALID_FIELD', message: `No such column '${key}' on sobject of type ${schema.name}`, fields: [key] });
			continue;
		}
		if (op === 'create' ? !f.createable : !f.updateable) {
			readOnly.push(f.name);
			continue;
		}
		const checked = checkOne(f, raw, ctx, self);
		if (checked.ok) values[f.name] = checked.value;
		else errors.push(checked.error);
	}
	if (readOnly.length > 0) {
		errors.push({
			statusCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
			message: `Unable to create/update fields: ${readOnly.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
			fields: readOnly,
		});
	}
	if (op === 'create') {
		const missing = schema.fields.filter((f) => f.createable && !f.nillable && !f.defaultedOnCreate && (values[f.name] ?? null) === null).map((f) => f.name);
		if (missing.length > 0) errors.push({ statusCode: 'REQUIRED_FIELD_MISSING', message: `Required fields are missing: [${missing.join(', ')}]`, fields: missing });
	}
	return errors.length > 0 ? { ok: false, errors } : { ok: true, values };
}
