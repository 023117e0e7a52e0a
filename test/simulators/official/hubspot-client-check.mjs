// Drives the HubSpot simulator with the official @hubspot/api-client (Node >= 22) and prints one
// JSON object of observations for official-clients.test.ts to assert on. No workarounds: if the
// client needs one, the simulator is wrong.
import http from 'node:http';
import hubspot from '@hubspot/api-client';

const { url, token } = JSON.parse(process.argv[2]);
const out = {};
const control = (path, method = 'GET', body) =>
	fetch(`${url}/__sim${path}`, { method, headers: { 'content-type': 'application/json' }, body: body && JSON.stringify(body) }).then((r) => r.json());

const client = new hubspot.Client({ accessToken: token, basePath: url, numberOfApiCallRetries: 0 });

// 1. Page through all contacts (getAll pages with limit=100 until paging.next is absent).
const all = await client.crm.contacts.getAll(100, undefined, ['email', 'lastmodifieddate']);
out.getAll = { count: all.length, firstId: all[0].id, createdAtIsDate: all[0].createdAt instanceof Date, email: all[0].properties.email };

// 2. Search by last-modified, ascending, paging with `after`.
const since = Date.parse('2024-10-01T00:00:00Z');
let after = '0';
let pages = 0;
let seen = 0;
let ascending = true;
let last = 0;
let total = 0;
do {
	const page = await client.crm.contacts.searchApi.doSearch({
		filterGroups: [{ filters: [{ propertyName: 'lastmodifieddate', operator: 'GTE', value: String(since) }] }],
		sorts: [{ propertyName: 'lastmodifieddate', direction: 'ASCENDING' }],
		properties: ['email', 'lastmodifieddate'],
		limit: 200,
		after,
	});
	total = page.total;
	for (const r of page.results) {
		const t = Date.parse(r.properties.lastmodifieddate);
		if (t < last || t < since) ascending = false;
		last = t;
	}
	seen += page.results.length;
	pages++;
	after = page.paging?.next?.after;
} while (after);
out.search = { total, seen, pages, ascending };

// 3. Batch update with one unknown id: a 207 the client returns (not throws), with errors[].
const [a, b] = all;
const batch = await client.crm.contacts.batchApi.update({
	inputs: [
		{ id: a.id, properties: { jobtitle: 'Head of Reconciliation' } },
		{ id: b.id, properties: { jobtitle: 'Chief Sync Officer' } },
		{ id: '999', properties: { jobtitle: 'Nobody' } },
	],
});
out.batchUpdate = {
	status: batch.status,
	updatedIds: batch.results.map((r) => r.id).sort(),
	numErrors: batch.numErrors,
	errorCategory: batch.errors?.[0]?.category,
	errorIds: batch.errors?.[0]?.context?.ids,
};

// 4. Property definitions.
const props = await client.crm.properties.coreApi.getAll('contacts');
const pi = props.results.find((p) => p.name === 'product_interest');
out.properties = { count: props.results.length, productInterest: { type: pi.type, fieldType: pi.fieldType, options: pi.options.map((o) => o.value) } };

// 5. Per-field history on a read.
const withHistory = await client.crm.contacts.basicApi.getById(a.id, ['jobtitle'], ['jobtitle']);
out.history = withHistory.propertiesWithHistory.jobtitle.map((h) => ({ value: h.value, sourceType: h.sourceType, sourceId: h.sourceId }));

// 6. A wrong token: ApiException with HubSpot's 401 body.
try {
	await new hubspot.Client({ accessToken: 'pat-na1-wrong', basePath: url, numberOfApiCallRetries: 0 }).crm.contacts.basicApi.getPage(1);
	out.wrongToken = 'no error';
} catch (e) {
	out.wrongToken = { code: e.code, category: e.body?.category, message: e.body?.message };
}

// 7. The ten-secondly limit: ApiException 429 with policyName.
await control('/rate-limits', 'PUT', { perTenSeconds: 1 });
await client.crm.contacts.basicApi.getPage(1).catch(() => undefined);
try {
	await client.crm.contacts.basicApi.getPage(1);
	out.rateLimit = 'no error';
} catch (e) {
	out.rateLimit = { code: e.code, policyName: e.body?.policyName, remaining: e.headers?.['x-hubspot-ratelimit-remaining'] };
}
await control('/rate-limits', 'PUT', { perTenSeconds: 1000000 });

// 8. Webhook signatures checked with the client's own Signature helper.
const received = await new Promise((resolve) => {
	const server = http.createServer((req, res) => {
		let body = '';
		req.on('data', (c) => (body += c));
		req.on('end', () => {
			res.end('ok');
			const target = `http://127.0.0.1:${server.address().port}/hook`;
			server.close();
			resolve({
				events: JSON.parse(body),
				v1: hubspot.Signature.isValid({ signatureVersion: 'v1', signature: req.headers['x-hubspot-signature'], clientSecret: secret, requestBody: body }),
				v3: hubspot.Signature.isValid({
					signatureVersion: 'v3',
					signature: req.headers['x-hubspot-signature-v3'],
					clientSecret: secret,
					requestBody: body,
					method: 'POST',
					url: target,
					timestamp: Number(req.headers['x-hubspot-request-timestamp']),
				}),
			});
		});
	});
	let secret;
	server.listen(0, '127.0.0.1', async () => {
		const info = await control('/info');
		secret = info.clientSecret;
		await control('/webhooks', 'PUT', { targetUrl: `http://127.0.0.1:${server.address().port}/hook` });
		await client.crm.contacts.basicApi.update(a.id, { properties: { jobtitle: 'Webhook Tester' } });
	});
});
out.webhook = {
	v1: received.v1,
	v3: received.v3,
	event: (({ subscriptionType, propertyName, propertyValue, changeSource, sourceId, objectId }) => ({ subscriptionType, propertyName, propertyValue, changeSource, sourceId, objectId }))(received.events[0]),
};
await control('/webhooks', 'PUT', { targetUrl: null });

process.stdout.write(JSON.stringify(out));
