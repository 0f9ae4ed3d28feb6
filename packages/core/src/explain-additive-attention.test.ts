import * as tf from '@tensorflow/tfjs';
import { expect, test } from 'vitest';
import { additiveAttention } from './additive-attention.js';
import { explainAdditiveAttention } from './explain-additive-attention.js';

const input = {
  query: [[0.5, -1]],
  keys: [[1, 0, 0.5], [0, 1, -0.5], [0.3, 0.3, 0.3]],
  values: [[1, 0], [0, 1], [2, 2]],
  wq: [[0.2, -0.1], [0.4, 0.3]],
  wk: [[0.5, 0.1], [-0.3, 0.2], [0.1, 0.6]],
  v: [1.5, -0.7],
  bias: [0.05, -0.05],
};

test('explainAdditiveAttention computes each step by the formula', () => {
  const s = explainAdditiveAttention(input);
  expect(s.projectedQuery[0]![0]).toBeCloseTo(0.5 * 0.2 - 1 * 0.4 + 0.05, 12);
  expect(s.projectedKeys[2]![1]).toBeCloseTo(0.3 * (0.1 + 0.2 + 0.6), 12);
  const h = s.hidden[0]![1]!;
  expect(h[0]).toBeCloseTo(Math.tanh(s.projectedQuery[0]![0]! + s.projectedKeys[1]![0]!), 12);
  expect(s.scores[0]![1]).toBeCloseTo(1.5 * h[0]! - 0.7 * h[1]!, 12);
  expect(s.weights[0]!.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
});

test('explainAdditiveAttention agrees with additiveAttention', () => {
  const s = explainAdditiveAttention({ ...input, mask: [[1, 0, 1]] });
  const t = additiveAttention(tf.tensor2d(input.query), tf.tensor2d(input.keys), tf.tensor2d(input.values), {
    wq: tf.tensor2d(input.wq),
    wk: tf.tensor2d(input.wk),
    v: tf.tensor1d(input.v),
    bias: tf.tensor1d(input.bias),
  }, { mask: tf.tensor1d([1, 0, 1]) });
  s.weights[0]!.forEach((x, j) => expect(x).toBeCloseTo(t.weights.arraySync()[0]![j]!, 5));
  s.output[0]!.forEach((x, j) => expect(x).toBeCloseTo(t.output.arraySync()[0]![j]!, 5));
  tf.dispose([t.output, t.weights]);
});

test('explainAdditiveAttention rejects a wk of the wrong width', () => {
  expect(() => explainAdditiveAttention({ ...input, wk: [[1], [2], [3]] })).toThrow(/explainAdditiveAttention: argument 'wk' has shape \[3, 1\] but expected \[3, 2\]/);
});
