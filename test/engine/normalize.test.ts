import { codecFor, isDrift, parsePolicy, parsePolicyOrThrow, type FieldSpec, type Normalized } from '../../nodes/engine';
import { contactsPolicy } from '../fixtures/contacts-policy';

function field(spec: Record<string, unknown>): FieldSpec {
	const policy = contactsPolicy({ fields: [{ name: 'f', a: 'f', b: 'F', rule: 'recency', ...spec } as never] });
	return parsePolicyOrThrow(policy).fields[0];
}

function norm(spec: Record<string, unknown>, raw: unknown, side: 'a' | 'b' = 'a'): Normalized | string {
	const value = codecFor(field(spec)).normalize(raw, side);
	return isDrift(value) ? `drift: ${value.reason}` : value;
}

describe('normalisers: equality a person would accept', () => {
	it('treats null, empty string, white space and missing as the same blank', () => {
		for (const raw of [null, undefined, '', '   ']) expect(norm({ type: 'string' }, raw)).toBeNull();
		expect(norm({ type: 'multiselect' }, ';;')).toBeNull();
	});

	it('trims and case-folds emails', () => {
		expect(norm({ type: 'email' }, '  Ada.Lovelace@Example.COM ')).toBe('ada.lovelace@example.com');
		expect(norm({ type: 'email' }, 'not an email')).toMatch(/^drift: "not an email" is not an email address/);
	});

	it('reads phone numbers as digits with a country code', () => {
		const phone = { type: 'phone' };
		for (const raw of ['(415) 555-0100', '415.555.0100', '+1 415 555 0100', '1-415-555-0100', '0014155550100', 4155550100]) {
			expect(norm(phone, raw)).toBe('+14155550100');
		}
		expect(norm({ type: 'phone', defaultCountryCode: '44' }, '020 7946 0958')).toBe('+442079460958');
		expect(norm(phone, '+44 20 7946 0958')).toBe('+442079460958');
		expect(norm(phone, '(415) 555-0100 ext. 12')).toBe('+14155550100;ext=12');
		expect(norm(phone, 'call reception')).toMatch(/^drift/);
		expect(norm(phone, '12345')).toMatch(/^drift: .* 5 digits/);
	});

	it('reports a value far longer than any phone number or email address as drift, however it is padded', () => {
		expect(norm({ type: 'phone' }, `415${' '.repeat(50_000)}x5550100`)).toMatch(/^drift: .* is not a phone number \(50011 characters\)/);
		expect(norm({ type: 'email' }, `a@${'b.'.repeat(25_000)} `)).toMatch(/^drift: .* is not an email address \(50002 characters, at most 254\)/);
		expect(norm({ type: 'email' }, `${'a'.repeat(64)}@${'b'.repeat(185)}.com`)).toBe(`${'a'.repeat(64)}@${'b'.repeat(185)}.com`);
	});

	it('compares numbers at the declared precision', () => {
		const money = { type: 'number', precision: 2 };
		expect(norm(money, '1200')).toBe(1200);
		expect(norm(money, 1200)).toBe(1200);
		expect(norm(money, '1,200.00')).toBe(1200);
		expect(norm(money, '1200.004')).toBe(1200);
		expect(norm(money, 1.005)).toBe(1.01);
		expect(norm(money, '-0.001')).toBe(0);
		expect(norm({ type: 'number', precision: 0 }, '2.5')).toBe(3);
		expect(norm(money, '$1200')).toMatch(/^drift: "\$1200" is not a number/);
		expect(norm(money, 'NaN')).toMatch(/^drift/);
	});

	it('reads thousands separators only where they are unambiguous: groups of three before a decimal point', () => {
		const money = { type: 'number', precision: 2 };
		for (const [raw, expected] of [
			['1,200.50', 1200.5],
			['1200.50', 1200.5],
			['1 200', 1200],
			['1\u00a0200.5', 1200.5],
			['1_000', 1000],
			['-1,234,567.891', -1234567.89],
			['+12,345', 12345],
		] as const) {
			expect([raw, norm(money, raw)]).toEqual([raw, expected]);
		}
		// A decimal comma (1.200,50 is 1200.5 in much of Europe) or an odd grouping would otherwise be read as another number.
		for (const raw of ['1.200,50', '12,34', '1,2,3', '1 200,50', '1,000 000', ',5', '1,', '1,,000', '1.200.000', '1,2345']) {
			expect([raw, norm(money, raw)]).toEqual([raw, expect.stringMatching(/^drift: .* is not a number: separators are ambiguous/)]);
		}
	});

	it('reads booleans from HubSpot strings, JSON booleans and yes/no', () => {
		for (const raw of ['true', true, 'Yes', 1, '1']) expect(norm({ type: 'boolean' }, raw)).toBe(true);
		for (const raw of ['false', false, 'no', 0]) expect(norm({ type: 'boolean' }, raw)).toBe(false);
		expect(norm({ type: 'boolean' }, 'maybe')).toMatch(/^drift/);
	});

	it('compares datetimes across formats and zones at second precision by default', () => {
		const dt = { type: 'datetime' };
		const expected = Date.UTC(2024, 4, 1, 10, 30, 0);
		for (const raw of [
			'2024-05-01T10:30:00.000+0000',
			'2024-05-01T10:30:00.789Z',
			'2024-05-01T12:30:00+02:00',
			'2024-05-01T05:30:00-0500',
			'2024-05-01 10:30:00',
			String(expected + 456),
			expected + 999,
			'Wed, 01 May 2024 10:30:00 GMT',
		]) {
			expect([raw, norm(dt, raw)]).toEqual([raw, expected]);
		}
		expect(norm({ type: 'datetime', precision: 'millisecond' }, '2024-05-01T10:30:00.789Z')).toBe(expected + 789);
		expect(norm({ type: 'datetime', naiveOffset: '-05:00' }, '2024-05-01 05:30:00')).toBe(expected);
		expect(norm(dt, '2024-02-30T10:00:00Z')).toMatch(/^drift: 2024-02-30 is not a calendar date/);
		expect(norm(dt, 'next tuesday')).toMatch(/^drift/);
	});

	it('reads English month-name dates itself, at the naive offset when they name no zone', () => {
		const dt = { type: 'datetime', precision: 'millisecond' };
		for (const [raw, expected] of [
			['May 1, 2024', Date.UTC(2024, 4, 1)],
			['Sept. 3, 2024', Date.UTC(2024, 8, 3)],
			['1 May 2024 10:30', Date.UTC(2024, 4, 1, 10, 30)],
			['01-May-2024', Date.UTC(2024, 4, 1)],
			['May 1st, 2024 at 10:30 PM', Date.UTC(2024, 4, 1, 22, 30)],
			['May 1, 2024, 12:05 AM', Date.UTC(2024, 4, 1, 0, 5)],
			['May 1, 2024 10:30 EST', Date.UTC(2024, 4, 1, 15, 30)],
			['1 May 2024 10:30 +0200', Date.UTC(2024, 4, 1, 8, 30)],
			['Wed May 01 2024 10:30:00 GMT+0200 (Central European Summer Time)', Date.UTC(2024, 4, 1, 8, 30)],
		] as const) {
			expect([raw, norm(dt, raw)]).toEqual([raw, expected]);
		}
		expect(norm({ ...dt, naiveOffset: '-05:00' }, 'May 1, 2024 10:30')).toBe(Date.UTC(2024, 4, 1, 15, 30));
		expect(norm({ type: 'date' }, 'May 1, 2024')).toBe('2024-05-01');
	});

	it('reports month-name dates that name no real day, time or zone as drift (Date.parse accepted some)', () => {
		const dt = { type: 'datetime' };
		expect(norm(dt, 'Feb 30, 2024')).toBe('drift: "Feb 30, 2024" is not a calendar date');
		expect(norm(dt, 'May 1, 2024 13:00 PM')).toBe('drift: "May 1, 2024 13:00 PM" has hour 13 on a 12-hour clock');
		expect(norm(dt, 'May 1, 2024 10:30 CET')).toMatch(/^drift: .* names a time zone this field does not know \(CET\)/);
		for (const raw of ['foo 2024', 'Mayday 1, 2024', 'May 2024', 'constructor 1, 2024', 'Someday, May 1, 2024']) {
			expect(norm(dt, raw)).toBe(`drift: ${JSON.stringify(raw)} is not a date/time this field understands`);
		}
	});

	it('compares dates as calendar days and refuses ambiguous slash dates unless told the order', () => {
		const date = { type: 'date' };
		for (const raw of ['2024-06-30', '2024-06-30T00:00:00.000Z', String(Date.UTC(2024, 5, 30)), Date.UTC(2024, 5, 30)]) {
			expect(norm(date, raw)).toBe('2024-06-30');
		}
		expect(norm(date, '2024-06-30T15:00:00Z')).toMatch(/has a time of day/);
		expect(norm(date, '06/30/2024')).toMatch(/ambiguous/);
		expect(norm({ type: 'date', slashFormat: 'mdy' }, '06/30/2024')).toBe('2024-06-30');
		expect(norm({ type: 'date', slashFormat: 'dmy' }, '30/06/2024')).toBe('2024-06-30');
		expect(norm({ type: 'date', slashFormat: 'dmy' }, '06/30/2024')).toMatch(/not a calendar date/);
	});

	it('maps enum values between vocabularies and reports unknown options as drift', () => {
		const stage = { type: 'enum', map: { marketingqualifiedlead: 'MQL', lead: 'Lead' } };
		expect(norm(stage, 'marketingqualifiedlead', 'a')).toBe('marketingqualifiedlead');
		expect(norm(stage, 'MQL', 'b')).toBe('marketingqualifiedlead');
		expect(norm(stage, 'mql', 'b')).toBe('marketingqualifiedlead');
		expect(norm(stage, 'Churned', 'b')).toMatch(/^drift: option "Churned" is not in the value map for side B/);
		expect(norm({ ...stage, unmapped: 'passthrough' }, 'Churned', 'b')).toBe('churned');
		expect(norm(stage, 'lead;customer', 'a')).toMatch(/several options; the field is single-select/);
	});

	it('reads multi-selects as order-insensitive sets from strings or arrays', () => {
		const tags = { type: 'multiselect', rule: 'merge' };
		expect(norm(tags, 'b;a;b')).toEqual(['a', 'b']);
		expect(norm(tags, ' A ; b ;')).toEqual(['a', 'b']);
		expect(norm(tags, ['b', 'a'])).toEqual(['a', 'b']);
		expect(norm({ ...tags, map: { crm: 'CRM Suite' } }, 'CRM Suite;Other', 'b')).toEqual(['crm', 'other']);
		expect(norm(tags, [{ x: 1 }])).toMatch(/^drift/);
	});

	it('reports values of the wrong shape as drift, not as a mismatch', () => {
		expect(norm({ type: 'string' }, { nested: true })).toMatch(/^drift: expected text, got object/);
		expect(norm({ type: 'email' }, 42)).toMatch(/^drift/);
	});
});

