import { checksum, isValidId, makeId, to18 } from './ids';
import { buildSalesforceSchema } from './schema';
import { compileQuery, type Row } from './soql/evaluate';
import { SoqlError } from './soql/lexer';
import { parseSoql } from './soql/parser';

const schema = buildSalesforceSchema();
const NOW = Date.parse('2025-03-01T12:00:00Z');

function run(query: string, rows: Row[]): Row[] {
	const q = compileQuery(parseSoql(query), schema, query, NOW);
	const out = rows.filter(q.filter);
	return q.compare ? out.sort(q.compare) : out;
}

function failure(query: string): SoqlError {
	try {
		compileQuery(parseSoql(query), schema, query, NOW);
	} catch (e) {
		if (e instanceof SoqlError) return e;
		throw e;
	}
	throw new Error(`expected ${query} to fail`);
}

const rows: Row[] = [
	{ Id: makeId('003', 1), LastName: 'Abbott', Email: 'a@x.example', Title: 'CEO', Lifecycle_Stage__c: 'MQL', Product_Interest__c: 'CRM;Support', LastModifiedDate: Date.parse('2025-02-28T10:00:00Z'), IsDeleted: false },
	{ Id: makeId('003', 2), LastName: 'Brooks', Email: 'b@y.example', Title: null, Lifecycle_Stage__c: 'SQL', Product_Interest__c: 'Analytics', LastModifiedDate: Date.parse('2025-03-01T09:30:00Z'), IsDeleted: false },
	{ Id: makeId('003', 3), LastName: 'costa', Email: 'C@X.example', Title: 'CTO', Lifecycle_Stage__c: 'Lead', Product_Interest__c: null, LastModifiedDate: Date.parse('2024-12-31T23:59:59Z'), IsDeleted: true },
];
const names = (r: Row[]) => r.map((x) => x.LastName);

describe('Salesforce ids', () => {
	it('computes the 18-character suffix from the documented examples', () => {
		expect(checksum('00190000001pPvH')).toBe('AAU');
		expect(checksum('003RO0000035WQg')).toBe('YAM');
		expect(to18('003RO0000035WQg')).toBe('003RO0000035WQgYAM');
		expect(isValidId(makeId('006', 42))).toBe(true);
		expect(isValidId('003RO0000035WQgAAA')).toBe(false);
	});
});

describe('SOQL', () => {
	it('filters with comparison operators, datetime literals and AND', () => {
		expect(names(run("SELECT Id FROM Contact WHERE LastModifiedDate >= 2025-01-01T00:00:00Z AND Title != null", rows))).toEqual(['Abbott']);
		expect(names(run('SELECT Id FROM Contact WHERE LastModifiedDate > 2025-03-01T09:30:00.000+0000', rows))).toEqual([]);
		expect(names(run('SELECT Id FROM Contact WHERE LastModifiedDate <= 2025-03-01T10:30:00+01:00', rows))).toEqual(['Abbott', 'Brooks', 'costa']);
	});

	it('compares text case-insensitively and supports IN, NOT IN, LIKE and OR with parentheses', () => {
		expect(names(run("SELECT Id FROM Contact WHERE Email = 'c@x.example'", rows))).toEqual(['costa']);
		expect(names(run("SELECT Id FROM Contact WHERE Lifecycle_Stage__c IN ('MQL', 'Lead')", rows))).toEqual(['Abbott', 'costa']);
		expect(names(run("SELECT Id FROM Contact WHERE Lifecycle_Stage__c NOT IN ('MQL')", rows))).toEqual(['Brooks', 'costa']);
		expect(names(run("SELECT Id FROM Contact WHERE Email LIKE '%@x.%'", rows))).toEqual(['Abbott', 'costa']);
		expect(names(run("SELECT Id FROM Contact WHERE (Title = 'CEO' OR Title = 'CTO') AND IsDeleted = false", rows))).toEqual(['Abbott']);
		expect(names(run("SELECT Id FROM Contact WHERE NOT Title = 'CEO'", rows))).toEqual(['Brooks', 'costa']);
	});

	it('matches ids in their 15- and 18-character forms', () => {
		const id15 = String(rows[1].Id).slice(0, 15);
		expect(names(run(`SELECT Id FROM Contact WHERE Id = '${id15}'`, rows))).toEqual(['Brooks']);
	});

	it('treats multi-select picklists as sets: = ignores order, INCLUDES is OR of ;-ANDed values', () => {
		expect(names(run("SELECT Id FROM Contact WHERE Product_Interest__c = 'Support;CRM'", rows))).toEqual(['Abbott']);
		expect(names(run("SELECT Id FROM Contact WHERE Product_Interest__c INCLUDES ('CRM;Support', 'Analytics')", rows))).toEqual(['Abbott', 'Brooks']);
		expect(names(run("SELECT Id FROM Contact WHERE Product_Interest__c EXCLUDES ('CRM')", rows))).toEqual(['Brooks', 'costa']);
	});

	it('orders case-insensitively with nulls first ascending and last descending', () => {
		expect(names(run('SELECT Id FROM Contact ORDER BY LastName DESC', rows))).toEqual(['costa', 'Brooks', 'Abbott']);
		expect(names(run('SELECT Id FROM Contact ORDER BY Title ASC', rows))).toEqual(['Brooks', 'Abbott', 'costa']);
		expect(names(run('SELECT Id FROM Contact ORDER BY Title DESC NULLS FIRST', rows))).toEqual(['Brooks', 'costa', 'Abbott']);
	});

	it('understands date literals relative to now', () => {
		expect(names(run('SELECT Id FROM Contact WHERE LastModifiedDate = TODAY', rows))).toEqual(['Brooks']);
		expect(names(run('SELECT Id FROM Contact WHERE LastModifiedDate = LAST_N_DAYS:1', rows))).toEqual(['Abbott', 'Brooks']);
		expect(names(run('SELECT Id FROM Contact WHERE LastModifiedDate < YESTERDAY', rows))).toEqual(['costa']);
	});

	it('parses LIMIT, OFFSET and COUNT()', () => {
		const q = compileQuery(parseSoql('SELECT COUNT() FROM Contact LIMIT 5 OFFSET 2'), schema, '', NOW);
		expect([q.count, q.limit, q.offset]).toEqual([true, 5, 2]);
	});

	it('rejects what Salesforce rejects, with its error codes', () => {
		expect(failure("SELECT Id FROM Contact WHERE LastModifiedDate > '2025-01-01'").message).toContain("must be of type dateTime and should not be enclosed in quotes");
		expect(failure('SELECT Id FROM Opportunity WHERE CloseDate = 2025-01-01T00:00:00Z').message).toContain('must be of type date');
		expect(failure('SELECT Id, Foo__c FROM Contact').message).toContain("No such column 'Foo__c' on entity 'Contact'");
		expect(failure('SELECT Id FROM Lead').errorCode).toBe('INVALID_TYPE');
		expect(failure("SELECT Id FROM Contact WHERE Title = 'a' AND Title = 'b' OR Title = 'c'").errorCode).toBe('MALFORMED_QUERY');
		expect(failure('SELECT Id FORM Contact').errorCode).toBe('MALFORMED_QUERY');
		expect(failure('SELECT Id FROM Contact WHERE Title = ').errorCode).toBe('MALFORMED_QUERY');
		expect(failure("SELECT Id FROM Opportunity WHERE Amount > 'x'").message).toContain('must be of type number');
	});

	it('reports the column of a bad field like Salesforce', () => {
		expect(failure('SELECT Id, Nope FROM Contact').message).toMatch(/\^\nERROR at Row:1:Column:12\n/);
	});
});
