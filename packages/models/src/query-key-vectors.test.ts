import * as tf from '@tensorflow/tfjs';
import { describe, expect, test } from 'vitest';
import { queryKeyVectors } from './query-key-vectors.js';
import { type TransformerEncoderBlock } from './transformer-encoder-block.js';
import { transformerLanguageModel } from './transformer-language-model.js';

const ids = [3, 7, 1, 4, 4, 9, 0, 0];
const LENGTH = 6;

/** softmax(scale * q_i . k_j) over j <= i, in float64: the attention row of query i. */
function rowFromVectors(v: Awaited<ReturnType<typeof queryKeyVectors>>, i: number): number[] {
  const scores = Array.from({ length: i + 1 }, (_, j) => {
    let dot = 0;
    for (let d = 0; d < v.dHead; d++) dot += v.queries[i * v.dHead + d]! * v.keys[j * v.dHead + d]!;
    return dot * v.scale;
  });
  const max = Math.max(...scores);
  const e = scores.map((s) => Math.exp(s - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / sum);
}

describe('queryKeyVectors', () => {
  for (const [normFirst, keyShift, queryShift] of [[true, false, false], [false, false, false], [true, true, false], [false, true, false], [true, false, true], [true, true, true]] as const) {
    test(`queryKeyVectors gives the q and k whose scaled softmax is the block's own attention (normFirst ${normFirst}, keyShift ${keyShift}, queryShift ${queryShift})`, async () => {
      const model = transformerLanguageModel({ vocabSize: 10, seqLen: 8, dModel: 12, numBlocks: 2, numHeads: 3, normFirst, keyShift, queryShift, seed: 4 });
      // A shift starts at zero, which would hide a wrong recomputation: give every channel its own mix.
      for (const w of model.weights.filter((v) => v.originalName.endsWith('attention/keyShift'))) w.write(tf.linspace(-0.5, 1.5, 12));
      for (const w of model.weights.filter((v) => v.originalName.endsWith('attention/queryShift'))) w.write(tf.linspace(1.2, -0.3, 12));
      const probs = model.predict(tf.tensor2d([ids], [1, 8], 'int32')) as tf.Tensor;
      probs.dispose();
      for (const blockName of ['block_1', 'block_2']) {
        const block = model.getLayer(blockName) as TransformerEncoderBlock;
        const weights = (await block.lastAttentionWeights!.array()) as number[][][][]; // [1, heads, seqLen, seqLen]
        for (const head of [0, 2]) {
          const v = await queryKeyVectors(model, ids, { block: blockName, head, length: LENGTH });
          expect([v.queries.length, v.keys.length, v.dHead, v.length, v.causal]).toEqual([LENGTH * 4, LENGTH * 4, 4, LENGTH, true]);
          expect(v.scale).toBeCloseTo(0.5, 12);
          for (let i = 0; i < LENGTH; i++) {
            const mine = rowFromVectors(v, i);
            mine.forEach((p, j) => expect(Math.abs(p - weights[0]![head]![i]![j]!)).toBeLessThan(2e-5));
          }
        }
      }
    });
  }

  test('queryKeyVectors leaks no tensor', async () => {
    const model = transformerLanguageModel({ vocabSize: 10, seqLen: 8, dModel: 8, numBlocks: 1, numHeads: 2, normFirst: true });
    await queryKeyVectors(model, ids, { block: 'block_1', head: 1 });
    const before = tf.memory().numTensors;
    await queryKeyVectors(model, ids, { block: 'block_1', head: 1 });
    expect(tf.memory().numTensors).toBe(before);
  });

  test('queryKeyVectors names the argument it rejects', async () => {
    const model = transformerLanguageModel({ vocabSize: 10, seqLen: 8, dModel: 8, numBlocks: 1, numHeads: 2 });
    const call = (i: unknown, o: unknown) => queryKeyVectors(model, i as number[], o as { block: string; head: number });
    await expect(call(ids, { block: 'block_9', head: 0 })).rejects.toThrow(/queryKeyVectors: argument 'options.block' must name a TransformerEncoderBlock of the model \('block_1'\), got "block_9"/);
    await expect(call(ids, { block: 'block_1', head: 2 })).rejects.toThrow(/argument 'options.head' must be in \[0, 2\) for block_1, got 2/);
    await expect(call(ids, { block: 'block_1', head: 0.5 })).rejects.toThrow(/queryKeyVectors: argument 'options.head'/);
    await expect(call([1, 2, 3], { block: 'block_1', head: 0 })).rejects.toThrow(/queryKeyVectors: argument 'ids' has shape \[3\] but expected \[seqLen\] = \[8\]/);
    await expect(call(ids, { block: 'block_1', head: 0, length: 9 })).rejects.toThrow(/'options.length' must be at most seqLen = 8, got 9/);
    await expect(call(ids, null)).rejects.toThrow(/argument 'options' must be an object/);
    await expect(queryKeyVectors(null as unknown as tf.LayersModel, ids, { block: 'block_1', head: 0 })).rejects.toThrow(/argument 'model' must be a tf.LayersModel/);
  });
});
