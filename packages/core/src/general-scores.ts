import * as tf from '@tensorflow/tfjs';
import type { Tensor, Tensor2D } from '@tensorflow/tfjs';
import { assertShape } from './assert-shape.js';
import { assertScoresAllocation } from './assert-allocation.js';
import { checkAttentionInputs } from './attention-shapes.js';
import { batchedMatMul, project } from './batched-mat-mul.js';

/**
 * Luong's "general" scores `q · W · k`: a learned bilinear form between each
 * query and each key, so queries and keys may have different widths.
 *
 * @param query - `[seqLenQ, dQuery]`, `[batch, seqLenQ, dQuery]` or `[batch, heads, seqLenQ, dQuery]`.
 * @param key - The same rank: `[..., seqLenK, dKey]`.
 * @param w - The bilinear weight `[dQuery, dKey]`.
 * @returns Scores `[..., seqLenQ, seqLenK]`.
 * @throws RangeError before allocating anything when the call would build a tensor of more than 2^28 elements or hold more than 4 GiB of tensors at once (the limits of every call here; see the README).
 * @example
 * generalScores(tf.tensor2d([[1, 0]]), tf.tensor2d([[0, 1]]), tf.tensor2d([[0, 2], [0, 0]])).print(); // [[2]]
 */
export function generalScores<T extends Tensor>(query: T, key: T, w: Tensor2D): T {
  const fn = 'generalScores';
  const dims = checkAttentionInputs(fn, query, key, undefined, ['query', 'key', 'value'], false);
  const dKey = key.shape[key.rank - 1]!;
  assertShape(fn, 'w', w, [['dQuery', dims.dHead], ['dKey', dKey]]);
  assertScoresAllocation(fn, query, key, dims);
  return tf.tidy(() => {
    const qw = project(query, w); // [..., seqLenQ, dKey]
    return batchedMatMul(qw, key, true) as T; // [..., seqLenQ, seqLenK]
  });
}
