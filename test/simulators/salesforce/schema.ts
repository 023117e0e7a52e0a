/**
 * Salesforce describe metadata for Contact, Account, Opportunity, User and the field-history
 * objects. Mutable per simulator, because a schema change (a picklist gaining a value, a picklist
 * becoming a multi-select) is one of the faults.
 */
import type { SalesforceObject } from '../seed/model';
import {
	DEAL_STAGES,
	INDUSTRIES,
	LEAD_STATUSES,
	LIFECYCLE_STAGES,
	PRODUCT_INTERESTS,
} from '../seed/value-maps';

export type SfType =
	| 'id'
	| 'string'
	| 'email'
	| 'phone'
	| 'url'
	| 'textarea'
	| 'picklist'
	| 'multipicklist'
	| 'reference'
	| 'datetime'
	| 'date'
	| 'boolean'
	| 'double'
	| 'currency'
	| 'int'
	| 'anyType';

export interface PicklistValue {
	active: boolean;
	defaultValue: boolean;
	label: string;
	validFor: null;
	value: string;
}

export interface SfField {
	name: string;
	label: string;
	type: SfType;
	length: number;
	nillable: boolean;
	createable: boolean;
	updateable: boolean;
	unique: boolean;
	externalId: boolean;
	custom: boolean;
	calculated: boolean;
	filterable: boolean;
	sortable: boolean;
	picklistValues: PicklistValue[];
	restrictedPicklist: boolean;
	dependentPicklist: boolean;
	controllerName: null;
	referenceTo: string[];
	relationshipName: string | null;
	defaultedOnCreate: boolean;
	soapType: string;
}

export interface SfObjectSchema {
	name: string;
	label: string;
	labelPlural: string;
	keyPrefix: string;
	custom: boolean;
	createable: boolean;
	updateable: boolean;
	queryable: boolean;
	fields: SfField[];
	/** Lower-cased name → field (SOQL and the REST API are case-insensitive about field names). */
	byLower: Map<string, SfField>;
	/** Fields whose changes land in the history object. */
	tracked: string[];
	history?: { object: string; parentField: string };
}

export type SfSchema = Map<string, SfObjectSchema>;

type FieldSpec = [name: string, type: SfType, extra?: Partial<SfField> & { values?: readonly string[]; required?: boolean }];

const SOAP: Record<SfType, string> = {
	id: 'tns:ID', string: 'xsd:string', email: 'xsd:string', phone: 'xsd:string', url: 'xsd:string', textarea: 'xsd:string',
	picklist: 'xsd:string', multipicklist: 'xsd:string', reference: 'tns:ID', datetime: 'xsd:dateTime', date: 'xsd:date',
	boolean: 'xsd:boolean', double: 'xsd:double', currency: 'xsd:double', int: 'xsd:int', anyType: 'xsd:anyType',
};

const LENGTH: Partial<Record<SfType, number>> = { id: 18, reference: 18, string: 255, email: 80, phone: 40, url: 255, textarea: 32_000, picklist: 255, multipicklist: 4_099 };

const SYSTEM = new Set(['Id', 'CreatedDate', 'CreatedById', 'LastModifiedDate', 'LastModifiedById', 'SystemModstamp', 'IsDeleted']);

