import * as tf from '@tensorflow/tfjs';
import type { Tensor } from '@tensorflow/tfjs';
import { assertScoresAllocation } from './assert-allocation.js';
import { readAttentionOptions } from './attention-options.js';
import { checkAttentionInputs } from './attention-shapes.js';
import { batchedMatMul } from './batched-mat-mul.js';

/** Options for {@link scaledDotProductScores}. */
export interface ScaledDotProductScoresOptions {
  /** The factor applied to `q · k`, a finite number. Default `1 / sqrt(dHead)`. */
  scale?: number;
}

/**
 * Scaled dot-product scores `q · k / sqrt(dHead)` (Vaswani et al., 2017). For
 * random unit-variance `q` and `k` the plain dot product has variance `dHead`;
 * the scale brings it back to 1 so softmax does not saturate.
 *
 * @param query - `[seqLenQ, dHead]`, `[batch, seqLenQ, dHead]` or `[batch, heads, seqLenQ, dHead]`.
 * @param key - The same rank: `[..., seqLenK, dHead]`.
 * @param options - `scale` (default `1 / sqrt(dHead)`).
 * @returns Scores `[..., seqLenQ, seqLenK]`.
 * @throws RangeError before allocating anything when the call would build a tensor of more than 2^28 elements or hold more than 4 GiB of tensors at once (the limits of every call here; see the README).
 * @example
 * scaledDotProductScores(tf.tensor2d([[1, 1]]), tf.tensor2d([[1, 1]])).print(); // [[1.4142]]
 */
export function scaledDotProductScores<T extends Tensor>(query: T, key: T, options: ScaledDotProductScoresOptions = {}): T {
  const fn = 'scaledDotProductScores';
  const dims = checkAttentionInputs(fn, query, key, undefined);
  const { scale } = readAttentionOptions(fn, options, dims.dHead);
  assertScoresAllocation(fn, query, key, dims);
  return tf.tidy(() => tf.mul(batchedMatMul(query, key, true), scale) as T); // [..., seqLenQ, seqLenK]
}
