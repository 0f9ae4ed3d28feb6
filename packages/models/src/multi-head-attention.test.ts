import * as tf from '@tensorflow/tfjs';
import { describe, expect, test } from 'vitest';
import { plainMha, randomMatrix, seededRandom, maxAbsDiff, type Matrix } from '../test/plain.js';
import { saveAndLoad, tensorGrowth } from '../test/round-trip.js';
import { MultiHeadAttention } from './multi-head-attention.js';

const T = (x: Matrix[]) => tf.tensor3d(x);

/** Builds the layer on the given inputs and sets seeded weights; returns the weights as plain matrices. */
function withSeededWeights(layer: MultiHeadAttention, inputs: tf.Tensor | tf.Tensor[], seed: number) {
  layer.apply(inputs);
  const next = seededRandom(seed, 0.7);
  const values = layer.getWeights().map((w) => (w.rank === 2 ? randomMatrix(w.shape[0]!, w.shape[1]!, next) : Array.from({ length: w.shape[0]! }, next)));
  layer.setWeights(values.map((v) => tf.tensor(v)));
  const names = layer.weights.map((w) => w.originalName.split('/').slice(-2).join('/'));
  const get = (n: string) => values[names.indexOf(n)];
  return {
    wq: get('query/kernel') as Matrix, wk: get('key/kernel') as Matrix, wv: get('value/kernel') as Matrix, wo: get('output/kernel') as Matrix,
    bq: get('query/bias') as number[] | undefined, bk: get('key/bias') as number[] | undefined,
    bv: get('value/bias') as number[] | undefined, bo: get('output/bias') as number[] | undefined,
  };
}

