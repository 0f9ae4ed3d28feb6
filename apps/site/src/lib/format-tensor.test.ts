import { describe, expect, test } from 'vitest';
import { formatTensor } from './format-tensor';

describe('formatTensor', () => {
  test('formatTensor of a [2, 2] int32 prints rows on their own lines', () => {
    expect(formatTensor([1, 2, 3, 4], [2, 2], 'int32')).toBe('Tensor [2, 2] int32\n[[1, 2],\n [3, 4]]');
  });

  test('formatTensor pads floats to one width and keeps 4 digits', () => {
    expect(formatTensor([0.5, -12.25], [2], 'float32')).toBe('Tensor [2] float32\n[  0.5000, -12.2500]');
  });

  test('formatTensor of a scalar prints the value alone', () => {
    expect(formatTensor([Math.PI], [], 'float32')).toBe('Tensor [] float32\n3.1416');
  });

  test('formatTensor summarises an axis longer than maxPerAxis', () => {
    const values = Array.from({ length: 10 }, (_, i) => i);
    expect(formatTensor(values, [10], 'int32')).toBe('Tensor [10] int32\n[0, 1, 2, …, 7, 8, 9]');
  });

  test('formatTensor of rank 3 separates blocks with a blank line', () => {
    const text = formatTensor([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2], 'int32');
    expect(text).toBe('Tensor [2, 2, 2] int32\n[[[1, 2],\n  [3, 4]],\n\n [[5, 6],\n  [7, 8]]]');
  });

  test('formatTensor of a bool padding mask [2, 1, 1, 5] prints one row per line, with no blank lines', () => {
    const keep = [1, 1, 1, 1, 1, 1, 1, 0, 0, 0];
    expect(formatTensor(keep, [2, 1, 1, 5], 'bool')).toBe(
      'Tensor [2, 1, 1, 5] bool\n[[[[ true,  true,  true,  true,  true]]],\n [[[ true,  true, false, false, false]]]]',
    );
  });

  test('formatTensor of rank 4 separates blocks by one blank line per axis longer than 1 inside them', () => {
    const values = Array.from({ length: 8 }, (_, i) => i);
    expect(formatTensor(values, [2, 2, 1, 2], 'int32')).toBe(
      'Tensor [2, 2, 1, 2] int32\n[[[[0, 1]],\n  [[2, 3]]],\n\n [[[4, 5]],\n  [[6, 7]]]]',
    );
  });

  test('formatTensor shows NaN and infinities by name', () => {
    expect(formatTensor([Number.NaN, Infinity, -Infinity], [3], 'float32')).toBe(
      'Tensor [3] float32\n[      NaN,  Infinity, -Infinity]',
    );
  });

  test('formatTensor rejects values that do not fill the shape, naming both', () => {
    expect(() => formatTensor([1, 2, 3], [2, 2], 'float32')).toThrow(/values has 3 entries but shape \[2, 2\] holds 4/);
  });
});
