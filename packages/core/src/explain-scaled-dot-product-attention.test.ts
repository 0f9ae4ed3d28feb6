import * as tf from '@tensorflow/tfjs';
import { expect, test } from 'vitest';
import { explainScaledDotProductAttention } from './explain-scaled-dot-product-attention.js';
import { scaledDotProductAttention } from './scaled-dot-product-attention.js';

// The article's worked example (section 4), with the errata's corrected numbers.
const worked = {
  q: [[0.3, 0.6]],
  k: [[0.8, 1.0], [1.6, 2.0], [0.4, 0.5]],
  v: [[1.2, 1.4], [2.4, 2.8], [0.6, 0.7]],
};

test('explainScaledDotProductAttention reproduces the corrected worked example to 4 decimals', () => {
  const s = explainScaledDotProductAttention(worked);
  expect(s.scale).toBeCloseTo(1 / Math.SQRT2, 12);
  [0.84, 1.68, 0.42].forEach((x, j) => expect(s.scores[0]![j]).toBeCloseTo(x, 10));
  [0.2814, 0.5096, 0.2091].forEach((x, j) => expect(s.weights[0]![j]).toBeCloseTo(x, 4));
  [1.6861, 1.9671].forEach((x, j) => expect(s.output[0]![j]).toBeCloseTo(x, 4));
  // The original article's weights (0.42, 0.57, 0.01) are not what the math gives.
  expect(Math.abs(s.weights[0]![0]! - 0.42)).toBeGreaterThan(0.1);
});

test('explainScaledDotProductAttention marks masked scores -Infinity and gives them weight 0', () => {
  const s = explainScaledDotProductAttention({ ...worked, mask: [[true, false, true]] });
  expect(s.masked[0]![1]).toBe(-Infinity);
  expect(s.weights[0]![1]).toBe(0);
  expect(s.weights[0]![0]! + s.weights[0]![2]!).toBeCloseTo(1, 12);
  const none = explainScaledDotProductAttention({ ...worked, mask: [[0, 0, 0]] });
  expect(none.weights[0]).toEqual([0, 0, 0]);
  expect(none.output[0]).toEqual([0, 0]);
});

test('explainScaledDotProductAttention agrees with scaledDotProductAttention with causal masking', () => {
  const q = [[0.1, -0.4, 0.3], [1, 0.2, -0.5], [0.7, 0.7, 0.1]];
  const k = [[0.5, 0.5, -0.2], [-1, 0.3, 0.8], [0.2, -0.6, 0.4]];
  const v = [[1, 2], [3, -1], [0.5, 0.25]];
  const s = explainScaledDotProductAttention({ q, k, v, causal: true, scale: 0.7 });
  const t = scaledDotProductAttention(tf.tensor2d(q), tf.tensor2d(k), tf.tensor2d(v), { causal: true, scale: 0.7 });
  const w = t.weights.arraySync() as number[][];
  const o = t.output.arraySync() as number[][];
  s.weights.flat().forEach((x, i) => expect(x).toBeCloseTo(w.flat()[i]!, 5));
  s.output.flat().forEach((x, i) => expect(x).toBeCloseTo(o.flat()[i]!, 5));
  tf.dispose([t.output, t.weights]);
});

test('explainScaledDotProductAttention rejects a ragged or mismatched input', () => {
  expect(() => explainScaledDotProductAttention({ ...worked, k: [[1, 2], [3]] })).toThrow(/explainScaledDotProductAttention: argument 'k' row 1 must hold 2 numbers, got 1 entries/);
  expect(() => explainScaledDotProductAttention({ ...worked, k: [[1, 2, 3]] })).toThrow(/argument 'k' has shape \[1, 3\] but expected \[rows, 2\]/);
  expect(() => explainScaledDotProductAttention({ ...worked, v: [[1, 2]] })).toThrow(/argument 'v' has shape \[1, 2\] but expected \[3, cols\]/);
  expect(() => explainScaledDotProductAttention({ ...worked, mask: [[true]] })).toThrow(/argument 'mask' must be a \[seqLenQ=1, seqLenK=3\] array/);
});
