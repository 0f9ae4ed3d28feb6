import * as tf from '@tensorflow/tfjs';
import { createRng } from '@attention-lab/datasets';
import { describe, expect, test } from 'vitest';
import { generateText, sampleToken, samplingDistribution } from './generate-text.js';
import { keyRecallClassifier } from './key-recall-classifier.js';
import { lstmLanguageModel } from './lstm-language-model.js';
import { transformerLanguageModel } from './transformer-language-model.js';

/** Relative frequencies of `draws` calls of `draw`, over ids 0..vocab-1. */
function frequencies(draw: () => number, vocab: number, draws: number): number[] {
  const counts = new Array<number>(vocab).fill(0);
  for (let i = 0; i < draws; i++) counts[draw()]!++;
  return counts.map((c) => c / draws);
}

describe('sampleToken', () => {
  const p = [0.05, 0.3, 0.1, 0.4, 0.15];

  test('sampleToken(p, { temperature: 0 }) and { topK: 1 } are the argmax, the lowest id on ties', () => {
    expect(sampleToken(p, { temperature: 0 })).toBe(3);
    expect(sampleToken([0.2, 0.4, 0.4], { temperature: 0 })).toBe(1);
    const random = createRng(5).next;
    for (let i = 0; i < 50; i++) expect(sampleToken(p, { topK: 1, random })).toBe(3);
    expect(sampleToken([0.2, 0.4, 0.4], { topK: 1, temperature: 3, random })).toBe(1);
  });

  test('sampleToken at temperature 0.5 draws by inverse CDF over the squared, renormalised probabilities (by hand)', () => {
    // [0.1, 0.3, 0.6] squared: [0.01, 0.09, 0.36], sum 0.46, so id 2 has 0.7826, id 1 0.1957, id 0 0.0217,
    // laid out most probable first: id 2 on [0, 0.7826), id 1 on [0.7826, 0.9783), id 0 on [0.9783, 1).
    const at = (u: number) => sampleToken([0.1, 0.3, 0.6], { temperature: 0.5, random: () => u });
    expect([at(0), at(0.78), at(0.79), at(0.978), at(0.979), at(0.9999)]).toEqual([2, 2, 1, 1, 0, 0]);
    // Temperature 1 keeps the odds: id 2 on [0, 0.6), id 1 on [0.6, 0.9), id 0 on [0.9, 1).
    const plain = (u: number) => sampleToken([0.1, 0.3, 0.6], { random: () => u });
    expect([plain(0.59), plain(0.61), plain(0.89), plain(0.91)]).toEqual([2, 1, 1, 0]);
  });

  test('sampleToken frequencies match the renormalised top-k distribution at temperature 1, and p^(1/T) at T = 2', () => {
    const n = 40_000; // standard error of a frequency <= 0.0025; tolerance 0.012
    const random = createRng(11).next;
    const topK3 = frequencies(() => sampleToken(p, { topK: 3, random }), 5, n);
    const kept = [0, 0.3, 0, 0.4, 0.15].map((x) => x / 0.85); // the three largest, renormalised
    topK3.forEach((f, i) => expect(Math.abs(f - kept[i]!)).toBeLessThan(0.012));
    const hot = frequencies(() => sampleToken(p, { temperature: 2, random }), 5, n);
    const roots = p.map(Math.sqrt);
    const total = roots.reduce((a, b) => a + b, 0);
    hot.forEach((f, i) => expect(Math.abs(f - roots[i]! / total)).toBeLessThan(0.012));
  });

  test('sampleToken never draws a zero probability, accepts unnormalised input and leaves it unchanged', () => {
    const q = [0, 2, 0, 6];
    const random = createRng(2).next;
    for (let i = 0; i < 200; i++) expect([1, 3]).toContain(sampleToken(q, { temperature: 1.5, topK: 4, random }));
    expect(q).toEqual([0, 2, 0, 6]);
    expect(sampleToken(new Float32Array([1e-30, 1e-20]), { temperature: 0.01, random: () => 0.999 })).toBe(1);
  });

  test('sampleToken names the argument it rejects', () => {
    expect(() => sampleToken([])).toThrow(/sampleToken: argument 'probabilities' must be a non-empty array/);
    expect(() => sampleToken([0.5, -0.1])).toThrow(/sampleToken: argument 'probabilities\[1\]' must be a finite number >= 0, got -0.1/);
    expect(() => sampleToken([0.5, NaN])).toThrow(/'probabilities\[1\]'/);
    expect(() => sampleToken([0, 0])).toThrow(/sampleToken: argument 'probabilities' must have a positive sum/);
    expect(() => sampleToken(p, { temperature: -1 })).toThrow(/sampleToken: argument 'options.temperature' must be a finite number >= 0, got -1/);
    expect(() => sampleToken(p, { topK: 6 })).toThrow(/sampleToken: argument 'options.topK' must be an integer in 0..5 \(vocab\), got 6/);
    expect(() => sampleToken(p, { topK: 1.5 })).toThrow(/'options.topK'/);
    expect(() => sampleToken(p, { random: () => 1 })).toThrow(/sampleToken: options.random\(\) must return a number in \[0, 1\), got 1/);
  });
});

