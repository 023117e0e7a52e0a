import { config } from '@n8n/node-cli/eslint';

export default [
	...config,
	{
		// The engine is the pure core: no n8n, no I/O, no clock. Nodes and connectors depend on it, never the reverse.
		files: ['nodes/engine/**/*.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
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
