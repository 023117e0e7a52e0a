/**
 * Starts a real n8n (the pinned install from `ensureN8n`) headless on 127.0.0.1 with a fresh user folder,
 * brings it to a usable state over HTTP (owner, login cookie, all-scope API key) and hands back a handle
 * that the e2e tests, the benchmarks and the demo share.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cookieFrom, HttpError, pollUntil, request, requestOk, sleep, type HttpMethod, type HttpResponse } from './http';
import { ensureN8n, withoutNpmRunEnv, type N8nInstall } from './install';
import { installPackageTarball } from './packages';
import { groupMembers, signalGroup, trackGroup, untrackGroup } from './process-tree';

/** Fixed so a user folder (its encrypted credentials, its login cookies) stays valid across restarts. */
export const HARNESS_ENCRYPTION_KEY = 'reconcile-harness-encryption-key-not-secret';

export interface OwnerAccount {
	email: string;
	password: string;
	firstName: string;
	lastName: string;
}

export const DEFAULT_OWNER: OwnerAccount = {
	email: 'owner@reconcile.example.com',
	// n8n's rule: 8–64 chars with a digit and an uppercase letter.
	password: 'Harness-Passw0rd',
	firstName: 'Harness',
	lastName: 'Owner',
};

/** Postgres instead of the default SQLite file; only the settings are passed through, nothing is started. */
export interface PostgresOptions {
	type: 'postgresdb';
	host: string;
	port?: number;
	database: string;
	user: string;
	password: string;
	schema?: string;
}

export interface StartOptions {
	/** Port for the UI, REST, public API and webhooks; a free one when omitted. */
	port?: number;
	/** N8N_USER_FOLDER; a new temp folder when omitted. Reusing a folder keeps its DB, owner and API key. */
	userFolder?: string;
	/** Tarballs (from `packProject`) to install into the user folder before n8n starts. */
	packages?: string[];
	/** SQLite in the user folder by default. */
	database?: { type: 'sqlite' } | PostgresOptions;
	owner?: OwnerAccount;
	/** N8N_LOG_LEVEL; `info` by default (start-up, activation and webhook errors are all at info or above). */
	logLevel?: 'error' | 'warn' | 'info' | 'debug';
	/** EXECUTIONS_DATA_SAVE_ON_SUCCESS: `all` by default so tests can read what ran; benchmarks pass `none`. */
	saveSuccessfulExecutions?: 'all' | 'none';
	/** Extra environment, applied last (wins over the harness defaults). */
	env?: Record<string, string | undefined>;
	/** How long to wait for /healthz/readiness; 180 s by default (the first start runs all DB migrations). */
	readyTimeoutMs?: number;
	/** Grace period for SIGTERM in stop() before SIGKILL; 20 s by default. */
	stopTimeoutMs?: number;
}

export type Json = Record<string, unknown>;

export interface N8nHandle {
	readonly baseUrl: string;
	readonly port: number;
	readonly apiKey: string;
	readonly owner: OwnerAccount;
	/** `n8n-auth=…` cookie of the owner, for /rest calls. */
	readonly cookie: string;
	readonly userFolder: string;
	/** File that receives n8n's stdout and stderr (appended across restarts). */
	readonly logs: string;
	/** PID of the n8n main process (leader of its process group), or undefined when stopped. */
	readonly pid: number | undefined;
	/** Milliseconds from spawn to /healthz/readiness answering 200, for the latest start. */
	readonly startToReadyMs: number;
	/** Milliseconds from spawn to owner + API key done, for the latest start. */
	readonly startToUsableMs: number;
	readonly install: N8nInstall;
	/** Public API (`/api/v1` + path) with the API key; throws HttpError for status ≥ 400. */
	api<T = Json>(method: HttpMethod, path: string, body?: unknown): Promise<T>;
	/** Internal REST API (`/rest` + path) with the owner's cookie; returns the unwrapped `data`. */
	rest<T = Json>(method: HttpMethod, path: string, body?: unknown): Promise<T>;
	/** Calls a production webhook (`/webhook/<path>`); never throws on status, so tests can assert it. */
	webhook<T = unknown>(path: string, body?: unknown, opts?: { method?: HttpMethod; headers?: Record<string, string>; timeoutMs?: number }): Promise<HttpResponse<T>>;
	isRunning(): boolean;
	/** Graceful stop of the whole process tree (SIGTERM, then SIGKILL after the grace period). Safe to call twice. */
	stop(): Promise<void>;
	/** SIGKILL of the whole process tree, no shutdown: what a crash looks like to n8n. */
	kill(): Promise<void>;
	/**
	 * Stop (or kill, with `{ hard: true }`) and start again on the same user folder and port. After a hard
	 * kill n8n would wait 10 s on start-up ("Last session crashed"); `keepCrashJournal: true` keeps that.
	 */
	restart(opts?: { hard?: boolean; keepCrashJournal?: boolean }): Promise<void>;
	/** Last `lines` lines of the log file. */
	tailLogs(lines?: number): string;
}

