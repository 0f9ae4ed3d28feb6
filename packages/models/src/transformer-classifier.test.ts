import * as tf from '@tensorflow/tfjs';
import { describe, expect, test } from 'vitest';
import { saveAndLoad } from '../test/round-trip.js';
import { maxAbsDiff, seededRandom } from '../test/plain.js';
import { predictWithAttention } from './predict-with-attention.js';
import { train } from './train.js';
import { transformerClassifier } from './transformer-classifier.js';

// A toy sentiment task: ids 2..5 are "positive" words, 6..9 "negative", 10..19 neutral filler;
// each text has one sentiment word among fillers at a random place, then padding (0).
function toyTexts(n: number, seqLen: number, seed: number) {
  const next = seededRandom(seed);
  const rnd = (m: number) => Math.floor(((next() + 1) / 2) * m) % m;
  const xs: number[][] = [];
  const ys: number[] = [];
  for (let i = 0; i < n; i++) {
    const length = 2 + rnd(seqLen - 1); // 2..seqLen words
    const words = Array.from({ length }, () => 10 + rnd(10));
    const label = rnd(2);
    words[rnd(length)] = (label === 1 ? 2 : 6) + rnd(4);
    xs.push([...words, ...new Array<number>(seqLen - length).fill(0)]);
    ys.push(label);
  }
  return { x: tf.tensor2d(xs, [n, seqLen], 'int32'), y: tf.tensor1d(ys) };
}

describe('transformerClassifier', () => {
  test('maps ids [batch, seqLen] to probabilities [batch, numClasses] through named layers', () => {
    const model = transformerClassifier({ vocabSize: 20, seqLen: 7, numClasses: 3, dModel: 8, numHeads: 2, numLayers: 2 });
    const y = model.predict(tf.ones([4, 7], 'int32')) as tf.Tensor;
    expect(y.shape).toEqual([4, 3]);
    expect(y.dtype).toBe('float32');
    expect(model.layers.map((l) => l.name)).toEqual(['ids', 'embedding', 'embedding_dropout', 'encoder_1', 'encoder_2', 'attention', 'pooled_dropout', 'classifier']);
    const sums = y.sum(-1).arraySync() as number[];
    for (const s of sums) expect(s).toBeCloseTo(1, 5);
    tf.dispose(y);
  });

  test('numLayers 0 pools the embeddings directly; dropout 0 adds no dropout layers', () => {
    const model = transformerClassifier({ vocabSize: 20, seqLen: 5, dModel: 8, numLayers: 0, dropout: 0 });
    expect(model.layers.map((l) => l.name)).toEqual(['ids', 'embedding', 'attention', 'classifier']);
  });

  test('predictWithAttention gives per-word weights [batch, seqLen] summing to 1, zero on padding, and block maps, without leaks', async () => {
    const model = transformerClassifier({ vocabSize: 20, seqLen: 6, dModel: 8, numHeads: 2 });
    const x = tf.tensor2d([[5, 11, 12, 0, 0, 0], [7, 13, 14, 15, 16, 17]], [2, 6], 'int32');
    tf.dispose((await predictWithAttention(model, x)).predictions); // warm-up: the layers now hold their maps
    const before = tf.memory().numTensors;
    const { predictions, attention } = await predictWithAttention(model, x);
    expect(predictions.shape).toEqual([2, 2]);
    predictions.dispose();
    expect(tf.memory().numTensors).toBe(before);
    const pooling = attention['attention']!;
    expect(pooling.shape).toEqual([2, 6]);
    const rows = [Array.from(pooling.values.slice(0, 6)), Array.from(pooling.values.slice(6, 12))];
    expect(rows[0]!.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(rows[1]!.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(rows[0]!.slice(3)).toEqual([0, 0, 0]);
    expect(Math.min(...rows[1]!)).toBeGreaterThan(0);
    expect(attention['encoder_1']!.shape).toEqual([2, 2, 6, 6]);
    x.dispose();
  });

  test('padding does not change the prediction: the same words padded to another length give the same output', async () => {
    const a = transformerClassifier({ vocabSize: 20, seqLen: 4, dModel: 8, numHeads: 2, seed: 5 });
    const b = transformerClassifier({ vocabSize: 20, seqLen: 8, dModel: 8, numHeads: 2, seed: 5 });
    const ya = await (a.predict(tf.tensor2d([[3, 9, 12, 0]], [1, 4], 'int32')) as tf.Tensor).array();
    const yb = await (b.predict(tf.tensor2d([[3, 9, 12, 0, 0, 0, 0, 0]], [1, 8], 'int32')) as tf.Tensor).array();
    expect(maxAbsDiff(ya, yb)).toBeLessThan(1e-5);
  });

  test('the same seed gives the same weights; the model saves and loads with identical outputs', async () => {
    const options = { vocabSize: 20, seqLen: 6, dModel: 8, numHeads: 2, seed: 3 };
    const a = transformerClassifier(options);
    const b = transformerClassifier(options);
    const x = toyTexts(3, 6, 1).x;
    const ya = await (a.predict(x) as tf.Tensor).array();
    expect(maxAbsDiff(ya, await (b.predict(x) as tf.Tensor).array())).toBe(0);
    expect(maxAbsDiff(ya, await ((await saveAndLoad(a)).predict(x) as tf.Tensor).array())).toBe(0);
    const c = transformerClassifier({ ...options, seed: 4 });
    expect(maxAbsDiff(ya, await (c.predict(x) as tf.Tensor).array())).toBeGreaterThan(0);
  });

  test('short training on the toy task finds the sentiment word (validation accuracy > 0.85, chance 0.5)', async () => {
    const model = transformerClassifier({ vocabSize: 20, seqLen: 8, dModel: 16, numHeads: 2, learningRate: 0.01, seed: 1 });
    const result = await train(model, toyTexts(512, 8, 2), { epochs: 6, batchSize: 64, validationData: toyTexts(128, 8, 3), yieldEvery: false });
    expect(result.history['val_acc']!.at(-1)!).toBeGreaterThan(0.85);
  });

  test('rejects bad options, naming the argument', () => {
    expect(() => transformerClassifier({ vocabSize: 1, seqLen: 4 })).toThrow(/transformerClassifier: argument 'options.vocabSize' must be an integer >= 2, got 1/);
    expect(() => transformerClassifier({ vocabSize: 10, seqLen: 0 })).toThrow(/argument 'options.seqLen' must be an integer >= 1, got 0/);
    expect(() => transformerClassifier({ vocabSize: 10, seqLen: 4, dModel: 10, numHeads: 4 })).toThrow(/argument 'options.numHeads' must divide dModel=10, got 4/);
    expect(() => transformerClassifier({ vocabSize: 10, seqLen: 4, dropout: 1 })).toThrow(/argument 'options.dropout' must be a number in \[0, 1\), got 1/);
    expect(() => transformerClassifier({ vocabSize: 10, seqLen: 4, learningRate: 0 })).toThrow(/argument 'options.learningRate' must be a positive number, got 0/);
    expect(() => transformerClassifier(null as never)).toThrow(/transformerClassifier: argument 'options' must be an object/);
  });
});
