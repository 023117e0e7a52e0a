/**
 * HubSpot and Salesforce simulators for tests, benchmarks and the demo. `startSims` starts both on
 * one deterministic seed plan: the same people, companies and deals on both sides (matchable by
 * email, domain and HubSpot deal id), with configurable drift, one-sided records and duplicates,
 * and a manifest that says exactly what was planted.
 */
import type { FaultOptions, SchemaChange } from './common/faults';
import { realClock, type Clock } from './common/types';
import type { HubSpotObject } from './seed/model';
import { buildSeedPlan, resolveSeedOptions, type SeedManifest, type SeedOptions } from './seed/plan';
import { startHubSpotSim } from './hubspot/server';
import type { HubSpotSim, HubSpotSimOptions } from './hubspot/sim';
import { startSalesforceSim } from './salesforce/server';
import type { SalesforceSim, SalesforceSimOptions } from './salesforce/sim';

export { startHubSpotSim } from './hubspot/server';
export { startSalesforceSim } from './salesforce/server';
export type { HubSpotSim, HubSpotSimOptions } from './hubspot/sim';
export type { SalesforceSim, SalesforceSimOptions } from './salesforce/sim';
export type { FaultOptions, DeliveryFaults, SchemaChange } from './common/faults';
export type { CallCounts } from './common/call-counter';
export type { WriteLogEntry } from './common/write-log';
export type { SeedManifest, SeedOptions, DriftEntry } from './seed/plan';
export { FIELD_PAIRS, OBJECT_PAIRS, PORTAL_TIME_ZONE } from './seed/model';
export { DEAL_STAGES, INDUSTRIES, LEAD_STATUSES, LIFECYCLE_STAGES, PRODUCT_INTERESTS, type Owner } from './seed/value-maps';
export { HUBSPOT_IDENTITY, SALESFORCE_IDENTITY } from './seed/identities';
export { signatureV1, signatureV2, signatureV3 } from './hubspot/signatures';

export interface SimsOptions extends SeedOptions {
	clock?: Clock;
	timeScale?: number;
	/** Faults for both simulators (each draws its own decisions from the seed). */
	faults?: FaultOptions;
	hubspot?: Omit<HubSpotSimOptions, keyof SeedOptions | 'plan'>;
	salesforce?: Omit<SalesforceSimOptions, keyof SeedOptions | 'plan'>;
}

export interface Sims {
	hubspot: HubSpotSim;
	salesforce: SalesforceSim;
	manifest: SeedManifest;
	/** Schema change on whichever side owns the object (`contacts` → HubSpot, `Contact` → Salesforce). */
	schemaChange(change: SchemaChange): void;
	reset(): void;
	/** Waits until neither simulator has a notification queued, in flight or waiting for a retry. */
	idle(): Promise<void>;
	close(): Promise<void>;
}

const HUBSPOT_OBJECTS: readonly string[] = ['contacts', 'companies', 'deals'] satisfies HubSpotObject[];

export async function startSims(opts: SimsOptions = {}): Promise<Sims> {
	const clock = opts.clock ?? realClock;
	const plan = buildSeedPlan(resolveSeedOptions(opts, clock()));
	const shared = { clock, timeScale: opts.timeScale, faults: opts.faults, plan };
	const hubspot = await startHubSpotSim({ ...shared, ...opts.hubspot });
	const salesforce = await startSalesforceSim({ ...shared, ...opts.salesforce });
	return {
		hubspot,
		salesforce,
		manifest: plan.manifest,
		schemaChange: (change) => (HUBSPOT_OBJECTS.includes(change.object) ? hubspot.schemaChange(change) : salesforce.schemaChange(change)),
		reset: () => {
			hubspot.reset();
			salesforce.reset();
		},
		idle: async () => {
			await Promise.all([hubspot.idle(), salesforce.idle()]);
		},
		close: async () => {
			await Promise.all([hubspot.close(), salesforce.close()]);
		},
	};
}
