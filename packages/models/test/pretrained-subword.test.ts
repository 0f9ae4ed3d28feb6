// The shipped subword Transformer language model: its quality on the unseen chapters of Moby-Dick,
// computed here from model.predict and not through the recipe's code, against the character
// Transformer on the same text; the roles of its heads, measured on the shipped weights; and sampling.
import * as tf from '@tensorflow/tfjs';
import { CharTokenizer, mobyDick, SubwordTokenizer } from '@attention-lab/datasets';
import { describe, expect, test } from 'vitest';
import { generateText } from '../src/generate-text.js';
import { analyzeHeads, HEAD_ROLE_THRESHOLDS } from '../src/head-roles.js';
import { inductionProbe } from '../src/induction-probe.js';
import { loadPretrained } from '../src/load-pretrained.js';
import { MOBY_DICK_ALPHABET } from '../src/recipes/language.js';
import { bitsPerTokenLonghand, prepare } from './bits-longhand.js';

const wasm = process.env.TFJS_BACKEND === 'wasm';

describe('pretrained subword language model', async () => {
  const { splits } = await mobyDick({ seed: 0 });

  test.runIf(wasm)('subword-transformer: bits per character on the held-out chapters match the metadata and beat the character Transformer', async () => {
    const { model, metadata } = await loadPretrained('subword-transformer');
    const tokenizer = SubwordTokenizer.fromJSON(metadata['tokenizer']);
    const metrics = metadata['metrics'] as Record<string, number>;
    // The text the character models are scored on: the same characters, so bits per character compare.
    const measured: Record<string, number> = {};
    for (const split of ['validation', 'test'] as const) {
      const text = prepare(splits[split], MOBY_DICK_ALPHABET);
      const ids = tokenizer.encode(text);
      expect(ids.includes(tokenizer.unkId)).toBe(false);
      const bitsPerToken = await bitsPerTokenLonghand(model, ids);
      measured[split] = (bitsPerToken * (ids.length - 1)) / text.length;
      expect(bitsPerToken).toBeCloseTo(metrics[`${split}BitsPerToken`]!, 3);
      expect(2 ** bitsPerToken).toBeCloseTo(metrics[`${split}Perplexity`]!, 0);
      expect(measured[split]).toBeCloseTo(metrics[`${split}BitsPerCharacter`]!, 3);
    }
    model.dispose();

    const char = await loadPretrained('char-transformer');
    const charTokenizer = CharTokenizer.fromJSON(char.metadata['tokenizer']);
    const charBits = await bitsPerTokenLonghand(char.model, charTokenizer.encode(prepare(splits.test, MOBY_DICK_ALPHABET)));
    char.model.dispose();
    expect(measured['test']).toBeLessThan(charBits);
  }, 600_000);

  // The best score of each role over every head, on held-out prose and on four induction probes (measured once).
  let roles: Promise<{ previousToken: number; induction: number }> | null = null;
  const bestRoleScores = () => (roles ??= measureRoles());
  async function measureRoles(): Promise<{ previousToken: number; induction: number }> {
    const { model, metadata } = await loadPretrained('subword-transformer');
    const tokenizer = SubwordTokenizer.fromJSON(metadata['tokenizer']);
    const seqLen = metadata['seqLen'] as number;
    // Natural text: eight windows of held-out prose; the induction test: random tokens written twice.
    const ids = tokenizer.encode(prepare(splits.validation, MOBY_DICK_ALPHABET));
    const text = Array.from({ length: 8 }, (_, w) => ids.slice(w * 1000, w * 1000 + seqLen));
    const special = [tokenizer.padId, tokenizer.unkId, tokenizer.bosId, tokenizer.eosId];
    const best = { previousToken: 0, induction: 0 };
    for (let seed = 0; seed < 4; seed++) {
      const probe = inductionProbe({ vocabSize: tokenizer.vocabSize, period: 24, seed, exclude: special });
      const { layers } = await analyzeHeads(model, { text, padId: tokenizer.padId, probe });
      expect(layers).toHaveLength(4);
      for (const layer of layers) {
        expect(layer.heads).toHaveLength(4);
        for (const { scores } of layer.heads) {
          best.previousToken = Math.max(best.previousToken, scores.previousToken);
          best.induction = Math.max(best.induction, scores.induction ?? 0);
        }
      }
    }
    model.dispose();
    return best;
  }

  test.runIf(wasm)('subword-transformer: the shipped weights have a previous-token head', async () => {
    expect((await bestRoleScores()).previousToken).toBeGreaterThanOrEqual(HEAD_ROLE_THRESHOLDS.previousToken);
  }, 300_000);

  test.runIf(wasm)('subword-transformer: the shipped weights have an induction head', async () => {
    expect((await bestRoleScores()).induction).toBeGreaterThanOrEqual(HEAD_ROLE_THRESHOLDS.induction);
  }, 300_000);

  test.runIf(wasm)('subword-transformer: it copies, predicting the second copy of a random span and not the first', async () => {
    // What an induction head is for: after one pass over random tokens, the next token of the second pass is
    // known. Top-1 accuracy on each copy, read from model.predict over four probes.
    const { model, metadata } = await loadPretrained('subword-transformer');
    const tokenizer = SubwordTokenizer.fromJSON(metadata['tokenizer']);
    const seqLen = metadata['seqLen'] as number;
    const special = [tokenizer.padId, tokenizer.unkId, tokenizer.bosId, tokenizer.eosId];
    const hits = { first: 0, second: 0, count: 0 };
    for (let seed = 0; seed < 4; seed++) {
      const { ids, period } = inductionProbe({ vocabSize: tokenizer.vocabSize, period: 24, seed: 100 + seed, exclude: special });
      const input = tf.tensor2d([[...ids, ...Array(seqLen - ids.length).fill(tokenizer.padId)]], [1, seqLen], 'int32');
      const probs = model.predict(input) as tf.Tensor;
      const best = (await probs.argMax(-1).array()) as number[][];
      tf.dispose([input, probs]);
      // Row t predicts ids[t + 1]: rows 0..period-2 read the first copy, rows period..2*period-2 the second.
      for (let j = 0; j < period - 1; j++) {
        hits.first += Number(best[0]![j] === ids[j + 1]);
        hits.second += Number(best[0]![period + j] === ids[period + j + 1]);
        hits.count += 1;
      }
    }
    model.dispose();
    expect(hits.first / hits.count).toBeLessThan(0.05); // random tokens: nothing to go on
    expect(hits.second / hits.count).toBeGreaterThan(0.5);
  }, 300_000);

  test('subword-transformer: generateText writes pieces of its vocabulary, the same for the same seed', async () => {
    const { model, metadata } = await loadPretrained('subword-transformer');
    const tokenizer = SubwordTokenizer.fromJSON(metadata['tokenizer']);
    const prompt = tokenizer.encode('call me ishmael. some years ago');
    const options = { maxTokens: 12, temperature: 0.8, topK: 20, topP: 0.95, seed: 3, suppressIds: [0, 1, 2, 3] };
    const a = await generateText(model, prompt, options);
    const b = await generateText(model, prompt, options);
    expect(a.ids).toEqual(b.ids);
    expect(a.ids).toHaveLength(12);
    expect(a.ids.every((id) => id >= 4 && id < tokenizer.vocabSize)).toBe(true);
    model.dispose();
  }, 120_000);
});
