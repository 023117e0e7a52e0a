import { DateTime } from 'luxon';
import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type IPairedItemData } from 'n8n-workflow';

import { parsePolicy, renderPolicyDoc, sideLabel, formatPolicyIssues, type Policy } from '../engine';
import { computeMetrics, renderDashboard, renderPolicyPage, type MetricsResult, type MetricsRows, type MetricsThresholds } from '../engine/metrics';
import { item } from '../shared/items';
import { INPUT_NAMES } from './description';

type Format = 'html' | 'json' | 'policy';
const FORMATS: readonly Format[] = ['html', 'json', 'policy'];
const HTML = 'text/html; charset=utf-8';

interface Params {
	format: Format;
	weekStart: string;
	now: string;
	timeZone: string;
	policy: Policy | undefined;
	thresholds: Partial<MetricsThresholds>;
	options: { title?: string; policyHref?: string; dashboardHref?: string };
}

function fail(ctx: IExecuteFunctions, message: string, description: string): never {
	throw new NodeOperationError(ctx.getNode(), message, { description });
}

/** The optional policy: absent is fine here (unlike the other nodes); invalid is not. */
function optionalPolicy(ctx: IExecuteFunctions): Policy | undefined {
	const raw = ctx.getNodeParameter('policy', 0, '') as unknown;
	if (raw === '' || raw === undefined || raw === null) return undefined;
	const parsed = parsePolicy(raw);
	if (parsed.ok) return parsed.policy;
	return fail(ctx, `Invalid sync policy (${parsed.issues.length} problem${parsed.issues.length === 1 ? '' : 's'})`, formatPolicyIssues(parsed.issues));
}

function readParams(ctx: IExecuteFunctions): Params {
	const format = String(ctx.getNodeParameter('format', 0, 'html')).trim().toLowerCase() as Format;
	if (!FORMATS.includes(format)) fail(ctx, `Unknown output "${format}"`, `Output must be one of ${FORMATS.join(', ')} (e.g. from ?format=json).`);
	const options = ctx.getNodeParameter('options', 0, {}) as Params['options'] & { now?: string };
	const timeZone = (ctx.getNodeParameter('timeZone', 0, '') as string).trim() || ctx.getTimezone();
	const now = options.now?.trim() || (DateTime.now().toUTC().toISO() ?? '');
	const week = ctx.getNodeParameter('week', 0, 'this') as string;
	let weekStart = now;
	if (week === 'last') weekStart = DateTime.fromISO(now, { zone: timeZone }).minus({ weeks: 1 }).toISO() ?? now;
	if (week === 'date') weekStart = String(ctx.getNodeParameter('date', 0, '') || fail(ctx, 'No date given', 'Set "Date" to any day of the week to report.'));
	const thresholds = ctx.getNodeParameter('thresholds', 0, {}) as Partial<MetricsThresholds>;
	return { format, weekStart, now, timeZone, policy: optionalPolicy(ctx), thresholds, options };
}

/** Columns that only one table has: rows wired to the wrong input are named instead of silently miscounted. */
const SIGNATURES: Record<(typeof INPUT_NAMES)[number], { table: string; columns: string[] }> = {
	Events: { table: 'reconcile_events', columns: ['receivedAt', 'outcome'] },
	Cycles: { table: 'reconcile_cycles', columns: ['cycleId', 'startedAt'] },
	Queue: { table: 'reconcile_queue', columns: ['queueId', 'firstSeenAt'] },
	Resolutions: { table: 'reconcile_resolutions', columns: ['at', 'loop'] },
};

function rowsOf(ctx: IExecuteFunctions, input: number): IDataObject[] {
	const name = INPUT_NAMES[input];
	const rows = ctx.getInputData(input).map((i) => i.json);
	const first = rows.find((r) => Object.keys(r).some((k) => k !== 'id' && k !== 'createdAt' && k !== 'updatedAt'));
	const fits = (cols: string[]) => first !== undefined && cols.every((c) => c in first);
	const other = INPUT_NAMES.find((n) => n !== name && fits(SIGNATURES[n].columns));
	if (first !== undefined && !fits(SIGNATURES[name].columns) && other !== undefined) {
		fail(ctx, `Input "${name}" holds ${SIGNATURES[other].table} rows`, `Connect the ${SIGNATURES[name].table} Data Table to "${name}" and the ${SIGNATURES[other].table} table to "${other}".`);
	}
	return rows;
}

function compute(ctx: IExecuteFunctions, p: Params): MetricsResult {
	const rows: MetricsRows = { events: rowsOf(ctx, 0), cycles: rowsOf(ctx, 1), queue: rowsOf(ctx, 2), resolutions: rowsOf(ctx, 3) };
	const policy = p.policy;
	const labels = policy && policy.a.system !== policy.b.system ? { [policy.a.system]: sideLabel(policy, 'a'), [policy.b.system]: sideLabel(policy, 'b') } : undefined;
	const systems = policy && policy.a.system !== policy.b.system ? ([policy.a.system, policy.b.system] as const) : undefined;
	try {
		return computeMetrics(rows, { weekStart: p.weekStart, now: p.now, timeZone: p.timeZone, thresholds: p.thresholds, policyName: policy?.name, systems, labels });
	} catch (error) {
		// Bad week, zone or thresholds: configuration, not data (bad rows become warnings, never errors).
		return fail(ctx, 'Cannot compute the dashboard', error instanceof Error ? error.message : String(error));
	}
}

/** The first item of the first input that has one: the page stems from all rows; n8n needs one pointer. */
function origin(ctx: IExecuteFunctions): IPairedItemData {
	const input = INPUT_NAMES.findIndex((_, i) => ctx.getInputData(i).length > 0);
	return { item: 0, input: Math.max(0, input) };
}

export function executeMetrics(ctx: IExecuteFunctions): INodeExecutionData[][] {
	const p = readParams(ctx);
	const doc = p.policy ? renderPolicyDoc(p.policy) : undefined;
	if (p.format === 'policy') {
		if (doc === undefined) fail(ctx, 'No sync policy given', 'The Sync Policy Page output renders the policy: set "Sync Policy (JSON)".');
		const html = renderPolicyPage(doc, { title: p.options.title, dashboardHref: p.options.dashboardHref || undefined });
		return [[item({ format: 'policy', contentType: HTML, html, markdown: doc }, origin(ctx))]];
	}
	const metrics = compute(ctx, p);
	if (p.format === 'json') return [[item(metrics, origin(ctx))]];
	const html = renderDashboard(metrics, { title: p.options.title || undefined, policyDoc: doc, policyHref: p.options.policyHref || undefined });
	const { window } = metrics.week;
	const json = { format: 'html', contentType: HTML, html, week: window.isoWeek, label: window.label, flags: metrics.flags, summary: metrics.summary, warnings: metrics.warnings.length };
	return [[item(json, origin(ctx))]];
}
