import { startSims } from './index';

describe('Salesforce simulator ids', () => {
	it('never gives a created record the id of a seeded one', async () => {
		const sims = await startSims({ records: 200, seed: 5, driftRate: 0.08, onlyInHubSpotRate: 0.1, duplicateRate: 0.05 });
		try {
			const seeded = new Set(sims.salesforce.truthAll('Contact').map((c) => String(c.Id)));
			for (let i = 0; i < 50; i++) {
				const id = sims.salesforce.uiCreate('Contact', { LastName: `New ${i}`, Email: `new${i}@example.com` });
				expect(seeded.has(id)).toBe(false);
				seeded.add(id);
			}
			expect(sims.salesforce.truthAll('Contact')).toHaveLength(seeded.size);
		} finally {
			await sims.close();
		}
	});
});

describe('HubSpot simulator ids', () => {
	it('never gives a created record the id of a seeded one', async () => {
		const sims = await startSims({ records: 200, seed: 5, driftRate: 0.08, onlyInSalesforceRate: 0.1, onlyInHubSpotRate: 0.1 });
		try {
			const seeded = new Set(sims.hubspot.truthAll('contacts').map((c) => String(c.id)));
			for (let i = 0; i < 50; i++) {
				const id = sims.hubspot.uiCreate('contacts', { lastname: `New ${i}`, email: `new${i}@example.com` });
				expect(seeded.has(id)).toBe(false);
				seeded.add(id);
			}
		} finally {
			await sims.close();
		}
	});
});
