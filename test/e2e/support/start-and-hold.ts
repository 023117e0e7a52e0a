/**
 * Child process for the lifecycle tests: starts n8n through the harness, prints `{"pid":…}` on one line,
 * then idles until it is signalled or killed — standing in for a test runner or the demo being stopped.
 */
import { startN8n } from '../../harness';

startN8n().then(
	(h) => {
		process.stdout.write(`${JSON.stringify({ pid: h.pid, userFolder: h.userFolder })}\n`);
		setInterval(() => undefined, 60_000);
	},
	(e: unknown) => {
		process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
		process.exit(1);
	},
);
