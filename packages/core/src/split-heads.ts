import * as tf from '@tensorflow/tfjs';
import type { Tensor } from '@tensorflow/tfjs';
import { assertInteger } from './assert-option.js';
import { assertRank } from './assert-shape.js';
import { ShapeError } from './shape-error.js';

/**
 * Splits the model dimension into heads: `[batch, seqLen, dModel]` becomes
 * `[batch, heads, seqLen, dHead]` with `dHead = dModel / heads`. Head `i`
 * takes columns `i * dHead` to `(i + 1) * dHead - 1`. A rank-2 input
 * `[seqLen, dModel]` gives `[heads, seqLen, dHead]`.
 *
 * @param x - `[batch, seqLen, dModel]` or `[seqLen, dModel]`.
 * @param heads - Number of heads; must divide `dModel`.
 * @returns `[batch, heads, seqLen, dHead]` (or `[heads, seqLen, dHead]`).
 * @example
 * splitHeads(tf.zeros([2, 10, 64]), 8).shape; // [2, 8, 10, 8]
 */
export function splitHeads(x: Tensor, heads: number): Tensor {
  const fn = 'splitHeads';
  const t = assertRank(fn, 'x', x, { 2: ['seqLen', 'dModel'], 3: ['batch', 'seqLen', 'dModel'] });
  assertInteger(fn, 'heads', heads, 1);
  const dModel = t.shape[t.rank - 1]!;
  if (dModel % heads !== 0) {
    throw new ShapeError(fn, 'x', `[..., dModel] with dModel divisible by heads=${heads}`, t.shape);
  }
  const dHead = dModel / heads;
  return tf.tidy(() => {
    if (t.rank === 2) {
      const seqLen = t.shape[0]!;
      return t.reshape([seqLen, heads, dHead]).transpose([1, 0, 2]); // [seqLen, heads, dHead] -> [heads, seqLen, dHead]
    }
    const [batch, seqLen] = t.shape as [number, number, number];
    return t.reshape([batch, seqLen, heads, dHead]).transpose([0, 2, 1, 3]); // [batch, seqLen, heads, dHead] -> [batch, heads, seqLen, dHead]
  });
}
