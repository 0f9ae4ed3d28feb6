import * as tf from '@tensorflow/tfjs';
import type { Tensor } from '@tensorflow/tfjs';
import { assertScoresAllocation } from './assert-allocation.js';
import { checkAttentionInputs } from './attention-shapes.js';
import { batchedMatMul } from './batched-mat-mul.js';

/**
 * Dot-product scores `q · k` for every query against every key (Luong's "dot").
 *
 * @param query - `[seqLenQ, dHead]`, `[batch, seqLenQ, dHead]` or `[batch, heads, seqLenQ, dHead]`.
 * @param key - The same rank with `seqLenK` rows: `[..., seqLenK, dHead]`.
 * @returns Scores `[..., seqLenQ, seqLenK]`.
 * @throws RangeError before allocating anything when the call would build a tensor of more than 2^28 elements or hold more than 4 GiB of tensors at once (the limits of every call here; see the README).
 * @example
 * dotProductScores(tf.tensor2d([[1, 0]]), tf.tensor2d([[2, 3], [4, 5]])).print(); // [[2, 4]]
 */
export function dotProductScores<T extends Tensor>(query: T, key: T): T {
  const dims = checkAttentionInputs('dotProductScores', query, key, undefined);
  assertScoresAllocation('dotProductScores', query, key, dims);
  return tf.tidy(() => batchedMatMul(query, key, true) as T); // [..., seqLenQ, seqLenK]
}
