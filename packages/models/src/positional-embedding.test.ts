import * as tf from '@tensorflow/tfjs';
import { describe, expect, test } from 'vitest';
import { maxAbsDiff } from '../test/plain.js';
import { saveAndLoad, tensorGrowth } from '../test/round-trip.js';
import { PositionalEmbedding } from './positional-embedding.js';

describe('PositionalEmbedding', () => {
  test('sinusoidal: token embedding times sqrt(dModel) plus the Vaswani encoding', async () => {
    const embed = new PositionalEmbedding({ vocabSize: 5, dModel: 4, maxLen: 6, scaleByDModel: true });
    const ids = tf.tensor2d([[1, 4, 0]], undefined, 'int32');
    embed.apply(ids);
    const table = Array.from({ length: 5 }, (_, i) => [i, -i, 0.5 * i, 1]);
    embed.setWeights([tf.tensor2d(table)]);
    const y = embed.apply(ids) as tf.Tensor;
    expect(y.shape).toEqual([1, 3, 4]);
    const expected = [1, 4, 0].map((id, pos) =>
      table[id]!.map((e, c) => e * 2 + (c % 2 === 0 ? Math.sin(pos / 10000 ** ((c - (c % 2)) / 4)) : Math.cos(pos / 10000 ** ((c - (c % 2)) / 4)))),
    );
    expect(maxAbsDiff(await y.array(), [expected])).toBeLessThan(1e-5);
  });

  test('learned positions add a trained row per position; maskZero emits a [batch, seqLen] mask', async () => {
    const embed = new PositionalEmbedding({ vocabSize: 3, dModel: 2, maxLen: 4, positions: 'learned', maskZero: true });
    const ids = tf.tensor2d([[2, 1, 0]]);
    embed.apply(ids);
    embed.setWeights([tf.tensor2d([[0, 0], [1, 1], [2, 2]]), tf.tensor2d([[10, 20], [30, 40], [50, 60], [70, 80]])]);
    expect(await (embed.apply(ids) as tf.Tensor).array()).toEqual([[[12, 22], [31, 41], [50, 60]]]);
    const mask = embed.computeMask(ids) as tf.Tensor;
    expect(mask.dtype).toBe('bool');
    expect(await mask.array()).toEqual([[1, 1, 0]]);
  });

  test('round-trips through getConfig and a saved tf.sequential with identical outputs', async () => {
    const embed = new PositionalEmbedding({ vocabSize: 7, dModel: 4, maxLen: 5, positions: 'learned', seed: 3, inputShape: [5] });
    expect(new PositionalEmbedding(embed.getConfig() as never).getConfig()).toEqual(embed.getConfig());
    const model = tf.sequential({ layers: [embed, tf.layers.flatten(), tf.layers.dense({ units: 2 })] });
    const loaded = await saveAndLoad(model);
    const x = tf.tensor2d([[1, 2, 3, 4, 5], [6, 0, 0, 0, 0]]);
    expect(maxAbsDiff(await (model.predict(x) as tf.Tensor).array(), await (loaded.predict(x) as tf.Tensor).array())).toBe(0);
  });

  test('trains (gradient through the lookup), leaks nothing, and dispose() frees the sinusoid table', async () => {
    const embed = new PositionalEmbedding({ vocabSize: 6, dModel: 3, maxLen: 4, seed: 1 });
    const ids = tf.tensor2d([[1, 2, 3, 1], [5, 4, 0, 0]], undefined, 'int32');
    const target = tf.randomNormal([2, 4, 3], 0, 1, 'float32', 9);
    expect(tensorGrowth(() => tf.dispose(embed.apply(ids) as tf.Tensor))).toBe(0);
    const opt = tf.train.sgd(0.5);
    const loss = () => tf.losses.meanSquaredError(target, embed.apply(ids) as tf.Tensor) as tf.Scalar;
    const first = tf.tidy(() => loss().dataSync()[0]!);
    for (let i = 0; i < 10; i++) tf.dispose(opt.minimize(loss, true)!);
    expect(tf.tidy(() => loss().dataSync()[0]!)).toBeLessThan(first * 0.9);
    const before = tf.memory().numTensors;
    embed.dispose();
    expect(tf.memory().numTensors).toBe(before - 2); // the token table and the sinusoid table
  });

  test('rejects sequences longer than maxLen and bad configs, naming the layer', () => {
    const embed = new PositionalEmbedding({ vocabSize: 3, dModel: 2, maxLen: 2, name: 'pe' });
    expect(() => embed.apply(tf.zeros([1, 3], 'int32'))).toThrow(/pe\.call: argument 'inputs' has shape \[1, 3\] but expected \[batch, seqLen <= maxLen=2\]/);
    expect(() => new PositionalEmbedding({ vocabSize: 3, dModel: 2, maxLen: 2, positions: 'rotary' as never })).toThrow(/'config.positions' must be "sinusoidal" or "learned", got "rotary"/);
    expect(() => new PositionalEmbedding({ vocabSize: 3, dModel: 2, maxLen: 2, maskZero: 'yes' as never })).toThrow(/'config.maskZero' must be a boolean, got "yes"/);
    expect(() => new PositionalEmbedding({ vocabSize: 3, dModel: 2, maxLen: 2, seed: 'abc' as never })).toThrow(/'config.seed' must be an integer >= 0, got "abc"/);
  });

  test('PositionalEmbedding.apply(ids) refuses a NaN, fractional or out-of-range id instead of reading another row', () => {
    const embed = new PositionalEmbedding({ vocabSize: 3, dModel: 2, maxLen: 4, name: 'pe' });
    const ok = tf.tensor2d([[0, 1, 2]]);
    tf.dispose(embed.apply(ok) as tf.Tensor); // float ids that are integers are fine
    for (const [ids, what] of [[[0, NaN, 1], 'NaN at \\[0, 1\\]'], [[1.7, 0, 0], '1\\.7\\d* at \\[0, 0\\]'], [[0, 0, 3], '3 at \\[0, 2\\]'], [[-1, 0, 0], '-1 at \\[0, 0\\]']] as const) {
      const t = tf.tensor2d([ids as unknown as number[]]);
      const before = tf.memory().numTensors;
      expect(() => embed.apply(t)).toThrow(new RegExp(`^pe\\.call: argument 'inputs' \\[1, 3\\] must hold integer token ids in \\[0, 2\\] \\(vocabSize 3\\), got ${what}`));
      expect(tf.memory().numTensors).toBe(before);
      t.dispose();
    }
    tf.dispose([ok]);
    embed.dispose();
  });
});
