import * as tf from '@tensorflow/tfjs';
import type { Tensor, Tensor4D } from '@tensorflow/tfjs';
import { readAttentionOptions } from './attention-options.js';
import { checkAttentionInputs, fromRank4, toRank4 } from './attention-shapes.js';
import { type AdditiveParams, additiveScoresUnchecked, assertAdditiveAllocation, checkAdditiveParams } from './additive-scores.js';
import { batchedMatMul } from './batched-mat-mul.js';
import { attentionMask } from './lift-mask.js';
import { stableSoftmax } from './masked-softmax.js';
import type { AttentionResult } from './scaled-dot-product-attention.js';

/** Options for {@link additiveAttention}. */
export interface AdditiveAttentionOptions {
  /** Which keys each query may attend to, as in {@link scaledDotProductAttention}. Default: all. */
  mask?: Tensor;
  /** Let query `i` see only keys `j <= i`. A boolean (anything else is a TypeError); default `false`. */
  causal?: boolean;
}

/**
 * Additive attention (Bahdanau et al., 2014): scores `v · tanh(Wq q + Wk k)`,
 * a masked softmax over the keys, and the weighted sum of the values. In a
 * translator the queries are decoder states and the keys and values are the
 * encoder states; the weights are the alignment matrix.
 *
 * @param query - `[seqLenQ, dQuery]`, `[batch, seqLenQ, dQuery]` or `[batch, heads, seqLenQ, dQuery]`.
 * @param keys - Same rank and leading dims: `[..., seqLenK, dKey]`.
 * @param values - Same rank and leading dims: `[..., seqLenK, dValue]`.
 * @param params - `{ wq [dQuery, dAttn], wk [dKey, dAttn], v [dAttn], bias? [dAttn] }`.
 * @param options - `mask` (default none), `causal` (default false).
 * @returns `{ output [..., seqLenQ, dValue], weights [..., seqLenQ, seqLenK] }`.
 * @throws RangeError before allocating anything when the call would build a tensor of more than 2^28 elements or hold more than 4 GiB of tensors at once (the limits of every call here; see the README).
 * @example
 * const enc = tf.randomNormal([1, 6, 8]) as tf.Tensor3D; // [batch, seqLenK, dKey]
 * const dec = tf.randomNormal([1, 1, 4]) as tf.Tensor3D; // [batch, seqLenQ, dQuery]
 * const params = { wq: tf.randomNormal([4, 10]), wk: tf.randomNormal([8, 10]), v: tf.randomNormal([10]) };
 * const { output, weights } = additiveAttention(dec, enc, enc, params); // [1, 1, 8], [1, 1, 6]
 */
export function additiveAttention<T extends Tensor>(
  query: T,
  keys: T,
  values: T,
  params: AdditiveParams,
  options: AdditiveAttentionOptions = {},
): AttentionResult<T> {
  const fn = 'additiveAttention';
  const dAttn = checkAdditiveParams(fn, query, keys, params, values);
  const dims = checkAttentionInputs(fn, query, keys, values, ['query', 'keys', 'values'], false);
  const { mask, causal } = readAttentionOptions(fn, options);
  assertAdditiveAllocation(fn, query, keys, dims, dAttn, mask !== undefined || causal);
  return tf.tidy(() => {
    const keep = attentionMask(fn, [dims.batch, dims.heads, dims.seqLenQ, dims.seqLenK], mask, causal);
    const scores = toRank4(additiveScoresUnchecked(query, keys, params)) as Tensor4D; // [batch, heads, seqLenQ, seqLenK]
    const full = keep == null ? null : tf.broadcastTo(keep, scores.shape);
    const weights = stableSoftmax(scores, full, 3) as Tensor4D; // [batch, heads, seqLenQ, seqLenK]
    const output = batchedMatMul(weights, toRank4(values)) as Tensor4D; // [batch, heads, seqLenQ, dValue]
    return {
      output: fromRank4(output, dims.rank) as T,
      weights: fromRank4(weights, dims.rank) as T,
    };
  });
}
