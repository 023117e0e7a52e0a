/**
 * `GET /query?q=` and `/queryAll?q=` with server-side cursors: the first page comes with a
 * `nextRecordsUrl` whose last segment is a locator (`01g…-2000`), served under both `/query/` and
 * `/queryAll/` (jsforce always uses `/query/`). Batches default to 2000 and follow
 * `Sforce-Query-Options: batchSize=N` (200–2000). A user keeps at most 10 open cursors (the oldest
 * is dropped, as in Salesforce) and a cursor expires after 15 minutes unused.
 */
import type { Router, SimRequest, SimResponse } from '../common/http';
import type { Clock } from '../common/types';
import { makeId } from './ids';
import { sfError } from './errors';
import type { SfField, SfObjectSchema, SfSchema } from './schema';
import { recordJson } from './serialize';
import { compileQuery } from './soql/evaluate';
import { SoqlError } from './soql/lexer';
import { parseSoql } from './soql/parser';
import type { SalesforceStore, SfRecord } from './store';

interface Cursor {
	id: string;
	user: string;
	object: SfObjectSchema;
	fields: SfField[];
	rows: SfRecord[];
	batchSize: number;
	lastUsed: number;
}

const MAX_CURSORS_PER_USER = 10;
const CURSOR_TTL_MS = 15 * 60_000;

export interface QueryContext {
	store: SalesforceStore;
	schema: () => SfSchema;
	clock: Clock;
	/** The user the request's token belongs to (set by the auth gate). */
	user(req: SimRequest): string;
}

function batchSize(req: SimRequest): number {
	const header = String(req.headers['sforce-query-options'] ?? '');
	const m = /batchSize\s*=\s*(\d+)/i.exec(header);
	if (!m) return 2000;
	return Math.min(2000, Math.max(200, Number(m[1])));
}

export class QueryEngine {
	private cursors = new Map<string, Cursor>();
	private nextCursor = 1;

	constructor(private readonly ctx: QueryContext) {}

	reset(): void {
		this.cursors.clear();
	}

	register(router: Router): void {
		router
			.add('GET', '/services/data/{version}/query', (req) => this.start(req, false))
			.add('GET', '/services/data/{version}/queryAll', (req) => this.start(req, true))
			.add('GET', '/services/data/{version}/query/{locator}', (req) => this.more(req))
			.add('GET', '/services/data/{version}/queryAll/{locator}', (req) => this.more(req));
	}

	private start(req: SimRequest, all: boolean): SimResponse {
		const text = req.query.get('q');
		if (!text) return sfError(400, 'MALFORMED_QUERY', "A query string has to be specified");
		try {
			const q = compileQuery(parseSoql(text), this.ctx.schema(), text, this.ctx.clock());
			let rows = this.ctx.store.all(q.object.name).filter((r) => (all || r.values.IsDeleted !== true) && q.filter(r.values));
			if (q.compare) {
				const compare = q.compare;
				rows = rows.slice().sort((a, b) => compare(a.values, b.values));
			}
			rows = rows.slice(q.offset, q.limit === undefined ? undefined : q.offset + q.limit);
			if (q.count) return { status: 200, body: { totalSize: rows.length, done: true, records: [] } };
			const cursor: Cursor = {
				id: makeId('01g', this.nextCursor++),
				user: this.ctx.user(req),
				object: q.object,
				fields: q.fields,
				rows,
				batchSize: batchSize(req),
				lastUsed: this.ctx.clock(),
			};
			return this.page(req, cursor, 0, all);
		} catch (e) {
			if (e instanceof SoqlError) return sfError(400, e.errorCode, e.message);
			throw e;
		}
	}

	private more(req: SimRequest): SimResponse {
		const m = /^(.+)-(\d+)$/.exec(req.params.locator);
		const cursor = m ? this.cursors.get(m[1]) : undefined;
		if (!m || !cursor || this.ctx.clock() - cursor.lastUsed > CURSOR_TTL_MS) {
			if (m) this.cursors.delete(m[1]);
			return sfError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
		}
		cursor.lastUsed = this.ctx.clock();
		return this.page(req, cursor, Number(m[2]), req.path.includes('/queryAll/'));
	}

	private page(req: SimRequest, cursor: Cursor, offset: number, all: boolean): SimResponse {
		const version = req.params.version;
		const size = req.headers['sforce-query-options'] ? batchSize(req) : cursor.batchSize;
		const slice = cursor.rows.slice(offset, offset + size);
		const next = offset + slice.length;
		const done = next >= cursor.rows.length;
		const body: Record<string, unknown> = { totalSize: cursor.rows.length, done };
		if (done) {
			this.cursors.delete(cursor.id);
		} else {
			this.keep(cursor);
			body.nextRecordsUrl = `/services/data/${version}/${all ? 'queryAll' : 'query'}/${cursor.id}-${next}`;
		}
		body.records = slice.map((r) => recordJson(version, cursor.object, r.values, cursor.fields));
		return { status: 200, body };
	}

	private keep(cursor: Cursor): void {
		if (this.cursors.has(cursor.id)) return;
		const mine = [...this.cursors.values()].filter((c) => c.user === cursor.user);
		if (mine.length >= MAX_CURSORS_PER_USER) this.cursors.delete(mine[0].id);
		this.cursors.set(cursor.id, cursor);
	}
}
