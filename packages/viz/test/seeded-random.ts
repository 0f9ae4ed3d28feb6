// Seeded test data: a tiny PRNG (mulberry32) and helpers that fill typed
// arrays, so snapshot and DOM tests see the same numbers on every run.

/** mulberry32: a 32-bit state PRNG giving floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seeded source of test numbers. */
export class SeededRandom {
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  /** A float in [lo, hi). */
  uniform(lo = 0, hi = 1): number {
    return lo + (hi - lo) * this.next();
  }

  /** A standard normal sample (Box-Muller). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** `n` uniform floats in [lo, hi), rounded to `decimals`. */
  array(n: number, lo = 0, hi = 1, decimals = 3): Float64Array {
    const f = 10 ** decimals;
    return Float64Array.from({ length: n }, () => Math.round(this.uniform(lo, hi) * f) / f);
  }

  /**
   * Attention-like weights `[...lead, seqLenQ, seqLenK]`: each row of
   * `seqLenK` numbers is positive and sums to 1 (up to the rounding to `decimals`).
   */
  weights(rows: number, seqLenK: number, decimals = 3): Float64Array {
    const out = new Float64Array(rows * seqLenK);
    const f = 10 ** decimals;
    for (let r = 0; r < rows; r++) {
      const e = Array.from({ length: seqLenK }, () => Math.exp(2 * this.normal()));
      const sum = e.reduce((a, b) => a + b, 0);
      e.forEach((x, j) => (out[r * seqLenK + j] = Math.round((x / sum) * f) / f));
    }
    return out;
  }
}
