import * as tf from '@tensorflow/tfjs';
import { describe, expect, test } from 'vitest';
import { saveAndLoad } from '../test/round-trip.js';
import { maxAbsDiff } from '../test/plain.js';
import { lstmLanguageModel } from './lstm-language-model.js';

const ids = (rows: number[][]) => tf.tensor2d(rows, [rows.length, rows[0]!.length], 'int32');

describe('lstmLanguageModel', () => {
  const small = (extra: object = {}) => lstmLanguageModel({ vocabSize: 7, seqLen: 5, embeddingDim: 4, units: 8, seed: 2, ...extra });

  test('lstmLanguageModel maps ids [batch, seqLen] to next-token probabilities [batch, seqLen, vocab]', async () => {
    const model = small();
    const y = model.predict(ids([[4, 5, 6, 4, 5], [1, 2, 3, 0, 0]])) as tf.Tensor;
    expect(y.shape).toEqual([2, 5, 7]);
    expect(y.dtype).toBe('float32');
    ((await y.sum(-1).array()) as number[][]).flat().forEach((s) => expect(s).toBeCloseTo(1, 5));
    tf.dispose(y);
    expect(model.layers.map((l) => l.name)).toEqual(['ids', 'embedding', 'lstm', 'next_token']);
    expect(model.loss).toBe('sparseCategoricalCrossentropy');
    // 4 gates of [embeddingDim + units + 1, units], and the dense head.
    expect(model.countParams()).toBe(7 * 4 + 4 * (4 + 8 + 1) * 8 + (8 + 1) * 7);
  });

  test('lstmLanguageModel reads left to right: changing token j leaves the predictions before j unchanged; predict leaks nothing', async () => {
    const model = small();
    const x = ids([[4, 5, 6, 4, 5]]);
    const a = (await (model.predict(x) as tf.Tensor).array()) as number[][][];
    const b = (await (model.predict(ids([[4, 5, 6, 1, 2]])) as tf.Tensor).array()) as number[][][];
    expect(maxAbsDiff(a[0]!.slice(0, 3), b[0]!.slice(0, 3))).toBeLessThan(1e-6);
    expect(maxAbsDiff(a[0]!.slice(3), b[0]!.slice(3))).toBeGreaterThan(1e-5);
    tf.dispose(model.predict(x) as tf.Tensor);
    const before = tf.memory().numTensors;
    tf.dispose(model.predict(x) as tf.Tensor);
    expect(tf.memory().numTensors).toBe(before);
  });

  test('the same seed gives the same weights; the model saves and loads with identical outputs', async () => {
    const x = ids([[4, 5, 6, 4, 5], [3, 3, 2, 1, 0]]);
    const ya = await (small().predict(x) as tf.Tensor).array();
    expect(maxAbsDiff(ya, await (small().predict(x) as tf.Tensor).array())).toBe(0);
    expect(maxAbsDiff(ya, await (small({ seed: 3 }).predict(x) as tf.Tensor).array())).toBeGreaterThan(1e-5);
    expect(maxAbsDiff(ya, await ((await saveAndLoad(small())).predict(x) as tf.Tensor).array())).toBe(0);
  });

  test("lstm 'fused' and 'layers' build the same model: same initial weights, same outputs", async () => {
    const x = ids([[4, 5, 6, 4, 5], [3, 3, 2, 1, 0]]);
    const fused = small();
    const layers = small({ lstm: 'layers' });
    expect(fused.getLayer('lstm').getClassName()).toBe('AttentionLab>FusedLSTM');
    expect(layers.getLayer('lstm').getClassName()).toBe('LSTM');
    expect(maxAbsDiff(await (fused.predict(x) as tf.Tensor).array(), await (layers.predict(x) as tf.Tensor).array())).toBeLessThan(1e-6);
  });

  test('lstmLanguageModel names the option it rejects', () => {
    expect(() => small({ lstm: 'gru' })).toThrow(/lstmLanguageModel: argument 'options.lstm' must be 'fused' or 'layers', got gru/);
    const fn = (o: object) => () => lstmLanguageModel({ vocabSize: 7, seqLen: 5, ...o });
    expect(() => lstmLanguageModel(undefined as never)).toThrow(/lstmLanguageModel: argument 'options' must be an object with vocabSize and seqLen/);
    expect(fn({ vocabSize: 1.5 })).toThrow(/lstmLanguageModel: argument 'options.vocabSize' must be an integer >= 2, got 1.5/);
    expect(fn({ seqLen: 0 })).toThrow(/'options.seqLen' must be an integer >= 1, got 0/);
    expect(fn({ embeddingDim: 0 })).toThrow(/'options.embeddingDim'/);
    expect(fn({ units: -3 })).toThrow(/'options.units' must be an integer >= 1, got -3/);
    expect(fn({ learningRate: Infinity })).toThrow(/'options.learningRate' must be a positive finite number/);
    expect(fn({ seed: 'a' })).toThrow(/'options.seed'/);
  });
});
