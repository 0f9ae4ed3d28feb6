import * as tf from '@tensorflow/tfjs';
import { describe, expect, test } from 'vitest';
import { saveAndLoad } from '../test/round-trip.js';
import { maxAbsDiff, seededRandom } from '../test/plain.js';
import { imageAttentionClassifier } from './image-attention-classifier.js';
import { predictWithAttention } from './predict-with-attention.js';
import { train } from './train.js';

/** `n` seeded images [n, side, side, 1] with values in [0, 1). */
function randomImages(n: number, side: number, seed: number): tf.Tensor4D {
  const next = seededRandom(seed);
  return tf.tensor4d(Array.from({ length: n * side * side }, () => (next() + 1) / 2), [n, side, side, 1]);
}

/** The output of one named layer of `model` for `x`. */
function layerOutput(model: tf.LayersModel, name: string, x: tf.Tensor): tf.Tensor {
  const sub = tf.model({ inputs: model.inputs, outputs: model.getLayer(name).output as tf.SymbolicTensor });
  return sub.predict(x) as tf.Tensor;
}

// A toy task on 8x8 images (a 2x2 grid of 4x4 patches): a bright 2x2 square somewhere in the top half
// is class 0, in the bottom half class 1, on faint noise.
function toySquares(n: number, seed: number) {
  const next = seededRandom(seed);
  const rnd = (m: number) => Math.floor(((next() + 1) / 2) * m) % m;
  const pixels: number[] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const label = rnd(2);
    const [top, left] = [label * 4 + rnd(3), rnd(7)];
    for (let r = 0; r < 8; r++) for (let c = 0; c < 8; c++) pixels.push(r >= top && r < top + 2 && c >= left && c < left + 2 ? 1 : 0.1 * ((next() + 1) / 2));
    labels.push(label);
  }
  return { x: tf.tensor4d(pixels, [n, 8, 8, 1]), y: tf.tensor1d(labels) };
}

