// The shipped subword Transformer language model: its quality on the unseen chapters of Moby-Dick,
// computed here from model.predict and not through the recipe's code, against the character
// Transformer on the same text; the roles of its heads, measured on the shipped weights; and sampling.
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

  /** The best score of each role over every head, on held-out prose and on four induction probes. */
  async function bestRoleScores(): Promise<{ previousToken: number; induction: number }> {
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

  // Issue 17 asks for an induction head; the shipped weights have none yet (see the README). This test
  // is expected to fail, so it turns red (and must become a plain test) once retrained weights have one.
  test.runIf(wasm).fails('subword-transformer: an induction head (not yet: expected to fail on these weights)', async () => {
    expect((await bestRoleScores()).induction).toBeGreaterThanOrEqual(HEAD_ROLE_THRESHOLDS.induction);
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
