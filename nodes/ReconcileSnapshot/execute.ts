import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData, type IPairedItemData } from 'n8n-workflow';

import { itemToRecord, emptyStats, minimumReadCalls, readSnapshot, type ApiSystem, type ReadScope } from '../connectors';
import { keyExtractor, type Policy, type Side, type SnapshotRecord } from '../engine';
import { item, listOf } from '../shared/items';
import { readPolicy } from '../shared/policy';

interface Target {
	object: string;
	fields: string[];
	keyField?: string;
	policy?: Policy;
	side?: Side;
	/** The normalised match key of a record, when the fields come from a policy. */
	keyOf?: (record: SnapshotRecord) => string | null;
}

/** The object and fields to read: those the policy names for one side, or the ones listed. */
function target(ctx: IExecuteFunctions): Target {
	if (ctx.getNodeParameter('fieldsFrom', 0) === 'list') {
		const source = ctx.getNodeParameter('source', 0) as string;
		return { object: source === 'items' ? 'items' : String(ctx.getNodeParameter('object', 0)).trim(), fields: listOf(ctx.getNodeParameter('fields', 0)) };
	}
	const policy = readPolicy(ctx);
	const side = ctx.getNodeParameter('side', 0) as Side;
	const fields = [...policy.match.keys.map((k) => k[side]), ...policy.fields.map((f) => f[side])];
	const timestamp = policy.timestamps[side];
	if (timestamp !== undefined) fields.push(timestamp);
	return { object: policy[side].object, fields: [...new Set(fields)], keyField: policy.match.keys[0][side], policy, side, keyOf: keyExtractor(policy, side) };
}

/** Collects ids or key values from every input item, remembering which item named each. */
function collect(ctx: IExecuteFunctions, parameter: string, count: number): { values: string[]; origin: Map<string, number> } {
	const origin = new Map<string, number>();
	for (let i = 0; i < count; i++) for (const value of listOf(ctx.getNodeParameter(parameter, i, ''))) if (!origin.has(value)) origin.set(value, i);
	return { values: [...origin.keys()], origin };
}

function scopeOf(ctx: IExecuteFunctions, inputCount: number, keyField: string | undefined): { scope: ReadScope; origin?: Map<string, number> } {
	const scope = ctx.getNodeParameter('scope', 0) as 'full' | 'modifiedSince' | 'ids' | 'keys';
	if (scope === 'full') return { scope: { kind: 'full' } };
	if (scope === 'modifiedSince') {
		const given = ctx.getNodeParameter('since', 0, '');
		// No watermark (a first run, or a cycle that decided on a full pass): every record.
		if (given === '' || given === null || given === undefined) return { scope: { kind: 'full' } };
		const since = Date.parse(String(given));
		if (Number.isNaN(since))
			throw new NodeOperationError(ctx.getNode(), `"Modified Since" is not a date/time: ${JSON.stringify(given)}`, {
				description: 'Use an ISO date/time such as 2026-01-01T00:00:00Z, or leave it empty to read every record.',
			});
		const lookbackMs = Number(ctx.getNodeParameter('lookbackHours', 0, 24)) * 3_600_000;
		return { scope: { kind: 'modified_since', since: new Date(since - lookbackMs).toISOString() } };
	}
	if (scope === 'ids') {
		const { values, origin } = collect(ctx, 'ids', Math.max(1, inputCount));
		return { scope: { kind: 'ids', ids: values }, origin };
	}
	const field = String(ctx.getNodeParameter('keyField', 0, '')).trim() || keyField;
	if (!field) throw new NodeOperationError(ctx.getNode(), 'No key field', { description: 'Set "Key Field", or read fields from a sync policy.' });
	const { values, origin } = collect(ctx, 'keyValues', Math.max(1, inputCount));
	return { scope: { kind: 'keys', field, values }, origin };
}

/**
 * A record as an item. With a policy it carries its normalised match key (`null` when a key field is blank),
 * the key the Diff pairs it by, so later nodes and expressions need not normalise it themselves.
 */
function recordItem(what: Target, system: string, record: SnapshotRecord, paired: IPairedItemData): INodeExecutionData {
	if (what.keyOf === undefined) return item({ system, object: what.object, ...record }, paired);
	return item({ system, object: what.object, key: what.keyOf(record), ...record }, paired);
}

async function fromApi(ctx: IExecuteFunctions, system: ApiSystem, what: Target): Promise<INodeExecutionData[][]> {
	const inputs = ctx.getInputData();
	const started = Date.now();
	const { scope, origin } = scopeOf(ctx, inputs.length, what.keyField);
	const stats = emptyStats();
	const options = ctx.getNodeParameter('options', 0, {}) as { fieldHistory?: boolean };
	const noWork = (scope.kind === 'ids' && scope.ids.length === 0) || (scope.kind === 'keys' && scope.values.length === 0);
	const result = noWork ? { records: [], missingIds: [] } : await readSnapshot(ctx, system, { object: what.object, fields: what.fields, scope, fieldHistory: options.fieldHistory === true && system === 'hubspot' }, stats);
	const keyField = scope.kind === 'keys' ? scope.field : undefined;
	const pairing = (record: SnapshotRecord): IPairedItemData => {
		const handle = keyField === undefined ? record.id : String(record.fields[keyField] ?? '');
		return { item: origin?.get(handle) ?? origin?.get(handle.toLowerCase()) ?? 0 };
	};
	const summary = {
		summary: 'snapshot',
		policy: what.policy?.name ?? null,
		side: what.side ?? null,
		system,
		object: what.object,
		scope: scope.kind,
		records: result.records.length,
		missingIds: result.missingIds,
		apiCalls: stats.calls,
		minimumCalls: scope.kind === 'full' ? minimumReadCalls(system, result.records.length) : undefined,
		retries: stats.retries,
		waitedMs: Math.round(stats.waitedMs),
		byEndpoint: stats.byEndpoint,
		durationMs: Date.now() - started,
	};
	return [result.records.map((record) => recordItem(what, system, record, pairing(record))), [item(summary, { item: 0 })]];
}

function fromItems(ctx: IExecuteFunctions, what: Target): INodeExecutionData[][] {
	const idPath = String(ctx.getNodeParameter('idPath', 0, 'id'));
	const modifiedAtPath = String(ctx.getNodeParameter('modifiedAtPath', 0, '')) || undefined;
	const records: INodeExecutionData[] = [];
	ctx.getInputData().forEach((input, index) => {
		const read = itemToRecord(input, { idPath, fieldPaths: what.fields, modifiedAtPath });
		// A record that cannot be identified is a configuration or data error, not something to skip quietly.
		if (!read.ok) throw new NodeOperationError(ctx.getNode(), `Input item ${index} ${read.reason}`, { itemIndex: index, description: 'Set "ID Field" to the path of each record\'s ID.' });
		records.push(recordItem(what, 'items', read.record, { item: index }));
	});
	const summary = { summary: 'snapshot', policy: what.policy?.name ?? null, side: what.side ?? null, system: 'items', object: what.object, scope: 'items', records: records.length, missingIds: [], apiCalls: 0, retries: 0, waitedMs: 0, byEndpoint: {}, durationMs: 0 };
	return [records, [item(summary, { item: 0 })]];
}

export async function executeSnapshot(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const source = ctx.getNodeParameter('source', 0) as ApiSystem | 'items';
	const what = target(ctx);
	if (what.fields.length === 0) throw new NodeOperationError(ctx.getNode(), 'No fields to read', { description: 'List at least one field.' });
	return source === 'items' ? fromItems(ctx, what) : await fromApi(ctx, source, what);
}
