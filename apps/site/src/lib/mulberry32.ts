/**
 * A small seeded pseudo-random generator (Mulberry32): the same seed always
 * yields the same sequence. Good enough for reproducible demo data, not for
 * anything that needs real randomness.
 *
 * @param seed - Any number; only its low 32 bits are used.
 * @returns A function that returns the next number in [0, 1) on each call.
 * @example
 * const next = mulberry32(42);
 * next(); // the same value on every run
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), state | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 0x1_0000_0000;
  };
}
