import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { assetBytes, assetCopies, fakeFetch, flipByte } from '../test/fixtures/asset-copy.js';
import { sentimentSentences, type SentimentSentence } from './sentiment-sentences.js';

const copies = assetCopies();
afterAll(() => copies.remove());

const SOURCES = ['imdb', 'amazon', 'yelp'] as const;
const key = (s: SentimentSentence): string => `${s.source}|${s.label}|${s.text}`;

/** Sentences per (source, label) class. */
function classCounts(split: SentimentSentence[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const s of split) counts[`${s.source}:${s.label}`] = (counts[`${s.source}:${s.label}`] ?? 0) + 1;
  return counts;
}

describe('sentimentSentences', () => {
  it('sentimentSentences() splits 3,000 sentences into 2,400 / 300 / 300 with meta', async () => {
    const { splits: { train, validation, test }, meta } = await sentimentSentences();
    expect([train.length, validation.length, test.length]).toEqual([2400, 300, 300]);
    expect(meta).toMatchObject({ name: 'sentiment-sentences', source: 'sentiment@5.0.2', seed: 0, counts: { train: 2400, validation: 300, test: 300 } });
    expect(meta.license).toBe('CC BY 4.0 (UCI Machine Learning Repository, Sentiment Labelled Sentences)');
    expect(meta.citation).toMatch(/Kotzias/);
    expect(meta.sizeBytes).toBe(assetBytes('sentiment-sentences.json').length);
  });

  it('sentimentSentences() keeps every (source, label) class balanced in every split', async () => {
    const { splits: { train, validation, test } } = await sentimentSentences({ seed: 9 });
    const classes = SOURCES.flatMap((s) => [`${s}:0`, `${s}:1`]);
    expect(classCounts(train)).toEqual(Object.fromEntries(classes.map((c) => [c, 400])));
    expect(classCounts(validation)).toEqual(Object.fromEntries(classes.map((c) => [c, 50])));
    expect(classCounts(test)).toEqual(Object.fromEntries(classes.map((c) => [c, 50])));
  });

  it('sentimentSentences() holds the trimmed raw fixtures, without overlap between splits', async () => {
    const { splits: { train, validation, test } } = await sentimentSentences();
    const all = [...train, ...validation, ...test];
    const expected: string[] = [];
    for (const source of SOURCES) {
      const raw = JSON.parse(readFileSync(new URL(`../node_modules/sentiment/test/fixtures/${source}.json`, import.meta.url), 'utf8')) as { text: string; class: number | null }[];
      for (const r of raw) if (r.text.trim() !== '') expected.push(`${source}|${r.class}|${r.text.trim()}`);
    }
    expect(expected.length).toBe(3000);
    expect(all.map(key).sort()).toEqual(expected.sort());
    expect(all.every((s) => s.text === s.text.trim() && s.text.length > 0)).toBe(true);
    // Records are distinct objects; duplicates of a text within a source are separate records.
    expect(new Set(all).size).toBe(3000);
  });

  it('sentimentSentences({ seed }) is deterministic and depends on the seed', async () => {
    const a = await sentimentSentences({ seed: 1 });
    const b = await sentimentSentences({ seed: 1 });
    const c = await sentimentSentences({ seed: 2 });
    expect(a.splits.test.map(key)).toEqual(b.splits.test.map(key));
    expect(a.splits.test.map(key)).not.toEqual(c.splits.test.map(key));
  });

  it('sentimentSentences({ url, fetch, onProgress }) fetches and reports progress', async () => {
    const bytes = assetBytes('sentiment-sentences.json');
    const calls: [number, number][] = [];
    const { splits: { train } } = await sentimentSentences({ url: 'https://assets.invalid/s.json', fetch: fakeFetch(bytes, 3), onProgress: (loaded, total) => calls.push([loaded, total]) });
    expect(train.length).toBe(2400);
    expect(calls.length).toBe(3);
    expect(calls.at(-1)).toEqual([bytes.length, bytes.length]);
  });

  it('sentimentSentences({ url }) rejects a corrupted or truncated asset', async () => {
    const bytes = assetBytes('sentiment-sentences.json');
    await expect(sentimentSentences({ url: copies.write('flipped.json', flipByte(bytes, 2000)) })).rejects.toThrow(/^sentimentSentences: asset .*flipped\.json is corrupted/);
    await expect(sentimentSentences({ url: copies.write('cut.json', bytes.subarray(0, 60)) })).rejects.toThrow(/cut\.json is truncated or malformed: found 60 bytes and no end of the header/);
  });

  it('sentimentSentences(options) rejects an unknown option key, naming it', async () => {
    await expect(sentimentSentences({ stratify: true } as never)).rejects.toThrow("sentimentSentences: unknown option 'stratify'");
  });
});
