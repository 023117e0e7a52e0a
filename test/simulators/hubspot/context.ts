/** What the HubSpot route handlers share: the store, schema, id sources and the integration's identity. */
import type { FaultOptions } from '../common/faults';
import type { Rng } from '../common/prng';
import type { Clock } from '../common/types';
import type { HubSpotObject } from '../seed/model';
import type { Owner } from '../seed/value-maps';
import type { HsSchema } from './schema';
import type { HsActor, HubSpotStore } from './store';

export interface HsContext {
	store: HubSpotStore;
	schema: HsSchema;
	owners: Owner[];
	dealStages: string[];
	clock: Clock;
	/** Shuffles batch results (HubSpot does not promise input order); a seeded stream. */
	orderRng: Rng | undefined;
	correlationId(): string;
	/** Who API writes are attributed to (the private app). */
	apiActor: HsActor;
	/** The fault options in force (for faults that shape a response rather than replace it). */
	faults(): FaultOptions;
}

/** Valid values of properties whose options live in other APIs. */
export function externalOptions(ctx: HsContext, name: string): string[] {
	if (name === 'hubspot_owner_id') return ctx.owners.map((o) => o.hubspotOwnerId);
	if (name === 'dealstage') return ctx.dealStages;
	return [];
}

/** HubSpot's upper-case object name in messages ("Could not get some CONTACT objects"). */
export const OBJECT_LABEL: Record<HubSpotObject, string> = { contacts: 'CONTACT', companies: 'COMPANY', deals: 'DEAL' };
