/**
 * Builds the seed plan: projects each canonical entity onto the side(s) it exists on, drifts some
 * of those on both sides (see apply-drift.ts), adds Salesforce duplicates, and keeps the manifest.
 */
import type { Rng } from '../common/prng';
import { DAY_MS, formatPhone } from '../common/format';
import { KEY_PREFIX, makeId } from '../salesforce/ids';
import { driftRecord } from './apply-drift';
import type { Canonical } from './canonical';
import type { DriftPair } from './drift';
import { HUBSPOT_ID_BASE, SALESFORCE_IDENTITY } from './identities';
import type { HubSpotObject, SalesforceObject } from './model';
import type { ResolvedSeedOptions, SeedPlan } from './plan';
import type { HsSeedRecord, SfSeedRecord } from './sides';
import { DEAL_STAGES, INDUSTRIES, LEAD_STATUSES, LIFECYCLE_STAGES } from './value-maps';

const SF_OBJECT: Record<HubSpotObject, SalesforceObject> = { contacts: 'Contact', companies: 'Account', deals: 'Opportunity' };

type Presence = 'both' | 'hubspot' | 'salesforce';

export class PlanBuilder {
	private readonly presence: Rng;
	private readonly driftRng: Rng;
	private readonly lagRng: Rng;
	private readonly dupRng: Rng;
	private readonly plan: SeedPlan;
	private readonly sfCounter: Record<string, number> = { Contact: 0, Account: 0, Opportunity: 0 };
	private readonly companyHubSpotName: Array<string | null> = [];
	private readonly companySalesforceId: Array<string | null> = [];

	constructor(private readonly o: ResolvedSeedOptions, private readonly canon: Canonical, rng: Rng) {
		this.presence = rng.fork('presence');
		this.driftRng = rng.fork('drift');
		this.lagRng = rng.fork('lag');
		this.dupRng = rng.fork('duplicates');
		this.plan = {
			options: o,
			owners: canon.owners,
			hubspot: { contacts: [], companies: [], deals: [] },
			salesforce: { Contact: [], Account: [], Opportunity: [], User: [] },
			manifest: {
				options: o,
				owners: canon.owners,
				counts: { hubspot: { contacts: 0, companies: 0, deals: 0 }, salesforce: { Contact: 0, Account: 0, Opportunity: 0 } },
				drift: [],
				onlyInHubSpot: [],
				onlyInSalesforce: [],
				duplicates: [],
			},
		};
	}

	build(): SeedPlan {
		this.plan.salesforce.User = this.users();
		this.canon.companies.forEach((c, i) => {
			const { hs, sf } = this.add('companies', c.createdAt, c.owner, {
				hs: {
					name: c.name,
					domain: c.domain,
					industry: c.industry,
					numberofemployees: String(c.employees),
					annualrevenue: String(c.revenue),
					phone: formatPhone(c.phoneDigits, 'intl'),
				},
				sf: {
					Name: c.name,
					Website: c.domain,
					Industry: INDUSTRIES.hubspotToSalesforce[c.industry],
					NumberOfEmployees: c.employees,
					AnnualRevenue: c.revenue,
					Phone: formatPhone(c.phoneDigits, 'intl'),
				},
			});
			this.companyHubSpotName[i] = hs ? c.name : null;
			this.companySalesforceId[i] = sf ? String(sf.fields.Id) : null;
		});
		this.canon.people.forEach((p) => {
			const interests = p.interests.join(';') || null;
			const phone = formatPhone(p.phoneDigits, 'intl');
			const { sf } = this.add('contacts', p.createdAt, p.owner, {
				hs: {
					email: p.email,
					firstname: p.firstName,
					lastname: p.lastName,
					phone,
					jobtitle: p.title,
					company: this.companyHubSpotName[p.company] ?? null,
					lifecyclestage: p.lifecycle,
					hs_lead_status: p.leadStatus,
					product_interest: interests,
				},
				sf: {
					Email: p.email,
					FirstName: p.firstName,
					LastName: p.lastName,
					Phone: phone,
					Title: p.title,
					Lifecycle_Stage__c: LIFECYCLE_STAGES.hubspotToSalesforce[p.lifecycle],
					Lead_Status__c: LEAD_STATUSES.hubspotToSalesforce[p.leadStatus],
					Product_Interest__c: interests,
					AccountId: this.companySalesforceId[p.company] ?? null,
				},
			});
			if (sf && this.dupRng.chance(this.o.duplicateRate)) this.duplicate(sf);
		});
		this.canon.deals.forEach((d) => {
			this.add('deals', d.createdAt, d.owner, {
				hs: {
					dealname: d.name,
					amount: String(d.amount),
					closedate: `${d.closeDate}T00:00:00.000Z`,
					dealstage: d.stage,
					pipeline: 'default',
					contract_end_date: d.contractEnd,
				},
				sf: {
					Name: d.name,
					Amount: d.amount,
					CloseDate: d.closeDate,
					StageName: DEAL_STAGES.hubspotToSalesforce[d.stage],
					Contract_End_Date__c: d.contractEnd,
					AccountId: this.companySalesforceId[d.company] ?? null,
					HubSpot_Deal_Id__c: null,
				},
			});
		});
		return this.plan;
	}

