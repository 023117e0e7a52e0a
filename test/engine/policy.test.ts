import { formatPolicyIssues, parsePolicy, parsePolicyOrThrow, PolicyError, renderPolicyDoc } from '../../nodes/engine';
import { contactsPolicy } from '../fixtures/contacts-policy';

function issuesOf(input: unknown) {
	const result = parsePolicy(input);
	if (result.ok) throw new Error('expected the policy to be rejected');
	return result.issues;
}

describe('parsePolicy', () => {
	it('accepts the contacts policy and fills in documented defaults', () => {
		const result = parsePolicy(contactsPolicy());
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		const recency = result.policy.fields.find((f) => f.name === 'first_name')?.rule;
		expect(recency).toEqual({
			kind: 'recency',
			clockSkewMs: 1000,
			onTie: 'escalate',
			onMissingTimestamp: 'escalate',
			category: 'recency undecidable',
			priority: 'low',
		});
		expect(result.policy.massChangeGuard).toEqual({ maxMissingPercent: 10, minRecords: 50 });
		expect(result.policy.onDeleted).toBe('escalate');
		expect(result.policy.match.keys[0]).toEqual({ a: 'email', b: 'Email', type: 'email', caseSensitive: false });
	});

	it('accepts JSON text and reports a JSON syntax error as one issue', () => {
		expect(parsePolicy(JSON.stringify(contactsPolicy())).ok).toBe(true);
		const issues = issuesOf('{"version": 1,');
		expect(issues).toHaveLength(1);
		expect(issues[0].code).toBe('invalid_json');
		expect(issues[0].message).toMatch(/not valid JSON/);
	});

	it('reports every problem at once, each with its JSON path', () => {
		const policy = contactsPolicy() as Record<string, any>;
		policy.version = 2;
		policy.a = { system: 'pipedrive', object: 'persons' };
		policy.match = { keys: [] };
		policy.fields[0].rule = { kind: 'source_of_truth', side: 'c' };
		policy.fields[1].type = 'phonenumber';
		policy.fields[2].precision = 2;
		policy.fields[4].rule = { kind: 'merge' };
		policy.fields[5].name = 'first_name';
		policy.fields[7].rule = { kind: 'escalate' };
		policy.massChangeGuard = { maxMissingPercent: 150 };
		const issues = issuesOf(policy);
		const byPath = Object.fromEntries(issues.map((i) => [i.path, i.message]));
		expect(byPath.version).toMatch(/must be 1/);
		expect(byPath['a.system']).toMatch(/"hubspot", "salesforce", "items"; got "pipedrive"/);
		expect(byPath['match.keys']).toMatch(/at least one key/);
		expect(byPath['fields[0].rule.side']).toMatch(/"a", "b"; got "c"/);
		expect(byPath['fields[1].type']).toMatch(/got "phonenumber"/);
		expect(byPath['fields[2]']).toMatch(/unknown key\(s\) "precision"/);
		expect(byPath['fields[4].rule']).toMatch(/"merge" unions lists, so it needs type "multiselect"/);
		expect(byPath['fields[5].name']).toMatch(/already used by fields\[0\]/);
		expect(byPath['fields[7].rule.category']).toMatch(/required/);
		expect(byPath['massChangeGuard.maxMissingPercent']).toBeDefined();
		expect(issues.length).toBeGreaterThanOrEqual(10);
	});

	it('rejects a value map that is not one-to-one, naming the entry', () => {
		const policy = contactsPolicy() as Record<string, any>;
		policy.fields[4].map = { lead: 'Lead', subscriber: 'lead' };
		const issues = issuesOf(policy);
		expect(issues).toEqual([
			expect.objectContaining({ path: 'fields[4].map["subscriber"]', code: 'ambiguous_map' }),
		]);
	});

	it('takes a rule written as its kind alone', () => {
		const policy = contactsPolicy() as Record<string, any>;
		policy.fields[6].rule = 'merge';
		const parsed = parsePolicyOrThrow(policy);
		expect(parsed.fields[6].rule).toEqual({ kind: 'merge', strategy: 'union' });
	});

	it('throws a PolicyError whose message lists every issue', () => {
		const policy = contactsPolicy() as Record<string, any>;
		policy.name = '';
		policy.onlyInA = 'delete';
		let error: unknown;
		try {
			parsePolicyOrThrow(policy);
		} catch (e) {
			error = e;
		}
		expect(error).toBeInstanceOf(PolicyError);
		expect((error as PolicyError).message).toMatch(/^Invalid sync policy \(2 problems\):\nname: .+\nonlyInA: must be one of "create", "escalate", "ignore"; got "delete"$/);
		expect(formatPolicyIssues((error as PolicyError).issues).split('\n')).toHaveLength(2);
	});

	it('takes a default country code on phone keys only, like phone fields', () => {
		const withKey = (key: object) => contactsPolicy({ match: { keys: [{ a: 'phone', b: 'Phone', type: 'phone', ...key }] } });
		expect(parsePolicyOrThrow(withKey({ defaultCountryCode: '44' })).match.keys[0]).toEqual({ a: 'phone', b: 'Phone', type: 'phone', caseSensitive: false, defaultCountryCode: '44' });
		expect(issuesOf(withKey({ defaultCountryCode: '+44' })).map((i) => `${i.path}: ${i.message}`)).toEqual(['match.keys[0].defaultCountryCode: must be 1–3 digits, e.g. "1" or "44"']);
		expect(issuesOf(withKey({ type: 'email', a: 'email', b: 'Email', defaultCountryCode: '44' })).map((i) => `${i.path}: ${i.message}`)).toEqual([
			'match.keys[0].defaultCountryCode: only phone keys have a default country code (this key has type "email")',
		]);
	});

	it('names the country code of a phone key in the policy doc', () => {
		const policy = contactsPolicy({ match: { keys: [{ a: 'phone', b: 'Phone', type: 'phone', defaultCountryCode: '44' }] } });
		expect(renderPolicyDoc(parsePolicyOrThrow(policy))).toContain('- **Match** on `phone` = `Phone` (phone, default +44)');
	});

	it('rejects something that is not a policy at all with a readable message', () => {
		expect(issuesOf(42)).toEqual([{ path: '(policy)', code: 'invalid_type', message: 'must be object, got number 42' }]);
		expect(issuesOf(null)[0].message).toBe('must be object, got null null');
	});
});

describe('renderPolicyDoc', () => {
	it('renders one table row per field with sides, type, rule and category', () => {
		const doc = renderPolicyDoc(parsePolicyOrThrow(contactsPolicy()));
		const rows = doc.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| Field'));
		expect(rows).toHaveLength(8);
		expect(doc).toContain('# Sync policy: HubSpot contacts ⇄ Salesforce contacts');
		expect(doc).toContain('| Field | HubSpot | Salesforce | Type | Rule | Escalation category |');
		expect(doc).toContain('| owner | `hubspot_owner_id` | `OwnerId` | single-select (101→005000000000001AAA, 102→005000000000002AAA, 103→005000000000003AAA) | **Escalate** to an operator (high priority) | ownership |');
		expect(doc).toContain('| job_title | `jobtitle` | `Title` | text | **Source of truth**: Salesforce wins unless blank | — |');
		expect(doc).toContain('| product_interest | `product_interest` | `Product_Interest__c` | multi-select | **Merge**: three-way (removals survive) | — |');
		expect(doc).toContain('- Only in HubSpot: created in Salesforce.');
		expect(doc).toContain('- Mass-change guard: a cycle writes nothing when a side returns more than 10 % fewer records');
	});
});
