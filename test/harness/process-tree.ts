/**
 * Process-tree bookkeeping for the n8n children: every n8n runs as the leader of its own process group
 * (so a stop can take its task runner with it), and every live one is remembered so the harness's own
 * exit or a Ctrl-C kills them instead of leaving them behind.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Process ids whose process group is `pgid` (Linux /proc). */
export function groupMembers(pgid: number): number[] {
	const out: number[] = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			// /proc/<pid>/stat: "pid (comm) state ppid pgrp ..."; comm may contain spaces/parens, so split after the last ')'.
			const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			if (Number(fields[2]) === pgid && fields[0] !== 'Z') out.push(Number(entry));
		} catch {
			// The process exited while we looked.
		}
	}
	return out;
}

/** Sends `signal` to a whole process group; false when the group no longer exists. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
	try {
		process.kill(-pgid, signal);
		return true;
	} catch {
		return false;
	}
}

const liveGroups = new Set<number>();
let hooksInstalled = false;

function killAllNow(): void {
	for (const pgid of liveGroups) signalGroup(pgid, 'SIGKILL');
	liveGroups.clear();
}

/**
 * Remembers a process group to kill if this process goes away. On SIGINT/SIGTERM/SIGHUP the groups get
 * SIGTERM, a short grace period, then SIGKILL, and this process exits with the conventional 128+n code
 * (installing a signal listener replaces Node's default exit, so we must exit ourselves).
 */
export function trackGroup(pgid: number): void {
	liveGroups.add(pgid);
	if (hooksInstalled) return;
	hooksInstalled = true;
	process.on('exit', killAllNow);
	const onSignal = (signal: NodeJS.Signals, code: number) => {
		for (const pgid of liveGroups) signalGroup(pgid, 'SIGTERM');
		const deadline = Date.now() + 5000;
		const check = () => {
			const alive = [...liveGroups].some((g) => groupMembers(g).length > 0);
			if (!alive || Date.now() > deadline) {
				killAllNow();
				process.stderr.write(`[harness] ${signal}: stopped n8n\n`);
				process.exit(code);
			}
			setTimeout(check, 100);
		};
		check();
	};
	process.once('SIGINT', () => onSignal('SIGINT', 130));
	process.once('SIGTERM', () => onSignal('SIGTERM', 143));
	process.once('SIGHUP', () => onSignal('SIGHUP', 129));
}

export function untrackGroup(pgid: number): void {
	liveGroups.delete(pgid);
}