/** Saved in the user folder so a later start (a restart, or the demo run again) reuses the owner and key. */
interface HarnessState {
	owner: OwnerAccount;
	apiKey?: string;
}

export async function freePort(host = '127.0.0.1'): Promise<number> {
	return await new Promise((resolvePort, reject) => {
		const srv = createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, host, () => {
			const addr = srv.address();
			srv.close(() => (typeof addr === 'object' && addr ? resolvePort(addr.port) : reject(new Error('no port'))));
		});
	});
}

function log(msg: string): void {
	process.stderr.write(`[harness] ${msg}\n`);
}

function tail(file: string, lines: number): string {
	if (!existsSync(file)) return '';
	return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
}

class N8nInstance implements N8nHandle {
	apiKey = '';
	cookie = '';
	startToReadyMs = 0;
	startToUsableMs = 0;
	readonly baseUrl: string;
	readonly logs: string;
	readonly owner: OwnerAccount;
	private child: ChildProcess | undefined;
	private exited: Promise<void> = Promise.resolve();
	private exitInfo: string | undefined;
	private brokerPort = 0;

	constructor(
		readonly install: N8nInstall,
		readonly port: number,
		readonly userFolder: string,
		private readonly opts: StartOptions,
	) {
		this.baseUrl = `http://127.0.0.1:${port}`;
		this.logs = join(userFolder, 'n8n.log');
		this.owner = opts.owner ?? DEFAULT_OWNER;
	}

	get pid(): number | undefined {
		return this.isRunning() ? this.child?.pid : undefined;
	}

	isRunning(): boolean {
		return this.child !== undefined && this.exitInfo === undefined;
	}

	private env(): NodeJS.ProcessEnv {
		const o = this.opts;
		const db = o.database ?? { type: 'sqlite' };
		const dbEnv: Record<string, string> =
			db.type === 'sqlite'
				? { DB_TYPE: 'sqlite' }
				: {
						DB_TYPE: 'postgresdb',
						DB_POSTGRESDB_HOST: db.host,
						DB_POSTGRESDB_PORT: String(db.port ?? 5432),
						DB_POSTGRESDB_DATABASE: db.database,
						DB_POSTGRESDB_USER: db.user,
						DB_POSTGRESDB_PASSWORD: db.password,
						...(db.schema ? { DB_POSTGRESDB_SCHEMA: db.schema } : {}),
					};
		const env: NodeJS.ProcessEnv = {
			// No npm_* from an outer `npm run`; no NODE_ENV=test from jest (n8n changes behaviour under it).
			...withoutNpmRunEnv(process.env),
			NODE_ENV: 'production',
			TZ: 'UTC',
			GENERIC_TIMEZONE: 'UTC',
			N8N_USER_FOLDER: this.userFolder,
			N8N_ENCRYPTION_KEY: HARNESS_ENCRYPTION_KEY,
			N8N_HOST: '127.0.0.1',
			N8N_PORT: String(this.port),
			N8N_PROTOCOL: 'http',
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_EDITOR_BASE_URL: `${this.baseUrl}/`,
			// So webhook URLs n8n hands out ($execution.resumeUrl, form URLs) point at this instance.
			// (WEBHOOK_URL is the deprecated 1.x name; 2.x warns about it.)
			N8N_WEBHOOK_URL: `${this.baseUrl}/`,
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_SECURE_COOKIE: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			N8N_PUBLIC_API_SWAGGERUI_DISABLED: 'true',
			// Task runners are always on in 2.x; the broker's default port 5679 would clash between two
			// instances (a benchmark next to a test run), so each instance gets its own.
			N8N_RUNNERS_MODE: 'internal',
			N8N_RUNNERS_BROKER_PORT: String(this.brokerPort),
			N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
			N8N_RUNNERS_TASK_TIMEOUT: '300',
			// The MCP registry module polls api.n8n.io (unreachable here) and logs stack traces each time.
			N8N_DISABLED_MODULES: 'mcp-registry',
			// Explicit so the announced default change (false in v3) does not alter the harness silently.
			N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
			EXECUTIONS_DATA_SAVE_ON_SUCCESS: o.saveSuccessfulExecutions ?? 'all',
			EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
			EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
			N8N_LOG_LEVEL: o.logLevel ?? 'info',
			N8N_LOG_OUTPUT: 'console',
			// Community packages are loaded from the user folder; make sure nothing inherited turns that off.
			N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
			...dbEnv,
			RECONCILE_HARNESS_PARENT_PID: String(process.pid),
		};
		for (const [k, v] of Object.entries(o.env ?? {})) {
			if (v === undefined) delete env[k];
			else env[k] = v;
		}
		return env;
	}

