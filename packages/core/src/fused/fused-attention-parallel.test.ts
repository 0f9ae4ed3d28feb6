import * as tf from '@tensorflow/tfjs';
import { afterAll, expect, test } from 'vitest';
import { expectClose, reference, seeded, type Shape4 } from '../../test/fused-reference.js';
import { ShapeError } from '../shape-error.js';
import { loadAttentionKernel, runAttentionKernel } from './attention-kernel.js';
import { runAttentionKernelParallel, terminateFusedAttentionThreads } from './attention-pool.js';
import { fusedAttention, fusedAttentionAvailable, fusedAttentionParallel } from './fused-attention.js';

afterAll(() => terminateFusedAttentionThreads());

const available = fusedAttentionAvailable();

test.skipIf(!available)('on 1, 2, 3 and 8 threads the output is that of fusedAttention to the bit, and matches float64 loops', async () => {
  // 2 x 3 slices: 3 threads take two each, 8 threads are cut to 6.
  const shape: Shape4 = [2, 3, 40, 16];
  const seqLenK = 70;
  const q = tf.tensor4d(seeded(1, 2 * 3 * 40 * 16), shape);
  const k = tf.tensor4d(seeded(2, 2 * 3 * seqLenK * 16), [2, 3, seqLenK, 16]);
  const v = tf.tensor4d(seeded(3, 2 * 3 * seqLenK * 12), [2, 3, seqLenK, 12]);
  const single = fusedAttention(q, k, v);
  const expected = reference(q.dataSync() as Float32Array, k.dataSync() as Float32Array, v.dataSync() as Float32Array, shape, seqLenK, 12, 0.25, () => true);
  for (const threads of [1, 2, 3, 8]) {
    const out = await fusedAttentionParallel(q, k, v, { threads });
    expect(out.shape).toEqual([2, 3, 40, 12]);
    expect(out.dataSync()).toEqual(single.dataSync());
    expectClose(out.dataSync(), expected.output);
    out.dispose();
  }
  tf.dispose([q, k, v, single]);
});

test.skipIf(!available)('a per-batch padding mask and causal reach the right slices on every thread', async () => {
  const shape: Shape4 = [3, 2, 24, 8];
  const q = tf.tensor4d(seeded(4, 3 * 2 * 24 * 8), shape);
  const k = tf.tensor4d(seeded(5, 3 * 2 * 24 * 8), shape);
  const v = tf.tensor4d(seeded(6, 3 * 2 * 24 * 8), shape);
  // Batch b keeps its first 24 - 5b keys: [batch, 1, 1, seqLenK].
  const keepOf = (b: number, j: number) => j < 24 - 5 * b;
  const mask = tf.tensor4d(Float32Array.from({ length: 3 * 24 }, (_, n) => (keepOf(Math.floor(n / 24), n % 24) ? 1 : 0)), [3, 1, 1, 24]);
  const out = await fusedAttentionParallel(q, k, v, { mask, causal: true, threads: 4 });
  const expected = reference(q.dataSync() as Float32Array, k.dataSync() as Float32Array, v.dataSync() as Float32Array, shape, 24, 8, 1 / Math.sqrt(8), (b, _h, i, j) => keepOf(b, j) && j <= i);
  expectClose(out.dataSync(), expected.output);
  tf.dispose([q, k, v, mask, out]);
});

test.skipIf(!available)('rank 2 and rank 3 inputs come back in their own rank', async () => {
  const q2 = tf.tensor2d(seeded(7, 30 * 8), [30, 8]);
  const out2 = await fusedAttentionParallel(q2, q2, q2, { threads: 2 });
  expect(out2.shape).toEqual([30, 8]);
  expect(out2.dataSync()).toEqual(fusedAttention(q2, q2, q2).dataSync());
  const q3 = tf.tensor3d(seeded(8, 4 * 30 * 8), [4, 30, 8]);
  const out3 = await fusedAttentionParallel(q3, q3, q3, { threads: 2 });
  expect(out3.shape).toEqual([4, 30, 8]);
  tf.dispose([q2, out2, q3, out3]);
});

test.skipIf(!available)('bad input names the argument; nothing leaks, on success or failure', async () => {
  const q = tf.zeros([1, 2, 8, 4]);
  const before = tf.memory().numTensors;
  await expect(fusedAttentionParallel(q, q, q, { threads: 0 })).rejects.toThrow(/fusedAttentionParallel: argument 'options.threads' must be an integer >= 1, got 0/);
  await expect(fusedAttentionParallel(q, q, q, { threads: 1.5 })).rejects.toThrow(RangeError);
  await expect(fusedAttentionParallel(q, tf.zeros([1, 2, 8, 5]), q)).rejects.toThrow(ShapeError);
  await expect(fusedAttentionParallel(q, q, q, { mask: tf.ones([3, 8]) })).rejects.toThrow(/options\.mask/);
  const out = await fusedAttentionParallel(q, q, q, { threads: 2 });
  out.dispose();
  // The rejected calls' own tensors (the bad key, the bad mask) are the caller's: 2 of them.
  expect(tf.memory().numTensors - before).toBe(2);
  q.dispose();
});

test.skipIf(!available)('after terminateFusedAttentionThreads the next call starts new threads', async () => {
  const q = tf.tensor4d(seeded(9, 1 * 4 * 16 * 8), [1, 4, 16, 8]);
  const first = await fusedAttentionParallel(q, q, q, { threads: 2 });
  terminateFusedAttentionThreads();
  const second = await fusedAttentionParallel(q, q, q, { threads: 2 });
  expect(second.dataSync()).toEqual(first.dataSync());
  tf.dispose([q, first, second]);
});

