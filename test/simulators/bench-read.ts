/**
 * Full-read benchmark: how long paging through every seeded contact takes over real HTTP, HubSpot
 * at 100 per page (`GET /crm/v3/objects/contacts`) and Salesforce at 2000 per batch (`/query` +
 * locators), with rate limits off so only the simulators are measured.
 *
 *   npx ts-node --transpile-only test/simulators/bench-read.ts [--records 100000]
 */
import { numberFlag } from '../bench/args';
import { startSims } from './index';

async function hubspotRead(url: string, token: string): Promise<number> {
	const headers = { Authorization: `Bearer ${token}` };
	let after: string | undefined;
	let n = 0;
	do {
		const res = await fetch(`${url}/crm/v3/objects/contacts?limit=100&properties=email,firstname,lastname,phone,lastmodifieddate${after ? `&after=${encodeURIComponent(after)}` : ''}`, { headers });
		const page = (await res.json()) as { results: unknown[]; paging?: { next?: { after: string } } };
		n += page.results.length;
		after = page.paging?.next?.after;
	} while (after);
	return n;
}

async function salesforceRead(url: string, token: string): Promise<number> {
	const headers = { Authorization: `Bearer ${token}` };
	const soql = 'SELECT Id, Email, FirstName, LastName, Phone, LastModifiedDate FROM Contact';
	let next: string | undefined = `/services/data/v60.0/query?q=${encodeURIComponent(soql)}`;
	let n = 0;
	while (next) {
		const res = await fetch(`${url}${next}`, { headers });
		const page = (await res.json()) as { records: unknown[]; nextRecordsUrl?: string };
		n += page.records.length;
		next = page.nextRecordsUrl;
	}
	return n;
}

async function timed(label: string, run: () => Promise<number>, calls: () => number): Promise<void> {
	const before = calls();
	const t0 = process.hrtime.bigint();
	const n = await run();
	const ms = Number(process.hrtime.bigint() - t0) / 1e6;
	process.stdout.write(`${label.padEnd(34)} ${n} records, ${calls() - before} calls, ${ms.toFixed(0)} ms (${((n / ms) * 1000).toFixed(0)} records/s)\n`);
}

async function main(): Promise<void> {
	// `--records N` like the other benchmarks (a bare number still works).
	const argv = process.argv.slice(2);
	const records = argv[0] !== undefined && /^\d+$/.test(argv[0]) ? Number(argv[0]) : numberFlag(argv, 'records', 100_000);
	const t0 = Date.now();
	const sims = await startSims({ records, hubspot: { rateLimits: false }, salesforce: { dailyApiLimit: false } });
	process.stdout.write(`seeded ${records} contacts on both sides in ${Date.now() - t0} ms (node ${process.version})\n`);
	const { hubspot: hs, salesforce: sf } = sims;
	for (let round = 1; round <= 2; round++) {
		await timed(`HubSpot 100/page (round ${round})`, () => hubspotRead(hs.url, hs.accessToken), () => hs.counter.count);
		await timed(`Salesforce 2000/batch (round ${round})`, () => salesforceRead(sf.url, sf.staticAccessToken), () => sf.counter.count);
	}
	await sims.close();
}

void main();
