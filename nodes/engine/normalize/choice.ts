import { describe, Drift, isBlank, type NormalizeResult } from './drift';
import type { Side } from '../types';

/**
 * Translates option values between the two systems' vocabularies. The canonical vocabulary is A's:
 * B values are mapped back through the reversed map. Without a map, values pass through as they are.
 */
export class ValueMap {
	private readonly toA = new Map<string, string>();
	private readonly aValues = new Map<string, string>();
	/** A → B as a Map: option values come from the CRMs and may be `constructor` or `__proto__`. */
	private readonly toB = new Map<string, string>();
	private readonly hasMap: boolean;

	constructor(
		map: Readonly<Record<string, string>> | undefined,
		private readonly caseSensitive: boolean,
		private readonly unmapped: 'drift' | 'passthrough',
	) {
		this.hasMap = map !== undefined;
		for (const [aValue, bValue] of Object.entries(map ?? {})) {
			this.toA.set(this.fold(bValue), aValue);
			this.aValues.set(this.fold(aValue), aValue);
			this.toB.set(aValue, bValue);
		}
	}

	private fold(value: string): string {
		return this.caseSensitive ? value : value.toLowerCase();
	}

	/** The canonical (A) value of one option as read on `side`, or Drift when the map does not know it. */
	canonical(option: string, side: Side): string | Drift {
		const folded = this.fold(option);
		if (!this.hasMap) return folded;
		const known = side === 'a' ? this.aValues.get(folded) : this.toA.get(folded);
		if (known !== undefined) return this.fold(known);
		if (this.unmapped === 'passthrough') return folded;
		return new Drift(`option ${JSON.stringify(option)} is not in the value map for side ${side.toUpperCase()}`);
	}

	/** Whether a canonical option is one of the map's A values. */
	isMapped(option: string): boolean {
		return this.aValues.has(this.fold(option));
	}

	/** The value to write on `side` for a canonical option. */
	forSide(option: string, side: Side): string {
		if (!this.hasMap || side === 'a') return this.original(option);
		const original = this.original(option);
		return this.toB.get(original) ?? original;
	}

	private original(option: string): string {
		return this.aValues.get(this.fold(option)) ?? option;
	}
}

/** Single-select options (HubSpot enumeration, Salesforce picklist). A list or `a;b` here is drift. */
export function normalizeEnum(raw: unknown, side: Side, values: ValueMap, separator = ';'): NormalizeResult {
	if (isBlank(raw)) return null;
	if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') {
		return new Drift(`expected one option, got ${Array.isArray(raw) ? 'a list' : typeof raw} ${describe(raw)}`);
	}
	const text = String(raw).trim();
	if (text.includes(separator)) return new Drift(`${describe(raw)} holds several options; the field is single-select`);
	return values.canonical(text, side);
}

/** Adds `option` to a small sorted list of unique options (multi-selects hold a handful): insertion sort. */
function insertSorted(list: string[], option: string): void {
	if (list.includes(option)) return;
	list.push(option);
	for (let i = list.length - 1; i > 0 && list[i - 1] > option; i--) {
		list[i] = list[i - 1];
		list[i - 1] = option;
	}
}

function addOption(list: string[], raw: string, side: Side, values: ValueMap): Drift | undefined {
	const trimmed = raw.trim();
	if (trimmed === '') return undefined;
	const canonical = values.canonical(trimmed, side);
	if (canonical instanceof Drift) return canonical;
	insertSorted(list, canonical);
	return undefined;
}

/** Multi-select options as an order-insensitive set: `b;a`, `a;b;` and `["a","b"]` are equal. */
export function normalizeMultiselect(raw: unknown, side: Side, values: ValueMap, separator: string): NormalizeResult {
	if (isBlank(raw)) return null;
	const list: string[] = [];
	if (typeof raw === 'string') {
		let start = 0;
		while (start <= raw.length) {
			let end = raw.indexOf(separator, start);
			if (end < 0) end = raw.length;
			const found = addOption(list, raw.slice(start, end), side, values);
			if (found) return found;
			start = end + separator.length;
		}
	} else if (Array.isArray(raw)) {
		for (const item of raw) {
			if (typeof item !== 'string' && typeof item !== 'number') return new Drift(`list item ${describe(item)} is not an option`);
			const found = addOption(list, String(item), side, values);
			if (found) return found;
		}
	} else if (typeof raw === 'number' || typeof raw === 'boolean') {
		const found = addOption(list, String(raw), side, values);
		if (found) return found;
	} else return new Drift(`expected options, got ${typeof raw} ${describe(raw)}`);
	return list.length === 0 ? null : list;
}
