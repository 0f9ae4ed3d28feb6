import * as tf from '@tensorflow/tfjs';
import type { Tensor, Tensor1D, Tensor2D } from '@tensorflow/tfjs';
import { assertAllocation, attentionBytes, describeInputs } from './assert-allocation.js';
import { assertShape } from './assert-shape.js';
import { type AttentionDims, checkAttentionInputs } from './attention-shapes.js';
import { project } from './batched-mat-mul.js';

/**
 * The learned weights of additive (Bahdanau) attention, `v · tanh(Wq q + Wk k + b)`.
 * In Bahdanau et al. (2014) `wq` is W (applied to the decoder state) and `wk` is U
 * (applied to the encoder states).
 */
export interface AdditiveParams {
  /** Query projection `[dQuery, dAttn]`. */
  wq: Tensor2D;
  /** Key projection `[dKey, dAttn]`. */
  wk: Tensor2D;
  /** Scoring vector `[dAttn]`. */
  v: Tensor1D;
  /** Optional bias inside the tanh `[dAttn]`. Default: none. */
  bias?: Tensor1D;
}

/**
 * Additive (Bahdanau) scores `v · tanh(Wq q + Wk k + b)` for every query
 * against every key. Queries and keys may have different widths.
 *
 * Memory note: the hidden tensor is `[..., seqLenQ, seqLenK, dAttn]`.
 *
 * @param query - `[seqLenQ, dQuery]`, `[batch, seqLenQ, dQuery]` or `[batch, heads, seqLenQ, dQuery]`.
 * @param key - The same rank: `[..., seqLenK, dKey]`.
 * @param params - `{ wq [dQuery, dAttn], wk [dKey, dAttn], v [dAttn], bias? [dAttn] }`.
 * @returns Scores `[..., seqLenQ, seqLenK]`.
 * @throws RangeError before allocating anything when the call would build a tensor of more than 2^28 elements or hold more than 4 GiB of tensors at once (the limits of every call here; see the README).
 * @example
 * const params = { wq: tf.eye(2) as tf.Tensor2D, wk: tf.eye(2) as tf.Tensor2D, v: tf.tensor1d([1, 1]) };
 * additiveScores(tf.tensor2d([[0, 0]]), tf.tensor2d([[1, 0]]), params).print(); // [[tanh(1)]] = [[0.7616]]
 */
export function additiveScores<T extends Tensor>(query: T, key: T, params: AdditiveParams): T {
  const fn = 'additiveScores';
  const dAttn = checkAdditiveParams(fn, query, key, params);
  assertAdditiveAllocation(fn, query, key, checkAttentionInputs(fn, query, key, undefined, ['query', 'keys', 'values'], false), dAttn, false);
  return tf.tidy(() => additiveScoresUnchecked(query, key, params) as T);
}

/** Validates additive inputs and params; returns `dAttn`. Internal. */
export function checkAdditiveParams(fn: string, query: unknown, key: unknown, params: AdditiveParams, value?: unknown): number {
  const dims = checkAttentionInputs(fn, query, key, value, ['query', 'keys', 'values'], false);
  if (params == null || typeof params !== 'object') {
    throw new TypeError(`${fn}: argument 'params' must be an object { wq, wk, v, bias? }, got ${String(params)}`);
  }
  const k = key as Tensor;
  assertShape(fn, 'params.wq', params.wq, [['dQuery', dims.dHead], 'dAttn']);
  const dAttn = params.wq.shape[1];
  assertShape(fn, 'params.wk', params.wk, [['dKey', k.shape[k.rank - 1]!], ['dAttn', dAttn]]);
  assertShape(fn, 'params.v', params.v, [['dAttn', dAttn]]);
  if (params.bias != null) assertShape(fn, 'params.bias', params.bias, [['dAttn', dAttn]]);
  return dAttn;
}

/**
 * Guards additive scores and attention: they build the hidden layer
 * `tanh(Wq q + Wk k)` `[..., seqLenQ, seqLenK, dAttn]` (two float32 tensors of
 * it, four while a gradient is recorded) on top of the softmax. Internal.
 */
export function assertAdditiveAllocation(fn: string, query: Tensor, key: Tensor, dims: AttentionDims, dAttn: number, masked: boolean): void {
  const { batch, heads, seqLenQ, seqLenK, rank } = dims;
  const hidden = [...query.shape.slice(0, rank - 2), seqLenQ, seqLenK, dAttn];
  const perElement = 4 * dAttn * (tf.engine().isTapeOn() ? 4 : 2);
  assertAllocation(
    fn,
    describeInputs(['query', query.shape], ['keys', key.shape], ['params.wq', [query.shape[rank - 1]!, dAttn]]),
    { largest: ['hidden [..., seqLenQ, seqLenK, dAttn]', hidden], bytes: attentionBytes(batch * heads * seqLenQ * seqLenK, masked, perElement) },
    'Score fewer queries per call (slice query along seqLenQ and concatenate the results), or use a smaller dAttn.',
  );
}

/** The additive score computation without checks. Internal. */
export function additiveScoresUnchecked(query: Tensor, key: Tensor, params: AdditiveParams): Tensor {
  const rank = query.rank;
  const qp = project(query, params.wq, params.bias); // [..., seqLenQ, dAttn]
  const kp = project(key, params.wk); // [..., seqLenK, dAttn]
  const hidden = tf.tanh(tf.add(tf.expandDims(qp, rank - 1), tf.expandDims(kp, rank - 2))); // [..., seqLenQ, seqLenK, dAttn]
  const dAttn = params.v.shape[0];
  const scores = tf.matMul(hidden.reshape([-1, dAttn]), params.v.reshape([dAttn, 1])); // [rows, 1]
  return scores.reshape(hidden.shape.slice(0, -1)); // [..., seqLenQ, seqLenK]
}
