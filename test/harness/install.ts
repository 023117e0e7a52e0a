/**
 * Installs a pinned n8n into the harness cache folder (never into the project's node_modules: it is ~1 GB and
 * needs Node 24). Idempotent: a marker file is written only after a verified install, so a second call
 * returns at once and an interrupted install is redone from where npm left it.
 *
 * Why the two steps: a plain `npm i n8n` fails in the install script of a Kafka client that downloads zlib
 * (no network but the npm registry here), so we install with `--ignore-scripts` and then rebuild the one
 * native module n8n needs for its default SQLite database against the Node 24 headers.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { cacheDir, ensureNode24, node24Home, NODE24_VERSION } from './node24';

/** Newest n8n that resolves from the registry here (2.41.3 needs a package the registry does not serve). */
export const N8N_VERSION = '2.40.7';

export interface N8nInstall {
	version: string;
	/** Folder holding `node_modules/n8n`. */
	installDir: string;
	/** The `n8n` bin script (a JS file: run it with `nodeBin`). */
	n8nBin: string;
	/** Node 24 binary to run n8n with. */
	nodeBin: string;
	/** Whether this call did the install (false when the marker was already there). */
	installedNow: boolean;
	/** Wall time of this call in ms. */
	elapsedMs: number;
}

export function n8nInstallDir(version = N8N_VERSION): string {
	return join(cacheDir(), `n8n-${version}`);
}

function markerPath(installDir: string): string {
	return join(installDir, '.harness-install-ok');
}

/** Environment that makes npm, node-gyp and child scripts use Node 24 and its headers. */
export function node24Env(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
	const home = node24Home();
	return {
		...withoutNpmRunEnv(base),
		PATH: `${join(home, 'bin')}:${base.PATH ?? ''}`,
		// ~/.npmrc on these machines sets nodedir=/usr (Node 20 headers); the env var wins over it.
		npm_config_nodedir: home,
		npm_config_update_notifier: 'false',
		npm_config_fund: 'false',
		npm_config_audit: 'false',
	};
}

/**
 * Drops the variables an outer `npm run`/`npx` exports to its children. They carry the calling project's
 * config (this repo's .npmrc sets ignore-scripts=true, which would silently turn `npm rebuild` into a no-op)
 * and would win over the install folder's own settings. npm re-reads the user/global config files anyway.
 */
export function withoutNpmRunEnv(base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
	const out: NodeJS.ProcessEnv = {};
	for (const [k, v] of Object.entries(base)) {
		if (/^npm_/i.test(k) || k === 'INIT_CWD') continue;
		out[k] = v;
	}
	return out;
}

function log(msg: string): void {
	process.stderr.write(`[harness] ${msg}\n`);
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<void> {
	return new Promise((resolve, reject) => {
		const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'inherit', 'inherit'] });
		child.on('error', reject);
		child.on('exit', (code, signal) => {
			if (code === 0) resolve();
			else reject(new Error(`${cmd} ${args.join(' ')} (in ${cwd}) failed: exit ${code ?? signal}`));
		});
	});
}

function sleep(ms: number): Promise<void> {
	return new Promise((r) => setTimeout(r, ms));
}

function pidAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/**
 * A lock folder so a jest globalSetup and a bench script started together do not run two npm installs into
 * the same folder. A lock whose owner process is gone is taken over.
 */
async function withInstallLock<T>(installDir: string, fn: () => Promise<T>): Promise<T> {
	const lock = `${installDir}.lock`;
	mkdirSync(dirname(lock), { recursive: true });
	for (;;) {
		try {
			mkdirSync(lock);
			writeFileSync(join(lock, 'pid'), String(process.pid));
			break;
		} catch (e) {
			// Only "someone holds the lock" is worth waiting for; anything else (permissions, disk) is fatal.
			if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
			let owner = NaN;
			try {
				owner = Number(readFileSync(join(lock, 'pid'), 'utf8'));
			} catch {
				// The owner may be between mkdir and writing its pid; give it a moment before judging it stale.
				if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs < 5000) {
					await sleep(500);
					continue;
				}
			}
			if (!Number.isFinite(owner) || !pidAlive(owner)) {
				log(`removing stale install lock ${lock}`);
				rmSync(lock, { recursive: true, force: true });
				continue;
			}
			log(`another process (${owner}) is installing n8n; waiting`);
			await sleep(2000);
		}
	}
	try {
		return await fn();
	} finally {
		rmSync(lock, { recursive: true, force: true });
	}
}

function resultFor(installDir: string, nodeBin: string, installedNow: boolean, started: number): N8nInstall {
	return {
		version: N8N_VERSION,
		installDir,
		n8nBin: join(installDir, 'node_modules', 'n8n', 'bin', 'n8n'),
		nodeBin,
		installedNow,
		elapsedMs: Date.now() - started,
	};
}

/** Ensures Node 24 and n8n are installed in the cache; returns where they are. */
export async function ensureN8n(): Promise<N8nInstall> {
	const started = Date.now();
	const installDir = n8nInstallDir();
	const marker = markerPath(installDir);
	if (existsSync(marker)) return resultFor(installDir, ensureNode24(), false, started);

	return withInstallLock(installDir, async () => {
		// Someone else may have finished while we waited for the lock.
		if (existsSync(marker)) return resultFor(installDir, ensureNode24(), false, started);
		log(`installing Node ${NODE24_VERSION} (if missing) into ${cacheDir()}`);
		const nodeBin = ensureNode24();
		mkdirSync(installDir, { recursive: true });
		// Own package.json so npm treats this folder as the project root instead of walking up to a parent one.
		const pkgJson = join(installDir, 'package.json');
		if (!existsSync(pkgJson)) {
			writeFileSync(pkgJson, JSON.stringify({ name: 'reconcile-harness-n8n', private: true }, null, 2));
		}
		const env = node24Env();
		const phase = async (label: string, args: string[]): Promise<void> => {
			const t = Date.now();
			log(`${label}: npm ${args.join(' ')}`);
			await run('npm', args, installDir, env);
			log(`${label}: done in ${((Date.now() - t) / 1000).toFixed(1)} s`);
		};
		await phase('install n8n', [
			'install',
			`n8n@${N8N_VERSION}`,
			'--ignore-scripts',
			'--no-audit',
			'--no-fund',
			'--loglevel=error',
		]);
		await phase('rebuild sqlite3', ['rebuild', 'sqlite3', '--ignore-scripts=false', '--loglevel=error']);
		// Prove the native module loads under Node 24 before declaring success.
		await run(nodeBin, ['-e', "require('sqlite3'); console.log('[harness] sqlite3 loads under Node', process.version)"], installDir, env);
		const result = resultFor(installDir, nodeBin, true, started);
		if (!existsSync(result.n8nBin)) throw new Error(`n8n installed but ${result.n8nBin} is missing`);
		writeFileSync(
			marker,
			JSON.stringify({ n8n: N8N_VERSION, node: NODE24_VERSION, installedAt: new Date().toISOString() }, null, 2),
		);
		log(`n8n ${N8N_VERSION} ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
		return resultFor(installDir, nodeBin, true, started);
	});
}

if (require.main === module) {
	ensureN8n().then(
		(r) => process.stdout.write(`${JSON.stringify(r, null, 2)}\n`),
		(e: unknown) => {
			process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
			process.exit(1);
		},
	);
}
