import * as tf from '@tensorflow/tfjs';
import { describe, expect, test } from 'vitest';
import { maxAbsDiff } from '../test/plain.js';
import { registerWasmKernels } from './register-wasm-kernels.js';

/** The gradient of a small embedding model's loss with respect to its table, on the active backend. */
async function embeddingGradient(table: number[][], ids: number[][], target: number[][][]): Promise<number[][]> {
  const t = tf.tensor2d(table);
  const grad = tf.grad((tab: tf.Tensor) => {
    const x = tf.gather(tab, tf.tensor2d(ids, undefined, 'int32')); // [batch, seqLen, d]
    return tf.sum(tf.square(tf.sub(tf.tanh(x), tf.tensor3d(target))));
  })(t);
  const out = (await grad.array()) as number[][];
  tf.dispose([t, grad]);
  return out;
}

describe('registerWasmKernels', () => {
  test('is idempotent: a second call registers nothing and UnsortedSegmentSum exists on wasm', () => {
    registerWasmKernels(); // the test setup called it already
    expect(registerWasmKernels()).toEqual([]);
    expect(tf.getKernel('UnsortedSegmentSum', 'wasm')).toBeDefined();
  });

  test('the embedding gradient on this backend equals the cpu gradient and a hand-computed sum', async () => {
    const table = [[0.1, -0.2], [0.3, 0.4], [-0.5, 0.6], [0.7, -0.8]];
    const safeIds = [[1, 3, 1], [0, 1, 2]]; // id 1 repeats: its rows of the gradient add up
    const target = [[[0.5, 0.5], [0, 1], [1, 0]], [[-1, 0], [0.2, 0.2], [0.3, -0.3]]];
    const here = await embeddingGradient(table, safeIds, target);
    // d/dE[r] = sum over positions with id r of 2 (tanh(E[r]) - target) (1 - tanh(E[r])^2)
    const expected = table.map((row, r) =>
      row.map((e, c) => {
        let s = 0;
        safeIds.forEach((seq, b) => seq.forEach((id, p) => {
          if (id === r) s += 2 * (Math.tanh(e) - target[b]![p]![c]!) * (1 - Math.tanh(e) ** 2);
        }));
        return s;
      }),
    );
    expect(maxAbsDiff(here, expected)).toBeLessThan(1e-6);
    if (tf.getBackend() === 'wasm') {
      await tf.setBackend('cpu');
      const onCpu = await embeddingGradient(table, safeIds, target);
      await tf.setBackend('wasm');
      expect(maxAbsDiff(here, onCpu)).toBeLessThan(1e-6);
    }
  });

  test('unsortedSegmentSum on this backend: rank-2 ids, int32 values, ids out of range dropped', async () => {
    const x = tf.tensor3d([[[1, 2], [3, 4]], [[5, 6], [7, 8]]]); // [2, 2, 2]
    const ids = tf.tensor2d([[2, 0], [2, -1]], undefined, 'int32'); // [2, 2]
    const y = tf.unsortedSegmentSum(x.reshape([4, 2]), ids.reshape([4]), 3);
    expect(await y.array()).toEqual([[3, 4], [0, 0], [6, 8]]);
    const yi = tf.unsortedSegmentSum(tf.tensor1d([1, 2, 3, 4], 'int32'), tf.tensor1d([0, 1, 0, 5], 'int32'), 2);
    expect(await yi.array()).toEqual([4, 2]);
    tf.dispose([x, ids, y, yi]);
  });

  test('without the kernel the wasm gradient of an embedding fails (why registerWasmKernels exists)', async () => {
    if (tf.getBackend() !== 'wasm') return;
    const config = tf.getKernel('UnsortedSegmentSum', 'wasm')!;
    tf.unregisterKernel('UnsortedSegmentSum', 'wasm');
    try {
      await expect(embeddingGradient([[1], [2]], [[0, 1]], [[[0], [0]]])).rejects.toThrow(/UnsortedSegmentSum/);
    } finally {
      tf.registerKernel(config);
    }
    expect(registerWasmKernels()).toEqual([]);
  });
});
