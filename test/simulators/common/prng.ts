/**
 * Seeded pseudo-random numbers. Every random choice the simulators make (seed data, fault decisions,
 * retry jitter, ids) comes from an `Rng` derived from the one seed, each concern on its own named
 * stream, so turning one fault on does not shift the decisions of another.
 */

/** xmur3-style string hash: spreads a seed string into 32-bit state words. */
function hashSeed(text: string): () => number {
	let h = 1779033703 ^ text.length;
	for (let i = 0; i < text.length; i++) {
		h = Math.imul(h ^ text.charCodeAt(i), 3432918353);
		h = (h << 13) | (h >>> 19);
	}
	return () => {
		h = Math.imul(h ^ (h >>> 16), 2246822507);
		h = Math.imul(h ^ (h >>> 13), 3266489909);
		h ^= h >>> 16;
		return h >>> 0;
	};
}

export class Rng {
	private a: number;
	private b: number;
	private c: number;
	private d: number;

	constructor(readonly seed: string) {
		const next = hashSeed(seed);
		this.a = next();
		this.b = next();
		this.c = next();
		this.d = next();
		// Warm up: the first outputs of sfc32 are correlated with the seed words.
		for (let i = 0; i < 12; i++) this.next();
	}

	/** A new, independent stream named after this one. */
	fork(label: string): Rng {
		return new Rng(`${this.seed}/${label}`);
	}

	/** sfc32: fast, 128-bit state, good enough for simulation. Returns [0, 1). */
	next(): number {
		this.a >>>= 0;
		this.b >>>= 0;
		this.c >>>= 0;
		this.d >>>= 0;
		const t = (((this.a + this.b) | 0) + this.d) | 0;
		this.d = (this.d + 1) | 0;
		this.a = this.b ^ (this.b >>> 9);
		this.b = (this.c + (this.c << 3)) | 0;
		this.c = (this.c << 21) | (this.c >>> 11);
		this.c = (this.c + t) | 0;
		return (t >>> 0) / 4294967296;
	}

	/** Integer in [0, n). */
	int(n: number): number {
		return Math.floor(this.next() * n);
	}

	/** Integer in [min, max]. */
	range(min: number, max: number): number {
		return min + this.int(max - min + 1);
	}

	/** True with probability p (p ≤ 0 never draws, so a disabled fault does not consume the stream). */
	chance(p: number): boolean {
		if (p <= 0) return false;
		if (p >= 1) return true;
		return this.next() < p;
	}

	pick<T>(items: readonly T[]): T {
		return items[this.int(items.length)];
	}

	/** Picks by weight: `[[value, weight], …]`. */
	weighted<T>(items: ReadonlyArray<readonly [T, number]>): T {
		let total = 0;
		for (const [, w] of items) total += w;
		let r = this.next() * total;
		for (const [value, w] of items) {
			r -= w;
			if (r < 0) return value;
		}
		return items[items.length - 1][0];
	}

	/** Distinct items, k of them, in the order of `items`. */
	sample<T>(items: readonly T[], k: number): T[] {
		const chosen = new Set<number>();
		while (chosen.size < Math.min(k, items.length)) chosen.add(this.int(items.length));
		return items.filter((_, i) => chosen.has(i));
	}

	/** Fisher–Yates, in place; returns the same array. */
	shuffle<T>(items: T[]): T[] {
		for (let i = items.length - 1; i > 0; i--) {
			const j = this.int(i + 1);
			[items[i], items[j]] = [items[j], items[i]];
		}
		return items;
	}

	/** A UUID-shaped string (for correlation ids), deterministic per stream. */
	uuid(): string {
		const hex = (n: number) =>
			Array.from({ length: n }, () => this.int(16).toString(16)).join('');
		return `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[this.int(4)]}${hex(3)}-${hex(12)}`;
	}
}