describe('imageAttentionClassifier', () => {
  test('maps images [batch, 28, 28, 1] to probabilities [batch, 10] by default', () => {
    const model = imageAttentionClassifier({ dModel: 8, tokenHidden: 8, numHeads: 2 });
    const y = model.predict(tf.zeros([2, 28, 28, 1])) as tf.Tensor;
    expect(y.shape).toEqual([2, 10]);
    expect(y.dtype).toBe('float32');
    for (const s of y.sum(-1).arraySync() as number[]) expect(s).toBeCloseTo(1, 5);
    y.dispose();
  });

  test("the 'patches' layer holds each patch's pixels row-major, patches row-major over the grid (plain-JS reference)", async () => {
    const model = imageAttentionClassifier({ height: 8, width: 12, patchSize: 4, dModel: 4, numHeads: 1, tokenHidden: 0, context: 0, tokenMixing: false, numLayers: 0 });
    const x = randomImages(2, 12, 1).slice([0, 0, 0, 0], [2, 8, 12, 1]);
    const image = (await x.array()) as number[][][][];
    const expected = image.map((img) =>
      Array.from({ length: 6 }, (_, p) => {
        const [gr, gc] = [Math.floor(p / 3), p % 3];
        return Array.from({ length: 16 }, (_, k) => img[gr * 4 + Math.floor(k / 4)]![gc * 4 + (k % 4)]![0]!);
      }),
    );
    const patches = layerOutput(model, 'patches', x);
    expect(patches.shape).toEqual([2, 6, 16]);
    expect(maxAbsDiff(await patches.array(), expected)).toBe(0);
  });

  test("with context 1 each token reads the 3x3 block of patches around it, zeros past the border (plain-JS reference)", async () => {
    const model = imageAttentionClassifier({ height: 8, width: 8, patchSize: 2, dModel: 4, numHeads: 1, tokenHidden: 0, context: 1, tokenMixing: false, numLayers: 0 });
    const x = randomImages(1, 8, 2);
    const img = ((await x.array()) as number[][][][])[0]!;
    const pixel = (r: number, c: number) => (r >= 0 && r < 8 && c >= 0 && c < 8 ? img[r]![c]![0]! : 0);
    const expected = Array.from({ length: 16 }, (_, p) => {
      const [gr, gc] = [Math.floor(p / 4), p % 4];
      const token: number[] = [];
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) for (let k = 0; k < 4; k++) token.push(pixel((gr + dy) * 2 + Math.floor(k / 2), (gc + dx) * 2 + (k % 2)));
      return token;
    });
    const tokens = layerOutput(model, 'context_tokens', x);
    expect(tokens.shape).toEqual([1, 16, 36]);
    expect(maxAbsDiff(((await tokens.array()) as number[][][])[0]!, expected)).toBe(0);
  });

  test('predictWithAttention gives weights over the patches [batch, rows · cols] summing to 1, and block maps, without leaks', async () => {
    const model = imageAttentionClassifier({ dModel: 8, tokenHidden: 8, numHeads: 2, numLayers: 1 });
    const x = randomImages(3, 28, 3);
    tf.dispose((await predictWithAttention(model, x)).predictions); // warm-up: the layers now hold their maps
    const before = tf.memory().numTensors;
    const { predictions, attention } = await predictWithAttention(model, x);
    expect(predictions.shape).toEqual([3, 10]);
    predictions.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(attention['attention']!.shape).toEqual([3, 49]);
    for (let b = 0; b < 3; b++) expect(attention['attention']!.values.slice(b * 49, (b + 1) * 49).reduce((s, p) => s + p, 0)).toBeCloseTo(1, 5);
    expect(attention['encoder_1']!.shape).toEqual([3, 2, 49, 49]);
  });

  test('maskBlankPatches: patches with no ink get pooling weight 0, the others share all of it; saved and loaded alike', async () => {
    const model = imageAttentionClassifier({ dModel: 8, tokenHidden: 8, tokenMixing: false, context: 1, maskBlankPatches: true, seed: 2 });
    // Ink in two patches of image 0 (grid cells 0 and 24) and one of image 1 (cell 48); everything else blank.
    const pixels = new Float32Array(2 * 784);
    pixels[0 * 784 + 1 * 28 + 2] = 0.5; // row 1, column 2: cell (0, 0)
    pixels[0 * 784 + 13 * 28 + 14] = 1; // row 13, column 14: cell (3, 3) = 24
    pixels[1 * 784 + 27 * 28 + 27] = 0.2; // row 27, column 27: cell (6, 6) = 48
    const x = tf.tensor4d(pixels, [2, 28, 28, 1]);
    const { predictions, attention } = await predictWithAttention(model, x);
    const w = attention['attention']!.values;
    const inked = [[0, 24], [48]];
    inked.forEach((cells, b) => {
      for (let p = 0; p < 49; p++) {
        if (cells.includes(p)) expect(w[b * 49 + p]).toBeGreaterThan(0);
        else expect(w[b * 49 + p]).toBe(0);
      }
      expect(cells.reduce((s, p) => s + w[b * 49 + p]!, 0)).toBeCloseTo(1, 5);
    });
    expect(w[49 + 48]).toBeCloseTo(1, 6);
    const loaded = await saveAndLoad(model);
    expect(maxAbsDiff(await predictions.array(), await (loaded.predict(x) as tf.Tensor).array())).toBe(0);
    expect(() => imageAttentionClassifier({ maskBlankPatches: 1 as never })).toThrow(/argument 'options.maskBlankPatches' must be a boolean, got 1/);
    tf.dispose([x, predictions]);
  });

  test('the same seed gives the same weights; the model saves and loads with identical outputs', async () => {
    const options = { dModel: 8, tokenHidden: 8, numHeads: 2, numLayers: 1, seed: 3 };
    const a = imageAttentionClassifier(options);
    const x = randomImages(2, 28, 4);
    const ya = await (a.predict(x) as tf.Tensor).array();
    expect(maxAbsDiff(ya, await (imageAttentionClassifier(options).predict(x) as tf.Tensor).array())).toBe(0);
    expect(maxAbsDiff(ya, await ((await saveAndLoad(a)).predict(x) as tf.Tensor).array())).toBe(0);
    expect(maxAbsDiff(ya, await (imageAttentionClassifier({ ...options, seed: 4 }).predict(x) as tf.Tensor).array())).toBeGreaterThan(0);
  });

  test('short training tells a square in the top half from one in the bottom half (validation accuracy > 0.9, chance 0.5)', async () => {
    const model = imageAttentionClassifier({ height: 8, width: 8, patchSize: 4, numClasses: 2, dModel: 8, context: 1, tokenHidden: 8, learningRate: 0.02, seed: 1 });
    const result = await train(model, toySquares(256, 5), { epochs: 6, batchSize: 32, validationData: toySquares(128, 6), yieldEvery: false });
    expect(result.history['val_acc']!.at(-1)!).toBeGreaterThan(0.9);
  });

  test('rejects bad options, naming the argument', () => {
    expect(() => imageAttentionClassifier({ patchSize: 5 })).toThrow(/imageAttentionClassifier: argument 'options.patchSize' must divide the image \[height, width\] = \[28, 28\], got 5/);
    expect(() => imageAttentionClassifier({ dModel: 10, numHeads: 4 })).toThrow(/argument 'options.numHeads' must divide dModel=10, got 4/);
    expect(() => imageAttentionClassifier({ numClasses: 1 })).toThrow(/argument 'options.numClasses' must be an integer >= 2, got 1/);
    expect(() => imageAttentionClassifier({ context: -1 })).toThrow(/argument 'options.context' must be an integer >= 0, got -1/);
    expect(() => imageAttentionClassifier({ tokenMixing: 'yes' as never })).toThrow(/argument 'options.tokenMixing' must be a boolean, got yes/);
    expect(() => imageAttentionClassifier({ dropout: -0.1 })).toThrow(/argument 'options.dropout' must be a number in \[0, 1\), got -0.1/);
    expect(() => imageAttentionClassifier(null as never)).toThrow(/imageAttentionClassifier: argument 'options' must be an object/);
  });
});
