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

type Values = { hs: Record<string, string | null>; sf: Record<string, unknown> };

export function driftRecord(
	ctx: DriftContext,
	object: HubSpotObject,
	pair: DriftPair,
	initial: Values,
	hs: HsSeedRecord,
	sf: SfSeedRecord,
): void {
	const rng = ctx.rng;
	const kind = rng.chance(ctx.options.formatDriftShare) ? 'format' : 'real';
	const candidates = DRIFT_KINDS[object].filter((k) => k.kind === kind && (k.applies?.(pair) ?? true));
	const count = Math.min(candidates.length, rng.chance(0.3) ? 2 : 1);
	const used = new Set<string>();
	for (const k of rng.sample(candidates, count)) {
		if (used.has(k.hubspot)) continue;
		used.add(k.hubspot);
		applyDrift(ctx, object, k, pair, initial, hs, sf);
	}
}

function applyDrift(
	ctx: DriftContext,
	object: HubSpotObject,
	k: DriftKind,
	pair: DriftPair,
	initial: Values,
	hs: HsSeedRecord,
	sf: SfSeedRecord,
): void {
	const rng = ctx.rng;
	const side = rng.pick(k.sides);
	const editor = rng.pick(ctx.owners);
	k.mutate(pair, side, rng);
	if (side === 'hubspot') {
		const at = hs.createdAt + rng.int(Math.max(1, ctx.options.seedTime - hs.createdAt));
		const first = initial.hs[k.hubspot];
		hs.history[k.hubspot] = [
			...(first === null ? [] : [{ value: first, timestamp: hs.createdAt, ...hs.createdBy }]),
			{ value: pair.hs[k.hubspot] ?? '', timestamp: at, sourceType: 'CRM_UI', sourceId: `userId:${editor.hubspotUserId}`, updatedByUserId: editor.hubspotUserId },
		];
		hs.updatedAt = Math.max(hs.updatedAt, at);
		recordDrift(ctx, object, k, pair, hs, sf, side, at);
	} else {
		const created = Number(sf.fields.CreatedDate);
		const at = Math.floor((created + rng.int(Math.max(1, ctx.options.seedTime - created))) / 1000) * 1000;
		sf.history.push({ field: k.salesforce, oldValue: initial.sf[k.salesforce], newValue: pair.sf[k.salesforce], at, by: editor.salesforceUserId });
		if (at > Number(sf.fields.LastModifiedDate)) {
			Object.assign(sf.fields, { LastModifiedDate: at, SystemModstamp: at, LastModifiedById: editor.salesforceUserId });
		}
		recordDrift(ctx, object, k, pair, hs, sf, side, at);
	}
}

function recordDrift(ctx: DriftContext, object: HubSpotObject, k: DriftKind, pair: DriftPair, hs: HsSeedRecord, sf: SfSeedRecord, side: Side, at: number): void {
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