describe('MultiHeadAttention', () => {
  test('apply(x) is self-attention: [2, 5, 8] gives [2, 5, 8] and weights [2, 2, 5, 5]', () => {
    const mha = new MultiHeadAttention({ numHeads: 2, keyDim: 3 });
    const y = mha.apply(tf.randomNormal([2, 5, 8])) as tf.Tensor;
    expect(y.shape).toEqual([2, 5, 8]);
    expect(y.dtype).toBe('float32');
    expect(mha.lastAttentionWeights!.shape).toEqual([2, 2, 5, 5]);
    expect(mha.weights.map((w) => w.shape)).toEqual([[8, 6], [6], [8, 6], [6], [8, 6], [6], [6, 8], [8]]);
  });

  test('apply([query, value, key]) with valueDim and outputShape gives [batch, seqLenQ, outputShape]', () => {
    const mha = new MultiHeadAttention({ numHeads: 3, keyDim: 2, valueDim: 4, outputShape: 7, useBias: false });
    const y = mha.apply([tf.randomNormal([2, 3, 8]), tf.randomNormal([2, 6, 4]), tf.randomNormal([2, 6, 5])]) as tf.Tensor;
    expect(y.shape).toEqual([2, 3, 7]);
    expect(mha.lastAttentionWeights!.shape).toEqual([2, 3, 3, 6]);
    expect(mha.weights.map((w) => w.shape)).toEqual([[8, 6], [5, 6], [4, 12], [12, 7]]);
    expect(mha.computeOutputShape([[null, 3, 8], [null, 6, 4], [null, 6, 5]])).toEqual([null, 3, 7]);
  });

  test('matches a plain float64 multi-head attention (cross-attention, biases, causal + explicit mask)', async () => {
    const next = seededRandom(11);
    const q = [randomMatrix(3, 4, next), randomMatrix(3, 4, next)];
    const v = [randomMatrix(4, 5, next), randomMatrix(4, 5, next)];
    const k = [randomMatrix(4, 6, next), randomMatrix(4, 6, next)];
    const mha = new MultiHeadAttention({ numHeads: 2, keyDim: 3, valueDim: 2, outputShape: 5 });
    const inputs = [T(q), T(v), T(k)];
    const w = withSeededWeights(mha, inputs, 5);
    // Batch 1 may not see key 3; causal: query i sees keys j <= i.
    const explicit = [[[1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1]], [[1, 1, 1, 0], [1, 1, 1, 0], [1, 1, 1, 0]]];
    const y = mha.apply(inputs, { attentionMask: tf.tensor3d(explicit), useCausalMask: true }) as tf.Tensor;
    for (let b = 0; b < 2; b++) {
      const ref = plainMha(q[b]!, k[b]!, v[b]!, w, 2, (i, j) => j <= i && explicit[b]![i]![j] === 1);
      const got = (await y.array()) as number[][][];
      const gotW = (await mha.lastAttentionWeights!.array()) as number[][][][];
      expect(maxAbsDiff(got[b], ref.output)).toBeLessThan(1e-5);
      expect(maxAbsDiff(gotW[b], ref.weights)).toBeLessThan(1e-6);
    }
  });

  test('weight rows sum to 1; causal weights vanish above the diagonal; padded keys get 0', async () => {
    const mha = new MultiHeadAttention({ numHeads: 2, keyDim: 4 });
    const x = tf.randomNormal([2, 5, 8]);
    const keep = tf.tensor2d([[1, 1, 1, 1, 1], [1, 1, 1, 0, 0]]); // padding mask [batch, seqLen]
    mha.apply(x, { mask: keep, useCausalMask: true });
    const w = (await mha.lastAttentionWeights!.array()) as number[][][][];
    for (let b = 0; b < 2; b++) {
      for (let h = 0; h < 2; h++) {
        for (let i = 0; i < 5; i++) {
          const row = w[b]![h]![i]!;
          const queryKept = b === 0 || i < 3;
          expect(row.reduce((s, p) => s + p, 0)).toBeCloseTo(queryKept ? 1 : 0, 5);
          row.forEach((p, j) => {
            if (j > i || (b === 1 && j >= 3)) expect(p).toBe(0);
          });
        }
      }
    }
  });

  test('useCausalMask in the config applies when no call argument is given', async () => {
    const mha = new MultiHeadAttention({ numHeads: 1, keyDim: 2, useCausalMask: true });
    mha.apply(tf.randomNormal([1, 4, 3]));
    const w = (await mha.lastAttentionWeights!.array()) as number[][][][];
    expect(w[0]![0]![0]!.slice(1)).toEqual([0, 0, 0]);
    mha.apply(tf.randomNormal([1, 4, 3]), { useCausalMask: false });
    const w2 = (await mha.lastAttentionWeights!.array()) as number[][][][];
    expect(w2[0]![0]![0]![3]).toBeGreaterThan(0);
  });

  test('dropout changes the output only while training; the recorded weights are pre-dropout', async () => {
    const mha = new MultiHeadAttention({ numHeads: 2, keyDim: 4, dropout: 0.5, seed: 1 });
    const x = tf.randomNormal([1, 6, 8]);
    const a = (await (mha.apply(x) as tf.Tensor).array()) as number[][][];
    const wA = await mha.lastAttentionWeights!.array();
    const b = (await (mha.apply(x, { training: true }) as tf.Tensor).array()) as number[][][];
    const wB = await mha.lastAttentionWeights!.array();
    expect(maxAbsDiff(a, b)).toBeGreaterThan(1e-3);
    expect(maxAbsDiff(wA, wB)).toBeLessThan(1e-6);
  });

  test('getConfig/fromConfig round trip gives the same config', () => {
    const mha = new MultiHeadAttention({ numHeads: 3, keyDim: 5, valueDim: 2, dropout: 0.1, useBias: false, outputShape: 9, useCausalMask: true, seed: 7, name: 'mha_x' });
    const config = mha.getConfig();
    const copy = tf.serialization.SerializationMap.getMap().classNameMap['AttentionLab>MultiHeadAttention']![1](MultiHeadAttention as never, config) as MultiHeadAttention;
    expect(copy).toBeInstanceOf(MultiHeadAttention);
    expect(copy.getConfig()).toEqual(config);
    expect(config).toMatchObject({ numHeads: 3, keyDim: 5, valueDim: 2, dropout: 0.1, useBias: false, outputShape: 9, useCausalMask: true, seed: 7, name: 'mha_x' });
  });

  test('a tf.model with cross-attention saves and loads with identical outputs', async () => {
    const q = tf.input({ shape: [3, 4] });
    const v = tf.input({ shape: [5, 6] });
    const mha = new MultiHeadAttention({ numHeads: 2, keyDim: 3, useCausalMask: true });
    const model = tf.model({ inputs: [q, v], outputs: mha.apply([q, v]) as tf.SymbolicTensor });
    const loaded = await saveAndLoad(model);
    expect(loaded.layers[2]).toBeInstanceOf(MultiHeadAttention);
    const xs = [tf.randomNormal([2, 3, 4]), tf.randomNormal([2, 5, 6])];
    const a = model.predict(xs) as tf.Tensor;
    const b = loaded.predict(xs) as tf.Tensor;
    expect(maxAbsDiff(await a.array(), await b.array())).toBe(0);
  });

  test('a tf.sequential self-attention model saves and loads with identical outputs', async () => {
    const model = tf.sequential({ layers: [new MultiHeadAttention({ numHeads: 2, keyDim: 2, inputShape: [4, 6] }), tf.layers.dense({ units: 3 })] });
    const loaded = await saveAndLoad(model);
    const x = tf.randomNormal([3, 4, 6]);
    expect(maxAbsDiff(await (model.predict(x) as tf.Tensor).array(), await (loaded.predict(x) as tf.Tensor).array())).toBe(0);
  });

  test('repeated calls leak no tensors; dispose() frees the kept weights', () => {
    const mha = new MultiHeadAttention({ numHeads: 2, keyDim: 2 });
    const x = tf.randomNormal([1, 4, 6]);
    const mask = tf.tensor2d([[1, 1, 1, 0]]);
    expect(tensorGrowth(() => tf.dispose(mha.apply(x, { mask, useCausalMask: true }) as tf.Tensor))).toBe(0);
    const before = tf.memory().numTensors;
    mha.dispose();
    expect(tf.memory().numTensors).toBe(before - 1 - 8); // the kept weights and 8 variables
  });

  test('fit reduces the loss of a copy task and leaks no tensors across epochs', async () => {
    const input = tf.input({ shape: [4, 3] });
    const mha = new MultiHeadAttention({ numHeads: 1, keyDim: 4, seed: 3 });
    const model = tf.model({ inputs: input, outputs: mha.apply(input) as tf.SymbolicTensor });
    model.compile({ optimizer: tf.train.adam(0.05), loss: 'meanSquaredError' });
    const x = tf.randomNormal([8, 4, 3], 0, 1, 'float32', 2);
    const first = (await model.fit(x, x, { epochs: 1, verbose: 0 })).history['loss']![0] as number;
    const before = tf.memory().numTensors;
    const h = await model.fit(x, x, { epochs: 15, verbose: 0 });
    expect(tf.memory().numTensors).toBe(before);
    expect(h.history['loss']!.at(-1) as number).toBeLessThan(first * 0.7);
  });

  test('rejects a bad config and a bad input rank with errors naming the layer', () => {
    expect(() => new MultiHeadAttention({ numHeads: 0, keyDim: 2 })).toThrow(/MultiHeadAttention: argument 'config.numHeads' must be an integer >= 1, got 0/);
    expect(() => new MultiHeadAttention({ numHeads: 1, keyDim: 2, dropout: 1 })).toThrow(/'config.dropout' must be a finite number in \[0, 1\), got 1/);
    const mha = new MultiHeadAttention({ numHeads: 1, keyDim: 2 });
    expect(() => mha.apply(tf.zeros([4, 3]))).toThrow(/query.*\[4, 3\].*\[batch, seqLen, d\]/);
  });

  test("MultiHeadAttention({ useCausalMask: 'false' }) and other options of the wrong type throw instead of being read as truthy", () => {
    const make = (extra: Record<string, unknown>) => () => new MultiHeadAttention({ numHeads: 1, keyDim: 2, ...extra } as never);
    expect(make({ useCausalMask: 'false' })).toThrow(/^MultiHeadAttention: argument 'config.useCausalMask' must be a boolean, got "false"/);
    expect(make({ useBias: 'no' })).toThrow(/^MultiHeadAttention: argument 'config.useBias' must be a boolean, got "no"/);
    expect(make({ seed: 'abc' })).toThrow(/^MultiHeadAttention: argument 'config.seed' must be an integer >= 0, got "abc"/);
    expect(make({ seed: 1.5 })).toThrow(/'config.seed' must be an integer >= 0, got 1.5/);
    expect(make({ keyDim: 2.5 })).toThrow(/'config.keyDim' must be an integer >= 1, got 2.5/);
    expect(make({ useCausalMask: null, useBias: undefined })).not.toThrow(); // null and undefined mean "the default"
  });

  test("MultiHeadAttention.apply(x, { useCausalMask: 'false' }) throws instead of masking", () => {
    const mha = new MultiHeadAttention({ numHeads: 1, keyDim: 2, name: 'm' });
    const x = tf.ones([1, 3, 2]);
    mha.apply(x); // build
    const before = tf.memory().numTensors;
    expect(() => mha.apply(x, { useCausalMask: 'false' as unknown as boolean })).toThrow(/^m\.call: argument 'kwargs.useCausalMask' must be a boolean, got "false"/);
    expect(tf.memory().numTensors).toBe(before);
    mha.dispose();
    x.dispose();
  });
});
