import * as tf from '@tensorflow/tfjs';
import { expect, test } from 'vitest';
import { memoryEfficientAttention } from './memory-efficient-attention.js';

test('memoryEfficientAttention on two keys in chunks of one equals softmax by hand', () => {
  const q = tf.tensor2d([[1, 0]]);
  const k = tf.tensor2d([[2, 0], [0, 0]]);
  const v = tf.tensor2d([[1, 0], [0, 1]]);
  const { output, logSumExp } = memoryEfficientAttention(q, k, v, { chunkSize: 1, scale: 1 });
  expect(output.shape).toEqual([1, 2]);
  expect(logSumExp.shape).toEqual([1]);
  const w0 = Math.exp(2) / (Math.exp(2) + 1);
  expect(output.dataSync()[0]).toBeCloseTo(w0, 6);
  expect(output.dataSync()[1]).toBeCloseTo(1 - w0, 6);
  expect(logSumExp.dataSync()[0]).toBeCloseTo(Math.log(Math.exp(2) + 1), 5);
  tf.dispose([q, k, v, output, logSumExp]);
});

test('memoryEfficientAttention with a fully masked query row returns zeros', () => {
  const x = tf.tensor3d([[[1, 2], [3, 4], [5, 6]]]);
  const mask = tf.tensor3d([[[0, 0, 0], [1, 1, 1], [1, 0, 1]]]);
  const { output } = memoryEfficientAttention(x, x, x, { mask, chunkSize: 2 });
  expect(output.arraySync()[0]![0]).toEqual([0, 0]);
  tf.dispose([x, mask, output]);
});

test('memoryEfficientAttention rejects a chunkSize of 0', () => {
  const x = tf.zeros([2, 2]);
  expect(() => memoryEfficientAttention(x, x, x, { chunkSize: 0 })).toThrow(/memoryEfficientAttention: argument 'options.chunkSize' must be an integer >= 1, got 0/);
  x.dispose();
});

test('memoryEfficientAttention handles seqLenQ 0 and seqLenK 0 like scaledDotProductAttention', () => {
  const none = tf.zeros([0, 4]) as tf.Tensor2D;
  const some = tf.ones([3, 4]) as tf.Tensor2D;
  const a = memoryEfficientAttention(none, some, some);
  expect(a.output.shape).toEqual([0, 4]);
  expect(a.logSumExp.shape).toEqual([0]);
  const b = memoryEfficientAttention(some, none, none);
  expect(b.output.shape).toEqual([3, 4]);
  expect(Array.from(b.output.dataSync())).toEqual(new Array(12).fill(0));
  tf.dispose([none, some, a.output, a.logSumExp, b.output, b.logSumExp]);
});
