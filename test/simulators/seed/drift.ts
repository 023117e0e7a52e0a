/**
 * Ways the two CRMs come to disagree about the same record. "format" drifts are values a person
 * would call equal (email case, phone punctuation, multi-select order, `1200` vs `1200.00`, a date
 * entered as local midnight); "real" drifts are genuine disagreements (title, stage, amount, tags,
 * owner). The side that changed is always the more recent one, which the manifest records.
 */
import type { Rng } from '../common/prng';
import { DAY_MS, formatPhone, isoMs, zonedMidnight, type PhoneStyle } from '../common/format';
import type { HubSpotObject } from './model';
import { PORTAL_TIME_ZONE } from './model';
import {
	DEAL_STAGES,
	INDUSTRIES,
	LEAD_STATUSES,
	LIFECYCLE_STAGES,
	PRODUCT_INTERESTS,
	type Owner,
} from './value-maps';
import { JOB_TITLES, LAST_NAMES } from './words';

export type Side = 'hubspot' | 'salesforce';

export interface DriftPair {
	hs: Record<string, string | null>;
	sf: Record<string, unknown>;
	owners: Owner[];
}

export interface DriftKind {
	variant: string;
	kind: 'format' | 'real';
	hubspot: string;
	salesforce: string;
	/** Sides on which this difference realistically arises. */
	sides: readonly Side[];
	applies?: (p: DriftPair) => boolean;
	mutate: (p: DriftPair, side: Side, rng: Rng) => void;
}

const BOTH: readonly Side[] = ['hubspot', 'salesforce'];
const PHONE_STYLES: PhoneStyle[] = ['us', 'e164', 'dotted'];

const digitsOf = (v: unknown) => String(v ?? '').replace(/\D/g, '').replace(/^1(?=\d{10}$)/, '');

function otherThan<T>(rng: Rng, items: readonly T[], current: T): T {
	const rest = items.filter((i) => i !== current);
	return rest.length > 0 ? rng.pick(rest) : current;
}

/** Sets a mapped enum on one side: HubSpot gets the option value, Salesforce the mapped label. */
function enumDrift(variant: string, hubspot: string, salesforce: string, map: Record<string, string>): DriftKind {
	return {
		variant,
		kind: 'real',
		hubspot,
		salesforce,
		sides: BOTH,
		mutate: (p, side, rng) => {
			const next = otherThan(rng, Object.keys(map), p.hs[hubspot] ?? '');
			if (side === 'hubspot') p.hs[hubspot] = next;
			else p.sf[salesforce] = map[next];
		},
	};
}

function ownerDrift(): DriftKind {
	return {
		variant: 'owner',
		kind: 'real',
		hubspot: 'hubspot_owner_id',
		salesforce: 'OwnerId',
		sides: BOTH,
		mutate: (p, side, rng) => {
			const current = p.owners.find((o) => o.hubspotOwnerId === p.hs.hubspot_owner_id);
			const next = otherThan(rng, p.owners, current);
			if (side === 'hubspot') p.hs.hubspot_owner_id = next?.hubspotOwnerId ?? null;
			else p.sf.OwnerId = next?.salesforceUserId;
		},
	};
}

function phoneFormatDrift(): DriftKind {
	return {
		variant: 'phone-format',
		kind: 'format',
		hubspot: 'phone',
		salesforce: 'Phone',
		sides: BOTH,
		applies: (p) => p.hs.phone !== null,
		mutate: (p, side, rng) => {
			const styled = formatPhone(digitsOf(p.hs.phone), rng.pick(PHONE_STYLES));
			if (side === 'hubspot') p.hs.phone = styled;
			else p.sf.Phone = styled;
		},
	};
}

function textDrift(variant: string, hubspot: string, salesforce: string, choices: readonly string[]): DriftKind {
	return {
		variant,
		kind: 'real',
		hubspot,
		salesforce,
		sides: BOTH,
		mutate: (p, side, rng) => {
			const next = otherThan(rng, choices, p.hs[hubspot] ?? '');
			if (side === 'hubspot') p.hs[hubspot] = next;
			else p.sf[salesforce] = next;
		},
	};
}

function numberDrift(variant: string, hubspot: string, salesforce: string): DriftKind {
	return {
		variant,
		kind: 'real',
		hubspot,
		salesforce,
		sides: BOTH,
		mutate: (p, side, rng) => {
			const current = Number(p.hs[hubspot] ?? 0);
			const next = Math.max(1, Math.round(current * (rng.chance(0.5) ? 1.2 : 0.75)));
			if (side === 'hubspot') p.hs[hubspot] = String(next);
			else p.sf[salesforce] = next;
		},
	};
}

