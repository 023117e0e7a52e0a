import type { IDataObject, INodeExecutionData, IPairedItemData } from 'n8n-workflow';

/** An output item with its lineage: every output item of a Reconcile node says which input items it came from. */
export function item(json: object, paired: IPairedItemData | IPairedItemData[]): INodeExecutionData {
	return { json: json as IDataObject, pairedItem: paired };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a value that may arrive as JSON text (Data Table columns) or as the object itself. */
export function parseMaybeJson(value: unknown): unknown {
	if (typeof value !== 'string') return value;
	const text = value.trim();
	if (!(text.startsWith('{') || text.startsWith('['))) return value;
	try {
		return JSON.parse(text);
	} catch {
		return value;
	}
}

/** A list parameter that may be an array, JSON text or comma/newline-separated text. */
export function listOf(value: unknown): string[] {
	const parsed = parseMaybeJson(value);
	if (Array.isArray(parsed)) return parsed.flatMap((v) => (v === null || v === undefined || v === '' ? [] : [String(v)]));
	if (parsed === null || parsed === undefined) return [];
	return String(parsed)
		.split(/[,\n]/)
		.map((v) => v.trim())
		.filter((v) => v !== '');
}
