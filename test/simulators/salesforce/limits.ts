/**
 * The org's daily API request allowance: a rolling 24-hour count (Salesforce's definition), kept
 * in per-minute buckets so it stays cheap at 100,000 calls. Past the limit every call gets 403
 * REQUEST_LIMIT_EXCEEDED; each response reports usage in `Sforce-Limit-Info`.
 */
import type { Clock } from '../common/types';

const DAY = 86_400_000;
const BUCKET = 60_000;

export class ApiLimit {
	private buckets: Array<[minute: number, count: number]> = [];
	private used = 0;

	constructor(private readonly clock: Clock, public max: number) {}

	reset(): void {
		this.buckets = [];
		this.used = 0;
	}

	/** Counts one request, or returns false when the allowance is used up (refused calls do not count). */
	take(): boolean {
		this.expire();
		if (this.used >= this.max) return false;
		this.add(1);
		return true;
	}

	/** Pretends `n` requests were made just now (to reach the limit quickly in a test). */
	use(n: number): void {
		this.expire();
		this.add(n);
	}

	usage(): { used: number; max: number } {
		this.expire();
		return { used: this.used, max: this.max };
	}

	header(): string {
		const { used, max } = this.usage();
		return `api-usage=${used}/${Number.isFinite(max) ? max : 1_000_000_000}`;
	}

	private add(n: number): void {
		const minute = Math.floor(this.clock() / BUCKET);
		const last = this.buckets[this.buckets.length - 1];
		if (last && last[0] === minute) last[1] += n;
		else this.buckets.push([minute, n]);
		this.used += n;
	}

	private expire(): void {
		const oldest = Math.floor((this.clock() - DAY) / BUCKET);
		while (this.buckets.length > 0 && this.buckets[0][0] <= oldest) this.used -= this.buckets.shift()![1];
	}
}
