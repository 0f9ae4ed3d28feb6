import { keyRecallClassifier, recipe } from '@attention-lab/models';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { CliError } from './cli-error.js';
import { describeKeyRecall, encodeKeyRecall, keyRecallExample, keyRecallRecipe } from './key-recall-recipe.js';

// The token table, written out by hand from toySequenceTasks' documentation:
// 5 special tokens (<pad>, <unk>, <bos>, <eos>, <sep>), keys K0..K15, values V0..V15.
const id = (token: string, symbols = 16) => {
  if (token === '<sep>') return 4;
  const n = Number(token.slice(1));
  return token[0] === 'K' ? 5 + n : 5 + symbols + n;
};

describe('keyRecallRecipe', () => {
  it('encodeKeyRecall maps tokens to ids [1, 10] and accepts ? for <sep> and lower case', () => {
    const input = 'K1 V3 K4 V0 K2 V9 K7 V5 <sep> K4';
    const { x, tokens } = encodeKeyRecall(input.replace('<sep>', '?').toLowerCase());
    expect(x.shape).toEqual([1, 10]);
    expect(Array.from(x.dataSync())).toEqual(input.split(' ').map((t) => id(t)));
    expect(tokens).toEqual(input.split(' '));
    x.dispose();
  });

  it('encodeKeyRecall rejects an unknown token and a wrong length with a CliError', () => {
    expect(() => encodeKeyRecall('K1 V3 K4 V0 K2 V9 K7 Z5 <sep> K4')).toThrow(CliError);
    expect(() => encodeKeyRecall('K1 V3 K4 V0 K2 V9 K7 Z5 <sep> K4')).toThrow(/cannot encode 'Z5'/);
    expect(() => encodeKeyRecall('K1 V3 <sep> K1')).toThrow(/needs 10 tokens .* got 4/);
    expect(() => encodeKeyRecall('   ')).toThrow(/got 0/);
    expect(() => encodeKeyRecall('K1 V3 K4 V0 K2 V9 K7 V5 <sep> K16')).toThrow(/cannot encode 'K16'/);
  });

  it('encodeKeyRecall follows the task of the model: 2 pairs over 10 keys is 6 tokens, V9 is id 24', () => {
    const { x } = encodeKeyRecall('K1 V9 K2 V0 ? K1', { pairs: 2, symbols: 10 });
    expect(Array.from(x.dataSync())).toEqual([id('K1', 10), id('V9', 10), id('K2', 10), id('V0', 10), 4, id('K1', 10)]);
    expect(id('V9', 10)).toBe(24);
    x.dispose();
    expect(() => encodeKeyRecall('K1 V3 K4 V0 K2 V9 K7 V5 <sep> K4', { pairs: 2, symbols: 10 })).toThrow(/needs 6 tokens/);
  });

  it('describeKeyRecall names the most likely value and the value the input stores', () => {
    const probs = new Float32Array(37);
    probs[id('V0')] = 0.8;
    probs[id('V9')] = 0.2;
    const tokens = 'K1 V3 K4 V0 K2 V9 K7 V5 <sep> K4'.split(' ');
    expect(describeKeyRecall(probs, tokens)).toBe('V0 (p = 0.800); the input stores V0 under K4');
  });

  it('keyRecallExample writes 2 * pairs + 2 tokens with distinct keys, asking for the key of the second pair', () => {
    expect(keyRecallExample({ pairs: 4, symbols: 16 })).toBe('K1 V3 K4 V0 K2 V9 K7 V5 <sep> K4');
    const twelve = keyRecallExample({ pairs: 12, symbols: 16 }).split(' ');
    expect(twelve).toHaveLength(26);
    const keys = twelve.slice(0, 24).filter((_, i) => i % 2 === 0);
    expect(new Set(keys).size).toBe(12);
    expect(twelve.slice(-2)).toEqual(['<sep>', 'K4']);
    // Keys beyond the task's symbols are replaced: 3 pairs over 3 keys.
    expect(keyRecallExample({ pairs: 3, symbols: 3 })).toBe('K1 V0 K0 V0 K2 V0 <sep> K0');
  });

  it('keyRecallRecipe.inputFor reads the pair count from the metadata: 12 pairs is 26 tokens', () => {
    const twelve = keyRecallRecipe.inputFor!({ dataset: { name: 'toySequenceTasks', options: { task: 'keyRecall', length: 12, symbols: 16, count: 12000, seed: 0 } } });
    expect(twelve.inputHelp).toMatch(/^12 pairs of a key K0\.\.K15 and a value V0\.\.V15 \(26 tokens in all\)/);
    expect(twelve.example.split(' ')).toHaveLength(26);
    expect(keyRecallRecipe.inputFor!({})).toEqual({ inputHelp: keyRecallRecipe.inputHelp, example: keyRecallRecipe.example });
    expect(keyRecallRecipe.example).toBe('K1 V3 K4 V0 K2 V9 K7 V5 <sep> K4');
  });

  it("keyRecallRecipe trains the registry's quick key-recall-attention: 4 pairs, its epochs and batch, and says how it differs", () => {
    const quick = recipe('key-recall-attention').quick;
    expect(keyRecallRecipe.registry).toBe('key-recall-attention');
    expect(keyRecallRecipe.epochs).toBe(quick.settings.epochs);
    expect(keyRecallRecipe.batchSize).toBe(quick.settings.batchSize);
    expect(keyRecallRecipe.differences).toBe(quick.differences);
    expect(keyRecallRecipe.differences).toMatch(/^4 pairs instead of 12 and 6,000 examples instead of 12,000/);
  });

  it('keyRecallRecipe.loadData gives ids [n, 10] and targets that are the stored values', async () => {
    const data = await keyRecallRecipe.loadData(0);
    try {
      expect((data.train.x as tf.Tensor).shape).toEqual([4800, 10]);
      expect((data.validation.x as tf.Tensor).shape).toEqual([600, 10]);
      expect(data.test.y.shape).toEqual([600]);
      expect(data.metadata).toEqual({ dataset: { name: 'toySequenceTasks', options: { task: 'keyRecall', length: 4, symbols: 16, count: 6000, seed: 0 } } });
      const xs = (data.train.x as tf.Tensor).arraySync() as number[][];
      const ys = data.train.y.dataSync();
      for (let i = 0; i < 50; i++) {
        const row = xs[i]!;
        expect(row[8]).toBe(4); // <sep>
        const at = [0, 2, 4, 6].find((j) => row[j] === row[9]);
        expect(ys[i]).toBe(row[at! + 1]);
      }
    } finally {
      data.dispose();
    }
  });

  it('keyRecallRecipe.createModel maps [batch, 10] ids to [batch, 37] probabilities; predict reads one input with its attention [1, 1, 1, 10]', async () => {
    const model = keyRecallRecipe.createModel(0);
    expect(model.layers.map((l) => l.name)).toEqual(expect.arrayContaining(['embedding', 'encoder', 'attention', 'hidden', 'classifier']));
    const out = model.predict(tf.zeros([2, 10])) as tf.Tensor;
    expect(out.shape).toEqual([2, 37]);
    tf.dispose(out);
    await keyRecallRecipe.predict(model, 'K1 V3 K4 V0 K2 V9 K7 V5 ? K4', {}); // the attention layer keeps its last map as a tensor
    const before = tf.memory().numTensors;
    const { text, attention, keyTokens, queryTokens } = await keyRecallRecipe.predict(model, 'K1 V3 K4 V0 K2 V9 K7 V5 ? K4', {});
    expect(tf.memory().numTensors).toBe(before);
    expect(text).toMatch(/^(<\w+>|[KV]\d+) \(p = 0\.\d{3}\); the input stores V0 under K4$/); // untrained: any token
    expect(keyTokens).toHaveLength(10);
    expect(queryTokens).toEqual(['K4?']);
    expect(attention['attention']!.shape).toEqual([1, 1, 1, 10]);
    expect(attention['attention']!.values.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    await expect(keyRecallRecipe.predict(model, 'K1', {})).rejects.toBeInstanceOf(CliError);
    model.dispose();
  });

  it('keyRecallRecipe.predict reads 12 pairs from a model whose metadata says so (a fresh 26-token model)', async () => {
    const model = keyRecallClassifier({ vocabSize: 37, seqLen: 26, units: 8, embeddingDim: 4, seed: 0 });
    const metadata = { dataset: { name: 'toySequenceTasks', options: { task: 'keyRecall', length: 12, symbols: 16, count: 12000, seed: 0 } } };
    const input = keyRecallRecipe.inputFor!(metadata).example;
    const { text, attention, keyTokens } = await keyRecallRecipe.predict(model, input, metadata);
    expect(text).toMatch(/; the input stores V0 under K4$/);
    expect(keyTokens).toHaveLength(26);
    expect(attention['attention']!.shape).toEqual([1, 1, 1, 26]);
    await expect(keyRecallRecipe.predict(model, 'K1 V3 K4 V0 K2 V9 K7 V5 <sep> K4', metadata)).rejects.toThrow(/key-recall needs 26 tokens \(12 pairs .*got 10: e\.g\. "K1 V3 K4 V0 K2 V9 K7 V5 K12 V8 K0 V14 K9 V2 K15 V6 K3 V11 K10 V1 K6 V13 K13 V7 <sep> K4"/);
    model.dispose();
  });
});

