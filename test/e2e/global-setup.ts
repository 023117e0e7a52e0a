/**
 * Installs Node 24 and the pinned n8n into the cache folder once per e2e run (a few minutes cold, instant
 * after), so no test file pays for it inside its own timeout.
 */
import { ensureN8n } from '../harness/install';

export default async function globalSetup(): Promise<void> {
	const r = await ensureN8n();
	process.stderr.write(
		`\n[harness] n8n ${r.version} ${r.installedNow ? `installed in ${(r.elapsedMs / 1000).toFixed(1)} s` : 'already installed'} (${r.installDir})\n`,
	);
}
