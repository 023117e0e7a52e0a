/**
 * No n8n may outlive whatever started it: the harness runs n8n in its own process group, so a Ctrl-C in
 * the terminal does not reach it by itself. These tests start n8n from a child process and then stop that
 * child the two ways a developer or CI does.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pollUntil } from '../harness';
import { groupMembers } from '../harness/process-tree';

const script = join(__dirname, 'support', 'start-and-hold.ts');

/** Starts the holder script and resolves with it and the pid of its n8n once n8n is ready. */
async function startHolder(): Promise<{ child: ChildProcess; n8nPid: number; exit: Promise<number | null> }> {
	const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', script], {
		cwd: join(__dirname, '..', '..'),
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	const exit = new Promise<number | null>((r) => child.once('exit', (code, signal) => r(code ?? (signal ? -1 : null))));
	const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
	const first = await new Promise<string>((resolve, reject) => {
		lines.once('line', resolve);
		child.once('exit', (code) => reject(new Error(`holder exited (${code}) before n8n was ready`)));
	});
	const { pid } = JSON.parse(first) as { pid: number };
	return { child, n8nPid: pid, exit };
}

async function expectTreeGone(pgid: number, timeoutMs: number): Promise<void> {
	await pollUntil(`n8n process group ${pgid} to be gone`, async () => (groupMembers(pgid).length === 0 ? true : undefined), {
		timeoutMs,
		intervalMs: 250,
	});
}

describe('the n8n started by the harness', () => {
	test('is stopped with its task runner when the starting process gets Ctrl-C (SIGINT)', async () => {
		const { child, n8nPid, exit } = await startHolder();
		expect(groupMembers(n8nPid).length).toBeGreaterThan(0);

		child.kill('SIGINT');

		expect(await exit).toBe(130);
		expect(groupMembers(n8nPid)).toEqual([]);
	});

	test('shuts itself down when the starting process is killed without any chance to clean up (SIGKILL)', async () => {
		const { child, n8nPid, exit } = await startHolder();

		child.kill('SIGKILL');
		await exit;

		// The parent watch in n8n notices within a second, then n8n shuts down gracefully.
		await expectTreeGone(n8nPid, 30_000);
	});
});