describe('samplingDistribution', () => {
  test('samplingDistribution applies top-k, then temperature, then top-p, and sums to 1 (by hand)', () => {
    const p = [0.1, 0.4, 0.2, 0.3];
    expect(Array.from(samplingDistribution(p))).toEqual(p.map((x) => expect.closeTo(x, 12)));
    // top-2 keeps 0.4 and 0.3: 4/7 and 3/7.
    expect(Array.from(samplingDistribution(p, { topK: 2 }))).toEqual([0, 4 / 7, 0, 3 / 7].map((x) => expect.closeTo(x, 12)));
    // T = 0.5 squares: 0.01, 0.16, 0.04, 0.09 over 0.30.
    expect(Array.from(samplingDistribution(p, { temperature: 0.5 }))).toEqual([1 / 30, 16 / 30, 4 / 30, 9 / 30].map((x) => expect.closeTo(x, 12)));
    // top-p 0.6: 0.4 then 0.3 reach 0.7 >= 0.6, renormalised as with top-2; top-p 0.4 keeps the argmax alone.
    expect(Array.from(samplingDistribution(p, { topP: 0.6 }))).toEqual([0, 4 / 7, 0, 3 / 7].map((x) => expect.closeTo(x, 12)));
    expect(Array.from(samplingDistribution(p, { topP: 0.4 }))).toEqual([0, 1, 0, 0]);
    expect(Array.from(samplingDistribution(p, { temperature: 0 }))).toEqual([0, 1, 0, 0]);
    for (const options of [{}, { topK: 3, temperature: 1.7 }, { topP: 0.9, temperature: 0.3 }]) {
      expect(samplingDistribution([3, 1, 0, 2, 5], options).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    }
  });

  test('sampleToken with topP draws only inside the nucleus, in its proportions', () => {
    const random = createRng(7).next;
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 7000; i++) counts[sampleToken([0.1, 0.4, 0.2, 0.3], { topP: 0.6, random })]!++;
    expect(counts[0]).toBe(0);
    expect(counts[2]).toBe(0);
    expect(counts[1]! / 7000).toBeCloseTo(4 / 7, 1);
  });

  test('samplingDistribution and sampleToken reject a topP outside (0, 1]', () => {
    expect(() => samplingDistribution([1, 2], { topP: 0 })).toThrow(/samplingDistribution: argument 'options.topP' must be a number in \(0, 1\], got 0/);
    expect(() => sampleToken([1, 2], { topP: 1.5 })).toThrow(/sampleToken: argument 'options.topP'/);
    expect(() => samplingDistribution([], {})).toThrow(/samplingDistribution: argument 'probabilities' must be a non-empty array/);
  });
});

