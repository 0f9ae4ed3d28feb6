import * as tf from '@tensorflow/tfjs';
import { expect, test } from 'vitest';
import { maskedSoftmax } from './masked-softmax.js';

const softmaxByHand = (row: number[]) => {
  const m = Math.max(...row);
  const e = row.map((x) => Math.exp(x - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
};

test('maskedSoftmax([[1, 2, 3]]) matches softmax computed by hand', () => {
  const x = tf.tensor2d([[1, 2, 3]]);
  const w = maskedSoftmax(x);
  expect(w.shape).toEqual([1, 3]);
  expect(w.dtype).toBe('float32');
  softmaxByHand([1, 2, 3]).forEach((e, i) => expect(w.dataSync()[i]).toBeCloseTo(e, 6));
  tf.dispose([x, w]);
});

test('maskedSoftmax gives masked positions exactly 0 and renormalises the rest', () => {
  const x = tf.tensor2d([[1, 2, 3]]);
  const mask = tf.tensor2d([[1, 1, 0]]);
  const w = maskedSoftmax(x, mask).dataSync();
  expect(w[2]).toBe(0);
  const [a, b] = softmaxByHand([1, 2]);
  expect(w[0]).toBeCloseTo(a!, 6);
  expect(w[1]).toBeCloseTo(b!, 6);
  tf.dispose([x, mask]);
});

test('maskedSoftmax returns an all-zero row when every position is masked', () => {
  const x = tf.tensor2d([[5, -5, 0], [1, 1, 1]]);
  const mask = tf.tensor2d([[false, false, false], [true, true, true]].flat().map(Number), [2, 3], 'bool');
  const w = maskedSoftmax(x, mask).arraySync();
  expect(w[0]).toEqual([0, 0, 0]);
  w[1]!.forEach((v) => expect(v).toBeCloseTo(1 / 3, 6));
  tf.dispose([x, mask]);
});

test('maskedSoftmax is stable for logits of ±1e4 in float32', () => {
  const x = tf.tensor2d([[1e4, 1e4 - 1, -1e4], [-1e4, -1e4 + 2, -1e4]]);
  const w = maskedSoftmax(x).arraySync();
  const r0 = softmaxByHand([0, -1, -2e4]);
  const r1 = softmaxByHand([0, 2, 0]);
  w[0]!.forEach((v, i) => expect(v).toBeCloseTo(r0[i]!, 6));
  w[1]!.forEach((v, i) => expect(v).toBeCloseTo(r1[i]!, 6));
  tf.dispose(x);
});

test('maskedSoftmax broadcasts a rank-1 mask over rows and normalises along axis 0 when asked', () => {
  const x = tf.tensor2d([[0, 0], [0, 0], [0, 0]]);
  const mask = tf.tensor1d([1, 0]);
  const w = maskedSoftmax(x, mask).arraySync();
  expect(w).toEqual([[1, 0], [1, 0], [1, 0]]);
  const cols = maskedSoftmax(x, null, 0).arraySync();
  cols.flat().forEach((v) => expect(v).toBeCloseTo(1 / 3, 6));
  tf.dispose([x, mask]);
});

test('maskedSoftmax ignores a NaN at a masked position and spreads one at a kept position', () => {
  const x = tf.tensor2d([[NaN, 1, 1], [NaN, 1, 1]]);
  const mask = tf.tensor2d([[0, 1, 1], [1, 1, 1]]);
  const w = maskedSoftmax(x, mask).arraySync();
  expect(w[0]).toEqual([0, 0.5, 0.5]);
  expect(w[1]!.every(Number.isNaN)).toBe(true);
  tf.dispose([x, mask]);
});

test('maskedSoftmax gives a zero gradient, not NaN, for a fully masked row', () => {
  const x = tf.tensor2d([[3, 1], [2, 2]]);
  const mask = tf.tensor2d([[0, 0], [1, 1]]);
  const target = tf.tensor2d([[1, 2], [3, 4]]);
  const g = tf.grad((l: tf.Tensor) => tf.sum(tf.mul(maskedSoftmax(l, mask), target)))(x).arraySync() as number[][];
  expect(g[0]).toEqual([0, 0]);
  // Row 1: w = (0.5, 0.5); dL/dl_j = w_j (t_j - sum w t) = 0.5 * (3 - 3.5), 0.5 * (4 - 3.5).
  expect(g[1]![0]).toBeCloseTo(-0.25, 6);
  expect(g[1]![1]).toBeCloseTo(0.25, 6);
  tf.dispose([x, mask, target]);
});

test('maskedSoftmax rejects a mask that does not broadcast and a bad axis', () => {
  const x = tf.zeros([2, 3]);
  const mask = tf.ones([2, 2]);
  expect(() => maskedSoftmax(x, mask)).toThrow(/^maskedSoftmax: argument 'mask' has shape \[2, 2\] but expected a shape broadcastable to logits \[2, 3\]$/);
  expect(() => maskedSoftmax(x, undefined, 2)).toThrow(/maskedSoftmax: argument 'axis' must be an integer in \[-2, 1\]/);
  expect(() => maskedSoftmax(tf.scalar(1))).toThrow(/argument 'logits'/);
  tf.dispose([x, mask]);
});