const CONTACT_DRIFTS: DriftKind[] = [
	{
		variant: 'email-case',
		kind: 'format',
		hubspot: 'email',
		salesforce: 'Email',
		// HubSpot lowercases emails; a person typing into Salesforce does not.
		sides: ['salesforce'],
		mutate: (p) => {
			p.sf.Email = String(p.sf.Email).replace(/(^|[.@])([a-z])/g, (_, sep: string, c: string) => sep + c.toUpperCase());
		},
	},
	{
		variant: 'email-whitespace',
		kind: 'format',
		hubspot: 'email',
		salesforce: 'Email',
		sides: ['salesforce'],
		mutate: (p) => {
			p.sf.Email = ` ${String(p.sf.Email)} `;
		},
	},
	phoneFormatDrift(),
	{
		variant: 'multiselect-order',
		kind: 'format',
		hubspot: 'product_interest',
		salesforce: 'Product_Interest__c',
		sides: BOTH,
		applies: (p) => (p.hs.product_interest ?? '').includes(';'),
		mutate: (p, side) => {
			const reversed = (p.hs.product_interest ?? '').split(';').reverse().join(';');
			if (side === 'hubspot') p.hs.product_interest = reversed;
			else p.sf.Product_Interest__c = reversed;
		},
	},
	textDrift('title', 'jobtitle', 'Title', JOB_TITLES),
	textDrift('lastname', 'lastname', 'LastName', LAST_NAMES),
	enumDrift('lifecycle-stage', 'lifecyclestage', 'Lifecycle_Stage__c', LIFECYCLE_STAGES.hubspotToSalesforce),
	enumDrift('lead-status', 'hs_lead_status', 'Lead_Status__c', LEAD_STATUSES.hubspotToSalesforce),
	{
		variant: 'tags',
		kind: 'real',
		hubspot: 'product_interest',
		salesforce: 'Product_Interest__c',
		sides: BOTH,
		mutate: (p, side, rng) => {
			const current = (p.hs.product_interest ?? '').split(';').filter(Boolean);
			const missing = PRODUCT_INTERESTS.filter((v) => !current.includes(v));
			const next =
				current.length > 0 && (missing.length === 0 || rng.chance(0.4))
					? current.filter((v) => v !== rng.pick(current))
					: [...current, rng.pick(missing)];
			const value = next.join(';');
			if (side === 'hubspot') p.hs.product_interest = value === '' ? null : value;
			else p.sf.Product_Interest__c = value === '' ? null : value;
		},
	},
	{
		variant: 'phone-number',
		kind: 'real',
		hubspot: 'phone',
		salesforce: 'Phone',
		sides: BOTH,
		mutate: (p, side, rng) => {
			const next = formatPhone(`${digitsOf(p.hs.phone).slice(0, 6) || '415555'}${String(rng.int(10_000)).padStart(4, '0')}`, 'intl');
			if (side === 'hubspot') p.hs.phone = next;
			else p.sf.Phone = next;
		},
	},
	ownerDrift(),
];

const COMPANY_DRIFTS: DriftKind[] = [
	{
		variant: 'website-format',
		kind: 'format',
		hubspot: 'domain',
		salesforce: 'Website',
		sides: ['salesforce'],
		mutate: (p) => {
			p.sf.Website = `https://www.${String(p.sf.Website)}`;
		},
	},
	phoneFormatDrift(),
	{
		variant: 'revenue-decimals',
		kind: 'format',
		hubspot: 'annualrevenue',
		salesforce: 'AnnualRevenue',
		sides: ['hubspot'],
		mutate: (p) => {
			p.hs.annualrevenue = `${p.hs.annualrevenue}.00`;
		},
	},
	numberDrift('employees', 'numberofemployees', 'NumberOfEmployees'),
	numberDrift('annual-revenue', 'annualrevenue', 'AnnualRevenue'),
	enumDrift('industry', 'industry', 'Industry', INDUSTRIES.hubspotToSalesforce),
	ownerDrift(),
];

const DEAL_DRIFTS: DriftKind[] = [
	{
		variant: 'amount-decimals',
		kind: 'format',
		hubspot: 'amount',
		salesforce: 'Amount',
		sides: ['hubspot'],
		mutate: (p) => {
			p.hs.amount = `${p.hs.amount}.00`;
		},
	},
	{
		variant: 'closedate-zone',
		kind: 'format',
		hubspot: 'closedate',
		salesforce: 'CloseDate',
		// A close date picked in the HubSpot UI is midnight in the portal's zone, not UTC.
		sides: ['hubspot'],
		mutate: (p) => {
			p.hs.closedate = isoMs(zonedMidnight(String(p.sf.CloseDate), PORTAL_TIME_ZONE));
		},
	},
	numberDrift('amount', 'amount', 'Amount'),
	enumDrift('deal-stage', 'dealstage', 'StageName', DEAL_STAGES.hubspotToSalesforce),
	{
		variant: 'closedate',
		kind: 'real',
		hubspot: 'closedate',
		salesforce: 'CloseDate',
		sides: BOTH,
		mutate: (p, side, rng) => {
			const shifted = Date.parse(`${String(p.sf.CloseDate)}T00:00:00Z`) + rng.range(7, 60) * DAY_MS;
			if (side === 'hubspot') p.hs.closedate = isoMs(shifted);
			else p.sf.CloseDate = isoMs(shifted).slice(0, 10);
		},
	},
	{
		variant: 'contract-end-date',
		kind: 'real',
		hubspot: 'contract_end_date',
		salesforce: 'Contract_End_Date__c',
		sides: BOTH,
		mutate: (p, side, rng) => {
			const base = p.hs.contract_end_date ?? String(p.sf.CloseDate);
			const next = isoMs(Date.parse(`${base}T00:00:00Z`) + rng.range(30, 365) * DAY_MS).slice(0, 10);
			if (side === 'hubspot') p.hs.contract_end_date = next;
			else p.sf.Contract_End_Date__c = next;
		},
	},
	ownerDrift(),
];

export const DRIFT_KINDS: Record<HubSpotObject, DriftKind[]> = {
	contacts: CONTACT_DRIFTS,
	companies: COMPANY_DRIFTS,
	deals: DEAL_DRIFTS,
};
