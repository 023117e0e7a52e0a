/**
 * Remembers v3 signatures accepted within their freshness window, so a captured HubSpot request
 * replayed inside the window is refused. Best effort by design: the memory is per process (queue
 * mode with several webhook processes shares nothing) and bounded. That is enough because the fast
 * loop is state-based: a replay that gets through only makes the workflow re-read records.
 */
export class ReplayGuard {
	private readonly seen = new Map<string, number>();

	constructor(private readonly maxEntries = 10_000) {}

	/** Records `key` until `expiresAt`; false when it was already recorded and has not expired. */
	firstSeen(key: string, expiresAt: number, now: number): boolean {
		const known = this.seen.get(key);
		if (known !== undefined && known >= now) return false;
		this.prune(now);
		this.seen.set(key, expiresAt);
		return true;
	}

	private prune(now: number): void {
		if (this.seen.size < this.maxEntries) return;
		for (const [key, expiresAt] of this.seen) if (expiresAt < now) this.seen.delete(key);
		// Still full of live entries (a flood): forget the oldest entries first.
		for (const key of this.seen.keys()) {
			if (this.seen.size < this.maxEntries) break;
			this.seen.delete(key);
		}
	}
}

/** One guard per process; keys carry the node id, so workflows never collide. */
export const hubSpotReplays = new ReplayGuard();
