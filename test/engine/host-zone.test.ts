/**
 * The engine gives the same answer on every machine: parsing does not depend on the host's time zone.
 * Setting process.env.TZ inside Jest does not reliably reach V8's date code, so each zone gets its own
 * `node` process, started with TZ in its environment, that loads the engine from source and prints what
 * it read (and the zone it ran in, so the test also proves the zone took effect).
 */
import { execFileSync } from 'child_process';
import { join } from 'path';

const ROOT = join(__dirname, '..', '..');

const PROBE = `
const { codecFor, parseInstant, parsePolicyOrThrow } = require('./nodes/engine');
const field = (spec) => parsePolicyOrThrow({
	version: 1, name: 'zone probe',
	a: { system: 'hubspot', object: 'contacts' }, b: { system: 'salesforce', object: 'Contact' },
	match: { keys: [{ a: 'email', b: 'Email', type: 'email' }] },
	fields: [{ name: 'f', a: 'f', b: 'F', rule: 'recency', ...spec }],
}).fields[0];
const texts = ${JSON.stringify(['May 1, 2024', 'May 1, 2024 10:30', '1 May 2024 10:30:15', 'Wed, 01 May 2024 10:30:00 GMT', 'May 1, 2024 10:30 PM', 'December 31, 2024 23:59'])};
const naive = codecFor(field({ type: 'datetime', naiveOffset: '-05:00' }));
const date = codecFor(field({ type: 'date' }));
process.stdout.write(JSON.stringify({
	hostOffsetMinutes: new Date(2024, 4, 1).getTimezoneOffset(),
	instants: texts.map((t) => parseInstant(t)),
	naiveMinus5: naive.normalize('May 1, 2024 10:30', 'a'),
	day: date.normalize('May 1, 2024', 'a'),
}));
`;

interface ProbeResult {
	hostOffsetMinutes: number;
	instants: number[];
	naiveMinus5: number;
	day: string;
}

function probeIn(timeZone: string): ProbeResult {
	const out = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', PROBE], {
		cwd: ROOT,
		env: { ...process.env, TZ: timeZone },
		encoding: 'utf8',
	});
	return JSON.parse(out) as ProbeResult;
}

const EXPECTED = {
	instants: [
		Date.UTC(2024, 4, 1),
		Date.UTC(2024, 4, 1, 10, 30),
		Date.UTC(2024, 4, 1, 10, 30, 15),
		Date.UTC(2024, 4, 1, 10, 30),
		Date.UTC(2024, 4, 1, 22, 30),
		Date.UTC(2024, 11, 31, 23, 59),
	],
	naiveMinus5: Date.UTC(2024, 4, 1, 15, 30),
	day: '2024-05-01',
};

describe('month-name dates on hosts in different time zones', () => {
	it.each([
		['UTC', 0],
		['America/New_York', 240],
		['Asia/Kolkata', -330],
	])('reads them the same way on a host in %s', (timeZone, hostOffsetMinutes) => {
		expect(probeIn(timeZone)).toEqual({ hostOffsetMinutes, ...EXPECTED });
	});
});
