/**
 * `npm run sim -- --records 5000 --seed 1`: starts both simulators on one seed plan and prints
 * their base URLs and credentials, then runs until interrupted.
 *
 * Flags: --records N --seed S --drift R --only-hubspot R --only-salesforce R --duplicates R
 *        --hubspot-port P --salesforce-port P --time-scale X --no-rate-limits
 *        --webhook-url URL --flow-url URL --outbound-url URL
 */
import { startSims } from './index';

function parseArgs(argv: string[]): Map<string, string> {
	const args = new Map<string, string>();
	for (let i = 0; i < argv.length; i++) {
		const flag = argv[i];
		if (!flag.startsWith('--')) throw new Error(`unexpected argument ${flag}`);
		const next = argv[i + 1];
		if (next === undefined || next.startsWith('--')) args.set(flag.slice(2), 'true');
		else args.set(flag.slice(2), argv[++i]);
	}
	return args;
}

async function main(): Promise<void> {
	const args = parseArgs(process.argv.slice(2));
	const num = (name: string, fallback: number) => {
		const v = args.get(name);
		if (v === undefined) return fallback;
		const n = Number(v);
		if (Number.isNaN(n)) throw new Error(`--${name} must be a number, got ${v}`);
		return n;
	};
	const started = Date.now();
	const sims = await startSims({
		records: num('records', 1000),
		seed: args.get('seed') ?? 1,
		driftRate: num('drift', 0.05),
		onlyInHubSpotRate: num('only-hubspot', 0.02),
		onlyInSalesforceRate: num('only-salesforce', 0.02),
		duplicateRate: num('duplicates', 0.01),
		timeScale: num('time-scale', 1),
		hubspot: {
			port: num('hubspot-port', 0),
			rateLimits: args.has('no-rate-limits') ? false : undefined,
			webhooks: { targetUrl: args.get('webhook-url') },
		},
		salesforce: {
			port: num('salesforce-port', 0),
			dailyApiLimit: args.has('no-rate-limits') ? false : undefined,
			flow: { url: args.get('flow-url') },
			outbound: { url: args.get('outbound-url') },
		},
	});
	const { hubspot, salesforce, manifest } = sims;
	const lines = [
		`HubSpot    ${hubspot.url}`,
		`Salesforce ${salesforce.url}`,
		'',
		`HubSpot private app token  ${hubspot.accessToken}   (app ${hubspot.appId}, webhook secret ${hubspot.clientSecret})`,
		`Salesforce client id/secret ${salesforce.clientId} / ${salesforce.clientSecret}   (static token ${salesforce.staticAccessToken})`,
		`Seeded in ${Date.now() - started} ms: HubSpot ${JSON.stringify(manifest.counts.hubspot)}, Salesforce ${JSON.stringify(manifest.counts.salesforce)}`,
		`Drift entries ${manifest.drift.length}, only in HubSpot ${manifest.onlyInHubSpot.length}, only in Salesforce ${manifest.onlyInSalesforce.length}, duplicate emails ${manifest.duplicates.length}`,
		`Control API: ${hubspot.url}/__sim/info, ${salesforce.url}/__sim/info (manifest, calls, writes, ui, faults, reset)`,
	];
	process.stdout.write(`${lines.join('\n')}\n`);
	const stop = () => {
		void sims.close().then(() => process.exit(0));
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
	process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
	process.exit(1);
});
