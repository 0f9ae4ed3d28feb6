import * as tf from '@tensorflow/tfjs';
import type { Tensor } from '@tensorflow/tfjs';
import { assertAllocation, describeInputs } from './assert-allocation.js';
import { assertTensor } from './assert-shape.js';
import { toBool } from './combine-masks.js';
import { ShapeError } from './shape-error.js';

/**
 * A numerically stable softmax that ignores masked positions.
 *
 * - The maximum over unmasked positions is subtracted before `exp`, so float32
 *   logits up to ±1e4 (and far beyond) neither overflow nor underflow to NaN.
 * - Masked positions get exactly 0.
 * - A row whose every position is masked returns all zeros (not NaN, not a
 *   uniform row), and passes a zero gradient.
 * - Non-finite logits: a masked position is ignored whatever it holds. A kept
 *   `-Infinity` gets weight exactly 0, as if masked, and a row whose kept
 *   logits are all `-Infinity` returns all zeros like a fully masked row. A
 *   kept NaN or `+Infinity` makes that whole row NaN (`Infinity - Infinity`
 *   is NaN; TensorFlow and PyTorch do the same).
 *
 * The gradient is analytic: `dx = w * (dy - sum(dy * w))` along `axis`.
 *
 * @param logits - Any float tensor, e.g. scores `[batch, heads, seqLenQ, seqLenK]`.
 * @param mask - Optional; broadcastable to `logits` (right-aligned), any dtype,
 *   nonzero or `true` means "attend". Default: nothing masked.
 * @param axis - The axis to normalise over. Default `-1`.
 * @returns Weights with the shape of `logits`, summing to 1 along `axis` (0 for fully masked rows).
 * @throws RangeError before allocating anything when the call would build a tensor of more than 2^28 elements or hold more than 4 GiB of tensors at once (the limits of every call here; see the README).
 * @example
 * maskedSoftmax(tf.tensor2d([[1, 2, 3]]), tf.tensor2d([[1, 1, 0]])).print(); // [[0.269, 0.731, 0]]
 */
export function maskedSoftmax<T extends Tensor>(logits: T, mask?: Tensor | null, axis = -1): T {
  const fn = 'maskedSoftmax';
  const x = assertTensor(fn, 'logits', logits);
  if (x.rank === 0) throw new ShapeError(fn, 'logits', 'a tensor of rank >= 1', x.shape);
  if (!Number.isInteger(axis) || axis < -x.rank || axis >= x.rank) {
    throw new RangeError(`${fn}: argument 'axis' must be an integer in [${-x.rank}, ${x.rank - 1}] for logits of rank ${x.rank}, got ${axis}`);
  }
  if (mask != null) {
    const m = assertTensor(fn, 'mask', mask);
    const offset = x.rank - m.rank;
    const fits = offset >= 0 && m.shape.every((size, i) => size === 1 || size === x.shape[offset + i]);
    if (!fits) throw new ShapeError(fn, 'mask', `a shape broadcastable to logits [${x.shape.join(', ')}]`, m.shape);
  }
  const ax = axis < 0 ? axis + x.rank : axis;
  // Float32 tensors of the logits' shape held at once: 4 without a mask, 9 with (its fills and selects), 4 more while recording a gradient.
  const tensors = (mask == null ? 4 : 9) + (tf.engine().isTapeOn() ? 4 : 0);
  assertAllocation(
    fn,
    describeInputs(['logits', x.shape]),
    { largest: ['weights', x.shape], bytes: 4 * tensors * x.size },
    'Split logits along an axis other than the softmax axis and normalise the parts one at a time.',
  );
  return tf.tidy(() => {
    const keep = mask == null ? null : tf.broadcastTo(toBool(mask), x.shape);
    return stableSoftmax(x.dtype === 'float32' ? x : x.toFloat(), keep, ax) as T;
  });
}

/** The lowest finite float32, used as "minus infinity" where arithmetic must stay finite. */
export const FLOAT32_LOWEST = -3.4028234663852886e38;

/**
 * "Minus infinity" that stays finite on the active backend. A backend that
 * stores tensors as 16-bit floats (WebGL with half-float textures) cannot hold
 * FLOAT32_LOWEST: tfjs reads anything beyond ±65504 back as NaN. There it is
 * -2^15, far enough inside the range that subtracting a score up to about
 * 32,000 from it is still finite.
 */
export function lowestScore(): number {
  return tf.backend().floatPrecision() === 16 ? -32768 : FLOAT32_LOWEST;
}

/**
 * The softmax kernel shared by the attention functions. Internal: `keep` must
 * already have `x`'s shape (or be null), `axis` must be non-negative.
 */
export function stableSoftmax(x: Tensor, keep: Tensor | null, axis: number): Tensor {
  // A row whose kept logits are all -Infinity has nothing to attend to, like a
  // fully masked row: its maximum becomes 0 (so exp sees -Infinity, not NaN) and
  // its zero sum is divided as 1. These fixes act on [..., 1] row tensors only.
  const finiteMax = (max: Tensor): Tensor => tf.where(tf.equal(max, -Infinity), tf.zerosLike(max), max);
  const nonZero = (sum: Tensor): Tensor => tf.where(tf.equal(sum, 0), tf.onesLike(sum), sum); // a NaN sum stays NaN
  const forward = (logits: Tensor, keepMask: Tensor | null): Tensor => {
    if (keepMask == null) {
      const max = finiteMax(tf.max(logits, axis, true)); // row maxima, keepDims
      const e = tf.exp(tf.sub(logits, max));
      return tf.div(e, nonZero(tf.sum(e, axis, true)));
    }
    // Every operand of tf.where has the full shape: where tiles a broadcast
    // operand, and tiling is slow on wasm, while fill and a broadcasting sub are not.
    const lowest = tf.fill(logits.shape, lowestScore());
    // Row maxima over kept positions only; a fully masked row gets the lowest score.
    const max = finiteMax(tf.max(tf.where(keepMask, logits, lowest), axis, true));
    // Masked positions are shifted to 0 (not to -inf) so exp never sees inf and the
    // zeroed branch cannot turn a gradient into NaN.
    const zeros = tf.zerosLike(logits);
    const shifted = tf.where(keepMask, tf.sub(logits, max), zeros);
    const e = tf.where(keepMask, tf.exp(shifted), zeros);
    return tf.div(e, nonZero(tf.sum(e, axis, true))); // fully masked row: 0 / 1
  };
  const grad = (dy: Tensor, w: Tensor): Tensor => tf.mul(w, tf.sub(dy, tf.sum(tf.mul(dy, w), axis, true)));

  // `keep` is a constant of the op (captured, not an input), so it gets no gradient.
  const op = tf.customGrad(((logits: Tensor, save: tf.GradSaveFunc) => {
    const w = forward(logits, keep);
    save([w]);
    return { value: w, gradFunc: (dy: Tensor, saved: Tensor[]) => grad(dy, saved[0]!) };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(x);
}
