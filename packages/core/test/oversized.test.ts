// Oversized work is refused before anything is allocated (src/assert-allocation.ts):
// a call that would build a tensor of more than 2^28 elements, or hold more
// than 4 GiB of tensors at once, throws a RangeError that names the function,
// the shapes, the limits and what to use instead; the tensor count is
// unchanged and the backend still answers a 2 x 2 op afterwards (on wasm an
// allocation past the heap used to break every later op). The inputs here are
// small: only the shapes they imply are large.
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, test } from 'vitest';
import {
  additiveAttention,
  additiveScores,
  causalMask,
  combineMasks,
  dotProductScores,
  explainAdditiveAttention,
  explainScaledDotProductAttention,
  fusedAttention,
  fusedAttentionAvailable,
  fusedAttentionParallel,
  generalScores,
  memoryEfficientAttention,
  multiHeadAttention,
  paddingMask,
  scaledDotProductAttention,
  scaledDotProductScores,
  sinusoidalPositionalEncoding,
  terminateFusedAttentionThreads,
} from '../src/index.js';

afterAll(() => terminateFusedAttentionThreads());

const LIMITS = /the limits are 268435456 \(2\^28\) elements per tensor and 4 GiB per call \(the WebAssembly heap/;

/** The backend still computes: 2 x 2 ones plus 1. */
function expectBackendAnswers(): void {
  const x = tf.tidy(() => tf.add(tf.ones([2, 2]), 1));
  expect(Array.from(x.dataSync())).toEqual([2, 2, 2, 2]);
  x.dispose();
}

/** `run` throws a RangeError matching every part of `message`, quickly, leaving the tensor count as it was and the backend working. */
async function expectRefused(run: () => unknown, ...message: RegExp[]): Promise<void> {
  const before = tf.memory().numTensors;
  const started = performance.now();
  let error: unknown;
  try {
    await run();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(RangeError);
  for (const part of message) expect((error as Error).message).toMatch(part);
  expect(performance.now() - started, 'refused before doing the work').toBeLessThan(2000);
  expect(tf.memory().numTensors).toBe(before);
  expectBackendAnswers();
}

describe('oversized calls are refused with a clear error, and the backend still answers', () => {
  // The README's own case: 8 sequences of 8192 positions, dHead 64 (16 MiB each), weights [8, 8192, 8192].
  const x = tf.zeros([8, 8192, 64]);
  afterAll(() => x.dispose());

  test('scaledDotProductAttention(q, k, v) on [8, 8192, 64] names the weights, the limits and memoryEfficientAttention', async () => {
    await expectRefused(
      () => scaledDotProductAttention(x, x, x),
      /^scaledDotProductAttention: query \[8, 8192, 64\] and key \[8, 8192, 64\] would build weights \[batch, heads, seqLenQ, seqLenK\] = \[8, 1, 8192, 8192\] \(536870912 elements\)/,
      LIMITS,
      /Use memoryEfficientAttention\(query, key, value, options\) instead/,
    );
  });

  test('scaledDotProductAttention(q, k, v, { causal: true }) on [1, 8, 4096, 64] is refused by the 4 GiB rule (its weights are under 2^28 elements)', async () => {
    const q = tf.zeros([1, 8, 4096, 64]);
    await expectRefused(() => scaledDotProductAttention(q, q, q, { causal: true }), /\(134217728 elements\) and hold about 5\.5 GiB of tensors at once/, LIMITS);
    q.dispose();
  });

  test('memoryEfficientAttention on the same inputs runs, and refuses only a tile too large', async () => {
    const q = tf.zeros([1, 1, 3000, 4]);
    const { output, logSumExp } = memoryEfficientAttention(q, q, q, { causal: true, chunkSize: 1024, kernel: 'tfjs' });
    expect(output.shape).toEqual([1, 1, 3000, 4]);
    tf.dispose([q, output, logSumExp]);
    await expectRefused(
      () => memoryEfficientAttention(x, x, x, { chunkSize: 8192, kernel: 'tfjs' }),
      /^memoryEfficientAttention: .* would build a tile of scores \[batch, heads, queryChunkSize, chunkSize\] = \[8, 1, 8192, 8192\]/,
      LIMITS,
      /Use a smaller chunkSize or queryChunkSize/,
    );
  });

  test('multiHeadAttention with 8 heads over 8192 positions names the weights and the memory-efficient route', async () => {
    const h = tf.zeros([1, 8192, 8]);
    const w = tf.zeros([8, 64]) as tf.Tensor2D;
    const wo = tf.zeros([64, 8]) as tf.Tensor2D;
    await expectRefused(
      () => multiHeadAttention(h, h, h, { wq: w, wk: w, wv: w, wo }, { heads: 8 }),
      /^multiHeadAttention: query \[1, 8192, 8\], key \[1, 8192, 8\] and options.heads \[8\] would build weights \[batch, heads, seqLenQ, seqLenK\] = \[1, 8, 8192, 8192\]/,
      LIMITS,
      /splitHeads\) and use memoryEfficientAttention/,
    );
    tf.dispose([h, w, wo]);
  });

  test('additiveAttention and additiveScores name their hidden layer [..., seqLenQ, seqLenK, dAttn]', async () => {
    const q = tf.zeros([1, 2000, 4]);
    const params = { wq: tf.zeros([4, 128]) as tf.Tensor2D, wk: tf.zeros([4, 128]) as tf.Tensor2D, v: tf.zeros([128]) as tf.Tensor1D };
    const hidden = /would build hidden \[\.\.\., seqLenQ, seqLenK, dAttn\] = \[1, 2000, 2000, 128\] \(512000000 elements\)/;
    await expectRefused(() => additiveAttention(q, q, q, params), /^additiveAttention: /, hidden, LIMITS, /smaller dAttn/);
    await expectRefused(() => additiveScores(q, q, params), /^additiveScores: /, hidden, LIMITS);
    tf.dispose([q, params.wq, params.wk, params.v]);
  });

  test('dotProductScores, scaledDotProductScores and generalScores name the scores', async () => {
    const w = tf.eye(64) as tf.Tensor2D;
    const scores = /would build scores \[\.\.\., seqLenQ, seqLenK\] = \[8, 8192, 8192\]/;
    await expectRefused(() => dotProductScores(x, x), /^dotProductScores: /, scores, LIMITS, /memoryEfficientAttention/);
    await expectRefused(() => scaledDotProductScores(x, x), /^scaledDotProductScores: /, scores, LIMITS);
    await expectRefused(() => generalScores(x, x, w), /^generalScores: /, scores, LIMITS);
    w.dispose();
  });

  test.skipIf(!fusedAttentionAvailable())('fusedAttention and fusedAttentionParallel refuse an output of more than 2^28 elements', async () => {
    const q = tf.zeros([1, 1, 2 ** 20, 1]); // 4 MiB
    const v = tf.zeros([1, 1, 2, 512]);
    const k = tf.zeros([1, 1, 2, 1]);
    const output = /would build output \[batch, heads, seqLenQ, dValue\] = \[1, 1, 1048576, 512\] \(536870912 elements\)/;
    await expectRefused(() => fusedAttention(q, k, v), /^fusedAttention: /, output, LIMITS, /fewer queries or heads/);
    await expectRefused(() => fusedAttentionParallel(q, k, v, { threads: 2 }), /^fusedAttentionParallel: /, output, LIMITS);
    tf.dispose([q, k, v]);
  });

  test('causalMask(70000) names the mask and points to causal: true; causalMask(4096) still works', async () => {
    await expectRefused(
      () => causalMask(70000),
      /^causalMask: seqLenQ 70000 and seqLenK 70000 would build mask \[seqLenQ, seqLenK\] = \[70000, 70000\] \(4900000000 elements\)/,
      LIMITS,
      /Pass `causal: true` to the attention function instead/,
    );
    await expectRefused(() => causalMask(16385), /\(268468225 elements\)/); // one row past 2^28
    const m = causalMask(4096);
    expect(m.shape).toEqual([4096, 4096]);
    m.dispose();
  });

  test('paddingMask, combineMasks and sinusoidalPositionalEncoding refuse shapes past the limits', async () => {
    await expectRefused(() => paddingMask([1, 2], 2 ** 28), /^paddingMask: lengths \[2\] and maxLen 268435456 would build mask \[batch, 1, 1, maxLen\] = \[2, 1, 1, 268435456\]/, LIMITS);
    const rows = tf.ones([1, 1, 20000, 1], 'bool');
    const cols = tf.ones([1, 1, 1, 20000], 'bool');
    await expectRefused(() => combineMasks(rows, cols), /^combineMasks: masks\[0\] \[1, 1, 20000, 1\] and masks\[1\] \[1, 1, 1, 20000\] would build mask = \[1, 1, 20000, 20000\]/, LIMITS);
    tf.dispose([rows, cols]);
    await expectRefused(
      () => sinusoidalPositionalEncoding(1e6, 1e4),
      /^sinusoidalPositionalEncoding: seqLen 1000000 and dModel 10000 would build encoding \[seqLen, dModel\] = \[1000000, 10000\] \(10000000000 elements\)/,
      LIMITS,
      /Encode fewer positions per call/,
    );
  });

  test('the plain-number explainers refuse results of more than 2^24 numbers', async () => {
    const rows = (n: number, d: number) => Array.from({ length: n }, () => new Array<number>(d).fill(0));
    await expectRefused(
      () => explainScaledDotProductAttention({ q: rows(4100, 1), k: rows(4100, 1), v: rows(4100, 1) }),
      /^explainScaledDotProductAttention: input\.q \[4100, 1\], input\.k \[4100, 1\] and input\.v \[4100, 1\] would return 67244100 numbers in nested arrays; the limit is 16777216 \(2\^24\) numbers per call/,
      /scaledDotProductAttention and memoryEfficientAttention/,
    );
    await expectRefused(
      () => explainAdditiveAttention({ query: rows(600, 1), keys: rows(600, 1), values: rows(600, 1), wq: rows(1, 64), wk: rows(1, 64), v: new Array<number>(64).fill(0) }),
      /^explainAdditiveAttention: .* would return \d+ numbers in nested arrays; the limit is 16777216 \(2\^24\)/,
    );
  });
});
