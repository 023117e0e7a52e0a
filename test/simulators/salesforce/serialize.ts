/** Stored Salesforce values → REST JSON (`attributes`, second-precision datetimes). */
import { sfDateTime } from '../common/format';
import type { SfField, SfObjectSchema } from './schema';

export function recordUrl(version: string, object: string, id: unknown): string {
	return `/services/data/${version}/sobjects/${object}/${String(id)}`;
}

export function fieldJson(f: SfField, v: unknown): unknown {
	if (v === undefined || v === null) return null;
	return f.type === 'datetime' && typeof v === 'number' ? sfDateTime(v) : v;
}

export function recordJson(version: string, schema: SfObjectSchema, values: Record<string, unknown>, fields: readonly SfField[] = schema.fields): Record<string, unknown> {
	const out: Record<string, unknown> = { attributes: { type: schema.name, url: recordUrl(version, schema.name, values.Id) } };
	for (const f of fields) out[f.name] = fieldJson(f, values[f.name]);
	return out;
}
