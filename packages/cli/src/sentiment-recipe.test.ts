import { WordTokenizer } from '@attention-lab/datasets';
import { PRETRAINED_NAMES, recipe } from '@attention-lab/models';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { CliError } from './cli-error.js';
import { encodeSentence, sentimentRecipe } from './sentiment-recipe.js';

// A tokenizer over a hand-written vocabulary: <pad> 0, <unk> 1, <bos> 2, <eos> 3, then these words.
const tokenizer = new WordTokenizer(['<pad>', '<unk>', '<bos>', '<eos>', 'the', 'food', 'was', 'great', '!', 'bad']);
const metadata = { tokenizer: tokenizer.toJSON(), seqLen: 6, labels: ['negative', 'positive'] };

describe('sentimentRecipe', () => {
  it('encodeSentence gives ids [1, seqLen] padded with 0, the words read and the unknown ones', () => {
    const { x, words, unknown } = encodeSentence('The food was GREAT, really!', tokenizer, 8);
    expect(x.shape).toEqual([1, 8]);
    expect(x.dtype).toBe('int32');
    expect(Array.from(x.dataSync())).toEqual([4, 5, 6, 7, 1, 1, 8, 0]);
    expect(words).toEqual(['the', 'food', 'was', 'great', ',', 'really', '!']);
    expect(unknown).toEqual([',', 'really']);
    x.dispose();
  });

  it('encodeSentence keeps the first seqLen words and rejects a text without words with a CliError', () => {
    const { x, words } = encodeSentence('the food was great ! bad bad', tokenizer, 4);
    expect(Array.from(x.dataSync())).toEqual([4, 5, 6, 7]);
    expect(words).toEqual(['the', 'food', 'was', 'great']);
    x.dispose();
    expect(() => encodeSentence('   ', tokenizer, 4)).toThrow(CliError);
    expect(() => encodeSentence('   ', tokenizer, 4)).toThrow(/sentiment needs at least one word/);
  });

  it('sentimentRecipe.loadData gives ids [n, 40], labels 0 or 1 and the fitted tokenizer as metadata', async () => {
    const data = await sentimentRecipe.loadData(0);
    try {
      expect((data.train.x as tf.Tensor).shape).toEqual([2400, 40]);
      expect((data.validation.x as tf.Tensor).shape).toEqual([300, 40]);
      expect(data.test.y.shape).toEqual([300]);
      expect(new Set(data.train.y.dataSync())).toEqual(new Set([0, 1]));
      expect(data.metadata['seqLen']).toBe(40);
      expect(data.metadata['labels']).toEqual(['negative', 'positive']);
      const fitted = WordTokenizer.fromJSON(data.metadata['tokenizer']);
      expect(fitted.vocabSize).toBeLessThanOrEqual(3000);
      expect(Math.max(...(data.train.x as tf.Tensor).dataSync())).toBeLessThan(fitted.vocabSize);
    } finally {
      data.dispose();
    }
  });

  it("sentimentRecipe trains the registry's quick sentiment-transformer: 4 epochs without early stopping", () => {
    expect(sentimentRecipe).toMatchObject({ registry: 'sentiment-transformer', epochs: 4, batchSize: 32 });
    expect(sentimentRecipe.differences).toBe(recipe('sentiment-transformer').quick.differences);
  });

  it('sentimentRecipe.predict with a fresh model names a label with p, and draws the pooling over the words first, [1, words]', async () => {
    const model = sentimentRecipe.createModel(0);
    const layers = model.layers.map((l) => l.name);
    expect(layers).toEqual(expect.arrayContaining(['embedding', 'attention', 'classifier']));
    expect(layers.filter((name) => name.startsWith('encoder'))).toEqual([]); // the pooling reads the word embeddings
    const meta40 = { ...metadata, seqLen: 40 };
    await sentimentRecipe.predict(model, 'the food', meta40); // the attention layers keep their last maps as tensors
    const before = tf.memory().numTensors;
    const prediction = await sentimentRecipe.predict(model, 'The food was great, really!', meta40);
    expect(tf.memory().numTensors).toBe(before);
    expect(prediction.text).toMatch(/^(negative|positive) \(p = 0\.\d{3}\); not in its vocabulary: ,, really$/);
    expect(prediction.keyTokens).toEqual(['the', 'food', 'was', 'great', ',', 'really', '!']);
    expect(Object.keys(prediction.attention)).toEqual(['attention']);
    const pooling = prediction.attention['attention']!;
    expect(pooling.shape).toEqual([1, 7]);
    // Padding gets no weight, so the weights of the words read sum to 1.
    expect(pooling.values.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    await expect(sentimentRecipe.predict(model, 'great', {})).rejects.toThrow(/the sentiment model has no usable tokenizer/);
    model.dispose();
  });

  it('sentimentRecipe.pretrained loads the shipped model, which reads a plain review the right way round', async (ctx) => {
    if (!(PRETRAINED_NAMES as readonly string[]).includes('sentiment-transformer')) ctx.skip();
    const { model, metadata: shipped } = await sentimentRecipe.pretrained!();
    const good = await sentimentRecipe.predict(model, 'The food was great and the staff were friendly.', shipped);
    expect(good.text).toMatch(/^positive \(p = [01]\.\d{3}\)/);
    const bad = await sentimentRecipe.predict(model, 'Terrible service, the worst meal I have ever had.', shipped);
    expect(bad.text).toMatch(/^negative \(p = [01]\.\d{3}\)/);
    expect(good.attention['attention']!.shape).toEqual([1, good.keyTokens.length]);
    model.dispose();
  });
});
