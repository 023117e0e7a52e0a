/**
 * Ways the two CRMs come to disagree about the same record. "format" drifts are values a person
 * would call equal (email case, phone punctuation, multi-select order, `1200` vs `1200.00`, a date
 * entered as local midnight); "real" drifts are genuine disagreements (title, stage, amount, tags,
 * owner). Each kind proposes the changed value as each side would spell it; the plan applies it to
 * one side, which is then the more recent one.
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
	/** The drifted value, as HubSpot and as Salesforce would hold it; only the chosen side's is applied. */
	change: (p: DriftPair, rng: Rng) => readonly [hubspot: string | null, salesforce: unknown];
}

const BOTH: readonly Side[] = ['hubspot', 'salesforce'];
const PHONE_STYLES: PhoneStyle[] = ['us', 'e164', 'dotted'];

const digitsOf = (v: unknown) => String(v ?? '').replace(/\D/g, '').replace(/^1(?=\d{10}$)/, '');

function otherThan<T>(rng: Rng, items: readonly T[], current: T): T {
	const rest = items.filter((i) => i !== current);
	return rest.length > 0 ? rng.pick(rest) : current;
}

/** A real difference in a field spelled the same on both sides. */
function same(variant: string, hubspot: string, salesforce: string, next: (p: DriftPair, rng: Rng) => string | null): DriftKind {
	return { variant, kind: 'real', hubspot, salesforce, sides: BOTH, change: (p, rng) => { const v = next(p, rng); return [v, v]; } };
}

