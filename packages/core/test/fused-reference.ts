// Helpers of the fused-kernel tests: seeded inputs, attention in float64 with
// plain loops (the independent reference), and a relative-tolerance check.
import { expect } from 'vitest';
import { mulberry32 } from './seeded-random.js';

export type Shape4 = [batch: number, heads: number, seqLen: number, d: number];

/** Seeded normal-ish numbers in [-2, 2). */
export function seeded(seed: number, size: number): Float32Array {
  const next = mulberry32(seed);
  return Float32Array.from({ length: size }, () => 4 * next() - 2);
}

/**
 * Attention in float64 with plain loops: for each (b, h, i), scores over the
 * kept keys, softmax from their maximum, weighted sum of values. A row with no
 * kept key gives zeros. `keep(b, h, i, j)` says whether query i sees key j.
 */
export function reference(
  q: Float32Array, k: Float32Array, v: Float32Array,
  [batch, heads, seqLenQ, dHead]: Shape4, seqLenK: number, dValue: number,
  scale: number, keep: (b: number, h: number, i: number, j: number) => boolean,
): { output: Float64Array; logSumExp: Float64Array } {
  const output = new Float64Array(batch * heads * seqLenQ * dValue);
  const logSumExp = new Float64Array(batch * heads * seqLenQ).fill(-3.4028234663852886e38);
  for (let b = 0; b < batch; b++) {
    for (let h = 0; h < heads; h++) {
      const slice = b * heads + h;
      for (let i = 0; i < seqLenQ; i++) {
        const scores: number[] = [];
        const kept: number[] = [];
        for (let j = 0; j < seqLenK; j++) {
          if (!keep(b, h, i, j)) continue;
          let dot = 0;
          for (let d = 0; d < dHead; d++) dot += q[(slice * seqLenQ + i) * dHead + d]! * k[(slice * seqLenK + j) * dHead + d]!;
          scores.push(scale * dot);
          kept.push(j);
        }
        if (kept.length === 0) continue;
        const max = Math.max(...scores);
        const w = scores.map((s) => Math.exp(s - max));
        const sum = w.reduce((a, x) => a + x, 0);
        logSumExp[slice * seqLenQ + i] = max + Math.log(sum);
        for (let d = 0; d < dValue; d++) {
          let acc = 0;
          kept.forEach((j, n) => (acc += w[n]! * v[(slice * seqLenK + j) * dValue + d]!));
          output[(slice * seqLenQ + i) * dValue + d] = acc / sum;
        }
      }
    }
  }
  return { output, logSumExp };
}

export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance = 1e-5): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i]!;
    const a = actual[i]!;
    if (Math.abs(a - e) > tolerance * (1 + Math.abs(e))) {
      throw new Error(`element ${i}: got ${a}, expected ${e} (tolerance ${tolerance} relative)`);
    }
  }
}

