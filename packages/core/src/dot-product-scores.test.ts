import * as tf from '@tensorflow/tfjs';
import { expect, test } from 'vitest';
import { dotProductScores } from './dot-product-scores.js';
import { generalScores } from './general-scores.js';
import { scaledDotProductScores } from './scaled-dot-product-scores.js';

test('dotProductScores([[1, 2]], [[3, 4], [5, 6]]) is [[11, 17]]', () => {
  const q = tf.tensor2d([[1, 2]]);
  const k = tf.tensor2d([[3, 4], [5, 6]]);
  const s = dotProductScores(q, k);
  expect(s.shape).toEqual([1, 2]);
  expect(s.arraySync()).toEqual([[11, 17]]);
  const scaled = scaledDotProductScores(q, k);
  scaled.dataSync().forEach((x, i) => expect(x).toBeCloseTo([11, 17][i]! / Math.SQRT2, 5));
  const custom = scaledDotProductScores(q, k, { scale: 0.5 });
  expect(custom.arraySync()).toEqual([[5.5, 8.5]]);
  tf.dispose([q, k, s, scaled, custom]);
});

test('dotProductScores keeps leading dims for rank 4', () => {
  const q = tf.ones([2, 3, 4, 5]);
  const k = tf.ones([2, 3, 6, 5]);
  const s = dotProductScores(q, k);
  expect(s.shape).toEqual([2, 3, 4, 6]);
  expect(Array.from(new Set(s.dataSync()))).toEqual([5]);
  tf.dispose([q, k, s]);
});

test('generalScores(q, k, W) is q · W · k for different widths', () => {
  const q = tf.tensor2d([[1, 2]]); // dQuery 2
  const k = tf.tensor2d([[1, 0, 1]]); // dKey 3
  const w = tf.tensor2d([[1, 0, 0], [0, 0, 3]]); // [2, 3]
  const s = generalScores(q, k, w);
  // q·W = [1, 0, 6]; · k = 1 + 6 = 7
  expect(s.arraySync()).toEqual([[7]]);
  const bad = tf.zeros([3, 3]) as tf.Tensor2D;
  expect(() => generalScores(q, k, bad)).toThrow(/generalScores: argument 'w' has shape \[3, 3\] but expected \[dQuery=2, dKey=3\]/);
  tf.dispose([q, k, w, s, bad]);
});
