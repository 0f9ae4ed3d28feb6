import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { dateTranslation } from '@attention-lab/datasets';
import { PRETRAINED_NAMES, recipe } from '@attention-lab/models';
import { CliError } from './cli-error.js';
import { dateTransformerRecipe, dateTranslatorRecipe, numberWordsFrRecipe, numberWordsZhRecipe, seq2seqRecipe } from './seq2seq-recipe.js';

describe('seq2seqRecipe', () => {
  it('numberWordsFrRecipe.loadData gives sources [n, 4], decoder inputs [n, 47] and outputs [n, 47, 1], with tokenizers as metadata', async () => {
    const data = await numberWordsFrRecipe.loadData(0);
    try {
      const [source, targetInput] = data.train.x as tf.Tensor[];
      expect(source!.shape).toEqual([8000, 4]);
      expect(targetInput!.shape).toEqual([8000, 47]);
      expect(data.train.y.shape).toEqual([8000, 47, 1]);
      expect(data.test.y.shape[0]).toBe(1000);
      // Teacher forcing: the decoder input is <bos> (id 2) then the output shifted right by one.
      const tin = targetInput!.slice([0, 0], [1, 47]).dataSync();
      const tout = data.train.y.slice([0, 0, 0], [1, 47, 1]).dataSync();
      expect(tin[0]).toBe(2);
      for (let i = 1; i < 10; i++) expect(tin[i]).toBe(tout[i - 1]);
      expect(Object.keys(data.metadata).sort()).toEqual(['dataset', 'sourceTokenizer', 'targetTokenizer']);
      expect(data.metadata['dataset']).toEqual({ name: 'numberWords', options: { language: 'fr', seed: 0 } });
    } finally {
      data.dispose();
    }
  });

  it('numberWordsFrRecipe.predict decodes a number and crops the attention to outputs (+ <eos>) × input digits', async () => {
    const model = numberWordsFrRecipe.createModel(0);
    const data = await numberWordsFrRecipe.loadData(0);
    const metadata = data.metadata;
    data.dispose();
    await numberWordsFrRecipe.predict(model, '7', metadata); // the attention layer keeps its last map as a tensor
    const before = tf.memory().numTensors;
    const prediction = await numberWordsFrRecipe.predict(model, ' 1984 ', metadata);
    expect(tf.memory().numTensors).toBe(before);
    expect(prediction.text).toMatch(/\(beam search, 3 beams, log p = -\d+\.\d{3}\)$/);
    expect(prediction.keyTokens).toEqual(['1', '9', '8', '4']);
    const map = prediction.attention['attention']!;
    const rows = prediction.queryTokens!.length;
    expect(prediction.queryTokens![rows - 1] === '<eos>' || rows === 47).toBe(true);
    expect(map.shape).toEqual([1, rows, 4]);
    // Cropping only drops padded columns, which the model masks: each kept row still sums to 1.
    for (let r = 0; r < rows; r++) expect(map.values.subarray(r * 4, r * 4 + 4).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    await expect(numberWordsFrRecipe.predict(model, '19x4', metadata)).rejects.toThrow(/number-words-fr cannot encode 'x'/);
    await expect(numberWordsFrRecipe.predict(model, '123456', metadata)).rejects.toThrow(/takes 1 to 4 characters, got 6/);
    await expect(numberWordsFrRecipe.predict(model, '1984', {})).rejects.toBeInstanceOf(CliError);
    model.dispose();
  });

  it('dateTranslatorRecipe.predict says when a year lies outside the years it was trained on', async () => {
    const model = dateTranslatorRecipe.createModel(0);
    const data = await dateTranslatorRecipe.loadData(0);
    const metadata = data.metadata;
    data.dispose();
    const outside = await dateTranslatorRecipe.predict(model, 'July 4, 1776', metadata);
    expect(outside.text).toMatch(/; note: the year 1776 is outside the years the model was trained on \(1950–2049\), so this is a guess$/);
    const inside = await dateTranslatorRecipe.predict(model, 'July 4, 1976', metadata);
    expect(inside.text).not.toMatch(/note:/);
    model.dispose();
  });

  it('dateTransformerRecipe.predict decodes a date with a fresh Transformer and keeps only its cross-attention, cropped to [1, heads, outputs (+ <eos>), input characters]', async () => {
    const model = dateTransformerRecipe.createModel(0);
    expect(model.layers.map((l) => l.name)).toEqual(expect.arrayContaining(['encoder_1', 'decoder_1', 'next_token']));
    const { sourceTokenizer, targetTokenizer } = dateTranslation({ seed: 0 });
    const metadata = { sourceTokenizer: sourceTokenizer.toJSON(), targetTokenizer: targetTokenizer.toJSON() };
    await dateTransformerRecipe.predict(model, '1 May 2000', metadata); // the attention layers keep their last maps as tensors
    const before = tf.memory().numTensors;
    const input = '3rd of January 1998';
    const prediction = await dateTransformerRecipe.predict(model, input, metadata);
    expect(tf.memory().numTensors).toBe(before);
    expect(prediction.text).toMatch(/\(beam search, 3 beams, log p = -\d+\.\d{3}\)$/); // untrained: any characters
    expect(prediction.keyTokens).toEqual([...input].map((c) => (c === ' ' ? '␣' : c)));
    expect(Object.keys(prediction.attention)).toEqual(['decoder_1/cross']);
    const map = prediction.attention['decoder_1/cross']!;
    const rows = prediction.queryTokens!.length;
    expect(map.shape).toEqual([1, 4, rows, input.length]);
    // Cropping drops only padded source columns, which the decoder masks: every kept row of every head sums to 1.
    for (let r = 0; r < 4 * rows; r++) expect(map.values.subarray(r * input.length, (r + 1) * input.length).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    model.dispose();
  });

  it('numberWordsFrRecipe.pretrained loads the shipped model when the models package ships one', async (ctx) => {
    if (!(PRETRAINED_NAMES as readonly string[]).includes('number-words-fr')) ctx.skip();
    const { model, metadata } = await numberWordsFrRecipe.pretrained!();
    const prediction = await numberWordsFrRecipe.predict(model, '1984', metadata);
    expect(prediction.text).toMatch(/^mille neuf cent quatre-vingt-quatre \(beam search/);
    model.dispose();
  });

  it('numberWordsZhRecipe.pretrained writes 1984 in Chinese numerals, with one attention row per character (+ <eos>) and one column per digit', async (ctx) => {
    if (!(PRETRAINED_NAMES as readonly string[]).includes('number-words-zh')) ctx.skip();
    const { model, metadata } = await numberWordsZhRecipe.pretrained!();
    const prediction = await numberWordsZhRecipe.predict(model, '1984', metadata);
    expect(prediction.text).toMatch(/^一千九百八十四 \(beam search/); // by hand: 1 千, 9 百, 8 十, 4
    expect(prediction.queryTokens).toEqual([...'一千九百八十四', '<eos>']);
    expect(prediction.keyTokens).toEqual(['1', '9', '8', '4']);
    expect(prediction.attention['attention']!.shape).toEqual([1, 8, 4]);
    model.dispose();
  });

  it('seq2seqRecipe has pretrained exactly when the models package ships its registry name', () => {
    for (const registry of ['date-translator', 'number-words-fr', 'number-words-de', 'number-words-zh', 'date-transformer'] as const) {
      const r = seq2seqRecipe({ name: `my-${registry}`, registry, description: 'd', inputHelp: 'h', example: 'e' });
      expect(typeof r.pretrained === 'function').toBe((PRETRAINED_NAMES as readonly string[]).includes(registry));
    }
  });

  it('seq2seqRecipe trains what the registry says: date-transformer its quick variant (a constant rate), number-words-fr the shipped recipe', () => {
    const quick = recipe('date-transformer').quick;
    expect(dateTransformerRecipe).toMatchObject({ registry: 'date-transformer', epochs: quick.settings.epochs, batchSize: quick.settings.batchSize, differences: quick.differences });
    expect(dateTransformerRecipe.differences).toMatch(/constant Adam rate/);
    const shipped = recipe('number-words-fr').settings;
    expect(numberWordsFrRecipe).toMatchObject({ registry: 'number-words-fr', epochs: shipped.epochs, batchSize: shipped.batchSize });
    expect(numberWordsFrRecipe.differences).toBeUndefined();
  });
});
