import * as tf from '@tensorflow/tfjs';
import type { Tensor } from '@tensorflow/tfjs';
import { assertAllocation, describeInputs } from './assert-allocation.js';
import { assertTensor } from './assert-shape.js';
import { broadcastShapes } from './broadcast-shapes.js';

/**
 * Combines masks with a logical AND: a position is kept only where every mask
 * keeps it. Shapes broadcast like NumPy (right-aligned), so a padding mask
 * `[batch, 1, 1, seqLenK]` and a causal mask `[seqLen, seqLen]` give
 * `[batch, 1, seqLen, seqLen]`. `undefined` and `null` entries are skipped.
 *
 * @param masks - Masks of any dtype; nonzero (or `true`) means "attend".
 * @returns A `bool` tensor of the broadcast shape.
 * @throws RangeError before allocating anything when the call would build a tensor of more than 2^28 elements or hold more than 4 GiB of tensors at once (the limits of every call here; see the README).
 * @example
 * const mask = combineMasks(paddingMask([3, 2], 3), causalMask(3)); // [2, 1, 3, 3]
 */
export function combineMasks(...masks: ReadonlyArray<Tensor | null | undefined>): Tensor {
  const fn = 'combineMasks';
  const given: Array<[argument: string, mask: Tensor]> = [];
  masks.forEach((m, i) => {
    if (m != null) given.push([`masks[${i}]`, assertTensor(fn, `masks[${i}]`, m)]);
  });
  if (given.length === 0) {
    throw new TypeError(`${fn}: needs at least one mask tensor, got ${masks.length} empty argument(s)`);
  }
  const shape = broadcastShapes(fn, given.map(([argument, m]) => [argument, m.shape]));
  const size = shape.reduce((a, b) => a * b, 1);
  assertAllocation(
    fn,
    describeInputs(...given.map(([argument, m]) => [argument, m.shape] as const)),
    // bool tensors: each mask's copy, then one of the broadcast shape per logicalAnd.
    { largest: ['mask', shape], bytes: given.reduce((sum, [, m]) => sum + m.size, 0) + given.length * size },
    'Keep masks small and broadcastable instead: a padding mask [batch, 1, 1, seqLenK] with `causal: true` gives memoryEfficientAttention both without building [seqLenQ, seqLenK].',
  );
  return tf.tidy(() =>
    given.slice(1).reduce<Tensor>((acc, [, m]) => tf.logicalAnd(acc, toBool(m)), toBool(given[0]![1])),
  );
}

/** Casts a mask to `bool` (nonzero means keep) without copying a bool input. */
export function toBool(mask: Tensor): Tensor {
  return mask.dtype === 'bool' ? mask.clone() : tf.notEqual(mask, 0);
}
