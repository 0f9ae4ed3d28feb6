// Every public tensor function leaves the tensor count unchanged once its
// outputs are disposed, including when it throws on bad input.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, test } from 'vitest';
import * as core from '../src/index.js';

type Case = [name: string, run: () => unknown];

function fixtures() {
  const q4 = tf.randomNormal([2, 2, 5, 4]) as tf.Tensor4D;
  const x3 = tf.randomNormal([2, 5, 8]) as tf.Tensor3D;
  const x2 = tf.randomNormal([5, 4]) as tf.Tensor2D;
  const w = (r: number, c: number) => tf.randomNormal([r, c]) as tf.Tensor2D;
  const mha = { wq: w(8, 8), wk: w(8, 8), wv: w(8, 8), wo: w(8, 8), bq: tf.zeros([8]) as tf.Tensor1D, bo: tf.zeros([8]) as tf.Tensor1D };
  const additive = { wq: w(4, 6), wk: w(4, 6), v: tf.randomNormal([6]) as tf.Tensor1D, bias: tf.zeros([6]) as tf.Tensor1D };
  const pad = core.paddingMask([3, 5], 5);
  const mask3 = tf.ones([2, 5, 5]);
  const pool = { w: tf.randomNormal([8]) as tf.Tensor1D, b: tf.scalar(0.1) };
  const lengths = tf.tensor1d([2, 3], 'int32');
  const bad = tf.zeros([3, 7]);
  const keyMask = tf.tensor1d([1, 1, 0, 1]);
  const wGeneral = w(4, 4);
  const long = tf.zeros([8, 8192, 64]); // weights [8, 8192, 8192]: over the limits
  const all = [long, keyMask, wGeneral, q4, x3, x2, pad, mask3, lengths, bad, pool.w, pool.b, ...Object.values(mha), ...Object.values(additive)];
  return { long, keyMask, wGeneral, q4, x3, x2, w, mha, additive, pad, mask3, pool, lengths, bad, all };
}

