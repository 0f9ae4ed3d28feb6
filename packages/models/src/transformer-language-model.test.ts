import * as tf from '@tensorflow/tfjs';
import { describe, expect, test } from 'vitest';
import { saveAndLoad } from '../test/round-trip.js';
import { maxAbsDiff } from '../test/plain.js';
import { predictWithAttention } from './predict-with-attention.js';
import { train } from './train.js';
import { transformerLanguageModel } from './transformer-language-model.js';

const ids = (rows: number[][]) => tf.tensor2d(rows, [rows.length, rows[0]!.length], 'int32');

describe('transformerLanguageModel', () => {
  const small = (extra: object = {}) => transformerLanguageModel({ vocabSize: 7, seqLen: 5, dModel: 8, numHeads: 2, ffDim: 16, seed: 2, ...extra });

  test('transformerLanguageModel maps ids [batch, seqLen] to next-token probabilities [batch, seqLen, vocab]', async () => {
    for (const extra of [{}, { numBlocks: 1, positions: 'sinusoidal' as const }, { normFirst: true }]) {
      const model = small(extra);
      const y = model.predict(ids([[4, 5, 6, 4, 5], [1, 2, 3, 0, 0], [6, 6, 6, 6, 6]])) as tf.Tensor;
      expect(y.shape).toEqual([3, 5, 7]);
      expect(y.dtype).toBe('float32');
      const sums = (await y.sum(-1).array()) as number[][];
      sums.flat().forEach((s) => expect(s).toBeCloseTo(1, 5));
      tf.dispose(y);
    }
    expect(small().layers.map((l) => l.name)).toEqual(['ids', 'embedding', 'block_1', 'block_2', 'next_token']);
    const preLn = small({ normFirst: true });
    expect(preLn.layers.map((l) => l.name)).toEqual(['ids', 'embedding', 'block_1', 'block_2', 'next_token']);
    expect(preLn.getLayer('block_2').getConfig()['finalNorm']).toBe(true); // GPT-2's ln_f closes the last block only
    expect(preLn.getLayer('block_1').getConfig()['finalNorm']).toBeUndefined();
    expect(small().loss).toBe('sparseCategoricalCrossentropy');
    const shifted = small({ normFirst: true, keyShift: true });
    expect(shifted.weights.filter((w) => w.originalName.endsWith('attention/keyShift')).map((w) => w.originalName)).toEqual(['block_1/attention/keyShift', 'block_2/attention/keyShift']);
    expect(small().weights.some((w) => w.originalName.endsWith('keyShift'))).toBe(false);
    const both = small({ normFirst: true, keyShift: true, queryShift: true });
    expect(both.weights.filter((w) => /attention\/(key|query)Shift$/.test(w.originalName)).map((w) => w.originalName)).toEqual(['block_1/attention/keyShift', 'block_1/attention/queryShift', 'block_2/attention/keyShift', 'block_2/attention/queryShift']);
    expect(small().weights.some((w) => w.originalName.endsWith('queryShift'))).toBe(false);
  });

  test('transformerLanguageModel is causal: changing token j leaves the predictions before j unchanged', async () => {
    const model = small();
    const a = (await (model.predict(ids([[4, 5, 6, 4, 5]])) as tf.Tensor).array()) as number[][][];
    const b = (await (model.predict(ids([[4, 5, 6, 1, 2]])) as tf.Tensor).array()) as number[][][];
    expect(maxAbsDiff(a[0]!.slice(0, 3), b[0]!.slice(0, 3))).toBeLessThan(1e-6);
    expect(maxAbsDiff(a[0]!.slice(3), b[0]!.slice(3))).toBeGreaterThan(1e-4);
  });

  test('predictWithAttention gives each block causal maps [batch, numHeads, seqLen, seqLen]; predict leaks nothing', async () => {
    const model = small();
    const x = ids([[4, 5, 6, 4, 5]]);
    tf.dispose((await predictWithAttention(model, x)).predictions); // warm-up: the blocks now hold their maps
    const before = tf.memory().numTensors;
    const { predictions, attention } = await predictWithAttention(model, x);
    predictions.dispose();
    tf.dispose(model.predict(x) as tf.Tensor);
    expect(tf.memory().numTensors).toBe(before);
    expect(Object.keys(attention).sort()).toEqual(['block_1', 'block_2']);
    const map = attention['block_2']!;
    expect(map.shape).toEqual([1, 2, 5, 5]);
    for (let q = 0; q < 5; q++) for (let k = q + 1; k < 5; k++) expect(map.values[q * 5 + k]).toBeCloseTo(0, 6);
  });

  test('the same seed gives the same weights; the model saves and loads with identical outputs', async () => {
    const x = ids([[4, 5, 6, 4, 5], [3, 3, 2, 1, 0]]);
    const ya = await (small().predict(x) as tf.Tensor).array();
    expect(maxAbsDiff(ya, await (small().predict(x) as tf.Tensor).array())).toBe(0);
    expect(maxAbsDiff(ya, await (small({ seed: 3 }).predict(x) as tf.Tensor).array())).toBeGreaterThan(1e-4);
    expect(maxAbsDiff(ya, await ((await saveAndLoad(small())).predict(x) as tf.Tensor).array())).toBe(0);
  });

  test('transformerLanguageModel names the option it rejects', () => {
    const fn = (o: object) => () => transformerLanguageModel({ vocabSize: 7, seqLen: 5, ...o });
    expect(() => transformerLanguageModel(null as never)).toThrow(/transformerLanguageModel: argument 'options' must be an object with vocabSize and seqLen/);
    expect(fn({ vocabSize: 1 })).toThrow(/transformerLanguageModel: argument 'options.vocabSize' must be an integer >= 2, got 1/);
    expect(fn({ seqLen: 0 })).toThrow(/'options.seqLen' must be an integer >= 1, got 0/);
    expect(fn({ dModel: 10, numHeads: 4 })).toThrow(/'options.dModel' \(10\) must be divisible by 'options.numHeads' \(4\)/);
    expect(fn({ numBlocks: 0 })).toThrow(/'options.numBlocks'/);
    expect(fn({ ffDim: 2.5 })).toThrow(/'options.ffDim'/);
    expect(fn({ dropout: 1 })).toThrow(/'options.dropout' must be a number in \[0, 1\), got 1/);
    expect(fn({ positions: 'rotary' })).toThrow(/'options.positions' must be 'learned' or 'sinusoidal', got rotary/);
    expect(fn({ normFirst: 'yes' })).toThrow(/'options.normFirst' must be a boolean/);
    expect(fn({ keyShift: 1 })).toThrow(/transformerLanguageModel: argument 'options.keyShift' must be a boolean, got 1/);
    expect(fn({ queryShift: 'on' })).toThrow(/transformerLanguageModel: argument 'options.queryShift' must be a boolean, got "on"/);
    expect(fn({ learningRate: 0 })).toThrow(/'options.learningRate' must be a positive finite number, got 0/);
    expect(fn({ seed: -1 })).toThrow(/'options.seed'/);
  });

  // "aabbcc" repeated: the next character is fixed by the last two, never by the last one alone,
  // so 100% greedy accuracy needs attention to the previous position.
  test('transformerLanguageModel learns a sequence that needs the previous character (short training)', async () => {
    const text = 'aabbcc'.repeat(40);
    const all = Array.from(text, (c) => 4 + 'abc'.indexOf(c));
    const seqLen = 8;
    const starts = Array.from({ length: 64 }, (_, i) => i % 60 + Math.floor(i / 60));
    const x = tf.tensor2d(starts.map((s) => all.slice(s, s + seqLen)), [starts.length, seqLen], 'int32');
    const y = tf.tensor3d(starts.map((s) => all.slice(s + 1, s + seqLen + 1).map((id) => [id])), [starts.length, seqLen, 1], 'float32');
    const model = transformerLanguageModel({ vocabSize: 7, seqLen, dModel: 16, numBlocks: 1, numHeads: 2, ffDim: 32, learningRate: 0.02, seed: 1 });
    await train(model, { x, y }, { epochs: 25, batchSize: 16, seed: 1 });
    const predicted = (await (model.predict(x) as tf.Tensor).argMax(-1).array()) as number[][];
    const expected = (await y.squeeze([2]).array()) as number[][];
    let right = 0;
    let total = 0;
    predicted.forEach((row, i) => row.slice(1).forEach((id, t) => { total++; right += id === expected[i]![t + 1] ? 1 : 0; }));
    expect(right / total).toBeGreaterThan(0.95);
    tf.dispose([x, y]);
  }, 60_000);
});
