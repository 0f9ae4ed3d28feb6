import * as tf from '@tensorflow/tfjs';
import type { Scalar, Tensor, Tensor1D, Tensor2D } from '@tensorflow/tfjs';
import { assertRank, assertShape, assertTensor } from './assert-shape.js';
import { toBool } from './combine-masks.js';
import { stableSoftmax } from './masked-softmax.js';
import { ShapeError } from './shape-error.js';

/** The learned weights of {@link attentionPooling}. */
export interface AttentionPoolingParams {
  /** Scoring vector `[d]` (or a column `[d, 1]`). */
  w: Tensor1D | Tensor2D;
  /** Scalar bias added to every score. Default 0. */
  b?: Scalar | number;
}

/** Options for {@link attentionPooling}. */
export interface AttentionPoolingOptions {
  /**
   * Which time steps to pool over (`true` or nonzero = keep). Default: all.
   * `[batch, seqLen]`, `[seqLen]`, or a {@link paddingMask} `[batch, 1, 1, seqLen]`.
   */
  mask?: Tensor;
}

/**
 * Attention pooling over time: `scores = H · w + b`, a masked softmax over the
 * time steps, and the weighted sum of `H`. It turns an encoder's outputs into
 * one vector per sequence (the article's pseudo-code, section 3).
 *
 * @param h - Encoder outputs `[batch, seqLen, d]` (or `[seqLen, d]`).
 * @param params - `{ w [d] or [d, 1], b? }` (`b` defaults to 0).
 * @param options - `mask` over time steps (default none).
 * @returns `{ output [batch, d], weights [batch, seqLen] }` (`[d]` and `[seqLen]` for rank-2 `h`).
 * @example
 * const h = tf.randomNormal([2, 7, 16]) as tf.Tensor3D; // [batch, seqLen, d]
 * const { output, weights } = attentionPooling(h, { w: tf.randomNormal([16]) as tf.Tensor1D });
 * // output [2, 16], weights [2, 7]
 */
export function attentionPooling<T extends Tensor>(
  h: T,
  params: AttentionPoolingParams,
  options: AttentionPoolingOptions = {},
): { output: Tensor; weights: Tensor } {
  const fn = 'attentionPooling';
  const x = assertRank(fn, 'h', h, { 2: ['seqLen', 'd'], 3: ['batch', 'seqLen', 'd'] });
  const rank = x.rank;
  const batch = rank === 3 ? x.shape[0]! : 1;
  const seqLen = x.shape[rank - 2]!;
  const d = x.shape[rank - 1]!;
  if (params == null || typeof params !== 'object') {
    throw new TypeError(`${fn}: argument 'params' must be an object { w, b? }, got ${String(params)}`);
  }
  const w = assertTensor(fn, 'params.w', params.w);
  if (w.rank === 2) assertShape(fn, 'params.w', w, [['d', d], ['1', 1]]);
  else assertShape(fn, 'params.w', w, [['d', d]]);
  if (params.b != null && typeof params.b !== 'number') {
    const b = assertTensor(fn, 'params.b', params.b);
    if (b.size !== 1) throw new ShapeError(fn, 'params.b', '[] (a scalar)', b.shape);
  }
  const maskShape = options.mask == null ? undefined : poolingMaskShape(fn, options.mask, batch, seqLen, rank);
  return tf.tidy(() => {
    const h3 = x.reshape([batch, seqLen, d]); // [batch, seqLen, d]
    const wCol = w.reshape([d, 1]) as Tensor2D; // [d, 1]
    let scores = tf.matMul(h3.reshape([batch * seqLen, d]) as Tensor2D, wCol).reshape([batch, seqLen]); // [batch, seqLen]
    if (params.b != null) scores = tf.add(scores, typeof params.b === 'number' ? tf.scalar(params.b) : params.b.reshape([]));
    const keep = maskShape == null ? null : tf.broadcastTo(toBool(options.mask!).reshape(maskShape), [batch, seqLen]);
    const weights = stableSoftmax(scores, keep, 1); // [batch, seqLen]
    const output = tf.matMul(weights.reshape([batch, 1, seqLen]), h3).reshape([batch, d]); // [batch, d]
    return rank === 3
      ? { output, weights }
      : { output: output.reshape([d]), weights: weights.reshape([seqLen]) };
  });
}

/** The rank-1 or rank-2 shape a pooling mask is read as; throws when it does not fit. */
function poolingMaskShape(fn: string, mask: Tensor, batch: number, seqLen: number, rank: number): number[] {
  const m = assertTensor(fn, 'options.mask', mask);
  const flat = m.rank === 4 && m.shape[1] === 1 && m.shape[2] === 1 ? [m.shape[0]!, m.shape[3]!] : m.shape;
  const ok =
    (flat.length === 1 && flat[0] === seqLen) ||
    (flat.length === 2 && (flat[0] === batch || flat[0] === 1) && (flat[1] === seqLen || flat[1] === 1));
  if (!ok) {
    const expected = rank === 3 ? `[batch=${batch}, seqLen=${seqLen}], [seqLen=${seqLen}] or [batch, 1, 1, seqLen]` : `[seqLen=${seqLen}]`;
    throw new ShapeError(fn, 'options.mask', expected, m.shape);
  }
  return flat;
}
