import * as tf from '@tensorflow/tfjs';
import type { Tensor1D, Tensor4D } from '@tensorflow/tfjs';
import { assertAllocation } from './assert-allocation.js';
import { assertInteger } from './assert-option.js';
import { assertShape } from './assert-shape.js';

/**
 * A key padding mask from sequence lengths: key `j` of batch item `b` is kept
 * when `j < lengths[b]`.
 *
 * The result has shape `[batch, 1, 1, maxLen]`, so it broadcasts over heads and
 * queries against weights `[batch, heads, seqLenQ, seqLenK]`.
 *
 * @param lengths - Valid lengths per batch item: a number array or an int `Tensor1D [batch]`; each in `[0, maxLen]`.
 * @param maxLen - The padded length `seqLenK`.
 * @returns A `bool` tensor `[batch, 1, 1, maxLen]`.
 * @throws RangeError when `batch * maxLen` is over 2^28 elements (the limit of every call here, see the README).
 * @example
 * paddingMask([2, 3], 3).squeeze().print(); // [[true, true, false], [true, true, true]]
 */
export function paddingMask(lengths: readonly number[] | Tensor1D, maxLen: number): Tensor4D {
  const fn = 'paddingMask';
  assertInteger(fn, 'maxLen', maxLen, 0);
  let values: number[];
  if (Array.isArray(lengths)) {
    values = lengths as number[];
  } else {
    assertShape(fn, 'lengths', lengths, ['batch']);
    values = Array.from((lengths as Tensor1D).dataSync());
  }
  const batch = values.length;
  assertAllocation(
    fn,
    `lengths [${batch}] and maxLen ${maxLen}`,
    { largest: ['mask [batch, 1, 1, maxLen]', [batch, 1, 1, maxLen]], bytes: batch * maxLen + 8 * (batch + maxLen) },
    'Pad to a shorter maxLen, or build the mask for part of the batch at a time.',
  );
  values.forEach((len, b) => assertInteger(fn, `lengths[${b}]`, len, 0, maxLen));
  return tf.tidy(() => {
    const lens = tf.tensor1d(values, 'int32').reshape([batch, 1]); // [batch, 1]
    const cols = tf.range(0, maxLen, 1, 'int32').reshape([1, maxLen]); // [1, maxLen]
    return tf.less(cols, lens).reshape([batch, 1, 1, maxLen]) as Tensor4D; // [batch, 1, 1, maxLen]
  });
}
