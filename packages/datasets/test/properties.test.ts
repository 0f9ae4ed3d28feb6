// Property tests (fast-check) for the invariants of tokenizers, padding,
// windows, batching and splits, over arbitrary Unicode text (emoji, lone
// surrogates, combining marks) and arbitrary id sequences.
import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import { BpeTokenizer, CharTokenizer, WordTokenizer, batchIterator, languageModelWindows, padBatch, splitRecords } from '../src/index.js';

const NUM_RUNS = 100;
const text = fc.string({ unit: 'binary', maxLength: 60 });
const ids = fc.array(fc.integer({ min: 0, max: 1000 }), { maxLength: 20 });

let bpe: BpeTokenizer;
beforeAll(async () => {
  bpe = await BpeTokenizer.load();
});

describe('properties', () => {
  test('CharTokenizer.fit(corpus) round-trips the corpus exactly, whatever its characters', () => {
    fc.assert(
      fc.property(text, (s) => {
        const tok = CharTokenizer.fit(s);
        expect(tok.decode(tok.encode(s))).toBe(s);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  test('CharTokenizer.encode gives one <unk> per code point not seen in fit, and never throws', () => {
    fc.assert(
      fc.property(text, text, (seen, other) => {
        const tok = CharTokenizer.fit(seen);
        const known = new Set(Array.from(seen));
        const encoded = tok.encode(other);
        expect(encoded.length).toBe(Array.from(other).length);
        expect(encoded.filter((id) => id === tok.unkId).length).toBe(Array.from(other).filter((c) => !known.has(c)).length);
        expect(encoded.every((id) => id >= 0 && id < tok.vocabSize)).toBe(true);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  test('WordTokenizer: decode(encode(s)) re-tokenizes to the same words for fitted text; unseen text never throws', () => {
    fc.assert(
      fc.property(text, text, (corpus, other) => {
        const tok = WordTokenizer.fit(corpus);
        expect(tok.tokenize(tok.decode(tok.encode(corpus)))).toEqual(tok.tokenize(corpus));
        const encoded = tok.encode(other);
        expect(encoded.every((id) => id >= 0 && id < tok.vocabSize)).toBe(true);
        expect(WordTokenizer.fromJSON(JSON.parse(JSON.stringify(tok))).encode(other)).toEqual(encoded);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  test('BpeTokenizer round-trips any well-formed Unicode string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (s) => {
        const encoded = bpe.encode(s);
        expect(encoded.every((id) => Number.isInteger(id) && id >= 0 && id < 50257)).toBe(true);
        expect(bpe.decode(encoded)).toBe(s);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  test('padBatch keeps each sequence as a prefix of its row, pads the rest, and its mask sums to the lengths', () => {
    fc.assert(
      fc.property(fc.array(ids, { maxLength: 8 }), fc.integer({ min: -5, max: 5 }), (seqs, padId) => {
        const { ids: flat, mask, lengths, shape } = padBatch(seqs, { padId });
        const [batch, seqLen] = shape;
        expect(batch).toBe(seqs.length);
        for (let b = 0; b < batch; b++) {
          const row = Array.from(flat.subarray(b * seqLen, (b + 1) * seqLen));
          expect(row.slice(0, lengths[b])).toEqual(seqs[b]);
          expect(row.slice(lengths[b]).every((x) => x === padId)).toBe(true);
          expect(mask.subarray(b * seqLen, (b + 1) * seqLen).reduce((a, x) => a + x, 0)).toBe(seqs[b]!.length);
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  test('languageModelWindows: targets are inputs shifted by one, every window inside the stream', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 99 }), { minLength: 2, maxLength: 60 }), fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 8 }), (tokens, seqLen, stride) => {
        fc.pre(tokens.length >= seqLen + 1);
        const { inputs, targets, shape } = languageModelWindows(tokens, { seqLen, stride });
        const [count] = shape;
        expect(count).toBe(Math.floor((tokens.length - seqLen - 1) / stride) + 1);
        for (let w = 0; w < count; w++) {
          expect(Array.from(inputs.subarray(w * seqLen, (w + 1) * seqLen))).toEqual(tokens.slice(w * stride, w * stride + seqLen));
          expect(Array.from(targets.subarray(w * seqLen, (w + 1) * seqLen))).toEqual(tokens.slice(w * stride + 1, w * stride + seqLen + 1));
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  test('batchIterator and splitRecords partition their input: nothing lost, nothing repeated', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1, max: 50 }), fc.integer(), (n, batchSize, seed) => {
        const records = Array.from({ length: n }, (_, i) => i);
        expect([...batchIterator(records, { batchSize, seed })].flat().sort((a, b) => a - b)).toEqual(records);
        const s = splitRecords(records, { seed, stratifyBy: (r) => r % 3 });
        expect([...s.train, ...s.validation, ...s.test].sort((a, b) => a - b)).toEqual(records);
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
