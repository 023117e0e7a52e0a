/**
 * Checks and normalises property values written through the API the way HubSpot does: everything
 * is a string, `""` clears, dates accept epoch ms, enumerations must name an option, multi-select
 * values are `;`-joined. Returns HubSpot's inner validation error codes so the 400 body matches.
 */
import { isoMs } from '../common/format';
import { allowedOptions, type HsProperty } from './schema';

export interface PropertyError {
	isValid: false;
	message: string;
	error: string;
	name: string;
	localizedErrorMessage: string;
}

export type ValueResult = { ok: true; value: string | null } | { ok: false; error: PropertyError };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function fail(name: string, error: string, message: string): ValueResult {
	return { ok: false, error: { isValid: false, message, error, name, localizedErrorMessage: message } };
}

/** Validates one written value against its property; `externalOptions` supplies owner ids and pipeline stages. */
export function checkValue(p: HsProperty, raw: unknown, externalOptions: (name: string) => string[]): ValueResult {
	if (p.modificationMetadata.readOnlyValue) return fail(p.name, 'READ_ONLY_VALUE', `${p.name} is a read only property; its value cannot be set.`);
	if (raw === null || raw === '') return { ok: true, value: null };
	if (typeof raw === 'object') return fail(p.name, 'INVALID_OPTION', `${JSON.stringify(raw)} is not a valid value for ${p.name}`);
	const text = String(raw);
	switch (p.type) {
		case 'number':
			return /^-?\d+(\.\d+)?$/.test(text.trim()) ? { ok: true, value: text.trim() } : fail(p.name, 'INVALID_INTEGER', `${text} is not a valid number`);
		case 'bool':
			return text === 'true' || text === 'false' ? { ok: true, value: text } : fail(p.name, 'INVALID_BOOLEAN', `${text} is not a valid boolean`);
		case 'date':
			return checkDate(p.name, text);
		case 'datetime':
			return checkDateTime(p.name, text);
		case 'enumeration':
			return checkOptions(p, text, allowedOptions(p, externalOptions));
		case 'string':
			if (p.format === 'email' && !EMAIL.test(text)) return fail(p.name, 'INVALID_EMAIL', `Email address ${text} is invalid`);
			return { ok: true, value: text };
	}
}

function checkOptions(p: HsProperty, text: string, allowed: string[]): ValueResult {
	const multi = p.fieldType === 'checkbox';
	const values = multi ? text.split(';') : [text];
	const bad = values.find((v) => !allowed.includes(v));
	if (bad !== undefined) {
		return fail(p.name, 'INVALID_OPTION', `${bad} was not one of the allowed options: [${allowed.join(', ')}]`);
	}
	return { ok: true, value: text };
}

/** Date properties hold midnight UTC; HubSpot answers `YYYY-MM-DD` and rejects other times of day. */
function checkDate(name: string, text: string): ValueResult {
	if (/^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(text))) return { ok: true, value: text };
	const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
	if (Number.isNaN(ms)) return fail(name, 'INVALID_DATE', `${text} is not a valid date`);
	if (ms % 86_400_000 !== 0) return fail(name, 'INVALID_DATE', `${text} is at ${isoMs(ms)}, which is not midnight UTC`);
	return { ok: true, value: isoMs(ms).slice(0, 10) };
}

function checkDateTime(name: string, text: string): ValueResult {
	const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
	return Number.isNaN(ms) ? fail(name, 'INVALID_DATE', `${text} is not a valid datetime`) : { ok: true, value: isoMs(ms) };
}

/** Epoch ms of a date/datetime property value or a search filter value (epoch ms or ISO). */
export function toEpoch(value: string): number {
	return /^-?\d+$/.test(value) ? Number(value) : Date.parse(value);
}
