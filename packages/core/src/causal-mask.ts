import * as tf from '@tensorflow/tfjs';
import type { Tensor2D } from '@tensorflow/tfjs';
import { assertAllocation } from './assert-allocation.js';
import { assertInteger } from './assert-option.js';

/**
 * A causal (look-ahead) mask: query `i` may attend to key `j` only when `j <= i`.
 *
 * Masks in this package are `bool` tensors where `true` means "attend" and
 * `false` means "masked out". When `seqLenK` differs from `seqLenQ`, the mask
 * is aligned at the top-left corner (query 0 sees key 0).
 *
 * @param seqLenQ - Number of queries (rows), an integer >= 0.
 * @param seqLenK - Number of keys (columns); defaults to `seqLenQ`.
 * @returns A `bool` tensor `[seqLenQ, seqLenK]`, true on and below the diagonal.
 * @throws RangeError when `seqLenQ * seqLenK` is over 2^28 elements (or its
 *   bytes over 4 GiB with the tensors already held on wasm): the limits of
 *   every call in this package, see the README.
 * @example
 * causalMask(3).print();
 * // [[true, false, false],
 * //  [true, true,  false],
 * //  [true, true,  true ]]
 */
export function causalMask(seqLenQ: number, seqLenK: number = seqLenQ): Tensor2D {
  assertInteger('causalMask', 'seqLenQ', seqLenQ, 0);
  assertInteger('causalMask', 'seqLenK', seqLenK, 0);
  assertAllocation(
    'causalMask',
    `seqLenQ ${seqLenQ} and seqLenK ${seqLenK}`,
    { largest: ['mask [seqLenQ, seqLenK]', [seqLenQ, seqLenK]], bytes: seqLenQ * seqLenK + 4 * (seqLenQ + seqLenK) },
    'Pass `causal: true` to the attention function instead: memoryEfficientAttention and fusedAttention apply it without building a mask.',
  );
  return tf.tidy(() => {
    const rows = tf.range(0, seqLenQ, 1, 'int32').reshape([seqLenQ, 1]); // [seqLenQ, 1]
    const cols = tf.range(0, seqLenK, 1, 'int32').reshape([1, seqLenK]); // [1, seqLenK]
    return tf.lessEqual(cols, rows) as Tensor2D; // [seqLenQ, seqLenK]
  });
}
