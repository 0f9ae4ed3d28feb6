import * as tf from '@tensorflow/tfjs';
import { describe, expect, test } from 'vitest';
import { type Matrix, matMul, maxAbsDiff, randomMatrix, seededRandom, softmaxRow } from '../test/plain.js';
import { saveAndLoad, tensorGrowth } from '../test/round-trip.js';
import { AdditiveAttention } from './additive-attention.js';

/** Plain Bahdanau attention for one batch item. */
function plainAdditive(q: Matrix, k: Matrix, v: Matrix, wq: Matrix, wk: Matrix, vec: number[], bias: number[], keep: (i: number, j: number) => boolean) {
  const Q = matMul(q, wq);
  const K = matMul(k, wk);
  const weights = Q.map((qi, i) =>
    softmaxRow(K.map((kj) => vec.reduce((s, vu, u) => s + vu * Math.tanh(qi[u]! + kj[u]! + bias[u]!), 0)), K.map((_, j) => keep(i, j))),
  );
  return { weights, output: matMul(weights, v) };
}

describe('AdditiveAttention', () => {
  test('matches a plain Bahdanau attention with a padding mask on the keys', async () => {
    const next = seededRandom(21);
    const q = [randomMatrix(2, 3, next), randomMatrix(2, 3, next)];
    const enc = [randomMatrix(4, 5, next), randomMatrix(4, 5, next)];
    const layer = new AdditiveAttention({ units: 6 });
    const inputs = [tf.tensor3d(q), tf.tensor3d(enc)];
    layer.apply(inputs);
    const wq = randomMatrix(3, 6, next), wk = randomMatrix(5, 6, next), vec = randomMatrix(1, 6, next)[0]!, bias = randomMatrix(1, 6, next)[0]!;
    layer.setWeights([tf.tensor(wq), tf.tensor(wk), tf.tensor(vec), tf.tensor(bias)]);
    const valueMask = [[1, 1, 1, 1], [1, 1, 0, 0]];
    const y = layer.apply(inputs, { mask: [tf.ones([2, 2]), tf.tensor2d(valueMask)] }) as tf.Tensor;
    expect(y.shape).toEqual([2, 2, 5]);
    const got = (await y.array()) as number[][][];
    const gotW = (await layer.lastAttentionWeights!.array()) as number[][][];
    for (let b = 0; b < 2; b++) {
      const ref = plainAdditive(q[b]!, enc[b]!, enc[b]!, wq, wk, vec, bias, (_, j) => valueMask[b]![j] === 1);
      expect(maxAbsDiff(got[b], ref.output)).toBeLessThan(1e-5);
      expect(maxAbsDiff(gotW[b], ref.weights)).toBeLessThan(1e-6);
    }
  });

  test('a single decoder state [batch, dQuery] gives [batch, dValue] and weights [batch, seqLenK] summing to 1', async () => {
    const layer = new AdditiveAttention({ units: 4, useBias: false });
    const y = layer.apply([tf.randomNormal([3, 2]), tf.randomNormal([3, 5, 7])]) as tf.Tensor;
    expect(y.shape).toEqual([3, 7]);
    expect(layer.computeOutputShape([[null, 2], [null, 5, 7]])).toEqual([null, 7]);
    const w = (await layer.lastAttentionWeights!.array()) as number[][];
    expect(w.length).toBe(3);
    for (const row of w) expect(row.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 5);
  });

  test('useCausalMask zeroes the weights above the diagonal', async () => {
    const layer = new AdditiveAttention({ units: 3, useCausalMask: true });
    const x = tf.randomNormal([1, 4, 2]);
    layer.apply([x, x]);
    const w = (await layer.lastAttentionWeights!.array()) as number[][][];
    w[0]!.forEach((row, i) => row.forEach((p, j) => (j > i ? expect(p).toBe(0) : expect(p).toBeGreaterThan(0))));
  });

  test('getConfig/fromConfig and save/load through tf.model give identical outputs', async () => {
    const layer = new AdditiveAttention({ units: 5, seed: 4, name: 'bahdanau' });
    expect(new AdditiveAttention(layer.getConfig() as never).getConfig()).toEqual(layer.getConfig());
    const dec = tf.input({ shape: [3] });
    const enc = tf.input({ shape: [6, 4] });
    const model = tf.model({ inputs: [dec, enc], outputs: layer.apply([dec, enc]) as tf.SymbolicTensor });
    const loaded = await saveAndLoad(model);
    expect(loaded.getLayer('bahdanau')).toBeInstanceOf(AdditiveAttention);
    const xs = [tf.randomNormal([2, 3]), tf.randomNormal([2, 6, 4])];
    expect(maxAbsDiff(await (model.predict(xs) as tf.Tensor).array(), await (loaded.predict(xs) as tf.Tensor).array())).toBe(0);
  });

  test('leaks no tensors across calls, and training a few steps lowers the loss', async () => {
    const layer = new AdditiveAttention({ units: 4, seed: 1 });
    const q = tf.randomNormal([4, 3, 2], 0, 1, 'float32', 1);
    const v = tf.randomNormal([4, 5, 2], 0, 1, 'float32', 2);
    expect(tensorGrowth(() => tf.dispose(layer.apply([q, v]) as tf.Tensor))).toBe(0);
    const target = tf.randomNormal([4, 3, 2], 0, 0.5, 'float32', 3);
    const opt = tf.train.adam(0.1);
    const loss = () => tf.losses.meanSquaredError(target, layer.apply([q, v]) as tf.Tensor) as tf.Scalar;
    const first = tf.tidy(() => loss().dataSync()[0]!);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) tf.dispose(opt.minimize(loss, true)!);
    expect(tf.memory().numTensors - before).toBeLessThanOrEqual(layer.trainableWeights.length * 2); // adam's moment slots
    expect(tf.tidy(() => loss().dataSync()[0]!)).toBeLessThan(first);
  });

  test('rejects a bare tensor and a bad query rank with errors naming the layer', () => {
    const layer = new AdditiveAttention({ units: 2 });
    expect(() => layer.apply(tf.zeros([1, 2, 3]))).toThrow(/AdditiveAttention: inputs must be a list/);
    expect(() => new AdditiveAttention({ units: 0 })).toThrow(/AdditiveAttention: argument 'config.units' must be an integer >= 1, got 0/);
  });
  test('keyMaskInput: the last input (e.g. source ids) masks keys whose entry is 0, in a functional model and after a save/load', async () => {
    const query = tf.input({ shape: [2, 3] });
    const value = tf.input({ shape: [4, 3] });
    const ids = tf.input({ shape: [4] });
    const layer = new AdditiveAttention({ units: 2, seed: 1, keyMaskInput: true, name: 'attn' });
    const model = tf.model({ inputs: [query, value, ids], outputs: layer.apply([query, value, ids]) as tf.SymbolicTensor });
    const next = seededRandom(5);
    const x = [tf.tensor3d([randomMatrix(2, 3, next)]), tf.tensor3d([randomMatrix(4, 3, next)]), tf.tensor2d([[7, 9, 0, 0]])];
    tf.dispose(model.predict(x));
    const w = (await layer.lastAttentionWeights!.array()) as number[][][];
    for (const row of w[0]!) {
      expect(row[2]).toBe(0);
      expect(row[3]).toBe(0);
      expect(row[0]! + row[1]!).toBeCloseTo(1, 6);
    }
    const loaded = await saveAndLoad(model);
    expect((loaded.getLayer('attn') as AdditiveAttention).keyMaskInput).toBe(true);
    expect(maxAbsDiff(await (model.predict(x) as tf.Tensor).array(), await (loaded.predict(x) as tf.Tensor).array())).toBe(0);
    expect(() => new AdditiveAttention({ units: 2, keyMaskInput: true }).apply([tf.zeros([1, 2, 3]), tf.zeros([1, 4, 3]), tf.zeros([1, 3])])).toThrow(/keyMask/);
  });
});
