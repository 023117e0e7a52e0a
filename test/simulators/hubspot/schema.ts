/**
 * HubSpot property definitions for contacts, companies and deals, as `GET /crm/v3/properties/{type}`
 * returns them. Mutable per simulator instance, because a schema change mid-run (a select becoming
 * multi-select, an option added) is one of the faults.
 */
import type { HubSpotObject } from '../seed/model';
import {
	DEAL_STAGES,
	INDUSTRIES,
	LEAD_STATUSES,
	LIFECYCLE_STAGES,
	PRODUCT_INTERESTS,
	optionLabel,
} from '../seed/value-maps';

export type HsType = 'string' | 'number' | 'date' | 'datetime' | 'enumeration' | 'bool';
export type HsFieldType =
	| 'text'
	| 'textarea'
	| 'number'
	| 'date'
	| 'select'
	| 'radio'
	| 'checkbox'
	| 'booleancheckbox'
	| 'phonenumber'
	| 'calculation_equation';

export interface HsOption {
	label: string;
	value: string;
	displayOrder: number;
	hidden: boolean;
}

export interface HsProperty {
	name: string;
	label: string;
	type: HsType;
	fieldType: HsFieldType;
	description: string;
	groupName: string;
	options: HsOption[];
	displayOrder: number;
	calculated: boolean;
	externalOptions: boolean;
	hasUniqueValue: boolean;
	hidden: boolean;
	hubspotDefined: boolean;
	formField: boolean;
	modificationMetadata: { archivable: boolean; readOnlyDefinition: boolean; readOnlyValue: boolean };
	createdAt: string;
	updatedAt: string;
	/** Not part of HubSpot's payload: set for properties the simulator computes (id, timestamps). */
	computed?: boolean;
	/** Not part of HubSpot's payload: the kind of value check a write gets. */
	format?: 'email';
}

export type HsSchema = Record<HubSpotObject, Map<string, HsProperty>>;

const SCHEMA_TIME = '2019-08-06T02:43:22.000Z';

interface Def {
	name: string;
	label: string;
	type: HsType;
	fieldType: HsFieldType;
	group?: string;
	options?: string[];
	external?: boolean;
	unique?: boolean;
	computed?: boolean;
	custom?: boolean;
	format?: 'email';
}

function property(d: Def, index: number, group: string): HsProperty {
	return {
		name: d.name,
		label: d.label,
		type: d.type,
		fieldType: d.fieldType,
		description: '',
		groupName: d.group ?? group,
		// Properties backed by other APIs (owners, pipelines) list no options here.
		options: d.external ? [] : (d.options ?? []).map((v, i) => ({ label: optionLabel(v), value: v, displayOrder: i, hidden: false })),
		displayOrder: index,
		calculated: false,
		externalOptions: d.external ?? false,
		hasUniqueValue: d.unique ?? false,
		hidden: false,
		hubspotDefined: !d.custom,
		formField: !d.computed,
		modificationMetadata: { archivable: !!d.custom, readOnlyDefinition: !d.custom, readOnlyValue: !!d.computed },
		createdAt: SCHEMA_TIME,
		updatedAt: SCHEMA_TIME,
		...(d.computed ? { computed: true } : {}),
		...(d.format ? { format: d.format } : {}),
	};
}

const COMMON: Def[] = [
	{ name: 'hs_object_id', label: 'Record ID', type: 'number', fieldType: 'number', computed: true },
	{ name: 'createdate', label: 'Create Date', type: 'datetime', fieldType: 'date', computed: true },
	{ name: 'hs_lastmodifieddate', label: 'Last Modified Date', type: 'datetime', fieldType: 'date', computed: true },
	{ name: 'hubspot_owner_id', label: 'Owner', type: 'enumeration', fieldType: 'select', external: true },
];