/** A mapped enum: HubSpot holds the option value, Salesforce the mapped label. */
function enumDrift(variant: string, hubspot: string, salesforce: string, map: Record<string, string>): DriftKind {
	return {
		variant,
		kind: 'real',
		hubspot,
		salesforce,
		sides: BOTH,
		change: (p, rng) => {
			const next = otherThan(rng, Object.keys(map), p.hs[hubspot] ?? '');
			return [next, map[next]];
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
		change: (p, rng) => {
			const next = Math.max(1, Math.round(Number(p.hs[hubspot] ?? 0) * (rng.chance(0.5) ? 1.2 : 0.75)));
			return [String(next), next];
		},
	};
}

const ownerDrift: DriftKind = {
	variant: 'owner',
	kind: 'real',
	hubspot: 'hubspot_owner_id',
	salesforce: 'OwnerId',
	sides: BOTH,
	change: (p, rng) => {
		const next = otherThan(rng, p.owners, p.owners.find((o) => o.hubspotOwnerId === p.hs.hubspot_owner_id));
		return [next?.hubspotOwnerId ?? null, next?.salesforceUserId];
	},
};

const phoneFormatDrift: DriftKind = {
	variant: 'phone-format',
	kind: 'format',
	hubspot: 'phone',
	salesforce: 'Phone',
	sides: BOTH,
	applies: (p) => p.hs.phone !== null,
	change: (p, rng) => {
		const styled = formatPhone(digitsOf(p.hs.phone), rng.pick(PHONE_STYLES));
		return [styled, styled];
	},
};

/** Salesforce-only formatting of a value HubSpot keeps canonical. */
function salesforceFormat(variant: string, hubspot: string, salesforce: string, format: (v: unknown) => string): DriftKind {
	return { variant, kind: 'format', hubspot, salesforce, sides: ['salesforce'], change: (p) => [p.hs[hubspot], format(p.sf[salesforce])] };
}

/** HubSpot-only formatting of a value Salesforce keeps canonical. */
function hubspotFormat(variant: string, hubspot: string, salesforce: string, format: (p: DriftPair) => string): DriftKind {
	return { variant, kind: 'format', hubspot, salesforce, sides: ['hubspot'], change: (p) => [format(p), p.sf[salesforce]] };
}

function toggleTag(p: DriftPair, rng: Rng): string | null {
	const current = (p.hs.product_interest ?? '').split(';').filter(Boolean);
	const missing = PRODUCT_INTERESTS.filter((v) => !current.includes(v));
	const next =
		current.length > 0 && (missing.length === 0 || rng.chance(0.4))
			? current.filter((v) => v !== rng.pick(current))
			: [...current, rng.pick(missing)];
	return next.length > 0 ? next.join(';') : null;
}

const CONTACT_DRIFTS: DriftKind[] = [
	// HubSpot lowercases emails; a person typing into Salesforce does not.
	salesforceFormat('email-case', 'email', 'Email', (v) => String(v).replace(/(^|[.@])([a-z])/g, (_, sep: string, c: string) => sep + c.toUpperCase())),
	salesforceFormat('email-whitespace', 'email', 'Email', (v) => ` ${String(v)} `),
	phoneFormatDrift,
	{
		variant: 'multiselect-order',
		kind: 'format',
		hubspot: 'product_interest',
		salesforce: 'Product_Interest__c',
		sides: BOTH,
		applies: (p) => (p.hs.product_interest ?? '').includes(';'),
		change: (p) => {
			const reversed = (p.hs.product_interest ?? '').split(';').reverse().join(';');
			return [reversed, reversed];
		},
	},
	same('title', 'jobtitle', 'Title', (p, rng) => otherThan(rng, JOB_TITLES, p.hs.jobtitle ?? '')),
	same('lastname', 'lastname', 'LastName', (p, rng) => otherThan(rng, LAST_NAMES, p.hs.lastname ?? '')),
	enumDrift('lifecycle-stage', 'lifecyclestage', 'Lifecycle_Stage__c', LIFECYCLE_STAGES.hubspotToSalesforce),
	enumDrift('lead-status', 'hs_lead_status', 'Lead_Status__c', LEAD_STATUSES.hubspotToSalesforce),
	same('tags', 'product_interest', 'Product_Interest__c', toggleTag),
	same('phone-number', 'phone', 'Phone', (p, rng) =>
		formatPhone(`${digitsOf(p.hs.phone).slice(0, 6) || '415555'}${String(rng.int(10_000)).padStart(4, '0')}`, 'intl'),
	),
	ownerDrift,
];

const COMPANY_DRIFTS: DriftKind[] = [
	salesforceFormat('website-format', 'domain', 'Website', (v) => `https://www.${String(v)}`),
	phoneFormatDrift,
	hubspotFormat('revenue-decimals', 'annualrevenue', 'AnnualRevenue', (p) => `${p.hs.annualrevenue}.00`),
	numberDrift('employees', 'numberofemployees', 'NumberOfEmployees'),
	numberDrift('annual-revenue', 'annualrevenue', 'AnnualRevenue'),
	enumDrift('industry', 'industry', 'Industry', INDUSTRIES.hubspotToSalesforce),
	ownerDrift,
];

const dayAfter = (date: string, days: number) => isoMs(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS);

const DEAL_DRIFTS: DriftKind[] = [
	hubspotFormat('amount-decimals', 'amount', 'Amount', (p) => `${p.hs.amount}.00`),
	// A close date picked in the HubSpot UI is midnight in the portal's zone, not UTC.
	hubspotFormat('closedate-zone', 'closedate', 'CloseDate', (p) => isoMs(zonedMidnight(String(p.sf.CloseDate), PORTAL_TIME_ZONE))),
	numberDrift('amount', 'amount', 'Amount'),
	enumDrift('deal-stage', 'dealstage', 'StageName', DEAL_STAGES.hubspotToSalesforce),
	{
		variant: 'closedate',
		kind: 'real',
		hubspot: 'closedate',
		salesforce: 'CloseDate',
		sides: BOTH,
		change: (p, rng) => {
			const shifted = dayAfter(String(p.sf.CloseDate), rng.range(7, 60));
			return [shifted, shifted.slice(0, 10)];
		},
	},
	same('contract-end-date', 'contract_end_date', 'Contract_End_Date__c', (p, rng) =>
		dayAfter(p.hs.contract_end_date ?? String(p.sf.CloseDate), rng.range(30, 365)).slice(0, 10),
	),
	ownerDrift,
];

export const DRIFT_KINDS: Record<HubSpotObject, DriftKind[]> = {
	contacts: CONTACT_DRIFTS,
	companies: COMPANY_DRIFTS,
	deals: DEAL_DRIFTS,
};
