/**
 * Changes made "by a person in Salesforce": validated like API writes but attributed to a human
 * user (LastModifiedById), and they fire flows and outbound messages. `randomEdits` draws realistic
 * edits from a seeded stream, honouring the current describe (a picklist turned multi-select gets
 * multi-values).
 */
import { DAY_MS, formatPhone } from '../common/format';
import type { Rng } from '../common/prng';
import { JOB_TITLES, LAST_NAMES } from '../seed/words';
import { valueContext, writable, type SfContext } from './context';
import type { SalesforceStore, SfRecord } from './store';
import { checkRecord } from './values';

export interface SfUiEdit {
	object: string;
	id: string;
	field: string;
	old: unknown;
	new: unknown;
}

function check(ctx: SfContext, object: string, values: Record<string, unknown>, op: 'create' | 'update', self?: string) {
	const o = writable(ctx, object);
	if (!o) throw new Error(`${object} is not a writable object`);
	const checked = checkRecord(o, values, op, valueContext(ctx, o.name), self);
	if (!checked.ok) throw new Error(`invalid values: ${JSON.stringify(checked.errors)}`);
	return { o, values: checked.values };
}

export function uiUpdate(ctx: SfContext, object: string, id: string, values: Record<string, unknown>, userId: string): SfRecord {
	const r = ctx.store.get(object, id);
	if (!r || r.values.IsDeleted === true) throw new Error(`no live ${object} record ${id}`);
	const checked = check(ctx, object, values, 'update', String(r.values.Id));
	ctx.store.update(checked.o.name, r, checked.values, { channel: 'ui', userId });
	return r;
}

export function uiCreate(ctx: SfContext, object: string, values: Record<string, unknown>, userId: string): SfRecord {
	const checked = check(ctx, object, values, 'create');
	return ctx.store.create(checked.o.name, checked.values, { channel: 'ui', userId });
}

const EDITABLE: Record<string, string[]> = {
	Contact: ['Title', 'Phone', 'LastName', 'Lifecycle_Stage__c', 'Lead_Status__c', 'Product_Interest__c', 'OwnerId'],
	Account: ['Industry', 'NumberOfEmployees', 'AnnualRevenue', 'Phone', 'OwnerId'],
	Opportunity: ['Amount', 'StageName', 'CloseDate', 'Contract_End_Date__c', 'OwnerId'],
};

function newValue(ctx: SfContext, object: string, field: string, current: unknown, owners: string[], rng: Rng): unknown {
	const f = ctx.schema().get(object)?.byLower.get(field.toLowerCase());
	if (!f) return current;
	const active = f.picklistValues.filter((v) => v.active).map((v) => v.value);
	switch (f.type) {
		case 'picklist':
			return rng.pick(active.filter((v) => v !== current)) ?? current;
		case 'multipicklist':
			return rng.sample(active, rng.range(1, Math.min(3, active.length))).join(';');
		case 'int':
		case 'currency':
			return Math.max(1, Math.round(Number(current ?? 1000) * (0.6 + rng.next() * 0.8)));
		case 'date': {
			const base = typeof current === 'string' ? Date.parse(`${current}T00:00:00Z`) : ctx.clock();
			return new Date(base + rng.range(7, 120) * DAY_MS).toISOString().slice(0, 10);
		}
		case 'reference':
			return rng.pick(owners.filter((o) => o !== current));
		case 'phone':
			return formatPhone(`617555${String(rng.int(10_000)).padStart(4, '0')}`, 'us');
		default:
			return field === 'LastName' ? rng.pick(LAST_NAMES) : rng.pick(JOB_TITLES);
	}
}

/** `count` edits to random live records by random owners. */
export function randomEdits(ctx: SfContext, store: SalesforceStore, owners: string[], rng: Rng, count: number): SfUiEdit[] {
	const edits: SfUiEdit[] = [];
	for (let n = 0; n < count; n++) {
		const object = rng.weighted([['Contact', 6], ['Account', 1.5], ['Opportunity', 2.5]] as const);
		const all = store.all(object);
		if (all.length === 0) continue;
		let r = all[rng.int(all.length)];
		for (let tries = 0; r.values.IsDeleted === true && tries < 10; tries++) r = all[rng.int(all.length)];
		if (r.values.IsDeleted === true) continue;
		const field = rng.pick(EDITABLE[object]);
		const old = r.values[field] ?? null;
		const value = newValue(ctx, object, field, old, owners, rng);
		uiUpdate(ctx, object, String(r.values.Id), { [field]: value }, rng.pick(owners));
		edits.push({ object, id: String(r.values.Id), field, old, new: r.values[field] ?? null });
	}
	return edits;
}
