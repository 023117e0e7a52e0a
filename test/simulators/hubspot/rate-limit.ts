/**
 * HubSpot's rate limits for a private app: a rolling 10-second window and a daily counter that
 * resets at midnight (UTC here), plus the search endpoints' own per-second limit. Measured with the
 * simulator clock, so a frozen test clock also freezes the window.
 */
import type { Clock } from '../common/types';
import type { RatePolicy } from './errors';

export interface HubSpotRateLimits {
	/** Calls per rolling 10 s (Pro/Enterprise private apps: 190). `Infinity` disables. */
	perTenSeconds?: number;
	/** Calls per day (Pro: 650,000). */
	daily?: number;
	/** Search calls per second (5). */
	searchPerSecond?: number;
}

export const DEFAULT_RATE_LIMITS: Required<HubSpotRateLimits> = { perTenSeconds: 190, daily: 650_000, searchPerSecond: 5 };

const WINDOW_MS = 10_000;

export class RateLimiter {
	private limits: Required<HubSpotRateLimits>;
	private window: number[] = [];
	private searchWindow: number[] = [];
	private day = -1;
	private dayCount = 0;

	constructor(private readonly clock: Clock, limits: HubSpotRateLimits = {}) {
		this.limits = { ...DEFAULT_RATE_LIMITS, ...limits };
	}

	configure(limits: HubSpotRateLimits): void {
		this.limits = { ...this.limits, ...limits };
	}

	get config(): Required<HubSpotRateLimits> {
		return this.limits;
	}

	reset(): void {
		this.window = [];
		this.searchWindow = [];
		this.dayCount = 0;
	}

	/** Pretends `n` calls were already made today (to reach the daily limit quickly in a test). */
	useDaily(n: number): void {
		this.rollDay(this.clock());
		this.dayCount += n;
	}

	/** Counts one call, or names the policy that refuses it (refused calls do not count). */
	take(search: boolean): RatePolicy | undefined {
		const now = this.clock();
		this.rollDay(now);
		prune(this.window, now - WINDOW_MS);
		if (this.dayCount >= this.limits.daily) return 'DAILY';
		if (this.window.length >= this.limits.perTenSeconds) return 'TEN_SECONDLY_ROLLING';
		if (search) {
			prune(this.searchWindow, now - 1000);
			if (this.searchWindow.length >= this.limits.searchPerSecond) return 'SECONDLY';
			if (Number.isFinite(this.limits.searchPerSecond)) this.searchWindow.push(now);
		}
		this.dayCount++;
		if (Number.isFinite(this.limits.perTenSeconds)) this.window.push(now);
		return undefined;
	}

	/** `X-HubSpot-RateLimit-*` headers as of now. */
	headers(): Record<string, string> {
		const max = this.limits.perTenSeconds;
		const finite = (n: number) => (Number.isFinite(n) ? n : 1_000_000_000);
		const remaining = Math.max(0, finite(max) - this.window.length);
		return {
			'X-HubSpot-RateLimit-Daily': String(finite(this.limits.daily)),
			'X-HubSpot-RateLimit-Daily-Remaining': String(Math.max(0, finite(this.limits.daily) - this.dayCount)),
			'X-HubSpot-RateLimit-Interval-Milliseconds': String(WINDOW_MS),
			'X-HubSpot-RateLimit-Max': String(finite(max)),
			'X-HubSpot-RateLimit-Remaining': String(remaining),
			'X-HubSpot-RateLimit-Secondly': String(Math.ceil(finite(max) / 10)),
			'X-HubSpot-RateLimit-Secondly-Remaining': String(Math.max(0, Math.ceil(finite(max) / 10) - this.lastSecond())),
		};
	}

	private lastSecond(): number {
		const since = this.clock() - 1000;
		let n = 0;
		for (let i = this.window.length - 1; i >= 0 && this.window[i] > since; i--) n++;
		return n;
	}

	private rollDay(now: number): void {
		const day = Math.floor(now / 86_400_000);
		if (day !== this.day) {
			this.day = day;
			this.dayCount = 0;
		}
	}
}

/** Drops timestamps ≤ `before` from the front of an ascending array. */
function prune(times: number[], before: number): void {
	let i = 0;
	while (i < times.length && times[i] <= before) i++;
	if (i > 0) times.splice(0, i);
}
