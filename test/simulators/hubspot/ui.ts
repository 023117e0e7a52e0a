/**
 * Changes made "by a person in the HubSpot UI": validated like API writes, attributed to a HubSpot
 * user (`CRM_UI`, `userId:…`), and they fire webhooks. `randomEdits` produces realistic edits from
 * a seeded stream for the demo and soak tests, honouring the current schema (after a schema change
 * a multi-select field gets multi-values).
 */
import { DAY_MS, formatPhone, isoMs } from '../common/format';
import type { Rng } from '../common/prng';
import type { HubSpotObject } from '../seed/model';
import { JOB_TITLES, LAST_NAMES } from '../seed/words';
import { externalOptions, type HsContext } from './context';
import { allowedOptions } from './schema';
import { checkProperties, emailOwner } from './serialize';
import type { HsActor, HsRecord } from './store';

export interface UiEdit {
	object: HubSpotObject;
	id: string;
	property: string;
	old: string | null;
	new: string | null;
}

export function uiActor(userId: number): HsActor {
	return { channel: 'ui', source: { sourceType: 'CRM_UI', sourceId: `userId:${userId}`, updatedByUserId: userId } };
}

export function uiUpdate(ctx: HsContext, object: HubSpotObject, id: string, props: Record<string, unknown>, userId: number): HsRecord {
	const r = ctx.store.get(object, id);
	if (!r || r.archived) throw new Error(`no live ${object} record ${id}`);
	const checked = checkProperties(ctx, object, props);
	if (!checked.ok) throw new Error(`invalid properties: ${JSON.stringify(checked.errors)}`);
	if (emailOwner(ctx, object, checked.values, r)) throw new Error(`email ${checked.values.email} is taken`);
	ctx.store.update(object, r, checked.values, uiActor(userId));
	return r;
}

export function uiCreate(ctx: HsContext, object: HubSpotObject, props: Record<string, unknown>, userId: number): HsRecord {
	const checked = checkProperties(ctx, object, props);
	if (!checked.ok) throw new Error(`invalid properties: ${JSON.stringify(checked.errors)}`);
	if (emailOwner(ctx, object, checked.values)) throw new Error(`email ${checked.values.email} is taken`);
	return ctx.store.create(object, checked.values, uiActor(userId));
}

const EDITABLE: Record<HubSpotObject, string[]> = {
	contacts: ['jobtitle', 'phone', 'lastname', 'lifecyclestage', 'hs_lead_status', 'product_interest', 'hubspot_owner_id'],
	companies: ['industry', 'numberofemployees', 'annualrevenue', 'phone', 'hubspot_owner_id'],
	deals: ['amount', 'dealstage', 'closedate', 'contract_end_date', 'hubspot_owner_id'],
};

function newValue(ctx: HsContext, object: HubSpotObject, property: string, current: string | null, rng: Rng): string | null {
	const p = ctx.schema[object].get(property);
	if (!p) return current;
	if (p.type === 'enumeration') {
		const options = allowedOptions(p, (n) => externalOptions(ctx, n));
		if (p.fieldType === 'checkbox') return rng.sample(options, rng.range(1, Math.min(3, options.length))).join(';');
		return rng.pick(options.filter((o) => o !== current)) ?? current;
	}
	if (p.type === 'number') return String(Math.max(1, Math.round(Number(current ?? 1000) * (0.6 + rng.next() * 0.8))));
	if (p.type === 'datetime') return isoMs(Date.parse(`${(current ?? isoMs(ctx.clock())).slice(0, 10)}T00:00:00Z`) + rng.range(1, 45) * DAY_MS);
	if (p.type === 'date') return isoMs(Date.parse(`${current ?? isoMs(ctx.clock()).slice(0, 10)}T00:00:00Z`) + rng.range(30, 365) * DAY_MS).slice(0, 10);
	if (property === 'phone') return formatPhone(`415555${String(rng.int(10_000)).padStart(4, '0')}`, 'intl');
	if (property === 'lastname') return rng.pick(LAST_NAMES);
	return rng.pick(JOB_TITLES);
}

/** `count` edits to random live records by random owners' users. */
export function randomEdits(ctx: HsContext, rng: Rng, count: number): UiEdit[] {
	const edits: UiEdit[] = [];
	for (let n = 0; n < count; n++) {
		const object = rng.weighted([['contacts', 6], ['companies', 1.5], ['deals', 2.5]] as const);
		const all = ctx.store.all(object);
		if (all.length === 0) continue;
		let r = all[rng.int(all.length)];
		for (let tries = 0; r.archived && tries < 10; tries++) r = all[rng.int(all.length)];
		if (r.archived) continue;
		const property = rng.pick(EDITABLE[object]);
		const old = ctx.store.value(object, r, property);
		const value = newValue(ctx, object, property, old, rng);
		const user = rng.pick(ctx.owners).hubspotUserId;
		uiUpdate(ctx, object, r.id, { [property]: value ?? '' }, user);
		edits.push({ object, id: r.id, property, old, new: ctx.store.value(object, r, property) });
	}
	return edits;
}
