/** Fixed identities of the simulated portal, org, integration and UI users. */
import { makeId } from '../salesforce/ids';

export const HUBSPOT_IDENTITY = {
	portalId: 62_515_001,
	/** The private app the integration uses; API writes carry it as `sourceId`. */
	appId: 4_201_337,
	accessToken: 'pat-na1-11111111-2222-3333-4444-555555555555',
	/** Signs webhook requests (v1/v3). */
	clientSecret: 'sim-hubspot-client-secret-0001',
};

export const SALESFORCE_IDENTITY = {
	orgId: makeId('00D', 1),
	/** The "Run As" user of the client-credentials connected app: every API write is attributed to it. */
	integrationUserId: makeId('005', 9_001),
	clientId: '3MVG9sim.client.id',
	clientSecret: 'sim-salesforce-client-secret-0001',
	/** Accepted until expired through the control API, for clients that take a token directly. */
	staticAccessToken: `${makeId('00D', 1).slice(0, 15)}!AQsim.static.token`,
};

/** First HubSpot id per object type (separate ranges, so ids in logs say what they are). */
export const HUBSPOT_ID_BASE = { contacts: 10_000_001, companies: 20_000_001, deals: 30_000_001 } as const;
