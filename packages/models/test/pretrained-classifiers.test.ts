// The shipped classifiers (models b and c): their documented bars on the test
// splits, and attention maps that can be drawn over the words and the digits.
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { WordTokenizer, mnist, sentimentSentences } from '@attention-lab/datasets';
import { describe, expect, test } from 'vitest';
import { loadPretrained } from '../src/load-pretrained.js';
import { predictWithAttention } from '../src/predict-with-attention.js';
import { classifierAccuracy } from '../src/recipes/classifier-accuracy.js';
import { mnistTensors, sentimentTensors } from '../src/recipes/classifiers.js';

/** The AFINN-165 lexicon the `sentiment` package ships: word → valence in -5..5. */
const afinn = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('sentiment/languages/en/labels.json'), 'utf8')) as Record<string, number>;

/** Index of the largest of `values[from, to)`, the first one on a tie. */
function argMax(values: ArrayLike<number>, from: number, to: number): number {
  let best = from;
  for (let i = from + 1; i < to; i++) if (values[i]! > values[best]!) best = i;
  return best - from;
}

/** Whether a digit has a pixel of at least half intensity (128 of 255) in patch `p` of `grid` (patches numbered row by row). */
function patchHasInk(pixels: ArrayLike<number>, p: number, grid: { cols: number; patchSize: number; width: number }): boolean {
  const [top, left] = [Math.floor(p / grid.cols) * grid.patchSize, (p % grid.cols) * grid.patchSize];
  for (let r = top; r < top + grid.patchSize; r++) {
    for (let c = left; c < left + grid.patchSize; c++) if (pixels[r * grid.width + c]! >= 128) return true;
  }
  return false;
}

// Evaluated on wasm only, as the seq2seq models are: the cpu backend gives the same numbers, just slower.
describe.runIf(process.env.TFJS_BACKEND === 'wasm')('pretrained classifiers', () => {
  test('sentiment-transformer reaches 75% accuracy on the 300 test sentences; its word weights sum to 1 and skip padding', async () => {
    const { model, metadata } = await loadPretrained('sentiment-transformer');
    const tokenizer = WordTokenizer.fromJSON(metadata['tokenizer']);
    const seqLen = model.inputs[0]!.shape[1]!;
    expect(metadata['seqLen']).toBe(seqLen);
    const { splits } = await sentimentSentences((metadata['dataset'] as { options: { seed: number } }).options);
    expect(splits.test).toHaveLength(300);
    const test = sentimentTensors(splits.test, tokenizer, seqLen);
    const accuracy = await classifierAccuracy(model, test);
    expect(accuracy).toBeGreaterThanOrEqual(0.75);
    expect(accuracy).toBeCloseTo((metadata['metrics'] as { testAccuracy: number }).testAccuracy, 5);

    const sample = test.x.slice([0, 0], [20, seqLen]);
    const ids = (await sample.array()) as number[][];
    const { predictions, attention } = await predictWithAttention(model, sample);
    expect(predictions.shape).toEqual([20, 2]);
    const words = attention['attention']!;
    expect(words.shape).toEqual([20, seqLen]);
    ids.forEach((row, b) => {
      const weights = Array.from(words.values.slice(b * seqLen, (b + 1) * seqLen));
      expect(weights.reduce((s, w) => s + w, 0)).toBeCloseTo(1, 5);
      row.forEach((id, t) => (id === 0 ? expect(weights[t]).toBe(0) : expect(weights[t]).toBeGreaterThan(0)));
    });
    tf.dispose([predictions, sample, test.x, test.y]);
    model.dispose();
  });

  test('sentiment-transformer: in test sentences with an AFINN word, the top-weighted word is one in at least 60% of them', async () => {
    const { model, metadata } = await loadPretrained('sentiment-transformer');
    const tokenizer = WordTokenizer.fromJSON(metadata['tokenizer']);
    const seqLen = model.inputs[0]!.shape[1]!;
    const { splits } = await sentimentSentences((metadata['dataset'] as { options: { seed: number } }).options);
    const test = sentimentTensors(splits.test, tokenizer, seqLen);
    const { predictions, attention } = await predictWithAttention(model, test.x);
    const weights = attention['attention']!.values; // [300, seqLen]
    let withWord = 0;
    let onWord = 0;
    splits.test.forEach((sentence, i) => {
      const words = tokenizer.tokenize(sentence.text).slice(0, seqLen); // the words the model reads, one per position
      if (!words.some((w) => Object.hasOwn(afinn, w))) return;
      withWord++;
      if (Object.hasOwn(afinn, words[argMax(weights, i * seqLen, i * seqLen + words.length)]!)) onWord++;
    });
    expect(withWord).toBeGreaterThanOrEqual(150); // most review sentences carry a lexicon word
    expect(onWord / withWord).toBeGreaterThanOrEqual(0.6);
    tf.dispose([predictions, test.x, test.y]);
    model.dispose();
  });

  test('mnist-attention: the top-weighted patch holds ink in at least 80% of the 1,000 test digits', async () => {
    const { model, metadata } = await loadPretrained('mnist-attention');
    const grid = metadata['grid'] as { rows: number; cols: number; patchSize: number; width: number };
    const { splits } = await mnist((metadata['dataset'] as { options: { seed: number } }).options);
    const test = mnistTensors(splits.test);
    const { predictions, attention } = await predictWithAttention(model, test.x);
    const patches = grid.rows * grid.cols;
    const weights = attention['attention']!.values; // [1000, patches]
    const inked = splits.test.filter((digit, i) => patchHasInk(digit.pixels, argMax(weights, i * patches, (i + 1) * patches), grid)).length;
    expect(inked / splits.test.length).toBeGreaterThanOrEqual(0.8);
    tf.dispose([predictions, test.x, test.y]);
    model.dispose();
  });

  test('mnist-attention reaches its 96% bar on the 1,000 test digits; its patch weights cover the grid in its metadata', async () => {
    const { model, metadata } = await loadPretrained('mnist-attention');
    const grid = metadata['grid'] as { rows: number; cols: number; patchSize: number; height: number; width: number };
    expect([grid.rows * grid.patchSize, grid.cols * grid.patchSize]).toEqual([grid.height, grid.width]);
    expect(model.inputs[0]!.shape).toEqual([null, grid.height, grid.width, 1]);
    const { splits } = await mnist((metadata['dataset'] as { options: { seed: number } }).options);
    expect(splits.test).toHaveLength(1000);
    const test = mnistTensors(splits.test);
    const accuracy = await classifierAccuracy(model, test);
    expect(accuracy).toBeGreaterThanOrEqual(0.96);
    expect(accuracy).toBeCloseTo((metadata['metrics'] as { testAccuracy: number }).testAccuracy, 5);

    const sample = test.x.slice([0, 0, 0, 0], [8, grid.height, grid.width, 1]);
    const { predictions, attention } = await predictWithAttention(model, sample);
    expect(predictions.shape).toEqual([8, 10]);
    const patches = grid.rows * grid.cols;
    expect(attention['attention']!.shape).toEqual([8, patches]);
    for (let b = 0; b < 8; b++) {
      const weights = Array.from(attention['attention']!.values.slice(b * patches, (b + 1) * patches));
      expect(weights.reduce((s, w) => s + w, 0)).toBeCloseTo(1, 5);
      expect(Math.min(...weights)).toBeGreaterThanOrEqual(0);
    }
    tf.dispose([predictions, sample, test.x, test.y]);
    model.dispose();
  });
});
