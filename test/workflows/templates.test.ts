import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { TABLES } from '../../nodes/shared/tables';
import { render, TEMPLATES, WORKFLOWS_DIR } from './build';
import { defaultPolicy } from './default-policy';
import type { Workflow } from './builder';

const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { n8n: { nodes: string[] } };
const ownNodes = new Set(pkg.n8n.nodes.map((path) => path.split('/').pop()!.replace('.node.js', '')).map((n) => `n8n-nodes-reconcile.${n[0].toLowerCase()}${n.slice(1)}`));

describe('shipped workflow templates', () => {
	it.each(Object.keys(TEMPLATES))('%s is exactly what the generator produces (run `npm run templates`)', (file) => {
		expect(readFileSync(join(WORKFLOWS_DIR, file), 'utf8')).toBe(render(TEMPLATES[file]()));
	});

	it.each(Object.keys(TEMPLATES))('%s is portable: no instance ids, tables by name, only known node types', (file) => {
		const wf = JSON.parse(readFileSync(join(WORKFLOWS_DIR, file), 'utf8')) as Workflow;
		for (const node of wf.nodes) {
			expect(node.type.startsWith('n8n-nodes-base.') || ownNodes.has(node.type)).toBe(true);
			for (const credential of Object.values(node.credentials ?? {})) expect(credential.id).toBe('');
			const table = node.parameters.dataTableId as { mode?: string; value?: string } | undefined;
			if (table !== undefined) {
				expect(table.mode).toBe('name');
				expect(TABLES.map((t) => t.name)).toContain(table.value);
			}
		}
		const names = new Set(wf.nodes.map((n) => n.name));
		for (const [from, { main }] of Object.entries(wf.connections)) {
			expect(names.has(from)).toBe(true);
			for (const targets of main) for (const target of targets) expect(names.has(target.node)).toBe(true);
		}
		expect(wf.settings.executionOrder).toBe('v1');
	});

	it('publishes the sync policy only after a Reconcile node has validated it, so a policy with mistakes is never published', () => {
		const wf = JSON.parse(readFileSync(join(WORKFLOWS_DIR, 'reconcile-cycle.json'), 'utf8')) as Workflow;
		const types = new Map(wf.nodes.map((n) => [n.name, n.type]));
		// Everything reachable from the Sync policy node without passing through one of our nodes (which stop on an invalid policy).
		const reached = new Set<string>();
		const todo = ['Sync policy'];
		while (todo.length > 0) {
			const name = todo.pop()!;
			if (reached.has(name)) continue;
			reached.add(name);
			if (ownNodes.has(types.get(name) ?? '')) continue;
			for (const targets of wf.connections[name]?.main ?? []) for (const target of targets ?? []) todo.push(target.node);
		}
		expect(reached.has('Publish policy')).toBe(false);
		const feeds = Object.entries(wf.connections).filter(([, { main }]) => main.some((targets) => (targets ?? []).some((t) => t.node === 'Publish policy')));
		expect(feeds.map(([from]) => from)).toEqual(['Snapshot HubSpot']);
	});

	it.each(Object.keys(TEMPLATES))('%s keeps the sync policy in one place: no other node names the policy, its objects or its key fields', (file) => {
		const wf = JSON.parse(readFileSync(join(WORKFLOWS_DIR, file), 'utf8')) as Workflow;
		const policy = defaultPolicy() as { name: string; a: { object: string }; b: { object: string }; match: { keys: Array<{ a: string; b: string }> } };
		const literals = [policy.name, `'${policy.a.object}'`, `'${policy.b.object}'`, ...policy.match.keys.flatMap((k) => [`.${k.a} `, `.${k.b} `, `fields.${k.a}`, `fields.${k.b}`])];
		for (const node of wf.nodes) {
			if (node.name === 'Sync policy') continue;
			const text = JSON.stringify(node.parameters);
			for (const literal of literals) expect({ node: node.name, names: text.includes(literal) ? literal : null }).toEqual({ node: node.name, names: null });
		}
	});

	it('names tables so that none is a substring of another (n8n looks tables up by substring)', () => {
		for (const a of TABLES) for (const b of TABLES) if (a !== b) expect(b.name.toLowerCase().includes(a.name.toLowerCase())).toBe(false);
	});
});
