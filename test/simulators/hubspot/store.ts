/**
 * HubSpot records in memory: one append-only array per object type plus an id index (and an email
 * index for contacts), so a page of a list is a slice and a lookup is a map hit. Every accepted
 * write lands in the write log, bumps the modified date, extends per-property history and emits
 * change events for webhooks.
 */
import { isoMs } from '../common/format';
import type { WriteLog } from '../common/write-log';
import type { Clock } from '../common/types';
import type { HubSpotObject } from '../seed/model';
import { HUBSPOT_ID_BASE } from '../seed/identities';
import type { SeedPlan } from '../seed/plan';
import type { HsHistoryEntry, HsSource } from '../seed/sides';

export interface HsRecord {
	id: string;
	props: Record<string, string | null>;
	createdAt: number;
	updatedAt: number;
	archived: boolean;
	archivedAt?: number;
	createdBy: HsSource;
	/** Properties changed since creation, oldest first, starting with the value at creation. */
	history: Record<string, HsHistoryEntry[]>;
}

export interface HsActor {
	channel: 'api' | 'ui';
	source: HsSource;
}

export interface HsChange {
	object: HubSpotObject;
	record: HsRecord;
	kind: 'creation' | 'propertyChange' | 'deletion';
	property?: string;
	value?: string;
	actor: HsActor;
	at: number;
}

export const OBJECTS: readonly HubSpotObject[] = ['contacts', 'companies', 'deals'];

class Table {
	records: HsRecord[] = [];
	byId = new Map<string, HsRecord>();
	/** Contacts only: lower-cased email → record (HubSpot keeps contact emails unique). */
	byEmail = new Map<string, HsRecord>();
	nextId = 0;
}

export class HubSpotStore {
	private tables!: Record<HubSpotObject, Table>;

	constructor(
		private readonly clock: Clock,
		private readonly writeLog: WriteLog,
		private readonly emit: (changes: HsChange[]) => void,
	) {
		this.clear();
	}

	clear(): void {
		this.tables = { contacts: new Table(), companies: new Table(), deals: new Table() };
		for (const o of OBJECTS) this.tables[o].nextId = HUBSPOT_ID_BASE[o];
	}

	load(plan: SeedPlan): void {
		this.clear();
		for (const object of OBJECTS) {
			const table = this.tables[object];
			for (const s of plan.hubspot[object]) {
				// Copies: the plan stays pristine, so a reset (or the other simulator) can load it again.
				this.insert(object, {
					id: s.id,
					props: { ...s.properties },
					createdAt: s.createdAt,
					updatedAt: s.updatedAt,
					archived: false,
					createdBy: s.createdBy,
					history: Object.fromEntries(Object.entries(s.history).map(([name, entries]) => [name, [...entries]])),
				});
			}
			// Seeded ids need not be dense (records only on the Salesforce side have none): start past the highest.
			table.nextId = Math.max(HUBSPOT_ID_BASE[object] + plan.hubspot[object].length, ...table.records.map((r) => Number(r.id) + 1));
		}
	}

	all(object: HubSpotObject): readonly HsRecord[] {
		return this.tables[object].records;
	}

	get(object: HubSpotObject, id: string): HsRecord | undefined {
		return this.tables[object].byId.get(id);
	}

	/** Finds a live record by a unique property (`email` for contacts, `hs_object_id`, or any unique property). */
	findBy(object: HubSpotObject, property: string, value: string): HsRecord | undefined {
		if (property === 'hs_object_id') return this.get(object, value);
		if (object === 'contacts' && property === 'email') {
			const r = this.tables.contacts.byEmail.get(value.toLowerCase());
			return r && !r.archived ? r : undefined;
		}
		return this.tables[object].records.find((r) => !r.archived && r.props[property] === value);
	}

	/** Current value of a property, including the ones HubSpot computes. */
	value(object: HubSpotObject, r: HsRecord, property: string): string | null {
		switch (property) {
			case 'hs_object_id':
				return r.id;
			case 'createdate':
				return isoMs(r.createdAt);
			case 'hs_lastmodifieddate':
				return isoMs(r.updatedAt);
			case 'lastmodifieddate':
				return object === 'contacts' ? isoMs(r.updatedAt) : null;
			default:
				return r.props[property] ?? null;
		}
	}

