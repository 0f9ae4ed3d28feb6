import * as tf from '@tensorflow/tfjs';
import { expect, test } from 'vitest';
import { attentionPooling } from './attention-pooling.js';
import { paddingMask } from './padding-mask.js';

test('attentionPooling(h, { w, b }) is softmax(h·w + b) over time, then the weighted sum of h', () => {
  const h = tf.tensor3d([[[1, 0], [0, 1], [1, 1]]]); // [batch=1, seqLen=3, d=2]
  const w = tf.tensor1d([1, 2]);
  const { output, weights } = attentionPooling(h, { w, b: 0.5 });
  expect(weights.shape).toEqual([1, 3]);
  expect(output.shape).toEqual([1, 2]);
  const scores = [1.5, 2.5, 3.5];
  const e = scores.map(Math.exp);
  const s = e.reduce((a, b) => a + b, 0);
  const a = e.map((x) => x / s);
  weights.dataSync().forEach((x, i) => expect(x).toBeCloseTo(a[i]!, 6));
  const out = output.dataSync();
  expect(out[0]).toBeCloseTo(a[0]! + a[2]!, 6);
  expect(out[1]).toBeCloseTo(a[1]! + a[2]!, 6);
  tf.dispose([h, w, output, weights]);
});

test('attentionPooling with a paddingMask ignores the padded steps; rank-2 h gives [d] and [seqLen]', () => {
  const h = tf.tensor3d([[[1, 1], [5, 5], [9, 9]], [[2, 2], [4, 4], [6, 6]]]);
  const w = tf.tensor2d([[0], [0]]); // a column; all scores equal
  const mask = paddingMask([1, 2], 3);
  const { output, weights } = attentionPooling(h, { w }, { mask });
  expect(weights.arraySync()).toEqual([[1, 0, 0], [0.5, 0.5, 0]]);
  expect(output.arraySync()).toEqual([[1, 1], [3, 3]]);
  const single = attentionPooling(tf.tensor2d([[2, 4]]), { w });
  expect(single.output.shape).toEqual([2]);
  expect(single.weights.arraySync()).toEqual([1]);
  tf.dispose([h, w, mask, output, weights, single.output, single.weights]);
});

test('attentionPooling rejects a w of the wrong width and a mask of the wrong length', () => {
  const h = tf.zeros([2, 3, 4]);
  const w = tf.zeros([5]);
  expect(() => attentionPooling(h, { w: w as tf.Tensor1D })).toThrow(/attentionPooling: argument 'params.w' has shape \[5\] but expected \[d=4\]/);
  const w4 = tf.zeros([4]);
  const mask = tf.ones([2, 5]);
  expect(() => attentionPooling(h, { w: w4 as tf.Tensor1D }, { mask })).toThrow(/attentionPooling: argument 'options.mask' has shape \[2, 5\] but expected \[batch=2, seqLen=3\]/);
  tf.dispose([h, w, w4, mask]);
});
