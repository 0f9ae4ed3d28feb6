import * as tf from '@tensorflow/tfjs';
import { describe, expect, test } from 'vitest';
import { matMul, maxAbsDiff, randomMatrix, seededRandom, type Matrix } from '../test/plain.js';
import { registerWasmKernels, tileKernel, unpackKernel } from './register-wasm-kernels.js';

/** Plain tile: output element at index i reads x at (coordinate of i on each axis) mod (x's size on that axis). */
function plainTile(values: number[], shape: number[], reps: number[]): number[] {
  const outShape = shape.map((d, i) => d * reps[i]!);
  const size = outShape.reduce((a, b) => a * b, 1);
  const out: number[] = [];
  for (let i = 0; i < size; i++) {
    let rest = i;
    let source = 0;
    let stride = 1;
    for (let axis = shape.length - 1; axis >= 0; axis--) {
      const coordinate = rest % outShape[axis]!;
      rest = Math.floor(rest / outShape[axis]!);
      source += (coordinate % shape[axis]!) * stride;
      stride *= shape[axis]!;
    }
    out.push(values[source]!);
  }
  return out;
}

const transpose = (m: Matrix): Matrix => m[0]!.map((_, j) => m.map((row) => row[j]!));

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

/** Plain unstack: output i holds the elements whose coordinate on `axis` is i, in order. */
function plainUnstack(values: number[], shape: number[], axis: number): number[][] {
  const outs: number[][] = Array.from({ length: shape[axis]! }, () => []);
  values.forEach((v, index) => {
    let rest = index;
    let coordinate = 0;
    for (let a = shape.length - 1; a >= 0; a--) {
      if (a === axis) coordinate = rest % shape[a]!;
      rest = Math.floor(rest / shape[a]!);
    }
    outs[coordinate]!.push(v);
  });
  return outs;
}

