import * as tf from '@tensorflow/tfjs';
import { describe, expect, test } from 'vitest';
import { maxAbsDiff, softmaxRow } from '../test/plain.js';
import { saveAndLoad, tensorGrowth } from '../test/round-trip.js';
import { AttentionPooling } from './attention-pooling.js';
import { ZeroTokenMask } from './zero-token-mask.js';

describe('ZeroTokenMask', () => {
  // Two items of three tokens; item 0's token 1 and item 1's tokens 0 and 2 have all-zero raw input.
  const tokens = [
    [[1, 2], [3, -1], [0.5, 0.5]],
    [[-2, 1], [1, 1], [4, 0]],
  ];
  const raw = [
    [[0, 0.2, 0], [0, 0, 0], [1, 0, 0]],
    [[0, 0, 0], [0, 0, 3], [0, 0, 0]],
  ];

  test('passes the tokens through and masks the all-zero ones out of a following AttentionPooling', async () => {
    const h = tf.input({ shape: [3, 2] });
    const r = tf.input({ shape: [3, 3] });
    const pool = new AttentionPooling({ name: 'pool' });
    const pooled = pool.apply(new ZeroTokenMask({ name: 'blank' }).apply([h, r])) as tf.SymbolicTensor;
    const model = tf.model({ inputs: [h, r], outputs: pooled });
    const [w, b] = [[0.7, -0.4], 0.1];
    pool.setWeights([tf.tensor1d(w), tf.tensor1d([b])]);
    const x = [tf.tensor3d(tokens), tf.tensor3d(raw)];
    const y = model.predict(x) as tf.Tensor;
    const got = (await y.array()) as number[][];
    const weights = (await pool.lastAttentionWeights!.array()) as number[][];
    tokens.forEach((items, i) => {
      const keep = raw[i]!.map((row) => row.some((v) => v !== 0));
      const expected = softmaxRow(items.map((t) => t[0]! * w[0]! + t[1]! * w[1]! + b), keep); // computed here, apart from the layers
      expect(maxAbsDiff(weights[i], expected)).toBeLessThan(1e-6);
      expect(maxAbsDiff(got[i], [0, 1].map((d) => expected.reduce((s, p, t) => s + p * items[t]![d]!, 0)))).toBeLessThan(1e-6);
    });
    expect(weights[0]![1]).toBe(0);
    expect([weights[1]![0], weights[1]![2]]).toEqual([0, 0]);

    const loaded = await saveAndLoad(model);
    expect(loaded.getLayer('blank')).toBeInstanceOf(ZeroTokenMask);
    expect(maxAbsDiff(got, await (loaded.predict(x) as tf.Tensor).array())).toBe(0);
    tf.dispose([y, ...x]);
  });

  test('leaks no tensors, and mismatched inputs name the layer and the shapes', () => {
    const layer = new ZeroTokenMask({ name: 'm' });
    const x = [tf.randomNormal([2, 3, 4]), tf.randomNormal([2, 3, 5])];
    expect(tensorGrowth(() => tf.dispose(layer.apply(x) as tf.Tensor))).toBe(0);
    expect(() => layer.apply([tf.zeros([2, 3, 4]), tf.zeros([2, 4, 5])])).toThrow(/m\.call: argument 'inputs\[1\]' has shape \[2, 4, 5\] but expected \[2, 3, dRaw\]/);
    expect(() => new ZeroTokenMask({ name: 'n' }).apply(tf.zeros([2, 3, 4]))).toThrow(/n\.build: inputs must be \[tokens, raw\]/);
    expect(() => new ZeroTokenMask({ name: 'k' }).apply([tf.input({ shape: [3, 4] }), tf.input({ shape: [5, 4] })])).toThrow(/k\.build: argument 'inputs\[1\]' has shape \[-1, 5, 4\] but expected \[batch, 3, dRaw\]/);
    expect(() => new ZeroTokenMask(null as never)).toThrow(/ZeroTokenMask: argument 'config' must be an object, got null/);
  });
});
