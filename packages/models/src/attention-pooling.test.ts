import * as tf from '@tensorflow/tfjs';
import { describe, expect, test } from 'vitest';
import { type Matrix, maxAbsDiff, randomMatrix, seededRandom, softmaxRow } from '../test/plain.js';
import { saveAndLoad, tensorGrowth } from '../test/round-trip.js';
import { AttentionPooling } from './attention-pooling.js';

describe('AttentionPooling', () => {
  test('matches plain attention pooling, with an upstream padding mask', async () => {
    const next = seededRandom(3);
    const h: Matrix[] = [randomMatrix(4, 3, next), randomMatrix(4, 3, next)];
    const pool = new AttentionPooling();
    pool.apply(tf.tensor3d(h));
    const w = randomMatrix(1, 3, next)[0]!;
    const b = 0.3;
    pool.setWeights([tf.tensor1d(w), tf.tensor1d([b])]);
    const keep = [[1, 1, 1, 1], [1, 1, 0, 0]];
    const y = pool.apply(tf.tensor3d(h), { mask: tf.tensor2d(keep) }) as tf.Tensor;
    expect(y.shape).toEqual([2, 3]);
    const got = (await y.array()) as number[][];
    const gotW = (await pool.lastAttentionWeights!.array()) as number[][];
    for (let i = 0; i < 2; i++) {
      const weights = softmaxRow(h[i]!.map((row) => row.reduce((s, x, d) => s + x * w[d]!, b)), keep[i]!.map((k) => k === 1));
      const output = [0, 1, 2].map((d) => weights.reduce((s, p, t) => s + p * h[i]![t]![d]!, 0));
      expect(maxAbsDiff(gotW[i], weights)).toBeLessThan(1e-6);
      expect(maxAbsDiff(got[i], output)).toBeLessThan(1e-6);
    }
  });

  test('pools an LSTM over an embedding with maskZero in a tf.model, and round-trips it', async () => {
    const ids = tf.input({ shape: [5] });
    const emb = tf.layers.embedding({ inputDim: 10, outputDim: 4, maskZero: true }).apply(ids) as tf.SymbolicTensor;
    const seq = tf.layers.lstm({ units: 3, returnSequences: true }).apply(emb) as tf.SymbolicTensor;
    const pool = new AttentionPooling({ seed: 2, name: 'pool' });
    const out = tf.layers.dense({ units: 2, activation: 'softmax' }).apply(pool.apply(seq)) as tf.SymbolicTensor;
    const model = tf.model({ inputs: ids, outputs: out });
    const x = tf.tensor2d([[3, 4, 5, 0, 0], [1, 2, 3, 4, 5]]);
    const y = model.predict(x) as tf.Tensor;
    const w = (await pool.lastAttentionWeights!.array()) as number[][];
    expect(w[0]!.slice(3)).toEqual([0, 0]); // padding gets no weight
    expect(w[0]!.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 5);
    const loaded = await saveAndLoad(model);
    expect(loaded.getLayer('pool')).toBeInstanceOf(AttentionPooling);
    expect(maxAbsDiff(await y.array(), await (loaded.predict(x) as tf.Tensor).array())).toBe(0);
    expect(new AttentionPooling(pool.getConfig()).getConfig()).toEqual(pool.getConfig());
  });

  test('repeated calls leak no tensors and a bad rank names the layer', () => {
    const pool = new AttentionPooling({ name: 'p' });
    const x = tf.randomNormal([2, 3, 4]);
    expect(tensorGrowth(() => tf.dispose(pool.apply(x) as tf.Tensor))).toBe(0);
    expect(() => pool.apply(tf.zeros([2, 4]))).toThrow(/p\.call: argument 'inputs'.*\[2, 4\]/);
  });
});
