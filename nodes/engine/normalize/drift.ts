import type { Normalized } from '../types';

/**
 * A raw value that does not fit the field's declared type: schema drift, not a normal mismatch.
 * Returned (not thrown) so the hot path allocates nothing for the common, valid case.
 */
export class Drift {
	constructor(readonly reason: string) {}
}

export type NormalizeResult = Normalized | Drift;

export function isDrift(value: NormalizeResult): value is Drift {
	return value instanceof Drift;
}

/** `null`, `undefined`, `''` and white space only are blank in every system we sync. */
export function isBlank(raw: unknown): boolean {
	return raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '');
}

export function describe(raw: unknown): string {
	if (typeof raw === 'string') return JSON.stringify(raw.length > 80 ? `${raw.slice(0, 77)}...` : raw);
	if (typeof raw === 'object' && raw !== null) {
		const text = JSON.stringify(raw) ?? String(raw);
		return text.length > 80 ? `${text.slice(0, 77)}...` : text;
	}
	return String(raw);
}

/** Equality of normalised values: lists compare element by element (they are sorted and unique). */
export function sameNormalized(x: Normalized, y: Normalized): boolean {
	if (x === y) return true;
	if (Array.isArray(x) && Array.isArray(y)) {
		if (x.length !== y.length) return false;
		for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
		return true;
	}
	return false;
}
