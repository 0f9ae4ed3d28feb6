import * as tf from '@tensorflow/tfjs';
import { expect, test } from 'vitest';
import { paddingMask } from './padding-mask.js';

test('paddingMask([2, 3, 0], 3) keeps the first lengths[b] keys as [batch, 1, 1, maxLen]', () => {
  const m = paddingMask([2, 3, 0], 3);
  expect(m.shape).toEqual([3, 1, 1, 3]);
  expect(m.dtype).toBe('bool');
  expect(m.reshape([3, 3]).arraySync()).toEqual([[1, 1, 0], [1, 1, 1], [0, 0, 0]]);
  m.dispose();
});

test('paddingMask accepts lengths as an int tensor', () => {
  const lengths = tf.tensor1d([1, 2], 'int32');
  const m = paddingMask(lengths, 2);
  expect(m.reshape([2, 2]).arraySync()).toEqual([[1, 0], [1, 1]]);
  tf.dispose([lengths, m]);
});

test('paddingMask rejects lengths beyond maxLen and a rank-2 lengths tensor', () => {
  expect(() => paddingMask([4], 3)).toThrow(/paddingMask: argument 'lengths\[0\]' must be an integer in \[0, 3\], got 4/);
  const bad = tf.zeros([2, 2]);
  expect(() => paddingMask(bad as unknown as tf.Tensor1D, 3)).toThrow(/paddingMask: argument 'lengths' has shape \[2, 2\] but expected \[batch\]/);
  bad.dispose();
});
