/**
 * `npm run demo`: the whole product on this machine. Starts the HubSpot and Salesforce simulators with
 * realistic, drifted data, a real n8n with this package and its templates, runs one reconciliation cycle,
 * fires a few changes through the fast loop, prints where to look and what happened, and keeps running
 * until Ctrl-C (which stops everything it started).
 *
 *   npm run demo -- [--records 2000] [--seed 1] [--drift 0.06]
 */
import { numberFlag } from '../bench/args';
import { ensureN8n } from '../harness';
import { startStack, type Stack } from '../harness/stack';

const argv = process.argv.slice(2);
const records = numberFlag(argv, 'records', 2000);
const seed = numberFlag(argv, 'seed', 1);
const drift = numberFlag(argv, 'drift', 0.06);

function line(label: string, value: unknown): void {
	process.stdout.write(`  ${label.padEnd(28)} ${String(value)}\n`);
}

function counts(json: unknown): string {
	const parsed = typeof json === 'string' ? (JSON.parse(json) as Record<string, number>) : ((json ?? {}) as Record<string, number>);
	const entries = Object.entries(parsed);
	return entries.length === 0 ? 'none' : entries.map(([k, v]) => `${k} ${v}`).join(', ');
}

/**
 * People at work in both CRMs: two first names changed in HubSpot (most recent wins: carried to Salesforce),
 * a job title changed in HubSpot (Salesforce owns job titles: the fast loop puts Salesforce's back), and two
 * last names changed in Salesforce (carried to HubSpot).
 */
async function fireChanges(stack: Stack): Promise<void> {
	const [a, b, c] = stack.sims.hubspot.truthAll('contacts').slice(10, 13);
	stack.sims.hubspot.uiUpdate('contacts', String(a.id), { firstname: 'Amara' });
	stack.sims.hubspot.uiUpdate('contacts', String(b.id), { firstname: 'Tomasz' });
	stack.sims.hubspot.uiUpdate('contacts', String(c.id), { jobtitle: 'VP Revenue Operations' });
	const sfContacts = stack.sims.salesforce.truthAll('Contact').slice(20, 22);
	for (const [i, r] of sfContacts.entries()) stack.sims.salesforce.uiUpdate('Contact', String(r.Id), { LastName: ['Okafor-Lindqvist', 'Marchetti'][i] });
	await stack.quiet();
}

async function main(): Promise<void> {
	process.stdout.write('n8n-nodes-reconcile demo\n\n');
	const install = await ensureN8n();
	if (install.installedNow) process.stdout.write(`installed n8n ${install.version} into the cache in ${(install.elapsedMs / 1000).toFixed(0)} s\n`);
	const started = Date.now();
	const stack = await startStack({
		sims: { records, seed, driftRate: drift, onlyInHubSpotRate: 0.02, onlyInSalesforceRate: 0.01, duplicateRate: 0.005 },
		log: (text) => process.stdout.write(`${text}\n`),
	});
	let stopping = false;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		process.stdout.write('\nstopping n8n and the simulators…\n');
		await stack.stop();
		process.exit(0);
	};
	process.on('SIGINT', () => void stop());
	process.on('SIGTERM', () => void stop());

	process.stdout.write(`\nstack ready in ${((Date.now() - started) / 1000).toFixed(0)} s; running one reconciliation cycle…\n`);
	const cycle = await stack.runCycle();
	await stack.quiet();
	process.stdout.write('\nReconciliation cycle\n');
	line('records read', `HubSpot ${cycle.recordsA}, Salesforce ${cycle.recordsB} (${cycle.matched} matched)`);
	line('discrepancies found', `${cycle.discrepancies} (${cycle.mismatchedFields} field mismatches, ${cycle.onlyInA} only in HubSpot, ${cycle.onlyInB} only in Salesforce, ${cycle.conflicts} conflicts)`);
	line('auto-resolved by rule', counts(cycle.autoResolvedByRule));
	line('escalated by category', counts(cycle.escalatedByCategory));
	line('records written', `${cycle.written} (${cycle.failed} failed)`);
	line('API calls', `HubSpot ${cycle.apiCallsA}, Salesforce ${cycle.apiCallsB}`);
	line('duration', `${(Number(cycle.durationMs) / 1000).toFixed(1)} s`);

	process.stdout.write('\nfiring a few changes through the fast loop: 2 first names and a job title in HubSpot, 2 last names in Salesforce…\n');
	const before = (await stack.rows('reconcile_events')).length;
	await fireChanges(stack);
	const events = (await stack.rows('reconcile_events')).slice(before);
	process.stdout.write('\nFast loop\n');
	for (const e of events) line(`${e.direction} ${e.outcome}`, `${e.records} record(s), ${e.written} written, ${e.echoes} echo(es), ${e.latencyMs} ms${e.reason ? ` — ${e.reason}` : ''}`);
	process.stdout.write('  (a job title changed in HubSpot is written back from Salesforce, its source of truth; echoes are the loop seeing its own writes)\n');
	const queue = (await stack.rows('reconcile_queue')).filter((q) => q.status === 'open');

	process.stdout.write('\nWhere to look\n');
	line('n8n editor', `${stack.n8n.baseUrl}  (login ${stack.n8n.owner.email} / ${stack.n8n.owner.password})`);
	line('cycle workflow', stack.urls.editor);
	line('operator review form', `${stack.urls.review}  (login ${stack.reviewer.user} / ${stack.reviewer.password}; ${queue.length} open item(s))`);
	line('dashboard', `${stack.urls.dashboard}  (login ${stack.viewer.user} / ${stack.viewer.password}; ?format=json for the numbers)`);
	line('run a cycle now', `curl -X POST -H '${stack.adminHeader.name}: ${stack.adminHeader.value}' ${stack.urls.cycle}  (this instance's API key)`);
	line('HubSpot simulator', `${stack.sims.hubspot.url}/__sim/info`);
	line('Salesforce simulator', `${stack.sims.salesforce.url}/__sim/info`);
	process.stdout.write('\nPress Ctrl-C to stop everything.\n');
}

main().catch((error: unknown) => {
	process.stderr.write(`demo failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exit(1);
});
