import { sleep } from 'n8n-workflow';

import type { CallStats } from '../types';

/**
 * Retries are bounded twice: per request (`maxAttempts`) and per node run (`budget`), so a storm of 429s
 * slows a snapshot down but cannot keep it spinning for hours, and a hard failure surfaces quickly.
 */
export interface RetryPolicy {
	maxAttempts: number;
	budget: number;
	baseDelayMs: number;
	maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 6, budget: 200, baseDelayMs: 250, maxDelayMs: 15_000 };

export type Attempted<T> = { ok: true; value: T } | { ok: false; error: unknown };

export type RetryVerdict = { retry: false } | { retry: true; delayMs?: number; reason: string };

/**
 * Exponential backoff with jitter (half fixed, half random, so parallel runs spread out), starting from
 * the larger of the policy's base and the server's hint, capped.
 */
export function backoffMs(policy: RetryPolicy, attempt: number, serverDelayMs: number | undefined, random: () => number): number {
	const base = Math.max(policy.baseDelayMs, serverDelayMs ?? 0);
	const exponential = Math.min(policy.maxDelayMs, base * 2 ** attempt);
	return Math.min(policy.maxDelayMs, exponential / 2 + random() * (exponential / 2));
}

export class RetryBudget {
	private used = 0;

	constructor(readonly policy: RetryPolicy = DEFAULT_RETRY) {}

	/**
	 * Runs `attempt` until it succeeds, `classify` says not to retry, or a bound is reached. The last error
	 * is returned, not thrown, so the caller wraps it with the API's own error details.
	 */
	async run<T>(stats: CallStats, attempt: () => Promise<T>, classify: (error: unknown) => RetryVerdict): Promise<Attempted<T>> {
		for (let tries = 0; ; tries++) {
			let failure: unknown;
			try {
				return { ok: true, value: await attempt() };
			} catch (error) {
				failure = error;
			}
			const verdict = classify(failure);
			if (!verdict.retry || tries + 1 >= this.policy.maxAttempts || this.used >= this.policy.budget) return { ok: false, error: failure };
			this.used++;
			stats.retries++;
			const delay = backoffMs(this.policy, tries, verdict.delayMs, Math.random);
			stats.waitedMs += delay;
			await sleep(delay);
		}
	}
}