test.skipIf(!available)('calls of growing and shrinking sizes, and calls in flight together, each get their own results', async () => {
  // Each thread reuses the buffer its last job came back in: a smaller call must
  // not read a bigger call's leftovers, a bigger one must get a new buffer, and
  // two calls at once must not share one.
  const make = (seed: number, seqLen: number) => tf.tensor4d(seeded(seed, 4 * seqLen * 8), [1, 4, seqLen, 8]);
  const sizes = [40, 12, 64, 12];
  const inputs = sizes.map((n, i) => make(20 + i, n));
  const expected = inputs.map((x) => fusedAttention(x, x, x));
  for (let i = 0; i < sizes.length; i++) {
    const out = await fusedAttentionParallel(inputs[i]!, inputs[i]!, inputs[i]!, { threads: 2 });
    expect(out.dataSync()).toEqual(expected[i]!.dataSync());
    out.dispose();
  }
  const together = await Promise.all(inputs.map((x) => fusedAttentionParallel(x, x, x, { threads: 2 })));
  together.forEach((out, i) => expect(out.dataSync()).toEqual(expected[i]!.dataSync()));
  tf.dispose([...inputs, ...expected, ...together]);
});

test.skipIf(!available)('shared pieces and copied runs of slices give fusedAttention to the bit, with a mask, causal, and several pieces per slice', async () => {
  // seqLenK 2048: a piece is 64 of the 300 query rows, so each slice is split in five.
  const [batch, heads, seqLenQ, seqLenK, d] = [2, 2, 300, 2048, 8];
  const query = seeded(30, batch * heads * seqLenQ * d);
  const key = seeded(31, batch * heads * seqLenK * d);
  const value = seeded(32, batch * heads * seqLenK * d);
  // [batch, 1, seqLenQ, seqLenK]: each batch drops a different band of keys for each row.
  const maskData = Uint8Array.from({ length: batch * seqLenQ * seqLenK }, (_, n) => ((n % seqLenK) + Math.floor(n / seqLenK) * 7) % 11 === 0 ? 0 : 1);
  const mask = { data: maskData, shape: [batch, 1, seqLenQ, seqLenK] as const };
  const inputs = { query, key, value, batch, heads, seqLenQ, seqLenK, dHead: d, dValue: d, scale: 0.3, causal: true, mask };
  const kernel = loadAttentionKernel()!;
  const single = runAttentionKernel(kernel.exports, inputs);
  for (const share of [true, false]) {
    for (const threads of [2, 3]) {
      const run = await runAttentionKernelParallel(kernel, inputs, threads, share);
      const output = new Float32Array(single.output.length);
      const logSumExp = new Float32Array(single.logSumExp.length);
      run.copyInto(output, logSumExp);
      expect(output).toEqual(single.output);
      expect(logSumExp).toEqual(single.logSumExp);
    }
  }
  const keep = (b: number, _h: number, i: number, j: number) => maskData[(b * seqLenQ + i) * seqLenK + j] === 1 && j <= i;
  expectClose(single.output, reference(query, key, value, [batch, heads, seqLenQ, d], seqLenK, d, 0.3, keep).output);
});

test.skipIf(!available)('sharing memory, one (batch, head) slice is split by rows between the threads', async () => {
  // 600 keys: at least 2^17 scores a piece makes pieces of 224 rows, three for 600 queries.
  const [seqLen, d] = [600, 16];
  const query = seeded(40, seqLen * d);
  const key = seeded(41, seqLen * d);
  const value = seeded(42, seqLen * d);
  const inputs = { query, key, value, batch: 1, heads: 1, seqLenQ: seqLen, seqLenK: seqLen, dHead: d, dValue: d, scale: 0.25, causal: false };
  const kernel = loadAttentionKernel()!;
  const single = runAttentionKernel(kernel.exports, inputs);
  const shared = await runAttentionKernelParallel(kernel, inputs, 2, true);
  expect(shared.threads).toBe(2);
  const output = new Float32Array(single.output.length);
  shared.copyInto(output);
  expect(output).toEqual(single.output);
  // Copied runs of slices cannot split one slice.
  expect((await runAttentionKernelParallel(kernel, inputs, 2, false)).threads).toBe(1);
});

test.skipIf(!available)('with callingThread the caller takes pieces next to its workers, and the output is the same to the bit', async () => {
  const q = tf.tensor4d(seeded(50, 2 * 3 * 96 * 8), [2, 3, 96, 8]);
  const k = tf.tensor4d(seeded(51, 2 * 3 * 300 * 8), [2, 3, 300, 8]);
  const expected = fusedAttention(q, k, k, { causal: true });
  for (const threads of [1, 2, 3]) {
    const out = await fusedAttentionParallel(q, k, k, { causal: true, threads, callingThread: true });
    expect(out.dataSync()).toEqual(expected.dataSync());
    out.dispose();
  }
  const kernel = loadAttentionKernel()!;
  const inputs = { query: seeded(52, 4 * 64 * 8), key: seeded(53, 4 * 64 * 8), value: seeded(54, 4 * 64 * 8), batch: 1, heads: 4, seqLenQ: 64, seqLenK: 64, dHead: 8, dValue: 8, scale: 0.5, causal: false };
  expect((await runAttentionKernelParallel(kernel, inputs, 2, true, true)).threads).toBe(2);
  await expect(fusedAttentionParallel(q, k, k, { callingThread: 'yes' as unknown as boolean })).rejects.toThrow(
    /fusedAttentionParallel: argument 'options.callingThread' must be a boolean, got "yes"/,
  );
  tf.dispose([q, k, expected]);
});
