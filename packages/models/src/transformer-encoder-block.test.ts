import * as tf from '@tensorflow/tfjs';
import { describe, expect, test } from 'vitest';
import { type Matrix, addMatrices, maxAbsDiff, plainFeedForward, plainLayerNorm, plainMha, randomMatrix, seededRandom } from '../test/plain.js';
import { saveAndLoad, tensorGrowth } from '../test/round-trip.js';
import { setSeededWeights } from '../test/seeded-weights.js';
import { TransformerEncoderBlock } from './transformer-encoder-block.js';

type W = Record<string, number[] & number[][]>;
const mhaWeights = (w: W, p: string) => ({
  wq: w[`${p}/query/kernel`]!, wk: w[`${p}/key/kernel`]!, wv: w[`${p}/value/kernel`]!, wo: w[`${p}/output/kernel`]!,
  bq: w[`${p}/query/bias`], bk: w[`${p}/key/bias`], bv: w[`${p}/value/bias`], bo: w[`${p}/output/bias`],
});

/** The encoder block for one sequence, post-LN or pre-LN. */
function plainEncoder(x: Matrix, w: W, heads: number, normFirst: boolean, activation: 'relu' | 'gelu', keep: (i: number, j: number) => boolean, finalNorm = false) {
  const ln = (t: Matrix, n: string) => plainLayerNorm(t, w[`${n}/gamma`]!, w[`${n}/beta`]!, 1e-5);
  const mha = (t: Matrix) => plainMha(t, t, t, mhaWeights(w, 'attention'), heads, keep);
  const ffn = (t: Matrix) => plainFeedForward(t, w['ffn/inner/kernel']!, w['ffn/inner/bias']!, w['ffn/outer/kernel']!, w['ffn/outer/bias']!, activation);
  if (normFirst) {
    const a = mha(ln(x, 'attentionNorm'));
    const h = addMatrices(x, a.output);
    const out = addMatrices(h, ffn(ln(h, 'ffnNorm')));
    return { output: finalNorm ? ln(out, 'finalNorm') : out, weights: a.weights };
  }
  const a = mha(x);
  const h = ln(addMatrices(x, a.output), 'attentionNorm');
  return { output: ln(addMatrices(h, ffn(h)), 'ffnNorm'), weights: a.weights };
}

