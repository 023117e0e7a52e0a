import { describe, Drift, isBlank, type NormalizeResult } from './drift';

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', 'on', 'checked']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', 'off', 'unchecked']);

/** Booleans: HubSpot sends `"true"`/`"false"`, Salesforce JSON booleans; spreadsheets send yes/no and 1/0. */
export function normalizeBoolean(raw: unknown): NormalizeResult {
	if (isBlank(raw)) return null;
	if (typeof raw === 'boolean') return raw;
	if (typeof raw === 'number' && (raw === 0 || raw === 1)) return raw === 1;
	if (typeof raw === 'string') {
		const word = raw.trim().toLowerCase();
		if (TRUE_WORDS.has(word)) return true;
		if (FALSE_WORDS.has(word)) return false;
	}
	return new Drift(`${describe(raw)} is not a yes/no value`);
}
