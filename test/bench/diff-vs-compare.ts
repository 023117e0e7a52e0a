/**
 * The Reconcile Diff node against n8n's built-in Compare Datasets node, on the same records inside the same
 * n8n execution: both nodes get the same two inputs (split from one webhook body), and each node's own
 * execution time is read from the saved run data.
 *
 *   npm run build && npx ts-node --transpile-only test/bench/diff-vs-compare.ts --records 20000
 */
import { Random } from '../fixtures/random';
import { activateWorkflow, importWorkflow, startN8n, getExecution, listExecutions, packProject, pollUntil } from '../harness';
import { ROOT } from '../harness/stack';
import { numberFlag } from './args';

export interface DiffVsCompare {
	records: number;
	diffMs: number;
	compareMs: number;
	ratio: number;
	diffFound: number;
	compareDifferent: number;
}

function dataset(records: number, fields: number, drift: number, seed: number): { a: object[]; b: object[] } {
	const rng = new Random(seed);
	const a: Array<{ id: string; fields: Record<string, string> }> = [];
	for (let i = 0; i < records; i++) {
		const f: Record<string, string> = { email: `person${i}@example.com` };
		for (let j = 0; j < fields; j++) f[`f${j}`] = `value ${rng.int(0, 1_000_000)}`;
		a.push({ id: `a${i}`, fields: f });
	}
	const b = a.map((r, i) => {
		const f = { ...r.fields };
		if (rng.chance(drift)) f[`f${rng.int(0, fields - 1)}`] = `changed ${i}`;
		return { id: r.id, fields: f };
	});
	for (let i = b.length - 1; i > 0; i--) {
		const j = rng.int(0, i);
		[b[i], b[j]] = [b[j], b[i]];
	}
	return { a, b };
}

function policy(fields: number): object {
	return {
		version: 1,
		name: 'bench items',
		a: { system: 'items', object: 'left' },
		b: { system: 'items', object: 'right' },
		match: { keys: [{ a: 'email', b: 'email', type: 'email' }] },
		fields: Array.from({ length: fields }, (_, j) => ({ name: `f${j}`, a: `f${j}`, b: `f${j}`, type: 'string', rule: { kind: 'source_of_truth', side: 'a' } })),
	};
}

function workflow(path: string, fields: number): object {
	const node = (name: string, type: string, typeVersion: number, position: [number, number], parameters: object) => ({ id: name.replace(/\W/g, '-').toLowerCase(), name, type, typeVersion, position, parameters });
	return {
		name: `bench diff vs compare ${path}`,
		nodes: [
			{ ...node('Webhook', 'n8n-nodes-base.webhook', 2.1, [0, 200], { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} }), webhookId: path },
			node('Split A', 'n8n-nodes-base.splitOut', 1, [220, 100], { fieldToSplitOut: 'body.a', include: 'noOtherFields', options: {} }),
			node('Split B', 'n8n-nodes-base.splitOut', 1, [220, 300], { fieldToSplitOut: 'body.b', include: 'noOtherFields', options: {} }),
			node('Reconcile Diff', 'n8n-nodes-reconcile.reconcileDiff', 1, [480, 100], { policy: JSON.stringify(policy(fields)), scope: 'full', options: {} }),
			node('Compare Datasets', 'n8n-nodes-base.compareDatasets', 2.3, [480, 400], { mergeByFields: { values: [{ field1: 'fields.email', field2: 'fields.email' }] }, resolve: 'includeBoth', options: {} }),
		],
		connections: {
			Webhook: { main: [[{ node: 'Split A', type: 'main', index: 0 }, { node: 'Split B', type: 'main', index: 0 }]] },
			'Split A': { main: [[{ node: 'Reconcile Diff', type: 'main', index: 0 }, { node: 'Compare Datasets', type: 'main', index: 0 }]] },
			'Split B': { main: [[{ node: 'Reconcile Diff', type: 'main', index: 1 }, { node: 'Compare Datasets', type: 'main', index: 1 }]] },
		},
		settings: { executionOrder: 'v1', saveDataSuccessExecution: 'all', executionTimeout: 7200 },
	};
}

export async function diffVsCompare(records: number, fields = 20): Promise<DiffVsCompare> {
	const tarball = await packProject(ROOT);
	const h = await startN8n({ packages: [tarball], logLevel: 'warn', env: { N8N_PAYLOAD_SIZE_MAX: '512', EXECUTIONS_TIMEOUT: '7200', EXECUTIONS_TIMEOUT_MAX: '7200' } });
	try {
		const path = `bench-diff-${Date.now().toString(36)}`;
		const wf = await importWorkflow(h, workflow(path, fields) as never);
		await activateWorkflow(h, wf.id);
		const response = await h.webhook(path, dataset(records, fields, 0.05, 7), { timeoutMs: 120_000 });
		if (response.status !== 200) throw new Error(`webhook answered ${response.status}`);
		const finished = await pollUntil(
			'the benchmark execution to finish',
			async () => {
				const [execution] = await listExecutions(h, wf.id, { limit: 1 });
				return execution !== undefined && execution.status !== 'running' && execution.status !== 'new' ? execution : undefined;
			},
			{ timeoutMs: 2 * 3_600_000, intervalMs: 2000 },
		);
		const execution = await getExecution(h, String(finished.id), true);
		const runData = (execution.data as { resultData: { runData: Record<string, Array<{ executionTime: number; data: { main: unknown[][] } }>> } }).resultData.runData;
		const diff = runData['Reconcile Diff'][0];
		const compare = runData['Compare Datasets'][0];
		return {
			records,
			diffMs: diff.executionTime,
			compareMs: compare.executionTime,
			ratio: compare.executionTime / Math.max(1, diff.executionTime),
			diffFound: diff.data.main[0].length,
			compareDifferent: compare.data.main[2].length,
		};
	} finally {
		await h.stop();
	}
}

if (require.main === module) {
	const records = numberFlag(process.argv.slice(2), 'records', 20_000);
	diffVsCompare(records)
		.then((r) => console.log(`diff_vs_compare records=${r.records} diff_ms=${r.diffMs} compare_ms=${r.compareMs} ratio=${r.ratio.toFixed(0)} diff_found=${r.diffFound} compare_different=${r.compareDifferent}`))
		.catch((error: unknown) => {
			console.error(error);
			process.exit(1);
		});
}
