import * as tf from '@tensorflow/tfjs';
import { expect, test } from 'vitest';
import { mergeHeads } from './merge-heads.js';
import { splitHeads } from './split-heads.js';

test('splitHeads gives head h the columns h*dHead .. (h+1)*dHead-1', () => {
  // [batch=1, seqLen=2, dModel=4], value = 10 * position + column.
  const x = tf.tensor3d([[[0, 1, 2, 3], [10, 11, 12, 13]]]);
  const h = splitHeads(x, 2);
  expect(h.shape).toEqual([1, 2, 2, 2]);
  expect(h.arraySync()).toEqual([[[[0, 1], [10, 11]], [[2, 3], [12, 13]]]]);
  tf.dispose([x, h]);
});

test('splitHeads on rank 2 gives [heads, seqLen, dHead] and mergeHeads inverts it', () => {
  const x = tf.tensor2d([[0, 1, 2, 3, 4, 5]]);
  const h = splitHeads(x, 3);
  expect(h.shape).toEqual([3, 1, 2]);
  expect(h.arraySync()).toEqual([[[0, 1]], [[2, 3]], [[4, 5]]]);
  const back = mergeHeads(h);
  expect(back.arraySync()).toEqual(x.arraySync());
  tf.dispose([x, h, back]);
});

test('mergeHeads(splitHeads(x, heads)) returns x for rank 3', () => {
  const x = tf.randomNormal([2, 5, 12]);
  const back = mergeHeads(splitHeads(x, 4));
  expect(back.shape).toEqual([2, 5, 12]);
  expect(back.arraySync()).toEqual(x.arraySync());
  tf.dispose([x, back]);
});

test('splitHeads rejects a dModel that heads does not divide; mergeHeads rejects rank 2', () => {
  const x = tf.zeros([2, 5, 10]);
  expect(() => splitHeads(x, 4)).toThrow(/splitHeads: argument 'x' has shape \[2, 5, 10\] but expected \[..., dModel\] with dModel divisible by heads=4/);
  expect(() => splitHeads(x, 0)).toThrow(/splitHeads: argument 'heads' must be an integer >= 1/);
  const y = tf.zeros([5, 10]);
  expect(() => mergeHeads(y)).toThrow(/mergeHeads: argument 'x' has shape \[5, 10\] but expected \[heads, seqLen, dHead\] or \[batch, heads, seqLen, dHead\]/);
  tf.dispose([x, y]);
});
