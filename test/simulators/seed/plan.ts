/**
 * One deterministic seed plan for both simulators: the canonical data projected onto each CRM,
 * with presence (both / one side only), drift and duplicates decided by the seed, plus the
 * manifest that says exactly what was planted. `startSims` hands the same plan to both sides.
 */
import { Rng } from '../common/prng';
import { generateCanonical } from './canonical';
import type { Side } from './drift';
import type { HubSpotObject, SalesforceObject } from './model';
import { PlanBuilder } from './plan-builder';
import type { HsSeedRecord, SfSeedRecord } from './sides';
import type { Owner } from './value-maps';

export interface SeedOptions {
	/** Contacts (default 1000). Companies default to records/5, deals to records/4. */
	records?: number;
	companies?: number;
	deals?: number;
	owners?: number;
	seed?: number | string;
	/** Fraction of records present on both sides whose values differ (default 0). */
	driftRate?: number;
	/** Of the drifted records, the fraction whose differences are formatting only (default 0.5). */
	formatDriftShare?: number;
	onlyInHubSpotRate?: number;
	onlyInSalesforceRate?: number;
	/** Fraction of Salesforce contacts that get a second Contact with the same email (default 0). */
	duplicateRate?: number;
	/** Seeded timestamps lie in the years before this instant (default 2025-01-01, or the clock if earlier). */
	seedTime?: number;
}

export type ResolvedSeedOptions = Required<SeedOptions>;

export const DEFAULT_SEED_TIME = Date.parse('2025-01-01T00:00:00.000Z');

export function resolveSeedOptions(o: SeedOptions, now: number): ResolvedSeedOptions {
	const records = o.records ?? 1000;
	return {
		records,
		companies: o.companies ?? Math.max(1, Math.ceil(records / 5)),
		deals: o.deals ?? Math.ceil(records / 4),
		owners: o.owners ?? 8,
		seed: o.seed ?? 1,
		driftRate: o.driftRate ?? 0,
		formatDriftShare: o.formatDriftShare ?? 0.5,
		onlyInHubSpotRate: o.onlyInHubSpotRate ?? 0,
		onlyInSalesforceRate: o.onlyInSalesforceRate ?? 0,
		duplicateRate: o.duplicateRate ?? 0,
		seedTime: o.seedTime ?? Math.min(DEFAULT_SEED_TIME, now),
	};
}

export interface DriftEntry {
	object: HubSpotObject;
	hubspotId: string;
	salesforceId: string;
	hubspot: string;
	salesforce: string;
	kind: 'format' | 'real';
	variant: string;
	hubspotValue: string | null;
	salesforceValue: unknown;
	/** The side where the value was changed after creation (the more recent one). */
	newer: Side;
	changedAt: string;
}

export interface SeedManifest {
	options: ResolvedSeedOptions;
	owners: Owner[];
	counts: { hubspot: Record<HubSpotObject, number>; salesforce: Record<SalesforceObject, number> };
	drift: DriftEntry[];
	onlyInHubSpot: Array<{ object: HubSpotObject; id: string }>;
	onlyInSalesforce: Array<{ object: SalesforceObject; id: string }>;
	duplicates: Array<{ email: string; salesforceIds: string[] }>;
}

export interface SeedPlan {
	options: ResolvedSeedOptions;
	owners: Owner[];
	hubspot: Record<HubSpotObject, HsSeedRecord[]>;
	salesforce: Record<SalesforceObject | 'User', SfSeedRecord[]>;
	manifest: SeedManifest;
}

/** Builds the plan; a pure function of the options. */
export function buildSeedPlan(options: ResolvedSeedOptions): SeedPlan {
	const rng = new Rng(`seed:${options.seed}`);
	const canon = generateCanonical(
		rng.fork('canonical'),
		{ contacts: options.records, companies: options.companies, deals: options.deals, owners: options.owners },
		options.seedTime,
	);
	const builder = new PlanBuilder(options, canon, rng);
	return builder.build();
}

