import * as tf from '@tensorflow/tfjs';
import type { Tensor } from '@tensorflow/tfjs';
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
  broadcastShapes(fn, given.map(([argument, m]) => [argument, m.shape]));
  return tf.tidy(() =>
    given.slice(1).reduce<Tensor>((acc, [, m]) => tf.logicalAnd(acc, toBool(m)), toBool(given[0]![1])),
  );
}

/** Casts a mask to `bool` (nonzero means keep) without copying a bool input. */
export function toBool(mask: Tensor): Tensor {
  return mask.dtype === 'bool' ? mask.clone() : tf.notEqual(mask, 0);
}