	/** Spawns n8n and resolves once it is ready and usable. */
	async start(): Promise<void> {
		if (this.isRunning()) throw new Error('n8n is already running');
		this.brokerPort = await freePort();
		mkdirSync(this.userFolder, { recursive: true });
		const fd = openSync(this.logs, 'a');
		writeSync(fd, `\n===== [harness] starting n8n ${this.install.version} on ${this.baseUrl} at ${new Date().toISOString()} =====\n`);
		const spawnedAt = Date.now();
		const child = spawn(
			this.install.nodeBin,
			['-r', resolve(__dirname, 'parent-watch.js'), this.install.n8nBin, 'start'],
			{ cwd: this.userFolder, env: this.env(), detached: true, stdio: ['ignore', fd, fd] },
		);
		closeSync(fd);
		this.child = child;
		this.exitInfo = undefined;
		const pgid = child.pid;
		if (pgid === undefined) throw new Error(`could not spawn ${this.install.nodeBin}`);
		trackGroup(pgid);
		this.exited = new Promise((res) => {
			child.once('exit', (code, signal) => {
				this.exitInfo = `exit ${code ?? signal}`;
				res();
			});
		});

		try {
			await pollUntil(
				`n8n readiness on ${this.baseUrl}`,
				async () => {
					if (this.exitInfo) {
						throw new FatalStartError(`n8n exited during start-up (${this.exitInfo}); log tail:\n${this.tailLogs(60)}`);
					}
					const res = await request('GET', `${this.baseUrl}/healthz/readiness`, { timeoutMs: 2000 });
					return res.status === 200 ? true : undefined;
				},
				{ timeoutMs: this.opts.readyTimeoutMs ?? 180_000, intervalMs: 200, fatal: (e) => e instanceof FatalStartError },
			);
			this.startToReadyMs = Date.now() - spawnedAt;
			await this.ensureOwnerAndKey();
			this.startToUsableMs = Date.now() - spawnedAt;
		} catch (e) {
			log(`start failed; stopping n8n. Logs: ${this.logs}`);
			await this.stop();
			throw e;
		}
	}

	private statePath(): string {
		return join(this.userFolder, 'harness-state.json');
	}

	private readState(): HarnessState | undefined {
		const p = this.statePath();
		return existsSync(p) ? (JSON.parse(readFileSync(p, 'utf8')) as HarnessState) : undefined;
	}

	/** Owner (first start only), login cookie, API key (reused when the saved one still works). */
	private async ensureOwnerAndKey(): Promise<void> {
		const settings = await requestOk<{ data: { userManagement?: { showSetupOnFirstLoad?: boolean } } }>(
			'GET',
			`${this.baseUrl}/rest/settings`,
		);
		if (settings.json.data.userManagement?.showSetupOnFirstLoad !== false) {
			await requestOk('POST', `${this.baseUrl}/rest/owner/setup`, { body: this.owner });
		}
		const login = await requestOk('POST', `${this.baseUrl}/rest/login`, {
			body: { emailOrLdapLoginId: this.owner.email, password: this.owner.password },
		});
		this.cookie = cookieFrom(login.headers);
		if (!this.cookie.includes('n8n-auth=')) throw new Error(`login returned no n8n-auth cookie (got "${this.cookie}")`);

		const saved = this.readState();
		if (saved?.apiKey) {
			const probe = await request('GET', `${this.baseUrl}/api/v1/workflows?limit=1`, {
				headers: { 'X-N8N-API-KEY': saved.apiKey },
			});
			if (probe.status === 200) {
				this.apiKey = saved.apiKey;
				return;
			}
		}
		// All scopes the owner's role may grant: the public API then behaves like the owner would.
		const scopes = await this.rest<string[]>('GET', '/api-keys/scopes');
		const created = await this.rest<{ rawApiKey: string }>('POST', '/api-keys', {
			label: `harness-${Date.now()}`,
			scopes,
			expiresAt: null,
		});
		this.apiKey = created.rawApiKey;
		writeFileSync(this.statePath(), JSON.stringify({ owner: this.owner, apiKey: this.apiKey } satisfies HarnessState, null, 2));
	}