describe('generateText', () => {
  const tiny = () => transformerLanguageModel({ vocabSize: 9, seqLen: 6, dModel: 8, numHeads: 2, ffDim: 16, seed: 4 });

  /** Next-token probabilities at `position` of one window, straight from model.predict. */
  async function probabilitiesAt(model: tf.LayersModel, window: number[], position: number): Promise<number[]> {
    const x = tf.tensor2d([window], [1, window.length], 'int32');
    const y = model.predict(x) as tf.Tensor;
    const rows = (await y.array()) as number[][][];
    tf.dispose([x, y]);
    return rows[0]![position]!;
  }
  const argmax = (row: number[]) => row.indexOf(Math.max(...row));

  test('generateText returns maxTokens ids in [0, vocab), the same for the same seed', async () => {
    const model = tiny();
    const a = await generateText(model, [4, 5], { maxTokens: 20, seed: 3 });
    const b = await generateText(model, [4, 5], { maxTokens: 20, seed: 3 });
    const c = await generateText(model, [4, 5], { maxTokens: 20, seed: 4 });
    expect(a.ids).toHaveLength(20);
    expect(a.ids.every((id) => Number.isInteger(id) && id >= 0 && id < 9)).toBe(true);
    expect(b.ids).toEqual(a.ids);
    expect(c.ids).not.toEqual(a.ids);
    expect(a.attention).toBeUndefined();
    expect((await generateText(model, [4], { maxTokens: 0 })).ids).toEqual([]);
  });

  test('generateText at temperature 0 follows the argmax of model.predict on the right-padded, then sliding, window', async () => {
    const model = tiny();
    const { ids } = await generateText(model, [7, 3, 5], { maxTokens: 8, temperature: 0 });
    const all = [7, 3, 5];
    for (const id of ids) {
      const window = all.slice(-6);
      const position = window.length - 1;
      // Pad with a token other than 0: a causal model's prediction at `position` must not depend on it.
      const row = await probabilitiesAt(model, [...window, ...new Array<number>(6 - window.length).fill(8)], position);
      expect(id).toBe(argmax(row));
      all.push(id);
    }
  });

  test('generateText reads only the last seqLen ids of a long prompt', async () => {
    const model = tiny();
    const long = [1, 2, 3, 4, 5, 6, 7, 8, 4, 5];
    const a = await generateText(model, long, { maxTokens: 10, seed: 9, topK: 3, temperature: 0.8 });
    const b = await generateText(model, long.slice(-6), { maxTokens: 10, seed: 9, topK: 3, temperature: 0.8 });
    expect(a.ids).toEqual(b.ids);
  });

  test('generateText never emits suppressed ids and works with the LSTM model', async () => {
    const model = tiny();
    const greedy = (await generateText(model, [4, 5], { maxTokens: 1, temperature: 0 })).ids[0]!;
    const other = await generateText(model, [4, 5], { maxTokens: 1, temperature: 0, suppressIds: [greedy] });
    expect(other.ids[0]).not.toBe(greedy);
    const lstm = lstmLanguageModel({ vocabSize: 9, seqLen: 6, embeddingDim: 4, units: 8, seed: 1 });
    const { ids } = await generateText(lstm, [4, 5, 6], { maxTokens: 30, temperature: 1.5, seed: 2, suppressIds: [0, 1, 2, 3] });
    expect(ids).toHaveLength(30);
    expect(ids.every((id) => id >= 4 && id < 9)).toBe(true);
  });

  test('generateText with attention returns the causal maps of the last step and its window', async () => {
    const model = tiny();
    const { ids, attention, context } = await generateText(model, [4, 5], { maxTokens: 2, seed: 1, attention: true });
    expect(context).toEqual({ ids: [4, 5, ids[0]!, 0, 0, 0], position: 2 });
    expect(Object.keys(attention!).sort()).toEqual(['block_1', 'block_2']);
    const map = attention!['block_1']!;
    expect(map.shape).toEqual([1, 2, 6, 6]);
    for (let h = 0; h < 2; h++) {
      for (let q = 0; q < 6; q++) {
        const row = Array.from(map.values.slice((h * 6 + q) * 6, (h * 6 + q + 1) * 6));
        expect(row.reduce((s, w) => s + w, 0)).toBeCloseTo(1, 5);
        row.slice(q + 1).forEach((w) => expect(w).toBeCloseTo(0, 6)); // no weight on later positions
      }
    }
  });

  test('generateText leaks no tensor', async () => {
    const model = tiny();
    await generateText(model, [4, 5], { maxTokens: 3, attention: true }); // warm-up: the blocks now hold their maps
    const before = tf.memory().numTensors;
    await generateText(model, [4, 5, 6, 7, 8, 4, 5, 6], { maxTokens: 5, topK: 2, attention: true });
    await generateText(model, [4], { maxTokens: 4, temperature: 0 });
    expect(tf.memory().numTensors).toBe(before);
  });

  test('generateText names the argument it rejects', async () => {
    const model = tiny();
    const classifier = keyRecallClassifier({ vocabSize: 9, seqLen: 6, units: 4, embeddingDim: 2 });
    await expect(generateText(classifier, [4])).rejects.toThrow(/generateText: argument 'model' must map ids \[batch, seqLen\] .* to probabilities \[batch, seqLen, vocab\], got inputs \[\[null,6\]\] and outputs \[\[null,9\]\]/);
    await expect(generateText(model, [])).rejects.toThrow(/generateText: argument 'promptIds' must be a non-empty array of ids/);
    await expect(generateText(model, [4, 9])).rejects.toThrow(/generateText: argument 'promptIds\[1\]' must be an id in 0..8, got 9/);
    await expect(generateText(model, [4], { maxTokens: -1 })).rejects.toThrow(/generateText: argument 'options.maxTokens' must be an integer >= 0, got -1/);
    await expect(generateText(model, [4], { temperature: NaN })).rejects.toThrow(/generateText: argument 'options.temperature'/);
    await expect(generateText(model, [4], { topK: 10 })).rejects.toThrow(/generateText: argument 'options.topK' must be an integer in 0..9/);
    await expect(generateText(model, [4], { seed: 0.5 })).rejects.toThrow(/generateText: argument 'options.seed'/);
    await expect(generateText(model, [4], { suppressIds: [12] })).rejects.toThrow(/generateText: argument 'options.suppressIds\[0\]' must be an id in 0..8, got 12/);
    await expect(generateText(model, [4], { suppressIds: [0, 1, 2, 3, 4, 5, 6, 7, 8] })).rejects.toThrow(/suppresses all 9 ids/);
  });
});
