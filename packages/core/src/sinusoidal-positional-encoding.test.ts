import * as tf from '@tensorflow/tfjs';
import { expect, test } from 'vitest';
import { sinusoidalPositionalEncoding } from './sinusoidal-positional-encoding.js';

test('sinusoidalPositionalEncoding(3, 4) matches sin/cos by hand', () => {
  const pe = sinusoidalPositionalEncoding(3, 4);
  expect(pe.shape).toEqual([3, 4]);
  expect(pe.dtype).toBe('float32');
  const a = pe.arraySync();
  // Column pairs (0, 1) use frequency 1, (2, 3) use 1 / 10000^(2/4) = 0.01.
  const expected = [0, 1, 2].map((p) => [Math.sin(p), Math.cos(p), Math.sin(p / 100), Math.cos(p / 100)]);
  a.flat().forEach((x, i) => expect(x).toBeCloseTo(expected.flat()[i]!, 6));
  pe.dispose();
});

test('sinusoidalPositionalEncoding with odd dModel ends in a sine, and supports a custom base', () => {
  const pe = sinusoidalPositionalEncoding(2, 3, { base: 16 });
  const row1 = pe.arraySync()[1]!;
  expect(row1[0]).toBeCloseTo(Math.sin(1), 6);
  expect(row1[1]).toBeCloseTo(Math.cos(1), 6);
  expect(row1[2]).toBeCloseTo(Math.sin(1 / Math.pow(16, 2 / 3)), 6);
  pe.dispose();
});

test('sinusoidalPositionalEncoding(0, 8) is empty; bad sizes are rejected', () => {
  const pe = sinusoidalPositionalEncoding(0, 8);
  expect(pe.shape).toEqual([0, 8]);
  pe.dispose();
  expect(() => sinusoidalPositionalEncoding(4, 0)).toThrow(/sinusoidalPositionalEncoding: argument 'dModel' must be an integer >= 1, got 0/);
  expect(() => sinusoidalPositionalEncoding(4, 4, { base: -1 })).toThrow(/options.base/);
});

test('sinusoidalPositionalEncoding rows have equal norms and nearby positions are more alike', () => {
  const pe = sinusoidalPositionalEncoding(32, 64);
  const sim = tf.matMul(pe, pe, false, true).arraySync() as number[][];
  for (let p = 0; p < 32; p++) expect(sim[p]![p]).toBeCloseTo(32, 3); // 32 sin^2 + cos^2 pairs
  expect(sim[10]![11]!).toBeGreaterThan(sim[10]![20]!);
  pe.dispose();
});
