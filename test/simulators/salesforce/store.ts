/**
 * Salesforce records in memory: per object an append-only array plus an Id index and an index of
 * each unique external-id field. Datetimes are epoch ms truncated to whole seconds (Salesforce's
 * precision). Every save stamps LastModifiedDate/SystemModstamp/LastModifiedById (even when no
 * value changed, as Salesforce does), writes history rows for tracked fields, the write log, and
 * emits a change for flows and outbound messages.
 */
import { isoMs } from '../common/format';
import type { Clock } from '../common/types';
import type { WriteLog } from '../common/write-log';
import type { SeedPlan } from '../seed/plan';
import { KEY_PREFIX, makeId, to18 } from './ids';
import type { SfSchema } from './schema';

export interface SfRecord {
	values: Record<string, unknown>;
}

export interface SfActor {
	channel: 'api' | 'ui';
	userId: string;
}

export interface SfChange {
	object: string;
	record: SfRecord;
	kind: 'create' | 'update' | 'delete';
	changed: string[];
	prior: Record<string, unknown>;
	actor: SfActor;
	at: number;
}

class Table {
	records: SfRecord[] = [];
	byId = new Map<string, SfRecord>();
	/** External-id field → value → record. */
	unique = new Map<string, Map<string, SfRecord>>();
}

const floorSecond = (ms: number) => Math.floor(ms / 1000) * 1000;

export class SalesforceStore {
	private tables = new Map<string, Table>();
	private counters = new Map<string, number>();

	constructor(
		private readonly schema: () => SfSchema,
		private readonly clock: Clock,
		private readonly writeLog: WriteLog,
		private readonly emit: (change: SfChange) => void,
	) {}

	load(plan: SeedPlan): void {
		this.tables.clear();
		this.counters.clear();
		for (const [object, rows] of Object.entries(plan.salesforce)) {
			for (const row of rows) {
				const record: SfRecord = { values: { ...row.fields } };
				this.insert(object, record);
				const info = this.schema().get(object)?.history;
				if (!info) continue;
				this.history(object, record, 'created', null, null, Number(row.fields.CreatedDate), String(row.fields.CreatedById));
				for (const h of row.history) this.history(object, record, h.field, h.oldValue, h.newValue, h.at, h.by);
			}
			this.counters.set(object, rows.length + (object === 'User' ? 9_100 : 0));
		}
	}

	all(object: string): readonly SfRecord[] {
		return this.table(object).records;
	}

	get(object: string, id: string): SfRecord | undefined {
		return this.table(object).byId.get(to18(id));
	}

	/** A live (not deleted) record with this id exists in `object`: for reference checks. */
	exists(object: string, id: string): boolean {
		const r = this.get(object, id);
		return r !== undefined && r.values.IsDeleted !== true;
	}

	findUnique(object: string, field: string, value: string): SfRecord | undefined {
		return this.table(object).unique.get(field)?.get(value.toLowerCase());
	}