	private users(): SfSeedRecord[] {
		const audit = this.audit(this.o.seedTime - 3 * 365 * DAY_MS, SALESFORCE_IDENTITY.integrationUserId);
		const user = (Id: string, FirstName: string, LastName: string, Email: string): SfSeedRecord => ({
			fields: { Id, FirstName, LastName, Name: `${FirstName} ${LastName}`, Email, Username: Email, IsActive: true, ...audit },
			history: [],
		});
		return [
			...this.canon.owners.map((o) => user(o.salesforceUserId, o.firstName, o.lastName, o.email)),
			user(SALESFORCE_IDENTITY.integrationUserId, 'Integration', 'User', 'integration@simcrm-sales.example'),
		];
	}

	private audit(at: number, by: string): Record<string, unknown> {
		const t = Math.floor(at / 1000) * 1000;
		return { CreatedDate: t, CreatedById: by, LastModifiedDate: t, LastModifiedById: by, SystemModstamp: t, IsDeleted: false };
	}

	private rollPresence(): Presence {
		const r = this.presence.next();
		if (r < this.o.onlyInHubSpotRate) return 'hubspot';
		if (r < this.o.onlyInHubSpotRate + this.o.onlyInSalesforceRate) return 'salesforce';
		return 'both';
	}

	/** Adds one canonical entity to the side(s) it exists on, drifting it if it exists on both. */
	private add(
		object: HubSpotObject,
		createdAt: number,
		ownerIdx: number,
		values: { hs: Record<string, string | null>; sf: Record<string, unknown> },
	): { hs?: HsSeedRecord; sf?: SfSeedRecord } {
		const owner = this.canon.owners[ownerIdx];
		const presence = this.rollPresence();
		const sfObject = SF_OBJECT[object];
		const hsList = this.plan.hubspot[object];
		const hsId = String(HUBSPOT_ID_BASE[object] + hsList.length);
		const pair: DriftPair = {
			hs: { ...values.hs, hubspot_owner_id: owner.hubspotOwnerId },
			sf: { ...values.sf, OwnerId: owner.salesforceUserId },
			owners: this.canon.owners,
		};
		if (object === 'deals' && presence === 'both') pair.sf.HubSpot_Deal_Id__c = hsId;
		const initial = { hs: { ...pair.hs }, sf: { ...pair.sf } };
		// The Salesforce copy was created by the earlier sync a few seconds after the HubSpot one.
		const sfCreated = presence === 'both' ? createdAt + this.lagRng.range(2_000, 30_000) : createdAt;
		const creator = presence === 'salesforce' ? owner.salesforceUserId : SALESFORCE_IDENTITY.integrationUserId;
		const sfId = makeId(KEY_PREFIX[sfObject], ++this.sfCounter[sfObject]);
		const hs: HsSeedRecord | undefined =
			presence === 'salesforce'
				? undefined
				: {
						id: hsId,
						properties: pair.hs,
						createdAt,
						updatedAt: createdAt,
						createdBy: { sourceType: 'CRM_UI', sourceId: `userId:${owner.hubspotUserId}`, updatedByUserId: owner.hubspotUserId },
						history: {},
					};
		const sf: SfSeedRecord | undefined =
			presence === 'hubspot' ? undefined : { fields: { Id: sfId, ...pair.sf, ...this.audit(sfCreated, creator) }, history: [] };
		if (hs && sf && this.driftRng.chance(this.o.driftRate)) {
			driftRecord({ options: this.o, rng: this.driftRng, owners: this.canon.owners, manifest: this.plan.manifest }, { object, pair, initial, hs, sf });
		}
		if (hs) {
			hsList.push(hs);
			this.plan.manifest.counts.hubspot[object]++;
		}
		if (sf) {
			Object.assign(sf.fields, pair.sf, { Id: sfId });
			this.plan.salesforce[sfObject].push(sf);
			this.plan.manifest.counts.salesforce[sfObject]++;
		}
		if (presence === 'hubspot') this.plan.manifest.onlyInHubSpot.push({ object, id: hsId });
		if (presence === 'salesforce') this.plan.manifest.onlyInSalesforce.push({ object: sfObject, id: sfId });
		return { hs, sf };
	}

	/** A second Salesforce Contact for the same person: same email, another title and phone, created later. */
	private duplicate(original: SfSeedRecord): void {
		const rng = this.dupRng;
		const created = Number(original.fields.CreatedDate) + rng.range(1, 90) * DAY_MS;
		const owner = rng.pick(this.canon.owners);
		const id = makeId('003', ++this.sfCounter.Contact);
		const email = String(original.fields.Email);
		this.plan.salesforce.Contact.push({
			fields: {
				...original.fields,
				Id: id,
				Email: rng.chance(0.5) ? email.toUpperCase() : email,
				Phone: formatPhone(`${rng.pick(['212', '415', '617'])}555${String(rng.int(10_000)).padStart(4, '0')}`, 'us'),
				Title: null,
				OwnerId: owner.salesforceUserId,
				...this.audit(Math.min(created, this.o.seedTime), owner.salesforceUserId),
			},
			history: [],
		});
		this.plan.manifest.counts.salesforce.Contact++;
		this.plan.manifest.duplicates.push({ email: email.trim().toLowerCase(), salesforceIds: [String(original.fields.Id), id] });
	}
}
