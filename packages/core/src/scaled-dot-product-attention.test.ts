import * as tf from '@tensorflow/tfjs';
import { describe, expect, test } from 'vitest';
import { ShapeError } from './shape-error.js';
import { scaledDotProductAttention } from './scaled-dot-product-attention.js';
import { paddingMask } from './padding-mask.js';

const close = (actual: number[] | number[][], expected: number[] | number[][], digits = 4) =>
  actual.flat().forEach((x, i) => expect(x).toBeCloseTo((expected.flat() as number[])[i]!, digits));

describe('scaledDotProductAttention', () => {
  test('scaledDotProductAttention reproduces the corrected worked example of section 4', () => {
    // x1 = 3 with W^Q = [0.1, 0.2]; y = (2, 4, 1) with W^K = [0.4, 0.5], W^V = [0.6, 0.7].
    const q = tf.tensor2d([[3 * 0.1, 3 * 0.2]]);
    const k = tf.tensor2d([2, 4, 1].map((y) => [y * 0.4, y * 0.5]));
    const v = tf.tensor2d([2, 4, 1].map((y) => [y * 0.6, y * 0.7]));
    const { output, weights } = scaledDotProductAttention(q, k, v);
    expect(weights.shape).toEqual([1, 3]);
    expect(output.shape).toEqual([1, 2]);
    expect(weights.dtype).toBe('float32');
    // By hand: scores (0.84, 1.68, 0.42) / sqrt(2) = (0.5940, 1.1879, 0.2970);
    // exp = (1.8113, 3.2804, 1.3458), sum 6.4375.
    close(weights.arraySync() as number[][], [[0.2814, 0.5096, 0.2091]]);
    close(output.arraySync() as number[][], [[1.6861, 1.9671]]);
    tf.dispose([q, k, v, output, weights]);
  });

  test('scaledDotProductAttention with one key returns that value with weight 1', () => {
    const q = tf.tensor3d([[[1, 2], [3, 4]]]); // [1, 2, 2]
    const k = tf.tensor3d([[[5, 6]]]); // [1, 1, 2]
    const v = tf.tensor3d([[[7, 8, 9]]]); // [1, 1, 3]
    const { output, weights } = scaledDotProductAttention(q, k, v);
    expect(weights.shape).toEqual([1, 2, 1]);
    expect(output.shape).toEqual([1, 2, 3]);
    close(Array.from(weights.dataSync()), [1, 1]);
    close(Array.from(output.dataSync()), [7, 8, 9, 7, 8, 9]);
    tf.dispose([q, k, v, output, weights]);
  });

  test('scaledDotProductAttention with seqLen 1 and causal gives weight 1', () => {
    const x = tf.tensor4d([[[[0.5, -1]]]]); // [1, 1, 1, 2]
    const { output, weights } = scaledDotProductAttention(x, x, x, { causal: true });
    expect(weights.shape).toEqual([1, 1, 1, 1]);
    expect(weights.dataSync()[0]).toBe(1);
    close(Array.from(output.dataSync()), [0.5, -1]);
    tf.dispose([x, output, weights]);
  });

  test('scaledDotProductAttention with equal keys spreads weight evenly, scale changes nothing', () => {
    const q = tf.tensor2d([[1, 0], [0, 1]]);
    const k = tf.tensor2d([[1, 1], [1, 1], [1, 1], [1, 1]]);
    const v = tf.tensor2d([[1, 0], [2, 0], [3, 0], [4, 0]]);
    const { output, weights } = scaledDotProductAttention(q, k, v, { scale: 10 });
    close(weights.arraySync(), [[0.25, 0.25, 0.25, 0.25], [0.25, 0.25, 0.25, 0.25]], 6);
    close(output.arraySync(), [[2.5, 0], [2.5, 0]], 5);
    tf.dispose([q, k, v, output, weights]);
  });

  test('scaledDotProductAttention with causal and seqLenQ < seqLenK aligns at the top left', () => {
    const q = tf.zeros([2, 3]) as tf.Tensor2D;
    const k = tf.zeros([4, 3]) as tf.Tensor2D;
    const v = tf.tensor2d([[1], [2], [3], [4]]);
    const { output, weights } = scaledDotProductAttention(q, k, v, { causal: true });
    expect(weights.arraySync()).toEqual([[1, 0, 0, 0], [0.5, 0.5, 0, 0]]);
    close(output.arraySync(), [[1], [1.5]], 6);
    tf.dispose([q, k, v, output, weights]);
  });

  test('scaledDotProductAttention with a padding mask ignores padded keys exactly', () => {
    const q = tf.ones([2, 1, 3, 2]) as tf.Tensor4D; // [batch, heads, seqLenQ, dHead]
    const k = tf.ones([2, 1, 3, 2]) as tf.Tensor4D;
    const v = tf.tensor4d([1, 2, 3, 10, 20, 30], [2, 1, 3, 1]);
    const mask = paddingMask([1, 2], 3);
    const { output, weights } = scaledDotProductAttention(q, k, v, { mask });
    const w = weights.arraySync() as number[][][][];
    expect(w[0]![0]![0]).toEqual([1, 0, 0]);
    expect(w[1]![0]![2]).toEqual([0.5, 0.5, 0]);
    close(Array.from(output.dataSync()), [1, 1, 1, 15, 15, 15], 5);
    tf.dispose([q, k, v, mask, output, weights]);
  });

  test('scaledDotProductAttention gives zero weights and output for a fully masked query row', () => {
    const x = tf.tensor2d([[1, 2], [3, 4]]);
    const mask = tf.tensor2d([[0, 0], [1, 1]], undefined, 'bool');
    const { output, weights } = scaledDotProductAttention(x, x, x, { mask });
    const w = weights.arraySync();
    expect(w[0]).toEqual([0, 0]);
    expect(w[1]![0]! + w[1]![1]!).toBeCloseTo(1, 6);
    expect(output.arraySync()[0]).toEqual([0, 0]);
    tf.dispose([x, mask, output, weights]);
  });

  test('scaledDotProductAttention stays finite for scores of ±1e4', () => {
    const q = tf.tensor2d([[1e4, 0]]);
    const k = tf.tensor2d([[1, 0], [-1, 0], [0.999, 0]]);
    const v = tf.tensor2d([[1], [2], [3]]);
    const { output, weights } = scaledDotProductAttention(q, k, v, { scale: 1 });
    const w = weights.arraySync()[0]!;
    expect(w.every(Number.isFinite)).toBe(true);
    // Scores are (1e4, -1e4, 9990): the runner-up gets exp(-10) / (1 + exp(-10)) = 4.54e-5.
    expect(w[0]).toBeCloseTo(1 / (1 + Math.exp(-10)), 6);
    expect(w[2]).toBeCloseTo(Math.exp(-10) / (1 + Math.exp(-10)), 6);
    expect(w[1]).toBe(0);
    expect(output.arraySync()[0]![0]).toBeCloseTo(1 + 2 * Math.exp(-10) / (1 + Math.exp(-10)), 4);
    tf.dispose([q, k, v, output, weights]);
  });

  test('scaledDotProductAttention spreads NaN to the query rows that see it, as documented', () => {
    const q = tf.tensor2d([[1, 0], [0, 1]]);
    const k = tf.tensor2d([[NaN, 0], [1, 1]]);
    const v = tf.tensor2d([[1], [2]]);
    const { output, weights } = scaledDotProductAttention(q, k, v);
    expect(Array.from(weights.dataSync()).every(Number.isNaN)).toBe(true); // NaN * 0 is NaN too
    expect(Number.isNaN(output.dataSync()[0]!)).toBe(true);
    tf.dispose([q, k, v, output, weights]);
  });

  test('scaledDotProductAttention ignores NaN keys that are masked out', () => {
    const q = tf.tensor2d([[1, 0]]);
    const k = tf.tensor2d([[NaN, NaN], [1, 1]]);
    const v = tf.tensor2d([[5], [2]]);
    const mask = tf.tensor1d([0, 1]);
    const { output, weights } = scaledDotProductAttention(q, k, v, { mask });
    expect(weights.arraySync()).toEqual([[0, 1]]);
    expect(output.arraySync()).toEqual([[2]]);
    tf.dispose([q, k, v, mask, output, weights]);
  });

  test('scaledDotProductAttention rejects a key whose dHead differs, naming function, argument and shapes', () => {
    const q = tf.zeros([2, 5, 64]);
    const k = tf.zeros([2, 7, 32]);
    const v = tf.zeros([2, 7, 64]);
    const call = () => scaledDotProductAttention(q, k, v);
    expect(call).toThrow(ShapeError);
    expect(call).toThrow(/^scaledDotProductAttention: argument 'key' has shape \[2, 7, 32\] but expected \[batch=2, seqLenK, dHead=64\] \(query is \[2, 5, 64\]\)$/);
    tf.dispose([q, k, v]);
  });

  test('scaledDotProductAttention rejects values whose seqLen differs from the keys', () => {
    const q = tf.zeros([3, 4]);
    const k = tf.zeros([6, 4]);
    const v = tf.zeros([5, 4]);
    expect(() => scaledDotProductAttention(q, k, v)).toThrow(/argument 'value' has shape \[5, 4\] but expected \[seqLenK=6, dValue\].*key is \[6, 4\]/);
    tf.dispose([q, k, v]);
  });

  test('scaledDotProductAttention rejects mixed ranks, a rank-5 query and a mask that would grow the result', () => {
    const q = tf.zeros([1, 3, 4]);
    const k2 = tf.zeros([3, 4]);
    const q5 = tf.zeros([1, 1, 1, 3, 4]);
    const mask = tf.ones([2, 3, 3]);
    expect(() => scaledDotProductAttention(q, k2, k2)).toThrow(/argument 'key' has shape \[3, 4\] but expected \[batch=1, seqLenK, dHead=4\]/);
    expect(() => scaledDotProductAttention(q5, q5, q5)).toThrow(/argument 'query' has shape \[1, 1, 1, 3, 4\] but expected \[seqLenQ, dHead\] or/);
    expect(() => scaledDotProductAttention(q, q, q, { mask })).toThrow(/argument 'options.mask' has shape \[2, 3, 3\] but expected a shape broadcastable to the weights \[batch=1, heads=1, seqLenQ=3, seqLenK=3\]/);
    expect(() => scaledDotProductAttention(q, q, q, { scale: Number.NaN })).toThrow(/options.scale/);
    tf.dispose([q, k2, q5, mask]);
  });

  test('scaledDotProductAttention does not dispose or change its inputs', () => {
    const q = tf.tensor2d([[1, 2]]);
    const before = q.arraySync();
    const r = scaledDotProductAttention(q, q, q);
    expect(q.isDisposed).toBe(false);
    expect(q.arraySync()).toEqual(before);
    tf.dispose([q, r.output, r.weights]);
  });
});

test('scaledDotProductAttention with no queries or no keys returns empty weights and a zero output', () => {
  const none = tf.zeros([0, 4]) as tf.Tensor2D;
  const some = tf.ones([3, 4]) as tf.Tensor2D;
  const a = scaledDotProductAttention(none, some, some);
  expect(a.output.shape).toEqual([0, 4]);
  expect(a.weights.shape).toEqual([0, 3]);
  const b = scaledDotProductAttention(some, none, none);
  expect(b.weights.shape).toEqual([3, 0]);
  expect(b.output.shape).toEqual([3, 4]);
  expect(Array.from(b.output.dataSync())).toEqual(new Array(12).fill(0));
  tf.dispose([none, some, a.output, a.weights, b.output, b.weights]);
});