describe('TransformerEncoderBlock', () => {
  for (const [normFirst, activation, finalNorm] of [[false, 'relu', false], [true, 'gelu', false], [true, 'relu', true]] as const) {
    test(`matches a plain encoder block (normFirst ${normFirst}, ${activation}${finalNorm ? ', finalNorm' : ''}) with a padding mask`, async () => {
      const next = seededRandom(31);
      const x = [randomMatrix(4, 6, next), randomMatrix(4, 6, next)];
      const block = new TransformerEncoderBlock({ numHeads: 2, ffDim: 5, normFirst, activation, ...(finalNorm ? { finalNorm } : {}) });
      block.apply(tf.tensor3d(x));
      const w = setSeededWeights(block, 8);
      const keep = [[1, 1, 1, 1], [1, 1, 1, 0]];
      const y = block.apply(tf.tensor3d(x), { mask: tf.tensor2d(keep) }) as tf.Tensor;
      expect(y.shape).toEqual([2, 4, 6]);
      const got = (await y.array()) as number[][][];
      const gotW = (await block.lastAttentionWeights!.array()) as number[][][][];
      for (let b = 0; b < 2; b++) {
        const ref = plainEncoder(x[b]!, w, 2, normFirst, activation, (i, j) => keep[b]![i] === 1 && keep[b]![j] === 1, finalNorm);
        expect(maxAbsDiff(got[b], ref.output)).toBeLessThan(1e-4);
        expect(maxAbsDiff(gotW[b], ref.weights)).toBeLessThan(1e-5);
      }
    });
  }

  for (const shifts of [{ keyShift: true }, { queryShift: true }, { keyShift: true, queryShift: true }] as const) {
    test(`${Object.keys(shifts).join(' and ')}: projected rows mixed with the row before, per channel, as a plain pre-LN block computes them`, async () => {
      const next = seededRandom(47);
      const x = [randomMatrix(5, 6, next)];
      const block = new TransformerEncoderBlock({ numHeads: 2, ffDim: 5, normFirst: true, useCausalMask: true, ...shifts });
      block.apply(tf.tensor3d(x));
      const names = block.weights.map((w) => w.originalName);
      for (const which of ['keyShift', 'queryShift'] as const) expect(names.includes(`${block.name}/attention/${which}`)).toBe(which in shifts);
      const w = setSeededWeights(block, 9);
      const y = (await (block.apply(tf.tensor3d(x)) as tf.Tensor).array()) as number[][][];
      const gotW = (await block.lastAttentionWeights!.array()) as number[][][][];
      // The plain block: k_j = K_j + s * (K_{j-1} - K_j) with K = W_K n + b_K, n = layer norm of x, K_{-1} = 0 (queries alike).
      const n = plainLayerNorm(x[0]!, w['attentionNorm/gamma']!, w['attentionNorm/beta']!, 1e-5);
      const a = plainMha(n, n, n, mhaWeights(w, 'attention'), 2, (i, j) => j <= i, { key: w['attention/keyShift'], query: w['attention/queryShift'] });
      const h = addMatrices(x[0]!, a.output);
      const out = addMatrices(h, plainFeedForward(plainLayerNorm(h, w['ffnNorm/gamma']!, w['ffnNorm/beta']!, 1e-5), w['ffn/inner/kernel']!, w['ffn/inner/bias']!, w['ffn/outer/kernel']!, w['ffn/outer/bias']!, 'relu'));
      expect(maxAbsDiff(gotW[0], a.weights)).toBeLessThan(1e-5);
      expect(maxAbsDiff(y[0], out)).toBeLessThan(1e-4);
      // Training with dropout takes the same shifted path.
      const dropped = block.apply(tf.tensor3d(x), { training: true }) as tf.Tensor;
      expect(dropped.shape).toEqual([1, 5, 6]);
    });
  }

  for (const which of ['keyShift', 'queryShift'] as const) {
    test(`${which} starts at zero (the block starts as a plain one), needs useCausalMask and round-trips through getConfig`, async () => {
      expect(() => new TransformerEncoderBlock({ numHeads: 2, ffDim: 4, [which]: true })).toThrow(new RegExp(`TransformerEncoderBlock: config '${which}' needs 'useCausalMask'`));
      expect(() => new TransformerEncoderBlock({ numHeads: 2, ffDim: 4, useCausalMask: true, [which]: 1 as unknown as boolean })).toThrow(new RegExp(`argument 'config.${which}' must be a boolean, got 1`));
      const x = tf.randomNormal([2, 4, 6], 0, 1, 'float32', 3);
      const plain = new TransformerEncoderBlock({ numHeads: 2, ffDim: 4, normFirst: true, useCausalMask: true, seed: 2 });
      const shifted = new TransformerEncoderBlock({ numHeads: 2, ffDim: 4, normFirst: true, useCausalMask: true, [which]: true, seed: 2 });
      expect(maxAbsDiff(await (plain.apply(x) as tf.Tensor).array(), await (shifted.apply(x) as tf.Tensor).array())).toBeLessThan(1e-6);
      expect(shifted.getConfig()[which]).toBe(true);
      expect((TransformerEncoderBlock.fromConfig(TransformerEncoderBlock, shifted.getConfig()) as TransformerEncoderBlock)[which]).toBe(true);
      expect(plain.getConfig()[which]).toBeUndefined();
    });
  }

  test('finalNorm needs normFirst and must be a boolean; it round-trips through getConfig', () => {
    expect(() => new TransformerEncoderBlock({ numHeads: 2, ffDim: 4, finalNorm: true })).toThrow(/TransformerEncoderBlock: config 'finalNorm' needs 'normFirst'/);
    expect(() => new TransformerEncoderBlock({ numHeads: 2, ffDim: 4, normFirst: true, finalNorm: 'yes' as unknown as boolean })).toThrow(/argument 'config.finalNorm' must be a boolean, got "yes"/);
    const block = new TransformerEncoderBlock({ numHeads: 2, ffDim: 4, normFirst: true, finalNorm: true });
    expect(block.getConfig()['finalNorm']).toBe(true);
    expect((TransformerEncoderBlock.fromConfig(TransformerEncoderBlock, block.getConfig()) as TransformerEncoderBlock).finalNorm).toBe(true);
    expect(new TransformerEncoderBlock({ numHeads: 2, ffDim: 4 }).getConfig()['finalNorm']).toBeUndefined();
  });

  test('useCausalMask: weights vanish above the diagonal and rows sum to 1', async () => {
    const block = new TransformerEncoderBlock({ numHeads: 2, ffDim: 8, useCausalMask: true });
    block.apply(tf.randomNormal([1, 5, 4]));
    const w = (await block.lastAttentionWeights!.array()) as number[][][][];
    for (const head of w[0]!) head.forEach((row, i) => {
      expect(row.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 5);
      row.forEach((p, j) => j > i && expect(p).toBe(0));
    });
  });

  test('getConfig/fromConfig and save/load through a tf.model give identical outputs', async () => {
    const block = new TransformerEncoderBlock({ numHeads: 2, ffDim: 6, dropout: 0.1, activation: 'gelu', normFirst: true, useCausalMask: true, seed: 5, name: 'enc' });
    expect(new TransformerEncoderBlock(block.getConfig() as never).getConfig()).toEqual(block.getConfig());
    const input = tf.input({ shape: [3, 4] });
    const model = tf.model({ inputs: input, outputs: block.apply(input) as tf.SymbolicTensor });
    const loaded = await saveAndLoad(model);
    expect(loaded.getLayer('enc')).toBeInstanceOf(TransformerEncoderBlock);
    expect(loaded.getLayer('enc').weights.map((w) => w.originalName)).toEqual(block.weights.map((w) => w.originalName));
    const x = tf.randomNormal([2, 3, 4]);
    expect(maxAbsDiff(await (model.predict(x) as tf.Tensor).array(), await (loaded.predict(x) as tf.Tensor).array())).toBe(0);
  });

  test('fit lowers the loss of a tiny task and leaks no tensors across epochs or calls', async () => {
    const input = tf.input({ shape: [4, 4] });
    const block = new TransformerEncoderBlock({ numHeads: 2, ffDim: 8, dropout: 0.1, seed: 2 });
    const out = tf.layers.dense({ units: 1 }).apply(tf.layers.flatten().apply(block.apply(input))) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: out });
    model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });
    const x = tf.randomNormal([16, 4, 4], 0, 1, 'float32', 4);
    const y = x.sum([1, 2]).reshape([16, 1]).div(4);
    const first = (await model.fit(x, y, { epochs: 1, verbose: 0 })).history['loss']![0] as number;
    const before = tf.memory().numTensors;
    const h = await model.fit(x, y, { epochs: 20, verbose: 0 });
    expect(tf.memory().numTensors).toBe(before);
    expect(h.history['loss']!.at(-1) as number).toBeLessThan(first * 0.7);
    expect(tensorGrowth(() => tf.dispose(model.predict(x) as tf.Tensor))).toBe(0);
  });

  test('rejects a width not divisible by numHeads, naming the layer and the shape', () => {
    const block = new TransformerEncoderBlock({ numHeads: 3, ffDim: 4, name: 'b3' });
    expect(() => block.apply(tf.zeros([1, 2, 4]))).toThrow(/b3\.build: argument 'inputs' has shape \[1, 2, 4\] but expected \[batch, seqLen, dModel\] with dModel divisible by numHeads=3/);
    expect(() => new TransformerEncoderBlock({ numHeads: 1, ffDim: 4, activation: 'tanh' as never })).toThrow(/'config.activation' must be "relu" or "gelu", got "tanh"/);
  });
});
