/**
 * The order in which an epoch visits `n` examples: a Fisher–Yates shuffle
 * seeded by `(seed, epoch)` (mulberry32), so an interrupted run resumed at
 * epoch `e`, step `s` sees exactly the batches it would have seen.
 *
 * @param n - The number of examples.
 * @param seed - The run's seed.
 * @param epoch - The epoch (0-based).
 * @returns A permutation of `0..n-1`.
 * @example
 * shuffledOrder(5, 0, 0); // e.g. Int32Array [3, 0, 4, 1, 2]
 */
export function shuffledOrder(n: number, seed: number, epoch: number): Int32Array {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  let a = (Math.imul(seed, 1_000_003) + Math.imul(epoch, 7919) + 0x9e3779b9) >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    const tmp = order[i]!;
    order[i] = order[j]!;
    order[j] = tmp;
  }
  return order;
}
