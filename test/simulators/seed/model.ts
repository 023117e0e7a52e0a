/**
 * The object and field model the simulators share with the sync policy and the demo: which HubSpot
 * property corresponds to which Salesforce field, and how values translate. Names are fixed here
 * (policies refer to them); the per-system schemas add types and options.
 */
import { DEAL_STAGES, INDUSTRIES, LEAD_STATUSES, LIFECYCLE_STAGES, type Owner, type ValueMap } from './value-maps';

export type HubSpotObject = 'contacts' | 'companies' | 'deals';
export type SalesforceObject = 'Contact' | 'Account' | 'Opportunity';

export const OBJECT_PAIRS: ReadonlyArray<{ hubspot: HubSpotObject; salesforce: SalesforceObject; matchBy: string }> = [
	{ hubspot: 'contacts', salesforce: 'Contact', matchBy: 'email ⇄ Email' },
	{ hubspot: 'companies', salesforce: 'Account', matchBy: 'domain ⇄ Website' },
	{ hubspot: 'deals', salesforce: 'Opportunity', matchBy: 'hs_object_id ⇄ HubSpot_Deal_Id__c' },
];

export type FieldKind = 'text' | 'email' | 'phone' | 'enum' | 'multi' | 'number' | 'date' | 'datetime-vs-date' | 'owner' | 'domain';

export interface FieldPair {
	hubspot: string;
	salesforce: string;
	kind: FieldKind;
	/** For enums whose options are spelled differently on each side. */
	values?: ValueMap;
}

export const FIELD_PAIRS: Record<HubSpotObject, FieldPair[]> = {
	contacts: [
		{ hubspot: 'email', salesforce: 'Email', kind: 'email' },
		{ hubspot: 'firstname', salesforce: 'FirstName', kind: 'text' },
		{ hubspot: 'lastname', salesforce: 'LastName', kind: 'text' },
		{ hubspot: 'phone', salesforce: 'Phone', kind: 'phone' },
		{ hubspot: 'jobtitle', salesforce: 'Title', kind: 'text' },
		{ hubspot: 'lifecyclestage', salesforce: 'Lifecycle_Stage__c', kind: 'enum', values: LIFECYCLE_STAGES },
		{ hubspot: 'hs_lead_status', salesforce: 'Lead_Status__c', kind: 'enum', values: LEAD_STATUSES },
		{ hubspot: 'product_interest', salesforce: 'Product_Interest__c', kind: 'multi' },
		{ hubspot: 'hubspot_owner_id', salesforce: 'OwnerId', kind: 'owner' },
	],
	companies: [
		{ hubspot: 'name', salesforce: 'Name', kind: 'text' },
		{ hubspot: 'domain', salesforce: 'Website', kind: 'domain' },
		{ hubspot: 'industry', salesforce: 'Industry', kind: 'enum', values: INDUSTRIES },
		{ hubspot: 'numberofemployees', salesforce: 'NumberOfEmployees', kind: 'number' },
		{ hubspot: 'annualrevenue', salesforce: 'AnnualRevenue', kind: 'number' },
		{ hubspot: 'phone', salesforce: 'Phone', kind: 'phone' },
		{ hubspot: 'hubspot_owner_id', salesforce: 'OwnerId', kind: 'owner' },
	],
	deals: [
		{ hubspot: 'dealname', salesforce: 'Name', kind: 'text' },
		{ hubspot: 'amount', salesforce: 'Amount', kind: 'number' },
		{ hubspot: 'closedate', salesforce: 'CloseDate', kind: 'datetime-vs-date' },
		{ hubspot: 'dealstage', salesforce: 'StageName', kind: 'enum', values: DEAL_STAGES },
		{ hubspot: 'contract_end_date', salesforce: 'Contract_End_Date__c', kind: 'date' },
		{ hubspot: 'hubspot_owner_id', salesforce: 'OwnerId', kind: 'owner' },
	],
};

/** Time zone of the simulated HubSpot portal (date-only values a person enters are midnight here). */
export const PORTAL_TIME_ZONE = 'America/New_York';

/** The model as the control API serves it (`GET /__sim/model`): object pairs, field pairs with value maps, owners. */
export function describeModel(owners: readonly Owner[]): Record<string, unknown> {
	return { objects: OBJECT_PAIRS, fields: FIELD_PAIRS, owners, portalTimeZone: PORTAL_TIME_ZONE };
}
