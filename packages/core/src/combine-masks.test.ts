import * as tf from '@tensorflow/tfjs';
import { expect, test } from 'vitest';
import { causalMask } from './causal-mask.js';
import { combineMasks } from './combine-masks.js';
import { paddingMask } from './padding-mask.js';

test('combineMasks(paddingMask, causalMask) keeps only positions both keep, broadcast to [batch, 1, seqLen, seqLen]', () => {
  const pad = paddingMask([2, 3], 3);
  const causal = causalMask(3);
  const m = combineMasks(pad, undefined, causal);
  expect(m.shape).toEqual([2, 1, 3, 3]);
  expect(m.dtype).toBe('bool');
  expect(m.reshape([2, 3, 3]).arraySync()).toEqual([
    [[1, 0, 0], [1, 1, 0], [1, 1, 0]],
    [[1, 0, 0], [1, 1, 0], [1, 1, 1]],
  ]);
  tf.dispose([pad, causal, m]);
});

test('combineMasks treats nonzero numbers as keep', () => {
  const a = tf.tensor1d([2, 0, -1]);
  const m = combineMasks(a);
  expect(m.arraySync()).toEqual([1, 0, 1]);
  tf.dispose([a, m]);
});

test('combineMasks rejects masks that do not broadcast, and an empty call', () => {
  const a = tf.ones([2, 3]);
  const b = tf.ones([4]);
  expect(() => combineMasks(a, b)).toThrow(/combineMasks: argument 'masks\[1\]' has shape \[4\] but expected a shape that broadcasts with \[2, 3\]/);
  expect(() => combineMasks(undefined)).toThrow(/combineMasks: needs at least one mask tensor/);
  tf.dispose([a, b]);
});