const CONTACTS: Def[] = [
	{ name: 'email', label: 'Email', type: 'string', fieldType: 'text', format: 'email' },
	{ name: 'firstname', label: 'First Name', type: 'string', fieldType: 'text' },
	{ name: 'lastname', label: 'Last Name', type: 'string', fieldType: 'text' },
	{ name: 'phone', label: 'Phone Number', type: 'string', fieldType: 'phonenumber' },
	{ name: 'jobtitle', label: 'Job Title', type: 'string', fieldType: 'text' },
	{ name: 'company', label: 'Company Name', type: 'string', fieldType: 'text' },
	{ name: 'lifecyclestage', label: 'Lifecycle Stage', type: 'enumeration', fieldType: 'radio', options: Object.keys(LIFECYCLE_STAGES.hubspotToSalesforce) },
	{ name: 'hs_lead_status', label: 'Lead Status', type: 'enumeration', fieldType: 'radio', options: Object.keys(LEAD_STATUSES.hubspotToSalesforce) },
	{ name: 'product_interest', label: 'Product Interest', type: 'enumeration', fieldType: 'checkbox', options: [...PRODUCT_INTERESTS], custom: true },
	{ name: 'lastmodifieddate', label: 'Last Modified Date', type: 'datetime', fieldType: 'date', computed: true },
	...COMMON,
];

const COMPANIES: Def[] = [
	{ name: 'name', label: 'Company name', type: 'string', fieldType: 'text' },
	{ name: 'domain', label: 'Company Domain Name', type: 'string', fieldType: 'text' },
	{ name: 'industry', label: 'Industry', type: 'enumeration', fieldType: 'select', options: Object.keys(INDUSTRIES.hubspotToSalesforce) },
	{ name: 'numberofemployees', label: 'Number of Employees', type: 'number', fieldType: 'number' },
	{ name: 'annualrevenue', label: 'Annual Revenue', type: 'number', fieldType: 'number' },
	{ name: 'phone', label: 'Phone Number', type: 'string', fieldType: 'phonenumber' },
	...COMMON,
];

const DEALS: Def[] = [
	{ name: 'dealname', label: 'Deal Name', type: 'string', fieldType: 'text' },
	{ name: 'amount', label: 'Amount', type: 'number', fieldType: 'number' },
	{ name: 'closedate', label: 'Close Date', type: 'datetime', fieldType: 'date' },
	{ name: 'dealstage', label: 'Deal Stage', type: 'enumeration', fieldType: 'radio', external: true, options: Object.keys(DEAL_STAGES.hubspotToSalesforce) },
	{ name: 'pipeline', label: 'Pipeline', type: 'enumeration', fieldType: 'select', options: ['default'] },
	{ name: 'contract_end_date', label: 'Contract End Date', type: 'date', fieldType: 'date', custom: true },
	...COMMON,
];

const GROUPS: Record<HubSpotObject, [string, Def[]]> = {
	contacts: ['contactinformation', CONTACTS],
	companies: ['companyinformation', COMPANIES],
	deals: ['dealinformation', DEALS],
};

export function buildHubSpotSchema(): HsSchema {
	const build = (object: HubSpotObject) => {
		const [group, defs] = GROUPS[object];
		return new Map(defs.map((d, i) => [d.name, property(d, i, group)] as const));
	};
	return { contacts: build('contacts'), companies: build('companies'), deals: build('deals') };
}

/** Option values a write may use: the listed options, or for external-option properties the values the caller supplies. */
export function allowedOptions(p: HsProperty, external: (name: string) => string[]): string[] {
	return p.externalOptions ? external(p.name) : p.options.map((o) => o.value);
}

export const DEAL_PIPELINE_STAGES = Object.keys(DEAL_STAGES.hubspotToSalesforce);

/** What `properties` returns when a list/read asks for none (HubSpot's defaults per object). */
export const DEFAULT_PROPERTIES: Record<HubSpotObject, string[]> = {
	contacts: ['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname'],
	companies: ['createdate', 'domain', 'hs_lastmodifieddate', 'hs_object_id', 'name'],
	deals: ['amount', 'closedate', 'createdate', 'dealname', 'dealstage', 'hs_lastmodifieddate', 'hs_object_id', 'pipeline'],
};

/** `contacts`, `0-1`, `contact` … → the canonical object name, or undefined. */
export function resolveObjectType(raw: string): HubSpotObject | undefined {
	const aliases: Record<string, HubSpotObject> = {
		contacts: 'contacts',
		contact: 'contacts',
		'0-1': 'contacts',
		companies: 'companies',
		company: 'companies',
		'0-2': 'companies',
		deals: 'deals',
		deal: 'deals',
		'0-3': 'deals',
	};
	return aliases[raw.toLowerCase()];
}

/** Webhook subscription prefix per object (`contact.propertyChange`). */
export const EVENT_PREFIX: Record<HubSpotObject, string> = { contacts: 'contact', companies: 'company', deals: 'deal' };