describe('no public function leaks tensors', () => {
  const f = fixtures();
  const cases: Case[] = [
    ['maskedSoftmax', () => core.maskedSoftmax(f.q4, f.keyMask)],
    ['dotProductScores', () => core.dotProductScores(f.q4, f.q4)],
    ['scaledDotProductScores', () => core.scaledDotProductScores(f.x2, f.x2)],
    ['generalScores', () => core.generalScores(f.x2, f.x2, f.wGeneral)],
    ['additiveScores', () => core.additiveScores(f.x2, f.x2, f.additive)],
    ['scaledDotProductAttention', () => core.scaledDotProductAttention(f.q4, f.q4, f.q4, { mask: f.pad, causal: true })],
    ['additiveAttention', () => core.additiveAttention(f.x2, f.x2, f.x2, f.additive, { causal: true })],
    ['attentionPooling', () => core.attentionPooling(f.x3, f.pool, { mask: f.pad })],
    ['splitHeads', () => core.splitHeads(f.x3, 2)],
    ['mergeHeads', () => core.mergeHeads(f.q4)],
    ['multiHeadAttention', () => core.multiHeadAttention(f.x3, f.x3, f.x3, f.mha, { heads: 2, mask: f.mask3, causal: true })],
    ['causalMask', () => core.causalMask(5)],
    ['paddingMask', () => core.paddingMask(f.lengths, 4)],
    ['combineMasks', () => core.combineMasks(f.pad, f.mask3)],
    ['sinusoidalPositionalEncoding', () => core.sinusoidalPositionalEncoding(6, 8)],
    ['memoryEfficientAttention', () => core.memoryEfficientAttention(f.q4, f.q4, f.q4, { chunkSize: 2, causal: true, mask: f.pad })],
  ];

  test.each(cases)('%s leaves tf.memory().numTensors unchanged over repeated calls', (_name, run) => {
    run(); // first call may register kernels or backend state
    tf.dispose(collect(run()));
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) tf.dispose(collect(run()));
    expect(tf.memory().numTensors).toBe(before);
  });

  const failing: Case[] = [
    ['scaledDotProductAttention', () => core.scaledDotProductAttention(f.q4, f.bad, f.bad)],
    ['multiHeadAttention', () => core.multiHeadAttention(f.x3, f.x3, f.x3, f.mha, { heads: 3 })],
    ['memoryEfficientAttention', () => core.memoryEfficientAttention(f.x2, f.x2, f.x2, { mask: f.mask3 })],
    ['attentionPooling', () => core.attentionPooling(f.x3, f.pool, { mask: f.bad })],
    ['combineMasks', () => core.combineMasks(f.bad, f.pad)],
    ['scaledDotProductAttention (options)', () => core.scaledDotProductAttention(f.q4, f.q4, f.q4, { causal: 'yes' as never })],
    ['scaledDotProductAttention (mask)', () => core.scaledDotProductAttention(f.q4, f.q4, f.q4, { mask: f.bad })],
    ['memoryEfficientAttention (options)', () => core.memoryEfficientAttention(f.q4, f.q4, f.q4, { scale: NaN })],
    ['fusedAttention', () => core.fusedAttention(f.q4, f.q4, f.q4, { mask: f.bad })],
    ['fusedAttention (options)', () => core.fusedAttention(f.x2, f.x2, f.x2, { causal: 1 as never })],
    ['fusedAttention (recording a gradient)', () => tf.grad((x: tf.Tensor) => core.fusedAttention(x, x, x))(f.x2)],
    ['multiHeadAttention (options)', () => core.multiHeadAttention(f.x3, f.x3, f.x3, f.mha, { heads: 2, causal: 'false' as never })],
    ['additiveAttention', () => core.additiveAttention(f.x2, f.x2, f.x2, f.additive, { mask: f.bad })],
    ['maskedSoftmax', () => core.maskedSoftmax(f.q4, f.bad)],
    ['dotProductScores', () => core.dotProductScores(f.q4, f.bad)],
    ['scaledDotProductScores', () => core.scaledDotProductScores(f.x2, f.x2, { scale: '2' as never })],
    ['generalScores', () => core.generalScores(f.x2, f.x2, f.bad as tf.Tensor2D)],
    ['additiveScores', () => core.additiveScores(f.x2, f.bad, f.additive)],
    ['splitHeads', () => core.splitHeads(f.x3, 3)],
    ['mergeHeads', () => core.mergeHeads(f.x2)],
    ['causalMask', () => core.causalMask(1.5)],
    ['paddingMask', () => core.paddingMask([6], 5)],
    ['sinusoidalPositionalEncoding', () => core.sinusoidalPositionalEncoding(4, 0)],
    ['causalMask (oversized)', () => core.causalMask(70000)],
    ['scaledDotProductAttention (oversized)', () => core.scaledDotProductAttention(f.long, f.long, f.long)],
  ];

  test.each(failing)('%s leaves no tensors behind when it rejects its input', (_name, run) => {
    const before = tf.memory().numTensors;
    expect(run).toThrow(/^\w+: /);
    expect(tf.memory().numTensors).toBe(before);
  });

  test('fusedAttentionParallel leaves no tensors behind when it rejects its input', async () => {
    const before = tf.memory().numTensors;
    await expect(core.fusedAttentionParallel(f.q4, f.q4, f.q4, { threads: 0 })).rejects.toThrow(/^fusedAttentionParallel: /);
    await expect(core.fusedAttentionParallel(f.q4, f.q4, f.q4, { mask: f.bad })).rejects.toThrow(/^fusedAttentionParallel: /);
    expect(tf.memory().numTensors).toBe(before);
  });

  test('the plain-number explainers allocate no tensors', () => {
    const before = tf.memory().numTensors;
    core.explainScaledDotProductAttention({ q: [[1, 0]], k: [[1, 0]], v: [[1]] });
    core.explainAdditiveAttention({ query: [[1]], keys: [[1]], values: [[1]], wq: [[1]], wk: [[1]], v: [1] });
    expect(tf.memory().numTensors).toBe(before);
  });

  test('fixtures are released', () => {
    tf.dispose(f.all);
    expect(f.q4.isDisposed).toBe(true);
  });
});

function collect(result: unknown): tf.Tensor[] {
  if (result instanceof tf.Tensor) return [result];
  if (result && typeof result === 'object') return Object.values(result).filter((v): v is tf.Tensor => v instanceof tf.Tensor);
  return [];
}
