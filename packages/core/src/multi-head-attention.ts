import * as tf from '@tensorflow/tfjs';
import type { Tensor, Tensor1D, Tensor2D, Tensor4D } from '@tensorflow/tfjs';
import { assertInteger } from './assert-option.js';
import { assertRank, assertShape } from './assert-shape.js';
import { assertAllocation, attentionBytes, describeInputs } from './assert-allocation.js';
import { readAttentionOptions } from './attention-options.js';
import { project } from './batched-mat-mul.js';
import { attentionMask } from './lift-mask.js';
import { mergeHeads } from './merge-heads.js';
import { attendRank4 } from './scaled-dot-product-attention.js';
import { ShapeError } from './shape-error.js';
import { splitHeads } from './split-heads.js';

/** The weights of {@link multiHeadAttention}. Biases are optional (default: none). */
export interface MultiHeadAttentionParams {
  /** Query projection `[dModel, heads * dHead]`. */
  wq: Tensor2D;
  /** Key projection `[dKeyIn, heads * dHead]`. */
  wk: Tensor2D;
  /** Value projection `[dValueIn, heads * dValue]`. */
  wv: Tensor2D;
  /** Output projection `[heads * dValue, dOut]`. */
  wo: Tensor2D;
  /** Query bias `[heads * dHead]`. */
  bq?: Tensor1D;
  /** Key bias `[heads * dHead]`. */
  bk?: Tensor1D;
  /** Value bias `[heads * dValue]`. */
  bv?: Tensor1D;
  /** Output bias `[dOut]`. */
  bo?: Tensor1D;
}

/** Options for {@link multiHeadAttention}. */
export interface MultiHeadAttentionOptions {
  /** Number of heads; must divide the projected widths. Required. */
  heads: number;
  /**
   * Which keys each query may attend to (`true` or nonzero = attend). Default: all.
   * `[batch, heads, seqLenQ, seqLenK]`, `[batch, seqLenQ, seqLenK]`, `[seqLenQ, seqLenK]` or `[seqLenK]`; any dimension may be 1.
   */
  mask?: Tensor;
  /** Let query `i` see only keys `j <= i`. A boolean (anything else is a TypeError); default `false`. */
  causal?: boolean;
  /** The factor applied to the scores, a finite number. Default `1 / sqrt(dHead)`. */
  scale?: number;
}

/**
 * Multi-head attention (Vaswani et al., 2017):
 * `head_i = Attention(Q Wq_i, K Wk_i, V Wv_i)`, `MultiHead = Concat(head_1..head_h) Wo`.
 * The key projection applies to K as a whole: scores are `(Q Wq_i)(K Wk_i)^T`.
 *
 * @param query - `[batch, seqLenQ, dModel]` (or `[seqLenQ, dModel]`).
 * @param key - `[batch, seqLenK, dKeyIn]` (or `[seqLenK, dKeyIn]`).
 * @param value - `[batch, seqLenK, dValueIn]` (or `[seqLenK, dValueIn]`).
 * @param params - `{ wq, wk, wv, wo }` and optional biases `{ bq, bk, bv, bo }`.
 * @param options - `heads` (required), `mask` (default none), `causal` (default false), `scale` (default `1/sqrt(dHead)`).
 * @returns `{ output [batch, seqLenQ, dOut], weights [batch, heads, seqLenQ, seqLenK] }`
 *   (`[seqLenQ, dOut]` and `[heads, seqLenQ, seqLenK]` for rank-2 inputs).
 * @throws RangeError before allocating anything when the call would build a tensor of more than 2^28 elements or hold more than 4 GiB of tensors at once (the limits of every call here; see the README).
 * @example
 * const x = tf.randomNormal([2, 10, 64]) as tf.Tensor3D; // [batch, seqLen, dModel]
 * const w = () => tf.randomNormal([64, 64]).mul(0.125) as tf.Tensor2D;
 * const { output, weights } = multiHeadAttention(x, x, x, { wq: w(), wk: w(), wv: w(), wo: w() }, { heads: 8 });
 * // output [2, 10, 64], weights [2, 8, 10, 10]
 */