	async api<T = Json>(method: HttpMethod, path: string, body?: unknown): Promise<T> {
		const url = `${this.baseUrl}/api/v1${path.startsWith('/') ? path : `/${path}`}`;
		const res = await requestOk<T>(method, url, { body, headers: { 'X-N8N-API-KEY': this.apiKey } });
		return res.json;
	}

	async rest<T = Json>(method: HttpMethod, path: string, body?: unknown): Promise<T> {
		const url = `${this.baseUrl}/rest${path.startsWith('/') ? path : `/${path}`}`;
		const res = await requestOk<{ data: T }>(method, url, { body, headers: { cookie: this.cookie } });
		return res.json?.data;
	}

	async webhook<T = unknown>(
		path: string,
		body?: unknown,
		opts: { method?: HttpMethod; headers?: Record<string, string>; timeoutMs?: number } = {},
	): Promise<HttpResponse<T>> {
		const method = opts.method ?? (body === undefined ? 'GET' : 'POST');
		return await request<T>(method, `${this.baseUrl}/webhook/${path.replace(/^\//, '')}`, { body, headers: opts.headers, timeoutMs: opts.timeoutMs });
	}

	private async terminate(graceful: boolean): Promise<void> {
		const child = this.child;
		const pgid = child?.pid;
		if (!child || pgid === undefined) return;
		if (this.exitInfo === undefined) {
			signalGroup(pgid, graceful ? 'SIGTERM' : 'SIGKILL');
			const grace = graceful ? (this.opts.stopTimeoutMs ?? 20_000) : 10_000;
			// A cleared timer, not sleep(): a pending 20 s timer would keep jest (and scripts) from exiting.
			let timer: NodeJS.Timeout | undefined;
			const timedOut = await Promise.race([
				this.exited.then(() => false),
				new Promise<boolean>((r) => (timer = setTimeout(() => r(true), grace))),
			]);
			clearTimeout(timer);
			if (timedOut) {
				log(`n8n (pid ${pgid}) did not exit within ${grace} ms; SIGKILL`);
				signalGroup(pgid, 'SIGKILL');
				await this.exited;
			}
		}
		// The leader may be gone while its task runner lingers: nothing of the group may outlive stop().
		for (let i = 0; i < 50 && groupMembers(pgid).length > 0; i++) {
			signalGroup(pgid, 'SIGKILL');
			await sleep(100);
		}
		untrackGroup(pgid);
	}

	async stop(): Promise<void> {
		await this.terminate(true);
	}

	async kill(): Promise<void> {
		await this.terminate(false);
	}

	async restart(opts: { hard?: boolean; keepCrashJournal?: boolean } = {}): Promise<void> {
		await this.terminate(!opts.hard);
		// After an unclean exit n8n finds <userFolder>/.n8n/crash.journal, logs "Last session crashed" and
		// sleeps 10 s before starting (crash-journal.ts). Nothing else reads the file (recovery of
		// interrupted executions works from the DB), so by default we drop it and skip the wait.
		if (opts.hard && !opts.keepCrashJournal) rmSync(join(this.userFolder, '.n8n', 'crash.journal'), { force: true });
		await this.start();
	}

	tailLogs(lines = 80): string {
		return tail(this.logs, lines);
	}
}

/** An error that ends a poll at once (n8n died) instead of being retried until the timeout. */
class FatalStartError extends Error {}

/**
 * Installs n8n if needed, starts it and returns a ready handle (owner set up, logged in, API key made).
 * Always `await handle.stop()` (e.g. in afterAll); the harness also kills it if this process exits.
 */
export async function startN8n(opts: StartOptions = {}): Promise<N8nHandle> {
	const install = await ensureN8n();
	const port = opts.port ?? (await freePort());
	const userFolder = resolve(opts.userFolder ?? mkdtempSync(join(tmpdir(), 'n8n-harness-')));
	mkdirSync(userFolder, { recursive: true });
	for (const tgz of opts.packages ?? []) await installPackageTarball(userFolder, tgz);
	const instance = new N8nInstance(install, port, userFolder, opts);
	await instance.start();
	log(`n8n ${install.version} ready on ${instance.baseUrl} in ${instance.startToReadyMs} ms (usable in ${instance.startToUsableMs} ms); user folder ${userFolder}`);
	return instance;
}

export { HttpError };
