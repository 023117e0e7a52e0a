import { callTrigger, type TriggerCall } from './call-trigger';

const API_KEY = 'n8n-api-key-0001';

const run = (extra: Partial<TriggerCall> = {}): TriggerCall => ({
	parameters: { source: 'onDemand', path: 'reconcile-cycle' },
	credentials: { reconcileN8nApi: { apiUrl: 'http://localhost:5678/api/v1', apiKey: API_KEY } },
	headers: { 'X-N8N-API-KEY': API_KEY, 'Content-Type': 'application/json' },
	body: '',
	...extra,
});

describe('on-demand runs', () => {
	it('starts a run for the instance API key and passes the JSON body on, without any header', async () => {
		const res = await callTrigger(run({ body: JSON.stringify({ week: 'this' }) }));
		expect(res.status).toBe(200);
		expect(JSON.parse(res.text)).toEqual({ started: true });
		expect(res.changes).toEqual([expect.objectContaining({ source: 'operator', channel: 'on-demand', events: 0, objects: {}, request: { week: 'this' } })]);
		expect(JSON.stringify(res.changes)).not.toContain(API_KEY);
	});

	it('starts a run with an empty body', async () => {
		const res = await callTrigger(run());
		expect(res.status).toBe(200);
		expect(res.changes).toEqual([expect.objectContaining({ request: {} })]);
	});

	it('refuses a missing or wrong key, and a body that is not a JSON object, and starts no run', async () => {
		const missing = await callTrigger(run({ headers: { 'Content-Type': 'application/json' } }));
		expect([missing.status, JSON.parse(missing.text)]).toEqual([401, { error: 'missing X-N8N-API-KEY header' }]);
		const wrong = await callTrigger(run({ headers: { 'X-N8N-API-KEY': 'guess' } }));
		expect([wrong.status, JSON.parse(wrong.text)]).toEqual([401, { error: 'wrong API key' }]);
		const empty = await callTrigger(run({ headers: { 'X-N8N-API-KEY': '' } }));
		expect([empty.status, JSON.parse(empty.text)]).toEqual([401, { error: 'missing X-N8N-API-KEY header' }]);
		const list = await callTrigger(run({ body: '[1,2]' }));
		expect([list.status, JSON.parse(list.text)]).toEqual([400, { error: 'body must be a JSON object' }]);
		const notJson = await callTrigger(run({ body: '{week' }));
		expect([notJson.status, JSON.parse(notJson.text)]).toEqual([400, { error: 'body is not JSON' }]);
		for (const res of [missing, wrong, empty, list, notJson]) expect([res.changes, res.rejected, res.started]).toEqual([[], [], false]);
	});

	it("logs every refusal to n8n's log with its reason, never the key that was tried", async () => {
		const wrong = await callTrigger(run({ headers: { 'X-N8N-API-KEY': 'guessed-key-123' } }));
		expect(wrong.logs).toEqual([{ level: 'warn', message: 'Reconcile Trigger refused a request: 401 wrong API key', meta: expect.objectContaining({ source: 'onDemand', status: 401 }) }]);
		expect(JSON.stringify(wrong.logs)).not.toContain('guessed-key-123');
		expect(JSON.stringify(wrong.logs)).not.toContain(API_KEY);
		expect((await callTrigger(run())).logs).toEqual([]);
	});
});
