/**
 * Preloaded into the n8n process (`node -r parent-watch.js n8n start`) by the harness.
 *
 * Why: the harness starts n8n in its own process group so that stop() can kill the whole tree, but that
 * also means a Ctrl-C or a SIGKILL of the test runner never reaches n8n. The harness cleans up on its own
 * exit and signals; this covers the case it cannot: the parent dying without running any handler. When
 * the parent named in RECONCILE_HARNESS_PARENT_PID is gone, n8n's process group is terminated.
 * Plain JS because it runs inside n8n's Node 24, outside ts-node.
 */
'use strict';

const parentPid = Number(process.env.RECONCILE_HARNESS_PARENT_PID);

function parentAlive() {
	try {
		process.kill(parentPid, 0);
		return true;
	} catch (e) {
		// EPERM means it exists but belongs to someone else: still alive.
		return Boolean(e && e.code === 'EPERM');
	}
}

if (Number.isInteger(parentPid) && parentPid > 1) {
	const timer = setInterval(() => {
		if (parentAlive() && process.ppid === parentPid) return;
		clearInterval(timer);
		process.stderr.write(`[harness] parent ${parentPid} is gone; shutting n8n down\n`);
		// Graceful first (n8n closes its SQLite DB), then hard if shutdown hangs.
		const hard = setTimeout(() => {
			try {
				process.kill(-process.pid, 'SIGKILL');
			} catch {
				process.exit(1);
			}
		}, 15000);
		hard.unref();
		try {
			process.kill(-process.pid, 'SIGTERM');
		} catch {
			process.kill(process.pid, 'SIGTERM');
		}
	}, 1000);
	timer.unref();
}
