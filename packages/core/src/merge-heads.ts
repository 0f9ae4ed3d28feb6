import * as tf from '@tensorflow/tfjs';
import type { Tensor } from '@tensorflow/tfjs';
import { assertRank } from './assert-shape.js';

/**
 * Concatenates heads back into the model dimension, the inverse of
 * {@link splitHeads}: `[batch, heads, seqLen, dHead]` becomes
 * `[batch, seqLen, heads * dHead]`; `[heads, seqLen, dHead]` becomes
 * `[seqLen, heads * dHead]`.
 *
 * @param x - `[batch, heads, seqLen, dHead]` or `[heads, seqLen, dHead]`.
 * @returns `[batch, seqLen, heads * dHead]` (or `[seqLen, heads * dHead]`).
 * @example
 * mergeHeads(tf.zeros([2, 8, 10, 8])).shape; // [2, 10, 64]
 */
export function mergeHeads(x: Tensor): Tensor {
  const t = assertRank('mergeHeads', 'x', x, { 3: ['heads', 'seqLen', 'dHead'], 4: ['batch', 'heads', 'seqLen', 'dHead'] });
  return tf.tidy(() => {
    if (t.rank === 3) {
      const [heads, seqLen, dHead] = t.shape as [number, number, number];
      return t.transpose([1, 0, 2]).reshape([seqLen, heads * dHead]); // [seqLen, heads, dHead] -> [seqLen, dModel]
    }
    const [batch, heads, seqLen, dHead] = t.shape as [number, number, number, number];
    return t.transpose([0, 2, 1, 3]).reshape([batch, seqLen, heads * dHead]); // [batch, seqLen, heads, dHead] -> [batch, seqLen, dModel]
  });
}