	/** History of one property, newest first, as `propertiesWithHistory` returns it. */
	history(object: HubSpotObject, r: HsRecord, property: string): HsHistoryEntry[] {
		const changes = r.history[property];
		if (changes) return [...changes].reverse();
		const value = this.value(object, r, property);
		if (value === null) return [];
		const computed = ['hs_lastmodifieddate', 'lastmodifieddate'].includes(property);
		return [
			computed
				? { value, timestamp: r.updatedAt, sourceType: 'CALCULATED' }
				: { value, timestamp: r.createdAt, ...r.createdBy },
		];
	}

	create(object: HubSpotObject, props: Record<string, string | null>, actor: HsActor): HsRecord {
		const table = this.tables[object];
		const at = this.clock();
		const record: HsRecord = {
			id: String(table.nextId++),
			props: Object.fromEntries(Object.entries(props).filter(([, v]) => v !== null)),
			createdAt: at,
			updatedAt: at,
			archived: false,
			createdBy: actor.source,
			history: {},
		};
		this.insert(object, record);
		const fields = Object.fromEntries(Object.entries(record.props).map(([k, v]) => [k, { old: null, new: v }]));
		this.log(object, record, 'create', actor, fields, Object.keys(fields), at);
		this.emit([
			{ object, record, kind: 'creation', actor, at },
			...Object.entries(record.props).map(([property, value]) => ({ object, record, kind: 'propertyChange' as const, property, value: value ?? '', actor, at })),
		]);
		return record;
	}

	/** Applies already-validated values; returns the names whose value changed (no-op writes change nothing). */
	update(object: HubSpotObject, record: HsRecord, props: Record<string, string | null>, actor: HsActor): string[] {
		const at = this.clock();
		const fields: Record<string, { old: unknown; new: unknown }> = {};
		const changed: string[] = [];
		for (const [name, next] of Object.entries(props)) {
			const old = record.props[name] ?? null;
			fields[name] = { old, new: next };
			if (old === next) continue;
			changed.push(name);
			if (!record.history[name] && old !== null) {
				record.history[name] = [{ value: old, timestamp: record.createdAt, ...record.createdBy }];
			}
			(record.history[name] ??= []).push({ value: next ?? '', timestamp: at, ...actor.source });
			if (next === null) delete record.props[name];
			else record.props[name] = next;
			if (object === 'contacts' && name === 'email') this.reindexEmail(record, old, next);
		}
		if (changed.length > 0) record.updatedAt = Math.max(record.updatedAt, at);
		this.log(object, record, 'update', actor, fields, changed, at);
		this.emit(changed.map((property) => ({ object, record, kind: 'propertyChange', property, value: record.props[property] ?? '', actor, at })));
		return changed;
	}

	archive(object: HubSpotObject, record: HsRecord, actor: HsActor): void {
		if (record.archived) return;
		const at = this.clock();
		record.archived = true;
		record.archivedAt = at;
		record.updatedAt = at;
		if (object === 'contacts' && record.props.email) this.tables.contacts.byEmail.delete(record.props.email.toLowerCase());
		this.log(object, record, 'delete', actor, {}, [], at);
		this.emit([{ object, record, kind: 'deletion', actor, at }]);
	}

	private insert(object: HubSpotObject, record: HsRecord): void {
		const table = this.tables[object];
		table.records.push(record);
		table.byId.set(record.id, record);
		const email = record.props.email;
		if (object === 'contacts' && email) table.byEmail.set(email.toLowerCase(), record);
	}

	private reindexEmail(record: HsRecord, old: string | null, next: string | null): void {
		const index = this.tables.contacts.byEmail;
		if (old) index.delete(old.toLowerCase());
		if (next) index.set(next.toLowerCase(), record);
	}

	private log(
		object: HubSpotObject,
		record: HsRecord,
		op: 'create' | 'update' | 'delete',
		actor: HsActor,
		fields: Record<string, { old: unknown; new: unknown }>,
		changed: string[],
		at: number,
	): void {
		this.writeLog.append({
			time: isoMs(at),
			system: 'hubspot',
			channel: actor.channel,
			actor: actor.source.sourceId ?? actor.source.sourceType,
			object,
			id: record.id,
			op,
			fields,
			changed,
		});
	}
}
