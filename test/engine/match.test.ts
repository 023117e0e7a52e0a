import { KEY_SEPARATOR, matchRecords } from '../../nodes/engine';
import { hsContact, policyOf, sfContact } from '../fixtures/builders';

describe('matchRecords', () => {
	it('pairs records by normalised key regardless of case and white space', () => {
		const result = matchRecords(policyOf(), [hsContact('1', 'ada@example.com')], [sfContact('003A', '  ADA@Example.com ')]);
		expect(result.pairs.map((p) => [p.key, p.a.id, p.b.id])).toEqual([['ada@example.com', '1', '003A']]);
		expect(result.onlyA).toEqual([]);
		expect(result.onlyB).toEqual([]);
	});

	it('never pairs a key held by several records, and lists every id on both sides', () => {
		const result = matchRecords(
			policyOf(),
			[hsContact('1', 'dup@example.com'), hsContact('2', 'solo@example.com')],
			[sfContact('003A', 'dup@example.com'), sfContact('003B', 'DUP@example.com'), sfContact('003C', 'solo@example.com')],
		);
		expect(result.duplicates).toEqual([{ kind: 'duplicate_key', key: 'dup@example.com', aIds: ['1'], bIds: ['003A', '003B'] }]);
		expect(result.pairs.map((p) => p.key)).toEqual(['solo@example.com']);
		expect(result.onlyA).toEqual([]);
		expect(result.onlyB).toEqual([]);
	});

	it('reports duplicates that exist on one side only', () => {
		const result = matchRecords(policyOf(), [hsContact('1', 'x@example.com'), hsContact('2', 'x@example.com')], []);
		expect(result.duplicates).toEqual([{ kind: 'duplicate_key', key: 'x@example.com', aIds: ['1', '2'], bIds: [] }]);
		expect(result.onlyA).toEqual([]);
	});

	it('sets aside records whose key is blank or unreadable', () => {
		const result = matchRecords(policyOf(), [hsContact('1', ''), hsContact('2', 'not-an-email')], [sfContact('003A', null as never)]);
		expect(result.missingKeys).toEqual([
			{ kind: 'missing_key', side: 'a', id: '1', keyFields: ['email'] },
			{ kind: 'missing_key', side: 'a', id: '2', keyFields: ['email'] },
			{ kind: 'missing_key', side: 'b', id: '003A', keyFields: ['Email'] },
		]);
		expect(result.pairs).toEqual([]);
	});

	it('matches on composite keys only when every part agrees', () => {
		const policy = policyOf({
			match: {
				keys: [
					{ a: 'email', b: 'Email', type: 'email' },
					{ a: 'lastname', b: 'LastName', type: 'string' },
				],
			},
		});
		const result = matchRecords(
			policy,
			[hsContact('1', 'a@example.com', { lastname: 'Hopper' }), hsContact('2', 'b@example.com', { lastname: 'Knuth' })],
			[sfContact('003A', 'a@example.com', { LastName: 'HOPPER' }), sfContact('003B', 'b@example.com', { LastName: 'Turing' })],
		);
		expect(result.pairs.map((p) => p.key)).toEqual([`a@example.com${KEY_SEPARATOR}hopper`]);
		expect(result.onlyA.map((u) => u.key)).toEqual([`b@example.com${KEY_SEPARATOR}knuth`]);
		expect(result.onlyB.map((u) => u.key)).toEqual([`b@example.com${KEY_SEPARATOR}turing`]);
	});

	it('reads phone keys written without a country code with the one the key names', () => {
		const keys = (extra: object) => policyOf({ match: { keys: [{ a: 'phone', b: 'Phone', type: 'phone', ...extra }] } });
		const a = [hsContact('1', 'a@x.com', { phone: '020 7946 0958' }), hsContact('2', 'b@x.com', { phone: '(415) 555-0100' })];
		const b = [sfContact('003A', 'c@x.com', { Phone: '+44 20 7946 0958' }), sfContact('003B', 'd@x.com', { Phone: '+1 415 555 0100' })];
		const uk = matchRecords(keys({ defaultCountryCode: '44' }), a, b);
		expect(uk.pairs.map((p) => [p.key, p.a.id, p.b.id])).toEqual([['+442079460958', '1', '003A']]);
		expect(uk.onlyA.map((u) => u.key)).toEqual(['+444155550100']);
		const northAmerica = matchRecords(keys({}), a, b);
		expect(northAmerica.pairs.map((p) => [p.key, p.a.id, p.b.id])).toEqual([['+14155550100', '2', '003B']]);
	});

	it('returns pairs and one-sided records sorted by key', () => {
		const emails = ['c@x.com', 'a@x.com', 'b@x.com'];
		const result = matchRecords(
			policyOf(),
			emails.map((e, i) => hsContact(String(i), e)),
			emails.map((e, i) => sfContact(`003${i}`, e)),
		);
		expect(result.pairs.map((p) => p.key)).toEqual(['a@x.com', 'b@x.com', 'c@x.com']);
	});
});
