import * as tf from '@tensorflow/tfjs';
import { expect, test } from 'vitest';
import { additiveAttention } from './additive-attention.js';
import { additiveScores } from './additive-scores.js';

const identity = () => ({ wq: tf.eye(2) as tf.Tensor2D, wk: tf.eye(2) as tf.Tensor2D, v: tf.tensor1d([1, 1]) });

test('additiveScores(q, k, params) is v · tanh(Wq q + Wk k) by hand', () => {
  const params = identity();
  const q = tf.tensor2d([[0.5, -0.5]]);
  const k = tf.tensor2d([[0.5, 0.5], [-1, 2]]);
  const s = additiveScores(q, k, params);
  expect(s.shape).toEqual([1, 2]);
  const byHand = [Math.tanh(1) + Math.tanh(0), Math.tanh(-0.5) + Math.tanh(1.5)];
  s.dataSync().forEach((x, i) => expect(x).toBeCloseTo(byHand[i]!, 6));
  tf.dispose([q, k, s, params.wq, params.wk, params.v]);
});

test('additiveAttention with a bias and different query and key widths returns [batch, seqLenQ, dValue]', () => {
  const query = tf.tensor3d([[[1]]]); // [1, 1, dQuery=1]
  const keys = tf.tensor3d([[[1, 0], [0, 1], [1, 1]]]); // [1, 3, dKey=2]
  const values = tf.tensor3d([[[1], [2], [3]]]); // [1, 3, 1]
  const params = { wq: tf.tensor2d([[1]]), wk: tf.tensor2d([[1], [-1]]), v: tf.tensor1d([2]), bias: tf.tensor1d([-0.5]) };
  const { output, weights } = additiveAttention(query, keys, values, params);
  expect(weights.shape).toEqual([1, 1, 3]);
  expect(output.shape).toEqual([1, 1, 1]);
  // hidden_j = tanh(1 - 0.5 + (k_j0 - k_j1)), score_j = 2 * hidden_j.
  const scores = [1, -1, 0].map((d) => 2 * Math.tanh(0.5 + d));
  const e = scores.map(Math.exp);
  const sum = e.reduce((a, b) => a + b, 0);
  const w = e.map((x) => x / sum);
  weights.dataSync().forEach((x, i) => expect(x).toBeCloseTo(w[i]!, 6));
  expect(output.dataSync()[0]).toBeCloseTo(w[0]! + 2 * w[1]! + 3 * w[2]!, 5);
  tf.dispose([query, keys, values, output, weights, params.wq, params.wk, params.v, params.bias]);
});

test('additiveAttention with a mask gives masked keys exactly 0', () => {
  const params = identity();
  const x = tf.tensor2d([[1, 0], [0, 1], [1, 1]]);
  const mask = tf.tensor1d([1, 0, 1]);
  const { output, weights } = additiveAttention(x, x, x, params, { mask });
  weights.arraySync().forEach((row) => {
    expect(row[1]).toBe(0);
    expect(row[0]! + row[2]!).toBeCloseTo(1, 6);
  });
  tf.dispose([x, mask, output, weights, params.wq, params.wk, params.v]);
});

test('additiveAttention rejects params whose widths do not fit', () => {
  const params = identity();
  const q = tf.zeros([2, 3]);
  expect(() => additiveAttention(q, q, q, params)).toThrow(/additiveAttention: argument 'params.wq' has shape \[2, 2\] but expected \[dQuery=3, dAttn\]/);
  const q2 = tf.zeros([2, 2]);
  const badV = { ...params, v: tf.tensor1d([1, 2, 3]) };
  expect(() => additiveAttention(q2, q2, q2, badV)).toThrow(/argument 'params.v' has shape \[3\] but expected \[dAttn=2\]/);
  tf.dispose([q, q2, badV.v, params.wq, params.wk, params.v]);
});
