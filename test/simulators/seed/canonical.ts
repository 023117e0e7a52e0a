/**
 * The people, companies and deals "out there", before either CRM records them. Both simulators
 * project the same canonical data, so a reconciliation can match records across the two.
 */
import type { Rng } from '../common/prng';
import { DAY_MS } from '../common/format';
import { makeId } from '../salesforce/ids';
import {
	DEAL_STAGES,
	INDUSTRIES,
	LEAD_STATUSES,
	LIFECYCLE_STAGES,
	PRODUCT_INTERESTS,
	type Owner,
} from './value-maps';
import { AREA_CODES, COMPANY_SUFFIXES, COMPANY_WORDS, FIRST_NAMES, JOB_TITLES, LAST_NAMES } from './words';

export interface Person {
	firstName: string;
	lastName: string;
	email: string;
	phoneDigits: string;
	title: string;
	company: number;
	lifecycle: string;
	leadStatus: string;
	interests: string[];
	owner: number;
	createdAt: number;
}

export interface Company {
	name: string;
	domain: string;
	industry: string;
	employees: number;
	revenue: number;
	phoneDigits: string;
	owner: number;
	createdAt: number;
}

export interface Deal {
	name: string;
	amount: number;
	closeDate: string;
	stage: string;
	contractEnd: string | null;
	company: number;
	owner: number;
	createdAt: number;
}

export interface Canonical {
	owners: Owner[];
	people: Person[];
	companies: Company[];
	deals: Deal[];
}

export interface CanonicalSize {
	contacts: number;
	companies: number;
	deals: number;
	owners: number;
}

const TWO_YEARS = 730 * DAY_MS;

export function generateCanonical(rng: Rng, size: CanonicalSize, seedTime: number): Canonical {
	const owners = generateOwners(rng.fork('owners'), size.owners);
	const companies = generateCompanies(rng.fork('companies'), size.companies, size.owners, seedTime);
	const people = generatePeople(rng.fork('people'), size.contacts, companies, seedTime);
	const deals = generateDeals(rng.fork('deals'), size.deals, companies, size.owners, seedTime);
	return { owners, people, companies, deals };
}

function generateOwners(rng: Rng, n: number): Owner[] {
	return Array.from({ length: n }, (_, i) => {
		const firstName = FIRST_NAMES[(i * 7 + 3) % FIRST_NAMES.length];
		const lastName = LAST_NAMES[(i * 11 + 5) % LAST_NAMES.length];
		return {
			hubspotOwnerId: String(71_000_000 + i * 1117 + rng.int(1000)),
			hubspotUserId: 9_100_000 + i * 13,
			salesforceUserId: makeId('005', i + 1),
			email: `${firstName}.${lastName}@simcrm-sales.example`.toLowerCase(),
			firstName,
			lastName,
		};
	});
}

function phoneDigits(rng: Rng): string {
	return `${rng.pick(AREA_CODES)}555${String(rng.int(10_000)).padStart(4, '0')}`;
}

function generateCompanies(rng: Rng, n: number, owners: number, seedTime: number): Company[] {
	const names = new Set<string>();
	const industries = Object.keys(INDUSTRIES.hubspotToSalesforce);
	return Array.from({ length: n }, () => {
		const word = rng.pick(COMPANY_WORDS);
		const suffix = rng.pick(COMPANY_SUFFIXES);
		let name = `${word} ${suffix}`;
		if (names.has(name)) name = `${word} ${rng.pick(COMPANY_WORDS)} ${suffix}`;
		for (let k = 2; names.has(name); k++) name = `${word} ${suffix} ${k}`;
		names.add(name);
		const employees = rng.weighted([[rng.range(2, 50), 5], [rng.range(51, 500), 3], [rng.range(501, 20_000), 1]] as const);
		return {
			name,
			domain: `${name.toLowerCase().replace(/[^a-z0-9]+/g, '')}.example`,
			industry: rng.pick(industries),
			employees,
			revenue: employees * rng.range(80, 400) * 1000,
			phoneDigits: phoneDigits(rng),
			owner: rng.int(owners),
			createdAt: seedTime - TWO_YEARS - rng.int(365 * DAY_MS),
		};
	});
}

function generatePeople(rng: Rng, n: number, companies: Company[], seedTime: number): Person[] {
	const emails = new Set<string>();
	const lifecycles = Object.keys(LIFECYCLE_STAGES.hubspotToSalesforce);
	const statuses = Object.keys(LEAD_STATUSES.hubspotToSalesforce);
	return Array.from({ length: n }, () => {
		const firstName = rng.pick(FIRST_NAMES);
		const lastName = rng.pick(LAST_NAMES);
		const company = rng.int(companies.length);
		const local = `${firstName}.${lastName}`.toLowerCase();
		let email = `${local}@${companies[company].domain}`;
		for (let k = 2; emails.has(email); k++) email = `${local}${k}@${companies[company].domain}`;
		emails.add(email);
		return {
			firstName,
			lastName,
			email,
			phoneDigits: phoneDigits(rng),
			title: rng.pick(JOB_TITLES),
			company,
			lifecycle: rng.weighted(lifecycles.map((l, i) => [l, i < 4 ? 4 : 1] as const)),
			leadStatus: rng.pick(statuses),
			interests: rng.sample(PRODUCT_INTERESTS, rng.weighted([[0, 2], [1, 4], [2, 3], [3, 1]] as const)),
			owner: companies[company].owner,
			createdAt: seedTime - rng.int(TWO_YEARS),
		};
	});
}

function generateDeals(rng: Rng, n: number, companies: Company[], owners: number, seedTime: number): Deal[] {
	const stages = Object.keys(DEAL_STAGES.hubspotToSalesforce);
	return Array.from({ length: n }, (_, i) => {
		const company = rng.int(companies.length);
		const createdAt = seedTime - rng.int(TWO_YEARS);
		const close = createdAt + rng.range(14, 180) * DAY_MS;
		const closeDate = new Date(close).toISOString().slice(0, 10);
		return {
			name: `${companies[company].name} - ${rng.pick(PRODUCT_INTERESTS)} ${i + 1}`,
			amount: rng.range(5, 2_000) * 100,
			closeDate,
			stage: rng.pick(stages),
			contractEnd: rng.chance(0.7) ? new Date(close + rng.range(1, 3) * 365 * DAY_MS).toISOString().slice(0, 10) : null,
			company,
			owner: rng.chance(0.8) ? companies[company].owner : rng.int(owners),
			createdAt,
		};
	});
}
