// The subword recipe's start settings, written head by head into a fresh model.
import type * as tf from '@tensorflow/tfjs';
import { describe, expect, test } from 'vitest';
import { startHeads, subwordRecipe } from '../src/recipes/subword.js';
import { transformerLanguageModel } from '../src/transformer-language-model.js';

const fresh = () => transformerLanguageModel({ vocabSize: 12, seqLen: 6, dModel: 8, numBlocks: 2, numHeads: 4, normFirst: true, keyShift: true, queryShift: true, seed: 3 });
const read = async (model: tf.LayersModel, name: string) => {
  const w = model.weights.find((v) => v.originalName === name);
  if (!w) throw new Error(`no weight ${name}`);
  return (await w.read().array()) as number[] & number[][];
};

describe('subword recipe start', () => {
  test('marked heads start with keys equal to queries and their own shifts; the others keep their start', async () => {
    const model = fresh();
    const before = await read(model, 'block_2/attention/key/kernel');
    startHeads(model, { ...subwordRecipe.settings, keysStartAsQueries: [true, false, false, true], keyShiftStart: [1, 0.5, 0, 0], queryShiftStart: 0.25 });
    for (const block of ['block_1', 'block_2']) {
      const key = await read(model, `${block}/attention/key/kernel`);
      const query = await read(model, `${block}/attention/query/kernel`);
      const keyBias = await read(model, `${block}/attention/key/bias`);
      const queryBias = await read(model, `${block}/attention/query/bias`);
      // dModel 8 and 4 heads: head h owns columns 2h and 2h + 1.
      for (let row = 0; row < 8; row++) {
        for (const c of [0, 1, 6, 7]) expect(key[row]![c]).toBe(query[row]![c]);
      }
      for (const c of [0, 1, 6, 7]) expect(keyBias[c]).toBe(queryBias[c]);
      expect(await read(model, `${block}/attention/keyShift`)).toEqual([1, 1, 0.5, 0.5, 0, 0, 0, 0]);
      expect(await read(model, `${block}/attention/queryShift`)).toEqual(Array(8).fill(0.25));
    }
    const after = await read(model, 'block_2/attention/key/kernel');
    for (let row = 0; row < 8; row++) {
      for (const c of [2, 3, 4, 5]) expect(after[row]![c]).toBe(before[row]![c]);
    }
    const query = await read(model, 'block_2/attention/query/kernel');
    expect((after as number[][]).some((r, row) => r[2] !== query[row]![2])).toBe(true); // an unmarked head's key is its own
    model.dispose();
  });

  test('plainFirstBlock leaves block_1 as built', async () => {
    const model = fresh();
    const key = await read(model, 'block_1/attention/key/kernel');
    startHeads(model, { ...subwordRecipe.settings, keysStartAsQueries: true, keyShiftStart: 1, plainFirstBlock: true });
    expect(await read(model, 'block_1/attention/key/kernel')).toEqual(key);
    expect(await read(model, 'block_1/attention/keyShift')).toEqual(Array(8).fill(0));
    expect(await read(model, 'block_2/attention/keyShift')).toEqual(Array(8).fill(1));
    expect(await read(model, 'block_2/attention/key/kernel')).toEqual(await read(model, 'block_2/attention/query/kernel'));
    model.dispose();
  });

  test('a per-head list of the wrong length, or a start for a shift the model lacks, is refused', () => {
    const model = fresh();
    expect(() => startHeads(model, { ...subwordRecipe.settings, keyShiftStart: [1, 0] })).toThrow(/trainSubword: a per-head setting needs 4 values \(one per head\), got 2/);
    const plain = transformerLanguageModel({ vocabSize: 12, seqLen: 6, dModel: 8, numBlocks: 1, numHeads: 4, normFirst: true, keyShift: true });
    expect(() => startHeads(plain, { ...subwordRecipe.settings, queryShiftStart: 1 })).toThrow(/trainSubword: a start for 'attention\/queryShift' needs a model with that weight/);
    model.dispose();
    plain.dispose();
  });
});
