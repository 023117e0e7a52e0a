/**
 * A small builder for n8n workflow JSON, so the shipped templates are generated from code (reviewable,
 * consistent node names and table columns) rather than hand-edited exports.
 */
import { createHash } from 'node:crypto';

export interface N8nNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	webhookId?: string;
	onError?: 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';
	alwaysOutputData?: boolean;
	executeOnce?: boolean;
	notesInFlow?: boolean;
	notes?: string;
}

export interface Workflow {
	name: string;
	nodes: N8nNode[];
	connections: Record<string, { main: Array<Array<{ node: string; type: 'main'; index: number }>> }>;
	settings: Record<string, unknown>;
	pinData: Record<string, never>;
	meta: { templateCredsSetupCompleted: boolean };
}

/** Stable UUID-shaped ids derived from the workflow and node name, so regenerating gives the same file. */
export function stableId(...parts: string[]): string {
	const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export const PACKAGE = 'n8n-nodes-reconcile';

export class WorkflowBuilder {
	readonly nodes: N8nNode[] = [];
	readonly connections: Workflow['connections'] = {};

	constructor(
		readonly name: string,
		private readonly settings: Record<string, unknown>,
	) {}

	add(node: Omit<N8nNode, 'id'> & { id?: string }): string {
		if (this.nodes.some((n) => n.name === node.name)) throw new Error(`duplicate node name ${node.name}`);
		this.nodes.push({ id: stableId(this.name, node.name), ...node });
		return node.name;
	}

	/** Connects output `fromOutput` of `from` to input `toInput` of `to`. */
	connect(from: string, to: string, fromOutput = 0, toInput = 0): void {
		for (const name of [from, to]) if (!this.nodes.some((n) => n.name === name)) throw new Error(`unknown node ${name}`);
		const outputs = (this.connections[from] ??= { main: [] }).main;
		while (outputs.length <= fromOutput) outputs.push([]);
		outputs[fromOutput].push({ node: to, type: 'main', index: toInput });
	}

	/** Connects a straight chain of single-output nodes. */
	chain(...names: string[]): void {
		for (let i = 1; i < names.length; i++) this.connect(names[i - 1], names[i]);
	}

	build(): Workflow {
		return { name: this.name, nodes: this.nodes, connections: this.connections, settings: this.settings, pinData: {}, meta: { templateCredsSetupCompleted: false } };
	}
}

/** Credential reference as exports carry it; importers (the UI, or the test harness) map it to a real credential. */
export function credential(type: string, name: string): Record<string, { id: string; name: string }> {
	return { [type]: { id: '', name } };
}
