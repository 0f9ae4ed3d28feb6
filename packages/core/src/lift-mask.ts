import * as tf from '@tensorflow/tfjs';
import type { Tensor4D } from '@tensorflow/tfjs';
import { assertTensor } from './assert-shape.js';
import { toBool } from './combine-masks.js';
import { ShapeError, formatShape } from './shape-error.js';

/**
 * Brings a user mask to rank 4 `[batch|1, heads|1, seqLenQ|1, seqLenK|1]`
 * as a `bool` tensor. Internal. One rule for every attention function:
 * - rank 4: `[batch, heads, seqLenQ, seqLenK]`
 * - rank 3: `[batch, seqLenQ, seqLenK]` (shared by all heads)
 * - rank 2: `[seqLenQ, seqLenK]`; rank 1: `[seqLenK]`
 * Each dimension must be 1 or equal the weights' size, so a mask never grows
 * the result.
 */
export function liftMask(fn: string, argument: string, mask: unknown, weightsShape: readonly [number, number, number, number]): Tensor4D {
  const m = assertTensor(fn, argument, mask);
  const [batch, heads, seqLenQ, seqLenK] = weightsShape;
  let shape4: [number, number, number, number];
  switch (m.rank) {
    case 1:
      shape4 = [1, 1, 1, m.shape[0]!];
      break;
    case 2:
      shape4 = [1, 1, m.shape[0]!, m.shape[1]!];
      break;
    case 3:
      shape4 = [m.shape[0]!, 1, m.shape[1]!, m.shape[2]!];
      break;
    case 4:
      shape4 = m.shape as [number, number, number, number];
      break;
    default:
      throw new ShapeError(fn, argument, '[seqLenK], [seqLenQ, seqLenK], [batch, seqLenQ, seqLenK] or [batch, heads, seqLenQ, seqLenK]', m.shape);
  }
  shape4.forEach((size, i) => {
    if (size !== 1 && size !== weightsShape[i]) {
      throw new ShapeError(
        fn,
        argument,
        `a shape broadcastable to the weights [batch=${batch}, heads=${heads}, seqLenQ=${seqLenQ}, seqLenK=${seqLenK}]`,
        m.shape,
        `read as ${formatShape(shape4)}`,
      );
    }
  });
  return tf.tidy(() => toBool(m).reshape(shape4) as Tensor4D);
}

/** The rank-4 causal mask `[1, 1, seqLenQ, seqLenK]`, optionally ANDed with a lifted user mask. */
export function attentionMask(
  fn: string,
  weightsShape: readonly [number, number, number, number],
  mask: unknown,
  causal: boolean,
): Tensor4D | undefined {
  if (mask == null && !causal) return undefined;
  return tf.tidy(() => {
    let keep: Tensor4D | undefined = mask == null ? undefined : liftMask(fn, 'options.mask', mask, weightsShape);
    if (causal) {
      const [, , seqLenQ, seqLenK] = weightsShape;
      const rows = tf.range(0, seqLenQ, 1, 'int32').reshape([1, 1, seqLenQ, 1]); // [1, 1, seqLenQ, 1]
      const cols = tf.range(0, seqLenK, 1, 'int32').reshape([1, 1, 1, seqLenK]); // [1, 1, 1, seqLenK]
      const lower = tf.lessEqual(cols, rows) as Tensor4D; // [1, 1, seqLenQ, seqLenK]
      keep = keep ? (tf.logicalAnd(keep, lower) as Tensor4D) : lower;
    }
    return keep;
  });
}
