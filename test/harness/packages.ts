/**
 * Puts a community package where n8n's own installer puts it, so n8n loads it at startup under its real
 * type prefix (`<packageName>.<nodeName>`, the same as a user's install) instead of `CUSTOM.<nodeName>`.
 *
 * n8n's installer (community-packages.service): extract the `npm pack` tarball into
 * `<userFolder>/.n8n/nodes/node_modules/<name>`, delete devDependencies, peerDependencies and
 * optionalDependencies from its package.json, then `npm install --ignore-scripts=true
 * --install-strategy=shallow --package-lock=false` inside it. Peers are never installed, so the package
 * resolves `n8n-workflow` from the host n8n; installing them would load a second copy.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { node24Env } from './install';

const execFileAsync = promisify(execFile);

/** The folder n8n scans for community packages, given its user folder (N8N_USER_FOLDER). */
export function communityNodesDir(userFolder: string): string {
	return join(userFolder, '.n8n', 'nodes');
}

export interface InstalledPackage {
	name: string;
	version: string;
	/** Where it now lives. */
	dir: string;
}

interface PackageJson {
	name?: string;
	version?: string;
	dependencies?: Record<string, string>;
	devDependencies?: unknown;
	peerDependencies?: unknown;
	optionalDependencies?: unknown;
	[key: string]: unknown;
}

/**
 * Installs the tarball into the user folder. Call it before n8n starts (n8n scans the folder only at
 * startup); pass a running handle and it refuses rather than leave a package n8n will not see.
 */
export async function installPackageTarball(
	target: string | { userFolder: string; isRunning(): boolean },
	tgzPath: string,
): Promise<InstalledPackage> {
	if (typeof target !== 'string' && target.isRunning()) {
		throw new Error(
			`installPackageTarball(${tgzPath}): n8n is running and only scans its nodes folder at startup; stop() it first, or install before startN8n / pass it in startN8n({ packages })`,
		);
	}
	const userFolder = typeof target === 'string' ? target : target.userFolder;
	const tgz = resolve(tgzPath);
	if (!existsSync(tgz)) throw new Error(`installPackageTarball: no tarball at ${tgz}`);

	const nodesDir = communityNodesDir(userFolder);
	mkdirSync(join(nodesDir, 'node_modules'), { recursive: true });
	// n8n keeps a package.json here for its own npm calls; an npm install in a package folder below must not
	// pick up some other project further up either.
	const nodesPkg = join(nodesDir, 'package.json');
	if (!existsSync(nodesPkg)) {
		writeFileSync(nodesPkg, JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2));
	}

	// Extract next to the destination (same filesystem, so the final move is an atomic rename).
	const staging = mkdtempSync(join(nodesDir, '.staging-'));
	try {
		await execFileAsync('tar', ['-xzf', tgz, '-C', staging]);
		const extracted = join(staging, 'package');
		const pkgPath = join(extracted, 'package.json');
		if (!existsSync(pkgPath)) throw new Error(`${tgz} is not an npm pack tarball (no package/package.json)`);
		const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as PackageJson;
		if (!pkg.name) throw new Error(`${tgz}: package.json has no name`);
		delete pkg.devDependencies;
		delete pkg.peerDependencies;
		delete pkg.optionalDependencies;
		writeFileSync(pkgPath, JSON.stringify(pkg, null, 2));

		const dest = join(nodesDir, 'node_modules', pkg.name);
		rmSync(dest, { recursive: true, force: true });
		mkdirSync(dirname(dest), { recursive: true }); // scoped names: node_modules/@scope/
		renameSync(extracted, dest);

		await execFileAsync(
			'npm',
			['install', '--ignore-scripts=true', '--install-strategy=shallow', '--package-lock=false', '--no-audit', '--no-fund', '--loglevel=error'],
			{ cwd: dest, env: node24Env(), maxBuffer: 16 * 1024 * 1024 },
		);
		return { name: pkg.name, version: pkg.version ?? '0.0.0', dir: dest };
	} finally {
		rmSync(staging, { recursive: true, force: true });
	}
}

/**
 * `npm pack` in a project folder (build it first: only what `files` lists is packed). Lifecycle scripts are
 * skipped so packing never rebuilds behind the caller's back. Returns the tarball's absolute path.
 */
export async function packProject(projectDir: string, outDir?: string): Promise<string> {
	const dest = outDir ?? mkdtempSync(join(tmpdir(), 'n8n-harness-pack-'));
	mkdirSync(dest, { recursive: true });
	const { stdout } = await execFileAsync(
		'npm',
		['pack', '--json', '--ignore-scripts', '--pack-destination', dest, '--loglevel=error'],
		{ cwd: projectDir, env: node24Env(), maxBuffer: 64 * 1024 * 1024 },
	);
	const parsed = JSON.parse(stdout) as Array<{ filename: string }>;
	const filename = parsed[0]?.filename;
	if (!filename) throw new Error(`npm pack in ${projectDir} printed no filename: ${stdout.slice(0, 500)}`);
	// Scoped packages are packed as scope-name-version.tgz; npm reports the file name it wrote.
	const tgz = join(dest, filename.replace(/^@/, '').replace(/\//g, '-'));
	if (!existsSync(tgz)) throw new Error(`npm pack reported ${filename} but ${tgz} does not exist`);
	return tgz;
}