describe('formatting agreed values for each system', () => {
	it('writes HubSpot values as strings and Salesforce values as JSON types', () => {
		const codec = codecFor(field({ type: 'number', precision: 2 }));
		expect(codec.format(1200.5, 'a', 'strings')).toBe('1200.5');
		expect(codec.format(1200.5, 'b', 'typed')).toBe(1200.5);
		expect(codec.format(null, 'a', 'strings')).toBe('');
		expect(codec.format(null, 'b', 'typed')).toBeNull();
	});

	it("keeps the winner's own spelling for text and the target's vocabulary for options", () => {
		const phone = codecFor(field({ type: 'phone' }));
		expect(phone.format('+14155550100', 'b', 'typed', { aRaw: ' +1 415 555 0100 ', from: 'a' })).toBe('+1 415 555 0100');
		const stage = codecFor(field({ type: 'enum', map: { marketingqualifiedlead: 'MQL' } }));
		expect(stage.format('marketingqualifiedlead', 'b', 'typed')).toBe('MQL');
		expect(stage.format('marketingqualifiedlead', 'a', 'strings')).toBe('marketingqualifiedlead');
		const tags = codecFor(field({ type: 'multiselect', rule: 'merge', map: { crm: 'CRM Suite' } }));
		expect(tags.format(['crm', 'support'], 'b', 'typed', { aRaw: 'crm;support' })).toBe('CRM Suite;support');
		expect(tags.format(['crm', 'other'], 'a', 'strings', { bRaw: 'CRM Suite;Other' })).toBe('crm;Other');
	});

	it('passes unmapped options through as the winner spelled them, even ones named like Object.prototype members', () => {
		const status = codecFor(field({ type: 'enum', map: { open: 'Open' }, unmapped: 'passthrough' }));
		for (const option of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'Enterprise']) {
			const value = status.normalize(option, 'a');
			expect(status.format(value as Normalized, 'b', 'typed', { aRaw: option, from: 'a' })).toBe(option);
			expect(status.format(status.normalize(option, 'b') as Normalized, 'a', 'strings', { bRaw: ` ${option} `, from: 'b' })).toBe(option);
			// Without the winner's raw value (e.g. an operator's choice) the canonical value is written, never a prototype member.
			expect(typeof status.format(value as Normalized, 'b', 'typed')).toBe('string');
		}
		expect(status.format('open', 'b', 'typed', { aRaw: 'open', from: 'a' })).toBe('Open');
		const tags = codecFor(field({ type: 'multiselect', rule: 'merge', map: { crm: 'CRM Suite' } }));
		expect(tags.format(tags.normalize('crm;constructor;__proto__', 'a') as Normalized, 'b', 'typed', { aRaw: 'crm;constructor;__proto__' })).toBe('__proto__;constructor;CRM Suite');
	});

	it('writes datetimes as UTC ISO with the winner\'s milliseconds', () => {
		const dt = codecFor(field({ type: 'datetime' }));
		expect(dt.format(Date.UTC(2024, 4, 1, 10, 30), 'b', 'typed', { aRaw: '2024-05-01T10:30:00.789Z', from: 'a' })).toBe(
			'2024-05-01T10:30:00.789Z',
		);
		expect(dt.format(Date.UTC(2024, 4, 1, 10, 30), 'a', 'strings')).toBe('2024-05-01T10:30:00.000Z');
	});
});