	create(object: string, values: Record<string, unknown>, actor: SfActor): SfRecord {
		const at = floorSecond(this.clock());
		// Seeded ids are not dense (records only on the HubSpot side have none), so skip ids in use.
		let n = (this.counters.get(object) ?? 0) + 1;
		while (this.get(object, makeId(KEY_PREFIX[object] ?? '0XX', n)) !== undefined) n++;
		this.counters.set(object, n);
		const record: SfRecord = {
			values: {
				Id: makeId(KEY_PREFIX[object] ?? '0XX', n),
				OwnerId: actor.userId,
				...values,
				CreatedDate: at,
				CreatedById: actor.userId,
				LastModifiedDate: at,
				LastModifiedById: actor.userId,
				SystemModstamp: at,
				IsDeleted: false,
			},
		};
		this.insert(object, record);
		if (this.schema().get(object)?.history) this.history(object, record, 'created', null, null, at, actor.userId);
		const fields = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { old: null, new: v }]));
		this.log(object, record, 'create', actor, fields, Object.keys(values), at);
		this.emit({ object, record, kind: 'create', changed: Object.keys(values), prior: {}, actor, at });
		return record;
	}

	update(object: string, record: SfRecord, values: Record<string, unknown>, actor: SfActor): string[] {
		const at = floorSecond(this.clock());
		const tracked = new Set(this.schema().get(object)?.tracked ?? []);
		const fields: Record<string, { old: unknown; new: unknown }> = {};
		const prior: Record<string, unknown> = {};
		const changed: string[] = [];
		for (const [name, next] of Object.entries(values)) {
			const old = record.values[name] ?? null;
			fields[name] = { old, new: next };
			if (old === next) continue;
			changed.push(name);
			prior[name] = old;
			this.reindex(object, record, name, old, next);
			record.values[name] = next;
			if (tracked.has(name)) this.history(object, record, name, old, next, at, actor.userId);
		}
		Object.assign(record.values, { LastModifiedDate: at, LastModifiedById: actor.userId, SystemModstamp: at });
		this.log(object, record, 'update', actor, fields, changed, at);
		this.emit({ object, record, kind: 'update', changed, prior, actor, at });
		return changed;
	}

	delete(object: string, record: SfRecord, actor: SfActor): void {
		const at = floorSecond(this.clock());
		record.values.IsDeleted = true;
		Object.assign(record.values, { LastModifiedDate: at, LastModifiedById: actor.userId, SystemModstamp: at });
		for (const [field, index] of this.table(object).unique) {
			const v = record.values[field];
			if (typeof v === 'string') index.delete(v.toLowerCase());
		}
		this.log(object, record, 'delete', actor, {}, [], at);
		this.emit({ object, record, kind: 'delete', changed: [], prior: {}, actor, at });
	}

	private table(object: string): Table {
		let t = this.tables.get(object);
		if (!t) {
			t = new Table();
			for (const f of this.schema().get(object)?.fields ?? []) if (f.unique && f.externalId) t.unique.set(f.name, new Map());
			this.tables.set(object, t);
		}
		return t;
	}

	private insert(object: string, record: SfRecord): void {
		const t = this.table(object);
		t.records.push(record);
		t.byId.set(String(record.values.Id), record);
		for (const [field, index] of t.unique) {
			const v = record.values[field];
			if (typeof v === 'string' && record.values.IsDeleted !== true) index.set(v.toLowerCase(), record);
		}
	}

	private reindex(object: string, record: SfRecord, field: string, old: unknown, next: unknown): void {
		const index = this.table(object).unique.get(field);
		if (!index) return;
		if (typeof old === 'string') index.delete(old.toLowerCase());
		if (typeof next === 'string') index.set(next.toLowerCase(), record);
	}

	/** Appends a row to the object's history table (ContactHistory, OpportunityFieldHistory, …). */
	private history(object: string, record: SfRecord, field: string, oldValue: unknown, newValue: unknown, at: number, by: string): void {
		const info = this.schema().get(object)?.history;
		if (!info) return;
		const n = (this.counters.get(info.object) ?? 0) + 1;
		this.counters.set(info.object, n);
		const dataType = this.schema().get(object)?.byLower.get(field.toLowerCase())?.type ?? 'Text';
		this.insert(info.object, {
			values: {
				Id: makeId('017', n),
				[info.parentField]: record.values.Id,
				Field: field,
				DataType: field === 'created' ? 'Text' : dataType.charAt(0).toUpperCase() + dataType.slice(1),
				OldValue: oldValue,
				NewValue: newValue,
				CreatedDate: at,
				CreatedById: by,
				IsDeleted: false,
			},
		});
	}

	private log(
		object: string,
		record: SfRecord,
		op: 'create' | 'update' | 'delete',
		actor: SfActor,
		fields: Record<string, { old: unknown; new: unknown }>,
		changed: string[],
		at: number,
	): void {
		this.writeLog.append({ time: isoMs(at), system: 'salesforce', channel: actor.channel, actor: actor.userId, object, id: String(record.values.Id), op, fields, changed });
	}
}
