/**
 * How peaked the softmax of dot-product scores gets as dHead grows, with and
 * without the 1/√dHead scaling. Internal: the numbers behind
 * {@link softmaxScalingChart}.
 */
import { seededNormal } from './seeded-normal.js';

/** One point per dHead: the mean largest softmax weight over the samples. */
export interface SharpnessPoint {
  dHead: number;
  /** Softmax of raw scores `q·k`. */
  unscaled: number;
  /** Softmax of `q·k / √dHead`. */
  scaled: number;
}

function maxSoftmax(scores: Float64Array, factor: number): number {
  let max = -Infinity;
  for (const s of scores) max = Math.max(max, s * factor);
  let sum = 0;
  for (const s of scores) sum += Math.exp(s * factor - max);
  return 1 / sum; // the largest entry is exp(0) / sum
}

/**
 * For each `dHead`, draws `samples` queries and `seqLenK` keys with standard
 * normal entries and averages the largest softmax weight of the scores.
 */
export function softmaxSharpness(dims: readonly number[], seqLenK: number, samples: number, seed: number): SharpnessPoint[] {
  const normal = seededNormal(seed);
  return dims.map((dHead) => {
    let unscaled = 0;
    let scaled = 0;
    const q = new Float64Array(dHead);
    const scores = new Float64Array(seqLenK);
    for (let n = 0; n < samples; n++) {
      for (let t = 0; t < dHead; t++) q[t] = normal();
      for (let j = 0; j < seqLenK; j++) {
        let s = 0;
        for (let t = 0; t < dHead; t++) s += q[t]! * normal();
        scores[j] = s;
      }
      unscaled += maxSoftmax(scores, 1);
      scaled += maxSoftmax(scores, 1 / Math.sqrt(dHead));
    }
    return { dHead, unscaled: unscaled / samples, scaled: scaled / samples };
  });
}
