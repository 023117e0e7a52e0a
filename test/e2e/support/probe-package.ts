/**
 * A throwaway community package, written to a temp folder by the test itself, that proves the harness
 * before the product's nodes exist: one programmatic node and one credential type in plain JS (no build
 * step), shaped like a published package (keywords, `n8n` block, dist/ paths, peer and dev dependencies
 * that the installer must strip).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PROBE_PACKAGE = 'n8n-nodes-harnessprobe';
export const PROBE_NODE_TYPE = `${PROBE_PACKAGE}.probe`;
export const PROBE_CREDENTIAL_TYPE = 'harnessProbeApi';

const packageJson = {
	name: PROBE_PACKAGE,
	version: '0.0.1',
	description: 'Harness self-test package (never published)',
	keywords: ['n8n-community-node-package'],
	license: 'MIT',
	files: ['dist'],
	n8n: {
		n8nNodesApiVersion: 1,
		credentials: ['dist/credentials/HarnessProbeApi.credentials.js'],
		nodes: ['dist/nodes/Probe/Probe.node.js'],
	},
	// Both must be removed by installPackageTarball: installing them would pull a second n8n-workflow.
	peerDependencies: { 'n8n-workflow': '*' },
	devDependencies: { typescript: '5.9.3' },
};

// Adds `probe: <tag>` to each item; with a credential attached also `probeToken`, which shows that a
// credential created over the API reaches the node decrypted.
const nodeJs = `'use strict';
class Probe {
	constructor() {
		this.description = {
			displayName: 'Harness Probe',
			name: 'probe',
			group: ['transform'],
			version: 1,
			description: 'Returns its input with a probe field added',
			defaults: { name: 'Probe' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: '${PROBE_CREDENTIAL_TYPE}', required: false }],
			properties: [{ displayName: 'Tag', name: 'tag', type: 'string', default: 'probed' }],
		};
	}
	async execute() {
		const items = this.getInputData();
		let token;
		try {
			token = (await this.getCredentials('${PROBE_CREDENTIAL_TYPE}')).token;
		} catch (e) {
			token = undefined;
		}
		return [items.map((item, i) => ({
			json: Object.assign({}, item.json, { probe: this.getNodeParameter('tag', i) }, token === undefined ? {} : { probeToken: token }),
			pairedItem: { item: i },
		}))];
	}
}
module.exports = { Probe };
`;

const credentialJs = `'use strict';
class HarnessProbeApi {
	constructor() {
		this.name = '${PROBE_CREDENTIAL_TYPE}';
		this.displayName = 'Harness Probe API';
		this.properties = [{ displayName: 'Token', name: 'token', type: 'string', typeOptions: { password: true }, default: '' }];
	}
}
module.exports = { HarnessProbeApi };
`;

/** Writes the package into a new temp folder and returns the folder (ready for `packProject`). */
export function writeProbePackage(): string {
	const dir = mkdtempSync(join(tmpdir(), 'harnessprobe-'));
	mkdirSync(join(dir, 'dist', 'nodes', 'Probe'), { recursive: true });
	mkdirSync(join(dir, 'dist', 'credentials'), { recursive: true });
	writeFileSync(join(dir, 'package.json'), JSON.stringify(packageJson, null, 2));
	writeFileSync(join(dir, 'dist', 'nodes', 'Probe', 'Probe.node.js'), nodeJs);
	writeFileSync(join(dir, 'dist', 'credentials', 'HarnessProbeApi.credentials.js'), credentialJs);
	return dir;
}
