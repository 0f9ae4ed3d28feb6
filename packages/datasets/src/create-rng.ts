/** A seeded source of random numbers; the same seed gives the same stream everywhere. */
export interface Rng {
  /** The seed this generator started from. */
  readonly seed: number;
  /** A float in `[0, 1)`. */
  next(): number;
  /** An integer in `[0, n)`; `n` must be a positive integer. */
  int(n: number): number;
  /** A new array with the items of `items` in a random order (Fisher–Yates); the input is not changed. */
  shuffle<T>(items: readonly T[]): T[];
  /** One item of a non-empty array, chosen uniformly. */
  pick<T>(items: readonly T[]): T;
  /** An independent generator derived from this one and a label, e.g. `rng.fork('validation')`. */
  fork(label: string): Rng;
}

/**
 * Throws unless `seed` is an integer; returns it. A fraction would be cut to
 * its integer part by {@link createRng}, so seeds 0.1 and 0.9 would give the
 * same data. Internal: every seed this package takes (createRng, splitRecords,
 * the loaders' and synthetic data sets' `options.seed`) goes through it.
 *
 * @param fn - The public function, e.g. `'mnist'`.
 * @param what - The argument or option as the message names it: `"argument 'seed'"`, `"option 'seed'"`.
 * @param seed - The value given.
 * @returns `seed`.
 * @example
 * checkSeed('mnist', "option 'seed'", 0.5); // RangeError: mnist: option 'seed' must be an integer, got 0.5 (...)
 */
export function checkSeed(fn: string, what: string, seed: unknown): number {
  if (typeof seed !== 'number' || !Number.isFinite(seed)) {
    throw new TypeError(`${fn}: ${what} must be an integer, got ${typeof seed === 'string' ? JSON.stringify(seed) : String(seed)}`);
  }
  if (!Number.isInteger(seed)) {
    throw new RangeError(`${fn}: ${what} must be an integer, got ${seed} (seeds are cut to integers, so ${seed} would give the same data as ${Math.trunc(seed)})`);
  }
  return seed;
}

/**
 * A seeded pseudo-random generator (mulberry32: 32-bit state, period 2^32),
 * used for every shuffle and split in this package so that the same seed
 * gives the same data in Node and in every browser. Not for cryptography.
 *
 * @param seed - An integer; it is taken modulo 2^32 (so `-1` and `2 ** 32 - 1` give the same stream). A fraction throws.
 * @returns An {@link Rng}.
 * @example
 * const rng = createRng(42);
 * rng.shuffle([1, 2, 3, 4]); // the same order on every run and platform
 */
export function createRng(seed: number): Rng {
  const start = checkSeed('createRng', "argument 'seed'", seed) >>> 0;
  let state = start;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => {
    if (!Number.isInteger(n) || n <= 0) throw new RangeError(`Rng.int: argument 'n' must be a positive integer, got ${String(n)}`);
    return Math.floor(next() * n);
  };
  return {
    seed: start,
    next,
    int,
    shuffle<T>(items: readonly T[]): T[] {
      const out = items.slice();
      for (let i = out.length - 1; i > 0; i--) {
        const j = int(i + 1);
        [out[i], out[j]] = [out[j]!, out[i]!];
      }
      return out;
    },
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new RangeError('Rng.pick: argument \'items\' is empty');
      return items[int(items.length)]!;
    },
    fork(label: string): Rng {
      return createRng((start ^ hashLabel(label)) >>> 0);
    },
  };
}

/** FNV-1a over the UTF-16 code units of a label. */
function hashLabel(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
