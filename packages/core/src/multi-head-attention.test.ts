import * as tf from '@tensorflow/tfjs';
import { expect, test } from 'vitest';
import { multiHeadAttention } from './multi-head-attention.js';

test('multiHeadAttention with identity projections averages per head like two separate attentions', () => {
  // dModel 2, heads 2, dHead 1: each head sees one column; keys equal so weights are uniform.
  const x = tf.tensor3d([[[1, 10], [3, 30]]]); // [batch=1, seqLen=2, dModel=2]
  const eye = () => tf.eye(2) as tf.Tensor2D;
  const params = { wq: tf.zeros([2, 2]) as tf.Tensor2D, wk: eye(), wv: eye(), wo: eye() };
  const { output, weights } = multiHeadAttention(x, x, x, params, { heads: 2 });
  expect(output.shape).toEqual([1, 2, 2]);
  expect(weights.shape).toEqual([1, 2, 2, 2]);
  Array.from(weights.dataSync()).forEach((w) => expect(w).toBeCloseTo(0.5, 6));
  expect(output.arraySync()).toEqual([[[2, 20], [2, 20]]]);
  tf.dispose([x, output, weights, ...Object.values(params)]);
});

test('multiHeadAttention applies biases, the output projection, and causal masking on rank-2 input', () => {
  const x = tf.tensor2d([[1, 2], [3, 4], [5, 6]]); // [seqLen=3, dModel=2]
  const eye = () => tf.eye(2) as tf.Tensor2D;
  const params = {
    wq: tf.zeros([2, 2]) as tf.Tensor2D,
    wk: tf.zeros([2, 2]) as tf.Tensor2D,
    wv: eye(),
    wo: tf.tensor2d([[1], [1]]), // sum the two heads
    bv: tf.tensor1d([1, 0]),
    bo: tf.tensor1d([100]),
  };
  const { output, weights } = multiHeadAttention(x, x, x, params, { heads: 1, causal: true });
  expect(weights.shape).toEqual([1, 3, 3]);
  expect(output.shape).toEqual([3, 1]);
  // Uniform causal weights: row i averages value rows 0..i; value = x + [1, 0]; output = sum + 100.
  const v = [[2, 2], [4, 4], [6, 6]].map(([a, b]) => a! + b!);
  const expected = [v[0]!, (v[0]! + v[1]!) / 2, (v[0]! + v[1]! + v[2]!) / 3].map((s) => s + 100);
  output.dataSync().forEach((o, i) => expect(o).toBeCloseTo(expected[i]!, 4));
  tf.dispose([x, output, weights, ...Object.values(params)]);
});

test('multiHeadAttention rejects a projection width that heads does not divide and a wrong wo', () => {
  const x = tf.zeros([1, 4, 6]);
  const w = tf.zeros([6, 6]) as tf.Tensor2D;
  const params = { wq: w, wk: w, wv: w, wo: w };
  expect(() => multiHeadAttention(x, x, x, params, { heads: 4 })).toThrow(
    /multiHeadAttention: argument 'params.wq' has shape \[6, 6\] but expected \[dModel, heads\*dHead\] with heads\*dHead divisible by heads=4/,
  );
  const wo = tf.zeros([5, 6]) as tf.Tensor2D;
  expect(() => multiHeadAttention(x, x, x, { ...params, wo }, { heads: 2 })).toThrow(/argument 'params.wo' has shape \[5, 6\] but expected \[heads\*dValue=6, dOut\]/);
  const k = tf.zeros([2, 4, 6]);
  expect(() => multiHeadAttention(x, k, k, params, { heads: 2 })).toThrow(/argument 'key' has shape \[2, 4, 6\] but expected \[batch=1, seqLenK, dKeyIn\]/);
  expect(() => multiHeadAttention(x, x, x, params, undefined as never)).toThrow(/argument 'options' must be an object with 'heads'/);
  tf.dispose([x, w, wo, k]);
});
