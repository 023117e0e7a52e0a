/**
 * Runs one node's real `execute()` inside n8n-core's real ExecuteContext: parameters resolved with
 * defaults as n8n does, real item/pairing helpers, and real HTTP through n8n's request helpers (axios
 * via @n8n/backend-network), authenticated by the node's own credential types.
 */
import { ExecuteContext } from 'n8n-core';
import {
	createRunExecutionData,
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type IExecuteData,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
	type INodeTypes,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { TestCredentialsHelper } from './credentials-helper';

export interface RunNodeOptions {
	nodeType: INodeType;
	parameters: INodeParameters;
	/** Items per input index. */
	inputs?: INodeExecutionData[][];
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	credentialTypes?: ICredentialType[];
	continueOnFail?: boolean;
	name?: string;
}

export interface RunNodeResult {
	outputs: INodeExecutionData[][];
	credentials: TestCredentialsHelper;
	hints: unknown[];
}

function nodeTypesOf(nodeType: INodeType): INodeTypes {
	return {
		getByName: () => nodeType,
		getByNameAndVersion: () => nodeType,
		getKnownTypes: () => ({}),
	} as unknown as INodeTypes;
}

export async function runNode(options: RunNodeOptions): Promise<RunNodeResult> {
	const { nodeType } = options;
	const credentialTypes = Object.fromEntries((options.credentialTypes ?? []).map((t) => [t.name, t]));
	const credentialsHelper = new TestCredentialsHelper(credentialTypes, { ...(options.credentials ?? {}) });
	const node: INode = {
		id: 'node-under-test',
		name: options.name ?? nodeType.description.defaults.name ?? 'Node',
		type: `n8n-nodes-reconcile.${nodeType.description.name}`,
		typeVersion: Array.isArray(nodeType.description.version) ? nodeType.description.version.at(-1)! : nodeType.description.version,
		position: [0, 0],
		parameters: options.parameters,
		credentials: Object.fromEntries(Object.keys(options.credentials ?? {}).map((type) => [type, { id: type, name: type }])),
		onError: options.continueOnFail ? 'continueRegularOutput' : 'stopWorkflow',
	};
	const workflow = new Workflow({
		id: 'wf-test',
		name: 'test',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: nodeTypesOf(nodeType),
		settings: { executionOrder: 'v1' },
	});
	const resolvedNode = workflow.getNode(node.name)!;
	const inputs = options.inputs ?? [[]];
	const additionalData = {
		credentialsHelper,
		executionId: 'test-execution',
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://localhost/rest',
		instanceBaseUrl: 'http://localhost/',
		formBaseUrl: 'http://localhost:5678/form',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		formTestBaseUrl: 'http://localhost:5678/form-test',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		mcpBaseUrl: 'http://localhost:5678/mcp',
		mcpTestBaseUrl: 'http://localhost:5678/mcp-test',
		variables: {},
	} as unknown as IWorkflowExecuteAdditionalData;
	const executeData: IExecuteData = {
		node: resolvedNode,
		data: { main: inputs },
		source: { main: inputs.map(() => ({ previousNode: 'Upstream' })) },
	};
	const context = new ExecuteContext(
		workflow,
		resolvedNode,
		additionalData,
		'manual',
		createRunExecutionData(),
		0,
		inputs[0] ?? [],
		{ main: inputs },
		executeData,
		[],
	);
	const outputs = (await nodeType.execute!.call(context)) as INodeExecutionData[][];
	return { outputs, credentials: credentialsHelper, hints: context.hints };
}
