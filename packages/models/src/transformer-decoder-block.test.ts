import * as tf from '@tensorflow/tfjs';
import { describe, expect, test } from 'vitest';
import { type Matrix, addMatrices, maxAbsDiff, plainFeedForward, plainLayerNorm, plainMha, randomMatrix, seededRandom } from '../test/plain.js';
import { saveAndLoad, tensorGrowth } from '../test/round-trip.js';
import { setSeededWeights } from '../test/seeded-weights.js';
import { TransformerDecoderBlock } from './transformer-decoder-block.js';

type W = Record<string, number[] & number[][]>;
const mhaWeights = (w: W, p: string) => ({
  wq: w[`${p}/query/kernel`]!, wk: w[`${p}/key/kernel`]!, wv: w[`${p}/value/kernel`]!, wo: w[`${p}/output/kernel`]!,
  bq: w[`${p}/query/bias`], bk: w[`${p}/key/bias`], bv: w[`${p}/value/bias`], bo: w[`${p}/output/bias`],
});

/** The post-LN decoder block for one sequence; encKeep[j] says whether encoder position j is a token. */
function plainDecoder(x: Matrix, enc: Matrix, w: W, heads: number, encKeep: boolean[]) {
  const ln = (t: Matrix, n: string) => plainLayerNorm(t, w[`${n}/gamma`]!, w[`${n}/beta`]!, 1e-5);
  const self = plainMha(x, x, x, mhaWeights(w, 'self'), heads, (i, j) => j <= i);
  const h1 = ln(addMatrices(x, self.output), 'selfNorm');
  const cross = plainMha(h1, enc, enc, mhaWeights(w, 'cross'), heads, (_, j) => encKeep[j]!);
  const h2 = ln(addMatrices(h1, cross.output), 'crossNorm');
  const ffn = plainFeedForward(h2, w['ffn/inner/kernel']!, w['ffn/inner/bias']!, w['ffn/outer/kernel']!, w['ffn/outer/bias']!, 'relu');
  return { output: ln(addMatrices(h2, ffn), 'ffnNorm'), self: self.weights, cross: cross.weights };
}

describe('TransformerDecoderBlock', () => {
  test('matches a plain decoder block: causal self-attention, cross-attention with an encoder mask input', async () => {
    const next = seededRandom(41);
    const x = [randomMatrix(3, 4, next), randomMatrix(3, 4, next)];
    const enc = [randomMatrix(5, 6, next), randomMatrix(5, 6, next)];
    const encMask = [[1, 1, 1, 1, 1], [1, 1, 0, 0, 0]];
    const block = new TransformerDecoderBlock({ numHeads: 2, ffDim: 7 });
    const inputs = [tf.tensor3d(x), tf.tensor3d(enc), tf.tensor2d(encMask)];
    block.apply(inputs);
    const w = setSeededWeights(block, 3);
    const y = block.apply(inputs) as tf.Tensor;
    expect(y.shape).toEqual([2, 3, 4]);
    expect(block.lastSelfAttentionWeights!.shape).toEqual([2, 2, 3, 3]);
    expect(block.lastCrossAttentionWeights!.shape).toEqual([2, 2, 3, 5]);
    const got = (await y.array()) as number[][][];
    const self = (await block.lastSelfAttentionWeights!.array()) as number[][][][];
    const cross = (await block.lastCrossAttentionWeights!.array()) as number[][][][];
    for (let b = 0; b < 2; b++) {
      const ref = plainDecoder(x[b]!, enc[b]!, w, 2, encMask[b]!.map((m) => m === 1));
      expect(maxAbsDiff(got[b], ref.output)).toBeLessThan(1e-4);
      expect(maxAbsDiff(self[b], ref.self)).toBeLessThan(1e-5);
      expect(maxAbsDiff(cross[b], ref.cross)).toBeLessThan(1e-5);
    }
  });

  test('pre-LN decoder output is finite, rows sum to 1, cross weights skip padded encoder steps', async () => {
    const block = new TransformerDecoderBlock({ numHeads: 1, ffDim: 4, normFirst: true, activation: 'gelu' });
    block.apply([tf.randomNormal([1, 3, 2]), tf.randomNormal([1, 4, 3])], { mask: [tf.ones([1, 3]), tf.tensor2d([[1, 1, 1, 0]])] });
    const cross = (await block.lastCrossAttentionWeights!.array()) as number[][][][];
    for (const row of cross[0]![0]!) {
      expect(row[3]).toBe(0);
      expect(row.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 5);
    }
  });

  test('getConfig/fromConfig and save/load of an encoder-decoder tf.model give identical outputs', async () => {
    const block = new TransformerDecoderBlock({ numHeads: 2, ffDim: 6, dropout: 0.2, seed: 9, name: 'dec' });
    expect(new TransformerDecoderBlock(block.getConfig() as never).getConfig()).toEqual(block.getConfig());
    const dec = tf.input({ shape: [3, 4] });
    const enc = tf.input({ shape: [5, 4] });
    const encMask = tf.input({ shape: [5] });
    const model = tf.model({ inputs: [dec, enc, encMask], outputs: block.apply([dec, enc, encMask]) as tf.SymbolicTensor });
    const loaded = await saveAndLoad(model);
    expect(loaded.getLayer('dec')).toBeInstanceOf(TransformerDecoderBlock);
    const xs = [tf.randomNormal([2, 3, 4]), tf.randomNormal([2, 5, 4]), tf.tensor2d([[1, 1, 1, 0, 0], [1, 1, 1, 1, 1]])];
    expect(maxAbsDiff(await (model.predict(xs) as tf.Tensor).array(), await (loaded.predict(xs) as tf.Tensor).array())).toBe(0);
  });

  test('training steps lower the loss; calls and steps leak no tensors', async () => {
    const block = new TransformerDecoderBlock({ numHeads: 2, ffDim: 8, seed: 1 });
    const x = tf.randomNormal([4, 3, 4], 0, 1, 'float32', 1);
    const enc = tf.randomNormal([4, 5, 4], 0, 1, 'float32', 2);
    const target = tf.randomNormal([4, 3, 4], 0, 1, 'float32', 3);
    expect(tensorGrowth(() => tf.dispose(block.apply([x, enc]) as tf.Tensor))).toBe(0);
    const opt = tf.train.sgd(0.1);
    const loss = () => tf.losses.meanSquaredError(target, block.apply([x, enc]) as tf.Tensor) as tf.Scalar;
    const first = tf.tidy(() => loss().dataSync()[0]!);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 15; i++) tf.dispose(opt.minimize(loss, true)!);
    expect(tf.memory().numTensors).toBe(before);
    expect(tf.tidy(() => loss().dataSync()[0]!)).toBeLessThan(first);
  });

  test('rejects a bare tensor and a mismatched encoder mask, naming the layer', () => {
    const block = new TransformerDecoderBlock({ numHeads: 1, ffDim: 2, name: 'd1' });
    expect(() => block.apply(tf.zeros([1, 2, 2]))).toThrow(/TransformerDecoderBlock: inputs must be a list/);
    expect(() => block.apply([tf.zeros([1, 2, 2]), tf.zeros([1, 3, 2]), tf.zeros([1, 4])])).toThrow(/d1\.call: argument 'encoderMask' has shape \[1, 4\]/);
  });
});