export function multiHeadAttention(
  query: Tensor,
  key: Tensor,
  value: Tensor,
  params: MultiHeadAttentionParams,
  options: MultiHeadAttentionOptions,
): { output: Tensor; weights: Tensor } {
  const fn = 'multiHeadAttention';
  const q = assertRank(fn, 'query', query, { 2: ['seqLenQ', 'dModel'], 3: ['batch', 'seqLenQ', 'dModel'] });
  const rank = q.rank as 2 | 3;
  const lead = rank === 3 ? [['batch', q.shape[0]!] as const] : [];
  const about = `query is [${q.shape.join(', ')}]`;
  assertShape(fn, 'key', key, [...lead, 'seqLenK', 'dKeyIn'], about);
  const seqLenK = key.shape[rank - 2]!;
  assertShape(fn, 'value', value, [...lead, ['seqLenK', seqLenK], 'dValueIn'], `${about}, key is [${key.shape.join(', ')}]`);
  if (options == null || typeof options !== 'object') {
    throw new TypeError(`${fn}: argument 'options' must be an object with 'heads', got ${String(options)}`);
  }
  const heads = assertInteger(fn, 'options.heads', options.heads, 1);
  if (params == null || typeof params !== 'object') {
    throw new TypeError(`${fn}: argument 'params' must be an object { wq, wk, wv, wo, bq?, bk?, bv?, bo? }, got ${String(params)}`);
  }
  assertShape(fn, 'params.wq', params.wq, [['dModel', q.shape[rank - 1]!], 'heads*dHead']);
  const width = params.wq.shape[1];
  if (width % heads !== 0) {
    throw new ShapeError(fn, 'params.wq', `[dModel, heads*dHead] with heads*dHead divisible by heads=${heads}`, params.wq.shape);
  }
  assertShape(fn, 'params.wk', params.wk, [['dKeyIn', key.shape[rank - 1]!], ['heads*dHead', width]]);
  assertShape(fn, 'params.wv', params.wv, [['dValueIn', value.shape[rank - 1]!], 'heads*dValue']);
  const widthV = params.wv.shape[1];
  if (widthV % heads !== 0) {
    throw new ShapeError(fn, 'params.wv', `[dValueIn, heads*dValue] with heads*dValue divisible by heads=${heads}`, params.wv.shape);
  }
  assertShape(fn, 'params.wo', params.wo, [['heads*dValue', widthV], 'dOut']);
  if (params.bq != null) assertShape(fn, 'params.bq', params.bq, [['heads*dHead', width]]);
  if (params.bk != null) assertShape(fn, 'params.bk', params.bk, [['heads*dHead', width]]);
  if (params.bv != null) assertShape(fn, 'params.bv', params.bv, [['heads*dValue', widthV]]);
  if (params.bo != null) assertShape(fn, 'params.bo', params.bo, [['dOut', params.wo.shape[1]]]);
  if (width === 0) throw new ShapeError(fn, 'params.wq', '[dModel, heads*dHead] with dHead >= 1', params.wq.shape, 'scores are dot products over dHead');
  const dHead = width / heads;
  const { mask, causal, scale } = readAttentionOptions(fn, options, dHead);
  const batch = rank === 3 ? q.shape[0]! : 1;
  const seqLenQ = q.shape[rank - 2]!;
  assertAllocation(
    fn,
    describeInputs(['query', q.shape], ['key', key.shape], ['options.heads', [heads]]),
    { largest: ['weights [batch, heads, seqLenQ, seqLenK]', [batch, heads, seqLenQ, seqLenK]], bytes: attentionBytes(batch * heads * seqLenQ * seqLenK, mask !== undefined || causal) },
    'Project and split the heads yourself (splitHeads) and use memoryEfficientAttention, then mergeHeads: the same output, never holding the weights.',
  );

  return tf.tidy(() => {
    const keep = attentionMask(fn, [batch, heads, seqLenQ, seqLenK], mask, causal);
    // Work at rank 3 [batch, seqLen, d] so splitHeads always returns rank 4.
    const as3 = (x: Tensor) => (rank === 3 ? x : x.expandDims(0)); // [batch, seqLen, d]
    const qh = splitHeads(project(as3(q), params.wq, params.bq), heads) as Tensor4D; // [batch, heads, seqLenQ, dHead]
    const kh = splitHeads(project(as3(key), params.wk, params.bk), heads) as Tensor4D; // [batch, heads, seqLenK, dHead]
    const vh = splitHeads(project(as3(value), params.wv, params.bv), heads) as Tensor4D; // [batch, heads, seqLenK, dValue]
    const { output: heads4, weights } = attendRank4(qh, kh, vh, scale, keep);
    const merged = mergeHeads(heads4); // [batch, seqLenQ, heads * dValue]
    const output = project(merged, params.wo, params.bo); // [batch, seqLenQ, dOut]
    return rank === 3
      ? { output, weights }
      : { output: output.squeeze([0]), weights: weights.squeeze([0]) }; // [seqLenQ, dOut], [heads, seqLenQ, seqLenK]
  });
}
