/** API calls by endpoint, so tests can assert "a full snapshot of 20,000 records took exactly 200 list calls". */
export interface CallCounts {
	total: number;
	/** e.g. `{"GET /crm/v3/objects/contacts": 200}`; every request that reached an API route, whatever its status. */
	byEndpoint: Record<string, number>;
	/** e.g. `{"200": 198, "429": 2}`. */
	byStatus: Record<string, number>;
}

export class CallCounter {
	private total = 0;
	private byEndpoint = new Map<string, number>();
	private byStatus = new Map<number, number>();

	record(endpoint: string, status: number): void {
		this.total++;
		this.byEndpoint.set(endpoint, (this.byEndpoint.get(endpoint) ?? 0) + 1);
		this.byStatus.set(status, (this.byStatus.get(status) ?? 0) + 1);
	}

	/** Calls made so far, counting every request to an API route (not `/__sim/` control calls). */
	get count(): number {
		return this.total;
	}

	snapshot(): CallCounts {
		const sorted = <K>(m: Map<K, number>) =>
			Object.fromEntries([...m.entries()].map(([k, v]) => [String(k), v]).sort(([a], [b]) => (a < b ? -1 : 1)));
		return { total: this.total, byEndpoint: sorted(this.byEndpoint), byStatus: sorted(this.byStatus) };
	}

	reset(): void {
		this.total = 0;
		this.byEndpoint.clear();
		this.byStatus.clear();
	}
}
