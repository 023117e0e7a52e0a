/**
 * Tiny workflow JSON builders for harness tests and benchmarks (the product's real workflows are the
 * templates in workflows/). Positions are cosmetic; ids are random so imports never collide.
 */
import { randomUUID } from 'node:crypto';
import type { WorkflowJson, WorkflowNode } from './workflows';

export function webhookNode(path: string, opts: { responseMode?: 'responseNode' | 'lastNode' | 'onReceived'; method?: string } = {}): WorkflowNode {
	return {
		id: randomUUID(),
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		webhookId: randomUUID(),
		parameters: { httpMethod: opts.method ?? 'POST', path, responseMode: opts.responseMode ?? 'responseNode', options: {} },
	};
}

export function respondNode(): WorkflowNode {
	return {
		id: randomUUID(),
		name: 'Respond',
		type: 'n8n-nodes-base.respondToWebhook',
		typeVersion: 1.1,
		position: [440, 0],
		parameters: { respondWith: 'firstIncomingItem', options: {} },
	};
}

/** Connects nodes in a line, main output 0 → main input 0. */
export function chain(name: string, nodes: WorkflowNode[], settings: Record<string, unknown> = {}): WorkflowJson {
	const connections: Record<string, unknown> = {};
	for (let i = 0; i < nodes.length - 1; i++) {
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	}
	nodes.forEach((n, i) => (n.position = [i * 220, 0]));
	return { name, nodes, connections, settings: { executionOrder: 'v1', ...settings } };
}

/** Webhook → Respond to Webhook: the floor any webhook-driven workflow is measured against. */
export function trivialWebhookWorkflow(path: string, settings: Record<string, unknown> = {}): WorkflowJson {
	return chain(`trivial ${path}`, [webhookNode(path), respondNode()], settings);
}
