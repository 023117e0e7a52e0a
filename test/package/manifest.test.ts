/** package.json as n8n and npm read it: n8n loads the files its `n8n` section lists; npm publishes `files`. */
import { readFileSync } from 'fs';
import { join } from 'path';

interface Manifest {
	main?: string;
	files: string[];
	n8n: { nodes: string[]; credentials: string[] };
}

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as Manifest;

function published(path: string): boolean {
	const clean = path.replace(/^\.\//, '');
	return manifest.files.some((entry) => clean === entry || clean.startsWith(`${entry.replace(/\/$/, '')}/`));
}

describe('package.json', () => {
	it('points n8n only at files the package publishes', () => {
		const listed = [...manifest.n8n.nodes, ...manifest.n8n.credentials];
		expect(listed.length).toBeGreaterThan(0);
		expect(listed.filter((path) => !published(path))).toEqual([]);
	});

	it('names no entry point outside the published files (n8n loads through the n8n section, not main)', () => {
		const entry = manifest.main;
		expect(entry === undefined || published(entry)).toBe(true);
	});
});
