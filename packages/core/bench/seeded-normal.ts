/**
 * Seeded N(0, std²) draws for the benchmarks' inputs: a mulberry32 stream
 * made normal by Box–Muller, so a seed gives the same numbers in every Node
 * process and every browser page (peer.bench.ts and browser/page.ts compare
 * outputs across them).
 */
export function seededNormal(n: number, seed: number, std = 1): Float32Array {
  const uniform = seededUniform(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i += 2) {
    const radius = std * Math.sqrt(-2 * Math.log(1 - uniform()));
    const angle = 2 * Math.PI * uniform();
    out[i] = radius * Math.cos(angle);
    if (i + 1 < n) out[i + 1] = radius * Math.sin(angle);
  }
  return out;
}

/** A mulberry32 stream of uniform draws in [0, 1). */
function seededUniform(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/**
 * `items` in a seeded random order (Fisher–Yates). The benches draw a new
 * order each round: with a fixed cyclic order (a rotation) every contender
 * always follows the same one, so one that uses two cores always starts
 * after the same stretch of idle second core, a bias that stays in every round.
 */
export function seededShuffle<T>(items: readonly T[], seed: number): T[] {
  const uniform = seededUniform(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(uniform() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
