import { createHash, timingSafeEqual } from 'crypto';

/**
 * Constant-time string equality. Both sides are hashed first so that inputs of different lengths
 * still take the same path (`timingSafeEqual` throws on unequal lengths, which would leak the
 * length of a shared secret).
 */
export function safeEqual(given: string, expected: string): boolean {
	const a = createHash('sha256').update(given, 'utf8').digest();
	const b = createHash('sha256').update(expected, 'utf8').digest();
	return timingSafeEqual(a, b) && given.length === expected.length;
}
