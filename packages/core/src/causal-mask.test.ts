import * as tf from '@tensorflow/tfjs';
import { expect, test } from 'vitest';
import { causalMask } from './causal-mask.js';

test('causalMask(4) is true on and below the diagonal and false above it', () => {
  const m = causalMask(4);
  expect(m.shape).toEqual([4, 4]);
  expect(m.dtype).toBe('bool');
  const a = m.arraySync();
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) expect(a[i]![j]).toBe(j <= i ? 1 : 0);
  m.dispose();
});

test('causalMask(2, 3) aligns at the top left', () => {
  const m = causalMask(2, 3);
  expect(m.arraySync()).toEqual([[1, 0, 0], [1, 1, 0]]);
  m.dispose();
});

test('causalMask(0) and causalMask(1) are empty and [[true]]', () => {
  const empty = causalMask(0);
  const one = causalMask(1);
  expect(empty.shape).toEqual([0, 0]);
  expect(one.arraySync()).toEqual([[1]]);
  tf.dispose([empty, one]);
});

test('causalMask rejects a negative or fractional length', () => {
  expect(() => causalMask(-1)).toThrow(/causalMask: argument 'seqLenQ' must be an integer >= 0, got -1/);
  expect(() => causalMask(2, 1.5)).toThrow(/causalMask: argument 'seqLenK'/);
});
