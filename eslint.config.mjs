import { builtinModules } from 'node:module';

import { config } from '@n8n/node-cli/eslint';

/**
 * What shipped code may not import. The community plugin lets any devDependency through (it is installed
 * here), but n8n installs the package without them: an import of one works in the tests and fails in n8n.
 * Node built-ins are off too (no file system, network or process access), except crypto. Exact names go in
 * `paths`: as a pattern, `events` would also match the engine's own `./events`.
 */
const DEV_ONLY = ['n8n-core', 'jsforce', '@hubspot/api-client', 'playwright-core', 'jest', '@jest/globals'];
const DEV_ONLY_MESSAGE = 'A devDependency is not installed with the package: shipped code imports only n8n-workflow, lodash, zod, luxon, crypto and its own files.';
const BUILTIN_MESSAGE = 'No Node built-ins in shipped code except crypto: I/O goes through n8n (request helpers, credentials).';
const SHIPPED = {
	paths: [
		...DEV_ONLY.map((name) => ({ name, message: DEV_ONLY_MESSAGE })),
		...builtinModules.filter((name) => name !== 'crypto').map((name) => ({ name, message: BUILTIN_MESSAGE })),
	],
	patterns: [
		{ group: [...DEV_ONLY.map((name) => `${name}/*`), '@jest/*'], message: DEV_ONLY_MESSAGE },
		{ group: ['node:*', '!node:crypto'], message: BUILTIN_MESSAGE },
	],
};

export default [
	...config,
	{
		files: ['nodes/**/*.ts', 'credentials/**/*.ts'],
		rules: {
			'no-restricted-imports': ['error', SHIPPED],
		},
	},
	{
		// The engine is the pure core: no n8n, no I/O, no clock. Nodes and connectors depend on it, never the reverse.
		// (This block's no-restricted-imports replaces the one above for engine files, so it repeats those patterns.)
		files: ['nodes/engine/**/*.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					paths: SHIPPED.paths,
					patterns: [
						...SHIPPED.patterns,
						{ group: ['n8n-workflow', 'n8n-core', 'fs', 'node:*', 'http', 'https', 'crypto'], message: 'nodes/engine must stay pure (no n8n, no I/O).' },
						{ group: ['../connectors/*', '../connectors', '../Reconcile*'], message: 'Imports flow nodes → connectors → engine.' },
					],
				},
			],
			// No environment, no I/O, no deferred work (the engine is synchronous), no clock, no randomness.
			'no-restricted-globals': [
				'error',
				'process',
				'setTimeout',
				'setInterval',
				'setImmediate',
				'queueMicrotask',
				'fetch',
				{ name: 'performance', message: 'performance.now() is a clock; the engine takes the clock as a parameter.' },
				{ name: 'crypto', message: 'crypto.randomUUID()/getRandomValues() are random; the engine is deterministic.' },
			],
			// No clock: time is a parameter. Parsing dates (Date.parse, Date.UTC, new Date(value)) is fine.
			'no-restricted-properties': [
				'error',
				{ object: 'Date', property: 'now', message: 'The engine takes the clock as a parameter.' },
				{ object: 'Math', property: 'random', message: 'The engine is deterministic.' },
			],
			'no-restricted-syntax': [
				'error',
				{ selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'The engine takes the clock as a parameter.' },
				{ selector: "CallExpression[callee.name='Date']", message: 'Date() is the current time as text; the engine takes the clock as a parameter.' },
				{ selector: "NewExpression[callee.name='Date'][arguments.length>1]", message: 'new Date(y, m, …) reads the fields in the host time zone; use Date.UTC.' },
			],
		},
	},
];
