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
  expect(() => memoryEfficientAttention(x, x, x, { chunkSize: 0 })).toThrow(/memoryEfficientAttention: argument 'options.chunkSize' must be an integer >= 1, got number 0/);
  x.dispose();
});
