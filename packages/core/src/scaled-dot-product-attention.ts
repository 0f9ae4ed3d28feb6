import * as tf from '@tensorflow/tfjs';
import type { Tensor, Tensor4D } from '@tensorflow/tfjs';
import { assertAllocation, attentionBytes, describeInputs } from './assert-allocation.js';
import { readAttentionOptions } from './attention-options.js';
import { checkAttentionInputs, fromRank4, toRank4 } from './attention-shapes.js';
import { batchedMatMul } from './batched-mat-mul.js';
import { attentionMask } from './lift-mask.js';
import { stableSoftmax } from './masked-softmax.js';

/** Options for {@link scaledDotProductAttention}. */
export interface ScaledDotProductAttentionOptions {
  /**
   * Which keys each query may attend to (`true` or nonzero = attend). Default: all.
   * Rank 4 is `[batch, heads, seqLenQ, seqLenK]`, rank 3 `[batch, seqLenQ, seqLenK]`,
   * rank 2 `[seqLenQ, seqLenK]`, rank 1 `[seqLenK]`; any dimension may be 1.
   * {@link paddingMask} and {@link causalMask} produce such masks.
   */
  mask?: Tensor;
  /** Let query `i` see only keys `j <= i` (combined with `mask`). A boolean (anything else is a TypeError); default `false`. */
  causal?: boolean;
  /** The factor applied to the scores, a finite number. Default `1 / sqrt(dHead)`. */
  scale?: number;
}

/** What {@link scaledDotProductAttention} returns. Both tensors belong to the caller. */
export interface AttentionResult<T extends Tensor = Tensor> {
  /** The attended values `[..., seqLenQ, dValue]`, the rank of the query. */
  output: T;
  /** The attention weights `[..., seqLenQ, seqLenK]`; each row sums to 1, or 0 where fully masked. */
  weights: T;
}

/**
 * Scaled dot-product attention, `softmax(Q K^T / sqrt(dHead)) V` (Vaswani et al., 2017).
 *
 * Query `[batch, heads, seqLenQ, dHead]` with key `[batch, heads, seqLenK, dHead]`
 * and value `[batch, heads, seqLenK, dValue]` gives output
 * `[batch, heads, seqLenQ, dValue]` and weights `[batch, heads, seqLenQ, seqLenK]`.
 * Rank 3 (`[batch, seqLen, d]`) and rank 2 (`[seqLen, d]`) inputs give results
 * of the same rank. A fully masked query row gets zero weights and a zero output.
 * Non-finite scores mean what they mean in every attention path: a kept
 * `-Infinity` gets weight 0 (a row of them is a fully masked row), a kept NaN
 * or `+Infinity` makes its row NaN, and a masked one is ignored. `dHead` must
 * be at least 1.
 * On the wasm backend each (batch, head) slice uses rank-2 matMuls, which reach
 * the fast XNNPACK kernel; results are the same.
 *
 * @param query - `[seqLenQ, dHead]`, `[batch, seqLenQ, dHead]` or `[batch, heads, seqLenQ, dHead]`.
 * @param key - Same rank and leading dims: `[..., seqLenK, dHead]`.
 * @param value - Same rank and leading dims: `[..., seqLenK, dValue]`.
 * @param options - `mask` (default none), `causal` (default false), `scale` (default `1/sqrt(dHead)`).
 * @returns `{ output [..., seqLenQ, dValue], weights [..., seqLenQ, seqLenK] }`.
 * @throws RangeError before allocating anything when the call would build a tensor of more than 2^28 elements or hold more than 4 GiB of tensors at once (the limits of every call here; see the README).
 * @example
 * const x = tf.randomNormal([5, 8]) as tf.Tensor2D; // [seqLen, dHead]
 * const { output, weights } = scaledDotProductAttention(x, x, x, { causal: true });
 * weights.print(); // [5, 5], zero above the diagonal
 */
export function scaledDotProductAttention<T extends Tensor>(
  query: T,
  key: T,
  value: T,
  options: ScaledDotProductAttentionOptions = {},
): AttentionResult<T> {
  const fn = 'scaledDotProductAttention';
  const dims = checkAttentionInputs(fn, query, key, value);
  const { mask, causal, scale } = readAttentionOptions(fn, options, dims.dHead);
  const weights = [dims.batch, dims.heads, dims.seqLenQ, dims.seqLenK];
  assertAllocation(
    fn,
    describeInputs(['query', query.shape], ['key', key.shape]),
    { largest: ['weights [batch, heads, seqLenQ, seqLenK]', weights], bytes: attentionBytes(dims.batch * dims.heads * dims.seqLenQ * dims.seqLenK, mask !== undefined || causal) },
    'Use memoryEfficientAttention(query, key, value, options) instead: the same output, never holding the weights.',
  );
  return tf.tidy(() => {
    const keep = attentionMask(fn, [dims.batch, dims.heads, dims.seqLenQ, dims.seqLenK], mask, causal);
    const { output, weights } = attendRank4(toRank4(query), toRank4(key), toRank4(value), scale, keep);
    return {
      output: fromRank4(output, dims.rank) as T,
      weights: fromRank4(weights, dims.rank) as T,
    };
  });
}

/**
 * The attention kernel on rank-4 tensors, without checks. Internal: `keep`
 * must broadcast to `[batch, heads, seqLenQ, seqLenK]`.
 */
export function attendRank4(q: Tensor4D, k: Tensor4D, v: Tensor4D, scale: number, keep: Tensor4D | undefined): AttentionResult<Tensor4D> {
  const scores = tf.mul(batchedMatMul(q, k, true), scale) as Tensor4D; // [batch, heads, seqLenQ, seqLenK]
  const full = keep == null ? null : tf.broadcastTo(keep, scores.shape);
  const weights = stableSoftmax(scores, full, 3) as Tensor4D; // [batch, heads, seqLenQ, seqLenK]
  const output = batchedMatMul(weights, v) as Tensor4D; // [batch, heads, seqLenQ, dValue]
  return { output, weights };
}