describe('registerWasmKernels', () => {
  test('is idempotent: a second call registers nothing and UnsortedSegmentSum exists on wasm', () => {
    registerWasmKernels(); // the test setup called it already
    expect(registerWasmKernels()).toEqual([]);
    expect(tf.getKernel('UnsortedSegmentSum', 'wasm')).toBeDefined();
  });

  test('on wasm, Tile, Unpack and BatchMatMul are ours after the call', () => {
    if (tf.getBackend() !== 'wasm') return;
    expect(tf.getKernel('Tile', 'wasm')?.kernelFunc).toBe(tileKernel);
    expect(tf.getKernel('Unpack', 'wasm')?.kernelFunc).toBe(unpackKernel);
    // the wrapper keeps the stock kernel's setup, which the backend runs when it starts
    expect(tf.getKernel('BatchMatMul', 'wasm')?.setupFunc).toBeTypeOf('function');
  });

  test('unstack on this backend equals a plain unstack on every axis: float32, int32 and bool; its gradient (stack) too', async () => {
    const next = seededRandom(8);
    for (const shape of [[5], [3, 4], [2, 3, 4], [4, 1, 3, 2]]) {
      const size = shape.reduce((a, b) => a * b, 1);
      const values = Array.from({ length: size }, () => Math.round(next() * 20 - 10));
      for (const dtype of ['float32', 'int32', 'bool'] as const) {
        const data = dtype === 'bool' ? values.map((v) => (v > 0 ? 1 : 0)) : values;
        const x = tf.tensor(data, shape, dtype);
        for (let axis = -shape.length; axis < shape.length; axis++) {
          const parts = tf.unstack(x, axis);
          const expected = plainUnstack(data, shape, axis < 0 ? axis + shape.length : axis);
          expect(parts.map((p) => Array.from(p.dataSync()))).toEqual(expected);
          expect(parts[0]!.shape).toEqual(shape.filter((_, i) => i !== (axis < 0 ? axis + shape.length : axis)));
          expect(parts.every((p) => p.dtype === dtype)).toBe(true);
          tf.dispose(parts);
        }
        x.dispose();
      }
    }
    // d/dx of sum(w_i * unstack(x, 1)[i]) is w broadcast back into place.
    const x = tf.tensor3d(Array.from({ length: 24 }, () => next()), [2, 3, 4]);
    const w = [0.5, -2, 3];
    const grad = tf.grad((t: tf.Tensor) => tf.addN(tf.unstack(t, 1).map((p, i) => tf.sum(tf.mul(p, w[i]!)))))(x);
    expect(Array.from(grad.dataSync())).toEqual(Array.from({ length: 24 }, (_, n) => w[Math.floor(n / 4) % 3]!));
    tf.dispose([x, grad]);
  });

  test('tile on this backend equals a plain tile: float32, int32 and bool, runs of 1 to 40 elements, reps of 0', async () => {
    const next = seededRandom(5);
    const cases: [number[], number[]][] = [
      [[1, 1, 4, 4], [3, 2, 1, 1]], // a mask broadcast over batch and heads
      [[2, 3, 1], [1, 1, 40]], // row maxima widened along the last axis (runs of one element)
      [[2, 5, 3], [2, 3, 2]], // short runs on every axis
      [[40], [3]], // one long run
      [[2, 3], [0, 2]], // an empty result
    ];
    for (const [shape, reps] of cases) {
      const size = shape.reduce((a, b) => a * b, 1);
      const floats = Array.from({ length: size }, next);
      const ints = floats.map((v) => Math.round(v * 100));
      const bools = floats.map((v) => (v > 0 ? 1 : 0));
      for (const [values, dtype] of [[floats, 'float32'], [ints, 'int32'], [bools, 'bool']] as const) {
        const x = tf.tensor(values, shape, dtype);
        const y = tf.tile(x, reps);
        expect(y.shape).toEqual(shape.map((d, i) => d * reps[i]!));
        const expected = plainTile(values, shape, reps);
        const got = Array.from(await y.data(), Number);
        if (dtype === 'float32') expect(maxAbsDiff([got], [expected])).toBeLessThan(1e-7);
        else expect(got).toEqual(expected);
        tf.dispose([x, y]);
      }
    }
  });

  test('tile rejects reps that do not match the rank, naming the shapes', () => {
    const x = { dataId: {}, shape: [2, 3], dtype: 'float32' as const };
    const backend = { readSync: () => new Float32Array(6), makeOutput: () => x };
    expect(() => tileKernel({ inputs: { x }, backend, attrs: { reps: [2] } })).toThrow(/reps.*\[2, 3\].*\[2\]/);
  });

  test('matMul with every transpose flag, rank 2 and batched, equals a plain product; its gradients too', async () => {
    const next = seededRandom(9);
    for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
      for (const batch of [0, 3]) {
        const a = Array.from({ length: batch || 1 }, () => randomMatrix(5, 7, next)); // [m, k]
        const b = Array.from({ length: batch || 1 }, () => randomMatrix(7, 4, next)); // [k, n]
        const stored = { a: a.map((m) => (ta ? transpose(m) : m)), b: b.map((m) => (tb ? transpose(m) : m)) };
        const at = batch ? tf.tensor3d(stored.a) : tf.tensor2d(stored.a[0]!);
        const bt = batch ? tf.tensor3d(stored.b) : tf.tensor2d(stored.b[0]!);
        const y = tf.matMul(at, bt, ta, tb);
        const got = (batch ? await y.array() : [await y.array()]) as Matrix[];
        a.forEach((ai, i) => expect(maxAbsDiff(got[i]!, matMul(ai, b[i]!))).toBeLessThan(1e-5));
        // d sum(A·B) / dA = ones · Bᵀ (each row: the row sums of B); / dB = Aᵀ · ones (the column sums of A), stored transposed when the operand is
        const [ga, gb] = tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.sum(tf.matMul(p, q, ta, tb)))([at, bt]);
        const gotA = (batch ? await ga!.array() : [await ga!.array()]) as Matrix[];
        const gotB = (batch ? await gb!.array() : [await gb!.array()]) as Matrix[];
        a.forEach((ai, i) => {
          const dA = ai.map(() => b[i]!.map((row) => row.reduce((s, v) => s + v, 0)));
          const dB = b[i]!.map((_, k) => b[i]![0]!.map(() => ai.reduce((s, row) => s + row[k]!, 0)));
          expect(maxAbsDiff(gotA[i]!, ta ? transpose(dA) : dA)).toBeLessThan(1e-5);
          expect(maxAbsDiff(gotB[i]!, tb ? transpose(dB) : dB)).toBeLessThan(1e-5);
        });
        tf.dispose([at, bt, y, ga!, gb!]);
      }
    }
  });

  test('a transposed matMul frees its temporary transposes: the backend holds no more data afterwards', () => {
    const a = tf.ones([6, 4]);
    const b = tf.ones([5, 4]);
    tf.dispose(tf.matMul(a, b, false, true)); // warm-up
    const before = tf.engine().backend.numDataIds();
    for (let i = 0; i < 3; i++) tf.dispose([tf.matMul(a, b, false, true), tf.matMul(b, a, false, true), tf.matMul(a, a, true, false)]);
    expect(tf.engine().backend.numDataIds()).toBe(before);
    tf.dispose([a, b]);
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
