/**
 * Drifts one record that exists on both sides: picks formatting-only or real differences, mutates
 * one side per difference, gives that side a later change (HubSpot property history, Salesforce
 * field history and modified date), and records it in the manifest.
 */
import type { Rng } from '../common/prng';
import { DRIFT_KINDS, type DriftKind, type DriftPair, type Side } from './drift';
import type { HubSpotObject } from './model';
import type { ResolvedSeedOptions, SeedManifest } from './plan';
import type { HsSeedRecord, SfSeedRecord } from './sides';
import type { Owner } from './value-maps';

export interface DriftContext {
	options: ResolvedSeedOptions;
	rng: Rng;
	owners: Owner[];
	manifest: SeedManifest;
}

/** One record on both sides: the live values (mutated), the values at creation, and the seed records. */
export interface DriftTarget {
	object: HubSpotObject;
	pair: DriftPair;
	initial: { hs: Record<string, string | null>; sf: Record<string, unknown> };
	hs: HsSeedRecord;
	sf: SfSeedRecord;
}

export function driftRecord(ctx: DriftContext, t: DriftTarget): void {
	const rng = ctx.rng;
	const kind = rng.chance(ctx.options.formatDriftShare) ? 'format' : 'real';
	const candidates = DRIFT_KINDS[t.object].filter((k) => k.kind === kind && (k.applies?.(t.pair) ?? true));
	const count = Math.min(candidates.length, rng.chance(0.3) ? 2 : 1);
	const used = new Set<string>();
	for (const k of rng.sample(candidates, count)) {
		if (used.has(k.hubspot)) continue;
		used.add(k.hubspot);
		applyDrift(ctx, t, k);
	}
}

function applyDrift(ctx: DriftContext, t: DriftTarget, k: DriftKind): void {
	const side = ctx.rng.pick(k.sides);
	const editor = ctx.rng.pick(ctx.owners);
	const [hubspotValue, salesforceValue] = k.change(t.pair, ctx.rng);
	const at = side === 'hubspot' ? changeHubSpot(ctx, t, k, hubspotValue, editor) : changeSalesforce(ctx, t, k, salesforceValue, editor);
	recordDrift(ctx, t, k, side, at);
}

/** Sets the HubSpot value as a later UI edit: property history gets the creation value and the edit. */
function changeHubSpot(ctx: DriftContext, { pair, initial, hs }: DriftTarget, k: DriftKind, value: string | null, editor: Owner): number {
	const at = hs.createdAt + ctx.rng.int(Math.max(1, ctx.options.seedTime - hs.createdAt));
	const first = initial.hs[k.hubspot];
	pair.hs[k.hubspot] = value;
	hs.history[k.hubspot] = [
		...(first === null ? [] : [{ value: first, timestamp: hs.createdAt, ...hs.createdBy }]),
		{ value: value ?? '', timestamp: at, sourceType: 'CRM_UI', sourceId: `userId:${editor.hubspotUserId}`, updatedByUserId: editor.hubspotUserId },
	];
	hs.updatedAt = Math.max(hs.updatedAt, at);
	return at;
}

/** Sets the Salesforce value as a later edit by a user: a field-history row and (if newest) the modified stamps. */
function changeSalesforce(ctx: DriftContext, { pair, initial, sf }: DriftTarget, k: DriftKind, value: unknown, editor: Owner): number {
	const created = Number(sf.fields.CreatedDate);
	const at = Math.floor((created + ctx.rng.int(Math.max(1, ctx.options.seedTime - created))) / 1000) * 1000;
	pair.sf[k.salesforce] = value;
	sf.history.push({ field: k.salesforce, oldValue: initial.sf[k.salesforce], newValue: value, at, by: editor.salesforceUserId });
	if (at > Number(sf.fields.LastModifiedDate)) {
		Object.assign(sf.fields, { LastModifiedDate: at, SystemModstamp: at, LastModifiedById: editor.salesforceUserId });
	}
	return at;
}

function recordDrift(ctx: DriftContext, { object, pair, hs, sf }: DriftTarget, k: DriftKind, side: Side, at: number): void {
	ctx.manifest.drift.push({
		object,
		hubspotId: hs.id,
		salesforceId: String(sf.fields.Id),
		hubspot: k.hubspot,
		salesforce: k.salesforce,
		kind: k.kind,
		variant: k.variant,
		hubspotValue: pair.hs[k.hubspot] ?? null,
		salesforceValue: pair.sf[k.salesforce] ?? null,
		newer: side,
		changedAt: new Date(at).toISOString(),
	});
}

