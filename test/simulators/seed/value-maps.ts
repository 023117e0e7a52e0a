/**
 * The vocabulary both CRMs share, and how each one spells it. HubSpot uses internal option values
 * (`marketingqualifiedlead`), the Salesforce org uses picklist labels (`MQL`): a sync policy has to
 * map between them, which is the point. Exported (and served by the control API) so policies and
 * tests can use the same maps the seed data was built with.
 */

export interface ValueMap {
	/** HubSpot option value → Salesforce picklist value. */
	hubspotToSalesforce: Record<string, string>;
}

export const LIFECYCLE_STAGES: ValueMap = {
	hubspotToSalesforce: {
		subscriber: 'Subscriber',
		lead: 'Lead',
		marketingqualifiedlead: 'MQL',
		salesqualifiedlead: 'SQL',
		opportunity: 'Opportunity',
		customer: 'Customer',
		evangelist: 'Evangelist',
		other: 'Other',
	},
};

export const LEAD_STATUSES: ValueMap = {
	hubspotToSalesforce: {
		NEW: 'New',
		OPEN: 'Open',
		IN_PROGRESS: 'In Progress',
		OPEN_DEAL: 'Open Deal',
		UNQUALIFIED: 'Unqualified',
		ATTEMPTED_TO_CONTACT: 'Attempted to Contact',
		CONNECTED: 'Connected',
		BAD_TIMING: 'Bad Timing',
	},
};

/** Multi-select values are spelled the same on both sides, so `a;b` vs `b;a` is a pure ordering difference. */
export const PRODUCT_INTERESTS = ['Analytics', 'Automation', 'CRM', 'Integrations', 'Support', 'Training'] as const;

export const DEAL_STAGES: ValueMap = {
	hubspotToSalesforce: {
		appointmentscheduled: 'Prospecting',
		qualifiedtobuy: 'Qualification',
		presentationscheduled: 'Value Proposition',
		decisionmakerboughtin: 'Id. Decision Makers',
		contractsent: 'Negotiation/Review',
		closedwon: 'Closed Won',
		closedlost: 'Closed Lost',
	},
};

export const DEAL_STAGE_LABELS: Record<string, string> = {
	appointmentscheduled: 'Appointment Scheduled',
	qualifiedtobuy: 'Qualified To Buy',
	presentationscheduled: 'Presentation Scheduled',
	decisionmakerboughtin: 'Decision Maker Bought-In',
	contractsent: 'Contract Sent',
	closedwon: 'Closed Won',
	closedlost: 'Closed Lost',
};

export const INDUSTRIES: ValueMap = {
	hubspotToSalesforce: {
		COMPUTER_SOFTWARE: 'Technology',
		FINANCIAL_SERVICES: 'Finance',
		HOSPITAL_HEALTH_CARE: 'Healthcare',
		RETAIL: 'Retail',
		MANUFACTURING: 'Manufacturing',
		EDUCATION_MANAGEMENT: 'Education',
		TELECOMMUNICATIONS: 'Communications',
		CONSTRUCTION: 'Construction',
	},
};

export interface Owner {
	/** HubSpot owner id (`hubspot_owner_id` value). */
	hubspotOwnerId: string;
	/** HubSpot user id of the same person (UI edits carry it as `sourceId: userId:…`). */
	hubspotUserId: number;
	/** Salesforce User Id (`OwnerId` value). */
	salesforceUserId: string;
	email: string;
	firstName: string;
	lastName: string;
}

/** Label of a HubSpot option value, e.g. `marketingqualifiedlead` → `Marketing Qualified Lead`. */
export function optionLabel(value: string): string {
	const known: Record<string, string> = {
		marketingqualifiedlead: 'Marketing Qualified Lead',
		salesqualifiedlead: 'Sales Qualified Lead',
		...DEAL_STAGE_LABELS,
	};
	if (known[value]) return known[value];
	return value
		.toLowerCase()
		.split('_')
		.map((w) => w.charAt(0).toUpperCase() + w.slice(1))
		.join(' ');
}

/** Inverse of a map (Salesforce value → HubSpot value). */
export function invert(map: ValueMap): Record<string, string> {
	return Object.fromEntries(Object.entries(map.hubspotToSalesforce).map(([h, s]) => [s, h]));
}