describe('dates stored as datetimes', () => {
	const closeDate = { type: 'date', timeZone: 'America/New_York', writeAs: { a: 'datetime' } };

	it('reads midnight UTC as that day and other instants as the day in the zone', () => {
		expect(norm(closeDate, '2024-06-30T00:00:00.000Z')).toBe('2024-06-30');
		expect(norm(closeDate, '2024-06-30T04:00:00.000Z')).toBe('2024-06-30'); // midnight in New York (EDT)
		expect(norm(closeDate, '2024-12-31T05:00:00.000Z')).toBe('2024-12-31'); // midnight in New York (EST)
		expect(norm(closeDate, '2024-06-30')).toBe('2024-06-30');
	});

	it('writes midnight in the zone to a datetime side and the plain day to a date side', () => {
		const codec = codecFor(field(closeDate));
		expect(codec.format('2024-06-30', 'a', 'strings')).toBe('2024-06-30T04:00:00.000Z');
		expect(codec.format('2024-06-30', 'b', 'typed')).toBe('2024-06-30');
	});

	it('rejects a zone that does not exist, naming the field', () => {
		const policy = contactsPolicy({ fields: [{ name: 'close', a: 'closedate', b: 'CloseDate', type: 'date', timeZone: 'Mars/Olympus', rule: 'recency' } as never] });
		const result = parsePolicy(policy);
		expect(result.ok ? [] : result.issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
			'fields[0].timeZone: must be an IANA time zone such as "America/New_York"',
		]);
	});
});