function label(name: string): string {
	return name.replace(/__c$/, '').replace(/_/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').replace(/ Id$/, ' ID');
}

function field([name, type, extra = {}]: FieldSpec): SfField {
	const system = SYSTEM.has(name);
	const { values, required, ...rest } = extra;
	return {
		name,
		label: label(name),
		type,
		length: LENGTH[type] ?? 0,
		nillable: !system && !required && type !== 'boolean',
		createable: !system,
		updateable: !system,
		unique: false,
		externalId: false,
		custom: name.endsWith('__c'),
		calculated: false,
		filterable: true,
		sortable: type !== 'multipicklist' && type !== 'textarea',
		picklistValues: (values ?? []).map((v) => ({ active: true, defaultValue: false, label: v, validFor: null, value: v })),
		restrictedPicklist: values !== undefined,
		dependentPicklist: false,
		controllerName: null,
		referenceTo: [],
		relationshipName: null,
		defaultedOnCreate: system || type === 'boolean',
		soapType: SOAP[type],
		...rest,
	};
}

const ref = (to: string, relationshipName: string): Partial<SfField> => ({ referenceTo: [to], relationshipName });

const AUDIT: FieldSpec[] = [
	['Id', 'id'],
	['CreatedDate', 'datetime'],
	['CreatedById', 'reference', ref('User', 'CreatedBy')],
	['LastModifiedDate', 'datetime'],
	['LastModifiedById', 'reference', ref('User', 'LastModifiedBy')],
	['SystemModstamp', 'datetime'],
	['IsDeleted', 'boolean'],
];

const OWNER: FieldSpec = ['OwnerId', 'reference', { ...ref('User', 'Owner'), defaultedOnCreate: true, nillable: false }];

interface ObjectSpec {
	label: string;
	plural: string;
	prefix: string;
	fields: FieldSpec[];
	tracked?: string[];
	history?: { object: string; parentField: string };
	readOnly?: boolean;
}

const SPECS: Record<string, ObjectSpec> = {
	Contact: {
		label: 'Contact',
		plural: 'Contacts',
		prefix: '003',
		fields: [
			...AUDIT,
			['FirstName', 'string', { length: 40 }],
			['LastName', 'string', { length: 80, required: true }],
			['Email', 'email'],
			['Phone', 'phone'],
			['Title', 'string', { length: 128 }],
			['Lifecycle_Stage__c', 'picklist', { values: Object.values(LIFECYCLE_STAGES.hubspotToSalesforce) }],
			['Lead_Status__c', 'picklist', { values: Object.values(LEAD_STATUSES.hubspotToSalesforce) }],
			['Product_Interest__c', 'multipicklist', { values: PRODUCT_INTERESTS }],
			OWNER,
			['AccountId', 'reference', ref('Account', 'Account')],
		],
		tracked: ['Email', 'FirstName', 'LastName', 'Phone', 'Title', 'Lifecycle_Stage__c', 'Lead_Status__c', 'Product_Interest__c', 'OwnerId', 'AccountId'],
		history: { object: 'ContactHistory', parentField: 'ContactId' },
	},
	Account: {
		label: 'Account',
		plural: 'Accounts',
		prefix: '001',
		fields: [
			...AUDIT,
			['Name', 'string', { required: true }],
			['Website', 'url'],
			['Industry', 'picklist', { values: Object.values(INDUSTRIES.hubspotToSalesforce), restrictedPicklist: false }],
			['NumberOfEmployees', 'int'],
			['AnnualRevenue', 'currency'],
			['Phone', 'phone'],
			OWNER,
		],
		tracked: ['Name', 'Website', 'Industry', 'NumberOfEmployees', 'AnnualRevenue', 'Phone', 'OwnerId'],
		history: { object: 'AccountHistory', parentField: 'AccountId' },
	},
	Opportunity: {
		label: 'Opportunity',
		plural: 'Opportunities',
		prefix: '006',
		fields: [
			...AUDIT,
			['Name', 'string', { length: 120, required: true }],
			['Amount', 'currency'],
			['CloseDate', 'date', { required: true }],
			['StageName', 'picklist', { values: Object.values(DEAL_STAGES.hubspotToSalesforce), required: true }],
			OWNER,
			['AccountId', 'reference', ref('Account', 'Account')],
			['Contract_End_Date__c', 'date'],
			['HubSpot_Deal_Id__c', 'string', { length: 32, unique: true, externalId: true }],
		],
		tracked: ['Name', 'Amount', 'CloseDate', 'StageName', 'OwnerId', 'AccountId', 'Contract_End_Date__c'],
		history: { object: 'OpportunityFieldHistory', parentField: 'OpportunityId' },
	},
	User: {
		label: 'User',
		plural: 'Users',
		prefix: '005',
		fields: [
			...AUDIT,
			['Username', 'string', { required: true, unique: true }],
			['FirstName', 'string'],
			['LastName', 'string', { required: true }],
			['Name', 'string', { createable: false, updateable: false }],
			['Email', 'email', { required: true }],
			['IsActive', 'boolean'],
		],
		readOnly: true,
	},
};

function historySpec(object: string, parentField: string, parent: string): ObjectSpec {
	return {
		label: `${parent} History`,
		plural: `${parent} History`,
		prefix: '017',
		fields: [
			['Id', 'id'],
			[parentField, 'reference', ref(parent, parent)],
			['Field', 'picklist'],
			['DataType', 'picklist'],
			['OldValue', 'anyType'],
			['NewValue', 'anyType'],
			['CreatedDate', 'datetime'],
			['CreatedById', 'reference', ref('User', 'CreatedBy')],
			['IsDeleted', 'boolean'],
		],
		readOnly: true,
	};
}

function build(name: string, spec: ObjectSpec): SfObjectSchema {
	const fields = spec.fields.map((f) => {
		const built = field(f);
		return spec.readOnly ? { ...built, createable: false, updateable: false } : built;
	});
	return {
		name,
		label: spec.label,
		labelPlural: spec.plural,
		keyPrefix: spec.prefix,
		custom: false,
		createable: !spec.readOnly,
		updateable: !spec.readOnly,
		queryable: true,
		fields,
		byLower: new Map(fields.map((f) => [f.name.toLowerCase(), f])),
		tracked: spec.tracked ?? [],
		history: spec.history,
	};
}

export function buildSalesforceSchema(): SfSchema {
	const schema: SfSchema = new Map();
	for (const [name, spec] of Object.entries(SPECS)) {
		schema.set(name, build(name, spec));
		if (spec.history) schema.set(spec.history.object, build(spec.history.object, historySpec(spec.history.object, spec.history.parentField, name)));
	}
	return schema;
}

/** Case-insensitive object lookup (`contact` → Contact). */
export function findObject(schema: SfSchema, name: string): SfObjectSchema | undefined {
	const lower = name.toLowerCase();
	for (const o of schema.values()) if (o.name.toLowerCase() === lower) return o;
	return undefined;
}

export const DATA_OBJECTS: readonly SalesforceObject[] = ['Contact', 'Account', 'Opportunity'];
