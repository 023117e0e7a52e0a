/**
 * Fidelity proven with the official clients: `@hubspot/api-client` 14 and `jsforce` 3.10 need
 * Node ≥ 22, so the simulators run in-process here (Node 20) and each client runs in a Node 24
 * child process (`official/*.mjs`), printing what it observed as JSON. The scripts use the clients
 * as documented, with no workarounds.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { ensureNode24 } from '../harness/node24';
import { startSims, type Sims } from './index';

let node: string;
let sims: Sims;

function runScript(script: string, arg: unknown): Promise<any> {
	return new Promise((resolve, reject) => {
		execFile(node, [join(__dirname, 'official', script), JSON.stringify(arg)], { maxBuffer: 64 * 1024 * 1024, timeout: 60_000 }, (err, stdout, stderr) => {
			if (err) reject(new Error(`${script} failed: ${stderr || err.message}`));
			else resolve(JSON.parse(stdout));
		});
	});
}

beforeAll(async () => {
	node = ensureNode24();
	sims = await startSims({ records: 1500, seed: 21, driftRate: 0.1 });
}, 180_000);
afterAll(() => sims.close());

describe('@hubspot/api-client against the HubSpot simulator', () => {
	let out: any;
	beforeAll(async () => {
		out = await runScript('hubspot-client-check.mjs', { url: sims.hubspot.url, token: sims.hubspot.accessToken });
	}, 90_000);

	it('pages through all contacts with getAll', () => {
		expect(out.getAll).toMatchObject({ count: sims.manifest.counts.hubspot.contacts, createdAtIsDate: true });
		expect(out.getAll.email).toMatch(/@/);
	});

	it('searches by last-modified date in ascending order across pages', () => {
		expect(out.search.total).toBeGreaterThan(0);
		expect(out.search).toMatchObject({ seen: out.search.total, ascending: true });
		expect(out.search.pages).toBe(Math.ceil(out.search.total / 200));
	});

	it('gets a batch update with a partial failure back as results plus errors', () => {
		expect(out.batchUpdate).toMatchObject({ status: 'COMPLETE', numErrors: 1, errorCategory: 'OBJECT_NOT_FOUND', errorIds: ['999'] });
		expect(out.batchUpdate.updatedIds).toHaveLength(2);
	});

	it('reads property definitions and per-field history attributed to the integration', () => {
		expect(out.properties.productInterest).toMatchObject({ type: 'enumeration', fieldType: 'checkbox' });
		expect(out.history[0]).toEqual({ value: 'Head of Reconciliation', sourceType: 'INTEGRATION', sourceId: String(sims.hubspot.appId) });
		expect(out.history.length).toBe(2);
	});

	it('raises ApiException 401 for a wrong token and 429 with the policy name', () => {
		expect(out.wrongToken).toMatchObject({ code: 401, category: 'INVALID_AUTHENTICATION' });
		expect(out.rateLimit).toEqual({ code: 429, policyName: 'TEN_SECONDLY_ROLLING', remaining: '0' });
	});

	it('validates webhook signatures (v1 and v3) with the client’s Signature helper', () => {
		expect(out.webhook).toMatchObject({ v1: true, v3: true });
		expect(out.webhook.event).toMatchObject({ subscriptionType: 'contact.propertyChange', propertyName: 'jobtitle', propertyValue: 'Webhook Tester', changeSource: 'INTEGRATION' });
	});
});

describe('jsforce against the Salesforce simulator', () => {
	let out: any;
	beforeAll(async () => {
		out = await runScript('jsforce-check.mjs', { url: sims.salesforce.url, clientId: sims.salesforce.clientId, clientSecret: sims.salesforce.clientSecret });
	}, 90_000);

	it('logs in with client credentials', () => {
		expect(out.login).toEqual({ userId: sims.salesforce.integrationUserId, orgId: sims.salesforce.orgId, instanceUrl: sims.salesforce.url });
	});

	it('queries with autoFetch through every page, also in 200-record batches and with queryAll', () => {
		const total = sims.manifest.counts.salesforce.Contact;
		expect(out.query).toMatchObject({ totalSize: total, done: true, count: total, unique: total });
		expect(out.query.first.LastModifiedDate).toMatch(/\.000\+0000$/);
		expect(out.querySmallBatches.count).toBe(total);
		expect(out.queryAll.count).toBe(total);
		expect(out.queryCalls['GET /services/data/v60.0/query/{locator}']).toBe(Math.ceil(total / 2000) - 1 + Math.ceil(total / 200) - 1);
	});

	it('updates a collection with per-record results, and rolls back under allOrNone', () => {
		expect(out.compositeUpdate[0]).toMatchObject({ success: true, errors: [] });
		expect(out.compositeUpdate[1]).toMatchObject({ success: false, errors: [{ statusCode: 'INVALID_CROSS_REFERENCE_KEY' }] });
		expect(out.allOrNone).toEqual([
			{ success: false, codes: ['ALL_OR_NONE_OPERATION_ROLLED_BACK'] },
			{ success: false, codes: ['INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST'] },
		]);
		expect(out.allOrNoneUnchanged).toBe(true);
	});

	it('describes picklists and multi-select picklists', () => {
		expect(out.describe.picklist).toEqual({ type: 'picklist', values: ['Subscriber', 'Lead', 'MQL', 'SQL', 'Opportunity', 'Customer', 'Evangelist', 'Other'] });
		expect(out.describe.multi.type).toBe('multipicklist');
	});

	it('surfaces the API limit as REQUEST_LIMIT_EXCEEDED', () => {
		expect(out.apiLimit).toMatchObject({ errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.' });
	});

	it('surfaces an expired token as INVALID_SESSION_ID, and refreshes through refreshFn when given one', () => {
		expect(out.expired).toMatchObject({ errorCode: 'INVALID_SESSION_ID', message: 'Session expired or invalid' });
		expect(out.refreshed).toEqual({ refreshed: 1, records: 1 });
	});
});
