// Drives the Salesforce simulator with the official jsforce client (Node >= 22) and prints one JSON
// object of observations for official-clients.test.ts to assert on. No workarounds: if the client
// needs one, the simulator is wrong.
import jsforce from 'jsforce';

const { url, clientId, clientSecret } = JSON.parse(process.argv[2]);
const out = {};
const control = (path, method = 'GET', body) =>
	fetch(`${url}/__sim${path}`, { method, headers: { 'content-type': 'application/json' }, body: body && JSON.stringify(body) }).then((r) => r.json());
const failure = (e) => ({ name: e.name, errorCode: e.errorCode, message: e.message });

// 1. Client-credentials login against the simulator as the login URL.
const conn = new jsforce.Connection({ version: '60.0', oauth2: { loginUrl: url, clientId, clientSecret } });
const userInfo = await conn.authorize({ grant_type: 'client_credentials' });
out.login = { userId: userInfo.id, orgId: userInfo.organizationId, instanceUrl: conn.instanceUrl };

// 2. Query with paging (autoFetch follows nextRecordsUrl via /query/{locator}), also with a smaller batch size.
const all = { autoFetch: true, maxFetch: 1000000 };
const result = await conn.query('SELECT Id, Email, LastModifiedDate FROM Contact ORDER BY Id', all);
const contacts = result.records;
out.query = { totalSize: result.totalSize, done: result.done, count: contacts.length, first: contacts[0], unique: new Set(contacts.map((c) => c.Id)).size };
const small = await conn.query('SELECT Id FROM Contact', { ...all, headers: { 'Sforce-Query-Options': 'batchSize=200' } });
out.querySmallBatches = { count: small.records.length };
const calls = await control('/calls');
out.queryCalls = Object.fromEntries(Object.entries(calls.byEndpoint).filter(([k]) => k.includes('/query')));
const deletedAware = await conn.query('SELECT Id FROM Contact', { ...all, scanAll: true });
out.queryAll = { count: deletedAware.records.length };

// 3. Collection update (PATCH /composite/sobjects): one good record, one unknown id.
const [c1, c2] = contacts;
const results = await conn.sobject('Contact').update(
	[
		{ Id: c1.Id, Title: 'Head of Reconciliation' },
		{ Id: '003000000000000AAA', Title: 'Nobody' },
	],
	{ allOrNone: false },
);
out.compositeUpdate = results.map((r) => ({ id: r.id, success: r.success, errors: r.errors }));
const rolledBack = await conn.sobject('Contact').update(
	[
		{ Id: c2.Id, Title: 'Should Roll Back' },
		{ Id: c1.Id, Lifecycle_Stage__c: 'Not A Stage' },
	],
	{ allOrNone: true },
);
out.allOrNone = rolledBack.map((r) => ({ success: r.success, codes: r.errors.map((e) => e.statusCode ?? e.errorCode) }));
const c2After = await conn.sobject('Contact').retrieve(c2.Id);
out.allOrNoneUnchanged = c2After.Title !== 'Should Roll Back';

// 4. Describe with picklist and multi-select picklist values.
const describe = await conn.sobject('Contact').describe();
const pick = describe.fields.find((f) => f.name === 'Lifecycle_Stage__c');
const multi = describe.fields.find((f) => f.name === 'Product_Interest__c');
out.describe = { name: describe.name, picklist: { type: pick.type, values: pick.picklistValues.map((v) => v.value) }, multi: { type: multi.type } };

// 5. The API limit: 403 REQUEST_LIMIT_EXCEEDED, which jsforce does not retry.
const usage = await control('/api-limit');
await control('/api-limit', 'PUT', { max: usage.used + 1 });
await conn.query('SELECT Id FROM Account LIMIT 1');
try {
	await conn.query('SELECT Id FROM Account LIMIT 1');
	out.apiLimit = 'no error';
} catch (e) {
	out.apiLimit = failure(e);
}
await control('/api-limit', 'PUT', { max: 1000000 });

// 6. An expired session: 401 INVALID_SESSION_ID. A connection holding just a token reports it; one
// with a refreshFn (how client-credentials users re-mint) treats it as expiry, refreshes and replays.
const tokenOnly = new jsforce.Connection({ version: '60.0', instanceUrl: conn.instanceUrl, accessToken: conn.accessToken });
let refreshed = 0;
const refreshing = new jsforce.Connection({
	version: '60.0',
	oauth2: { loginUrl: url, clientId, clientSecret },
	refreshFn: (c, callback) => {
		refreshed++;
		c.oauth2.requestToken({ grant_type: 'client_credentials' }).then((res) => callback(null, res.access_token, res), callback);
	},
});
await refreshing.authorize({ grant_type: 'client_credentials' });
await control('/expire-tokens', 'POST');
try {
	await tokenOnly.query('SELECT Id FROM Contact LIMIT 1');
	out.expired = 'no error';
} catch (e) {
	out.expired = failure(e);
}
const afterRefresh = await refreshing.query('SELECT Id FROM Contact LIMIT 1');
out.refreshed = { refreshed, records: afterRefresh.records.length };

process.stdout.write(JSON.stringify(out));
