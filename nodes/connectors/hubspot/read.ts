import type { SnapshotRecord } from '../../engine';
import type { ReadRequest, ReadResult } from '../types';
import { modifiedProperty, toSnapshotRecord, type HubSpotObjectRecord } from './mapping';
import { hubspotRequest, type HubSpotClient } from './transport';

/** HubSpot's page and batch sizes: 100, or 50 when property history is requested. */
function pageSize(history: boolean | undefined): number {
	return history ? 50 : 100;
}

const SEARCH_PAGE = 200;
/** Search refuses to page past 10,000 results; restart from the last timestamp before reaching it. */
const SEARCH_WINDOW = 10_000;

function chunks<T>(items: readonly T[], size: number): T[][] {
	const out: T[][] = [];
	for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
	return out;
}

function propertiesFor(request: ReadRequest): string[] {
	return [...new Set([...request.fields, modifiedProperty(request.object)])];
}

interface Page {
	results: HubSpotObjectRecord[];
	paging?: { next?: { after?: string } };
}

/** Every record, 100 per page (the minimum number of calls: ceil(N / 100)). */
async function listAll(client: HubSpotClient, request: ReadRequest): Promise<SnapshotRecord[]> {
	const records: SnapshotRecord[] = [];
	const endpoint = `GET /crm/v3/objects/${request.object}`;
	let after: string | undefined;
	do {
		const qs: Record<string, string | number | boolean> = {
			limit: pageSize(request.fieldHistory),
			properties: propertiesFor(request).join(','),
			archived: false,
		};
		if (request.fieldHistory) qs.propertiesWithHistory = request.fields.join(',');
		if (after !== undefined) qs.after = after;
		const { body } = await hubspotRequest<Page>(client, { method: 'GET', path: `/crm/v3/objects/${request.object}`, qs, idempotent: true, endpoint });
		for (const record of body.results) records.push(toSnapshotRecord(request.object, record, request.fields));
		after = body.paging?.next?.after;
	} while (after !== undefined);
	return records;
}

interface BatchReadBody {
	results: HubSpotObjectRecord[];
	errors?: Array<{ category?: string; context?: { ids?: string[] } }>;
}

/** Records by id (or by a unique property such as a contact's email), ≤100 per call. */
async function batchRead(client: HubSpotClient, request: ReadRequest, ids: string[], idProperty?: string): Promise<ReadResult> {
	const records: SnapshotRecord[] = [];
	const found = new Set<string>();
	const endpoint = `POST /crm/v3/objects/${request.object}/batch/read`;
	const properties = propertiesFor(request);
	for (const chunk of chunks([...new Set(ids)], pageSize(request.fieldHistory))) {
		const body: Record<string, unknown> = { inputs: chunk.map((id) => ({ id })), properties };
		if (request.fieldHistory) body.propertiesWithHistory = request.fields;
		if (idProperty !== undefined) body.idProperty = idProperty;
		const response = await hubspotRequest<BatchReadBody>(client, {
			method: 'POST',
			path: `/crm/v3/objects/${request.object}/batch/read`,
			body,
			idempotent: true,
			endpoint,
		});
		for (const record of response.body.results) {
			records.push(toSnapshotRecord(request.object, record, request.fields));
			const handle = idProperty === undefined ? String(record.id) : String(record.properties[idProperty] ?? '').toLowerCase();
			found.add(handle);
		}
	}
	const missingIds = ids.filter((id) => !found.has(idProperty === undefined ? id : id.toLowerCase()));
	return { records, missingIds };
}

interface SearchBody {
	total: number;
	results: HubSpotObjectRecord[];
	paging?: { next?: { after?: string } };
}

/**
 * Records modified at or after `since`, sorted ascending by modification time. Search caps a query at
 * 10,000 results, so a long window restarts from the last timestamp seen; ids de-duplicate the overlap.
 */
async function modifiedSince(client: HubSpotClient, request: ReadRequest, since: string): Promise<SnapshotRecord[]> {
	const property = modifiedProperty(request.object);
	const endpoint = `POST /crm/v3/objects/${request.object}/search`;
	const byId = new Map<string, SnapshotRecord>();
	let from = Date.parse(since);
	for (;;) {
		let after = 0;
		let lastTime = from;
		let page: SearchBody;
		do {
			const body = {
				filterGroups: [{ filters: [{ propertyName: property, operator: 'GTE', value: String(from) }] }],
				sorts: [{ propertyName: property, direction: 'ASCENDING' }],
				properties: propertiesFor(request),
				limit: SEARCH_PAGE,
				after: String(after),
			};
			page = (await hubspotRequest<SearchBody>(client, { method: 'POST', path: `/crm/v3/objects/${request.object}/search`, body, idempotent: true, endpoint })).body;
			for (const record of page.results) {
				const snapshot = toSnapshotRecord(request.object, record, request.fields);
				byId.set(snapshot.id, snapshot);
				const time = Date.parse(String(snapshot.modifiedAt));
				if (Number.isFinite(time)) lastTime = Math.max(lastTime, time);
			}
			after += page.results.length;
		} while (page.paging?.next?.after !== undefined && after + SEARCH_PAGE <= SEARCH_WINDOW);
		if (page.paging?.next?.after === undefined || lastTime === from) break;
		from = lastTime; // restart the window; records at exactly lastTime come again and are de-duplicated
	}
	return [...byId.values()];
}

interface SearchInBody {
	results: HubSpotObjectRecord[];
	paging?: { next?: { after?: string } };
}

/** Records whose `field` is one of `values`, by search (for properties that are not unique ids). */
async function searchIn(client: HubSpotClient, request: ReadRequest, field: string, values: string[]): Promise<SnapshotRecord[]> {
	const endpoint = `POST /crm/v3/objects/${request.object}/search`;
	const records: SnapshotRecord[] = [];
	for (const chunk of chunks([...new Set(values)], 100)) {
		let after: string | undefined = '0';
		while (after !== undefined) {
			const body: Record<string, unknown> = {
				// String IN values must be lower case for HubSpot's search.
				filterGroups: [{ filters: [{ propertyName: field, operator: 'IN', values: chunk.map((v) => v.toLowerCase()) }] }],
				properties: propertiesFor(request),
				limit: SEARCH_PAGE,
				after,
			};
			const page: SearchInBody = (await hubspotRequest<SearchInBody>(client, { method: 'POST', path: `/crm/v3/objects/${request.object}/search`, body, idempotent: true, endpoint })).body;
			for (const record of page.results) records.push(toSnapshotRecord(request.object, record, request.fields));
			after = page.paging?.next?.after;
		}
	}
	return records;
}

/** Reads a HubSpot snapshot for the requested scope with the fewest calls HubSpot allows. */
export async function readHubSpot(client: HubSpotClient, request: ReadRequest): Promise<ReadResult> {
	const { scope } = request;
	switch (scope.kind) {
		case 'full':
			return { records: await listAll(client, request), missingIds: [] };
		case 'modified_since':
			return { records: await modifiedSince(client, request, scope.since), missingIds: [] };
		case 'ids':
			return await batchRead(client, request, scope.ids);
		case 'keys': {
			// HubSpot holds every property value as text, numbers included.
			const values = scope.values.map(String);
			if (scope.field === 'hs_object_id' || scope.field === 'id') return await batchRead(client, request, values);
			// A contact's email is a unique id property HubSpot can batch-read by (case-insensitively).
			if (request.object === 'contacts' && scope.field === 'email') {
				const { records } = await batchRead(client, request, values, 'email');
				return { records, missingIds: [] };
			}
			return { records: await searchIn(client, request, scope.field, values), missingIds: [] };
		}
	}
}
