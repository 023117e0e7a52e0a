/**
 * API calls and time of a full snapshot through the Snapshot node (real HTTP to the simulators), against
 * the minimum: ceil(N / 100) HubSpot list pages, ceil(N / 2000) Salesforce query batches. Calls are counted
 * by the simulator (every API request it answered, token requests aside) and N is what the simulator holds,
 * next to what the node reports about itself.
 *
 *   npx ts-node --transpile-only test/bench/snapshot-calls.ts --records 20000
 */
import { ReconcileSnapshot } from '../../nodes/ReconcileSnapshot/ReconcileSnapshot.node';
import { contactsPolicy } from '../fixtures/sim-policy';
import { runNode } from '../nodes/harness/run-node';
import { credentialTypes, simCredentials } from '../nodes/harness/sims';
import { startSims } from '../simulators';
import { numberFlag } from './args';

async function main(): Promise<void> {
	const records = numberFlag(process.argv.slice(2), 'records', 20_000);
	const sims = await startSims({ records, seed: 1, hubspot: { rateLimits: false }, salesforce: { dailyApiLimit: false } });
	try {
		const policy = JSON.stringify(contactsPolicy(sims.hubspot.owners));
		for (const [source, side] of [['hubspot', 'a'], ['salesforce', 'b']] as const) {
			const sim = source === 'hubspot' ? sims.hubspot : sims.salesforce;
			const held = source === 'hubspot' ? sims.hubspot.truthAll('contacts').length : sims.salesforce.truthAll('Contact').filter((r) => r.IsDeleted !== true).length;
			const minimum = Math.ceil(held / (source === 'hubspot' ? 100 : 2000));
			sim.resetCalls();
			const started = process.hrtime.bigint();
			const { outputs } = await runNode({
				nodeType: new ReconcileSnapshot(),
				parameters: { policy, source, side, scope: 'full' },
				inputs: [[{ json: {} }]],
				credentials: simCredentials(sims),
				credentialTypes,
			});
			const ms = Number(process.hrtime.bigint() - started) / 1e6;
			const stats = outputs[1][0].json as { records: number; apiCalls: number; minimumCalls: number };
			const counted = Object.entries(sim.calls().byEndpoint)
				.filter(([endpoint]) => !/oauth2/.test(endpoint))
				.reduce((sum, [, n]) => sum + n, 0);
			if (stats.records !== held) throw new Error(`${source}: the snapshot read ${stats.records} of the ${held} records the simulator holds`);
			console.log(
				`snapshot system=${source} records=${stats.records} api_calls=${counted} minimum=${minimum} ratio=${(counted / minimum).toFixed(2)} node_reported_calls=${stats.apiCalls} ms=${ms.toFixed(0)}`,
			);
		}
	} finally {
		await sims.close();
	}
}

void main();
