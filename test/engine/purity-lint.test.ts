/**
 * The engine's purity is enforced by eslint.config.mjs. These probes lint small snippets as if they were
 * engine files, with the project's own configuration, in a separate node process (ESLint loads its
 * configuration as an ES module, which Jest's module system does not run).
 */
import { execFileSync } from 'child_process';
import { join } from 'path';

const ROOT = join(__dirname, '..', '..');

const FORBIDDEN: Record<string, [string, string]> = {
	'Date() called without new (the current time as text)': ['export const now = Date();', 'no-restricted-syntax'],
	'new Date() (the current time)': ['export const now = new Date();', 'no-restricted-syntax'],
	'new Date(y, m, d) (read in the host time zone)': ['export const day = new Date(2024, 4, 1);', 'no-restricted-syntax'],
	'Date.now()': ['export const now = Date.now();', 'no-restricted-properties'],
	'Math.random()': ['export const pick = Math.random();', 'no-restricted-properties'],
	'performance.now()': ['export const now = performance.now();', 'no-restricted-globals'],
	'crypto.randomUUID()': ['export const id = crypto.randomUUID();', 'no-restricted-globals'],
	'fetch()': ["export const body = fetch('https://example.invalid');", 'no-restricted-globals'],
	'setImmediate()': ['setImmediate(() => undefined);', 'no-restricted-globals'],
	'queueMicrotask()': ['queueMicrotask(() => undefined);', 'no-restricted-globals'],
	'setTimeout()': ['setTimeout(() => undefined, 1);', 'no-restricted-globals'],
	'process.env': ['export const zone = process.env.TZ;', 'no-restricted-globals'],
};

const ALLOWED = [
	'export const utc = Date.UTC(2024, 4, 1);',
	'export const text = new Date(0).toISOString();',
	"export const parsed = Date.parse('2024-05-01T00:00:00Z');",
	'export function at(ms: number): Date {\n\treturn new Date(ms);\n}',
].join('\n');

const PROBE = `
const { ESLint } = require('eslint');
const snippets = JSON.parse(process.argv[1]);
(async () => {
	const eslint = new ESLint({ cwd: process.cwd() });
	const out = {};
	for (const [name, code] of Object.entries(snippets)) {
		const [result] = await eslint.lintText(code + '\\n', { filePath: 'nodes/engine/lint-probe.ts' });
		out[name] = result.messages.map((m) => m.ruleId + ': ' + m.message);
	}
	process.stdout.write(JSON.stringify(out));
})().catch((error) => {
	console.error(error);
	process.exit(1);
});
`;

function lintAsEngineFiles(snippets: Record<string, string>): Record<string, string[]> {
	const out = execFileSync(process.execPath, ['-e', PROBE, JSON.stringify(snippets)], { cwd: ROOT, encoding: 'utf8' });
	return JSON.parse(out) as Record<string, string[]>;
}

describe('engine purity lint', () => {
	const snippets = { ...Object.fromEntries(Object.entries(FORBIDDEN).map(([name, [code]]) => [name, code])), allowed: ALLOWED };
	let found: Record<string, string[]>;

	beforeAll(() => {
		found = lintAsEngineFiles(snippets);
	});

	it.each(Object.entries(FORBIDDEN))('forbids %s in nodes/engine', (name, [, rule]) => {
		expect(found[name].filter((m) => m.startsWith(`${rule}: `))).toHaveLength(1);
	});

	it('allows parsing and formatting given instants (Date.UTC, Date.parse, new Date(ms))', () => {
		expect(found.allowed).toEqual([]);
	});
});
