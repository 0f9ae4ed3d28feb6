import { afterAll, describe, expect, it } from 'vitest';
import { assetBytes, assetCopies, fakeFetch, flipByte } from '../test/fixtures/asset-copy.js';
import { cldrPhrases, type CldrPhrase } from './cldr-phrases.js';

const copies = assetCopies();
afterAll(() => copies.remove());

const all = ({ splits: d }: { splits: { train: CldrPhrase[]; validation: CldrPhrase[]; test: CldrPhrase[] } }): CldrPhrase[] => [...d.train, ...d.validation, ...d.test];

describe('cldrPhrases', () => {
  it('cldrPhrases() pairs English with French by default, 1,561 / 194 / 194', async () => {
    const d = await cldrPhrases();
    expect([d.splits.train.length, d.splits.validation.length, d.splits.test.length]).toEqual([1561, 194, 194]);
    expect(d.meta).toMatchObject({ name: 'cldr-phrases-en-fr', source: 'emojibase-data@17.0.0', seed: 0 });
    expect(d.meta.license).toMatch(/Unicode License v3/);
    expect(d.meta.license).toMatch(/MIT/);
    expect(d.meta.citation).toMatch(/CLDR\) 48/);
    expect(d.meta.sizeBytes).toBe(assetBytes('cldr-phrases.json').length);
    const monocle = all(d).find((p) => p.hexcode === '1F9D0');
    expect(monocle).toEqual({ source: 'face with monocle', target: 'visage avec un monocle', hexcode: '1F9D0' });
  });

  it("cldrPhrases({ target: 'de' }) pairs English with German, aligned by hexcode", async () => {
    const d = await cldrPhrases({ target: 'de' });
    expect(d.meta.name).toBe('cldr-phrases-en-de');
    const byHex = new Map(all(d).map((p) => [p.hexcode, p]));
    expect(byHex.get('1F9D0')).toEqual({ source: 'face with monocle', target: 'Gesicht mit Monokel', hexcode: '1F9D0' });
    expect(byHex.get('1F62F')).toEqual({ source: 'hushed face', target: 'verdutztes Gesicht', hexcode: '1F62F' });
  });

  it('cldrPhrases() splits do not overlap; the same seed splits the same emoji for fr and de', async () => {
    const fr = await cldrPhrases({ seed: 4 });
    const de = await cldrPhrases({ seed: 4, target: 'de' });
    const hexes = all(fr).map((p) => p.hexcode);
    expect(new Set(hexes).size).toBe(1949);
    expect(fr.splits.test.map((p) => p.hexcode)).toEqual(de.splits.test.map((p) => p.hexcode));
    expect(all(fr).every((p) => p.source.length > 0 && p.target.length > 0 && /^[0-9A-F]+(-[0-9A-F]+)*$/.test(p.hexcode))).toBe(true);
  });

  it('cldrPhrases({ seed }) is deterministic and depends on the seed', async () => {
    const hexes = async (seed: number): Promise<string[]> => (await cldrPhrases({ seed })).splits.validation.map((p) => p.hexcode);
    expect(await hexes(21)).toEqual(await hexes(21));
    expect(await hexes(21)).not.toEqual(await hexes(22));
  });

  it('cldrPhrases({ url, fetch, onProgress }) fetches and reports progress', async () => {
    const bytes = assetBytes('cldr-phrases.json');
    const calls: number[] = [];
    await cldrPhrases({ url: 'https://assets.invalid/c.json', fetch: fakeFetch(bytes, 2), onProgress: (loaded) => calls.push(loaded) });
    expect(calls).toEqual([Math.ceil(bytes.length / 2), bytes.length]);
  });

  it('cldrPhrases({ url }) rejects a corrupted asset', async () => {
    const bytes = assetBytes('cldr-phrases.json');
    await expect(cldrPhrases({ url: copies.write('flipped.json', flipByte(bytes, -50)) })).rejects.toThrow(/^cldrPhrases: asset .*flipped\.json is corrupted/);
  });

  it('cldrPhrases(options) rejects a bad target and unknown keys, naming them', async () => {
    await expect(cldrPhrases({ target: 'es' } as never)).rejects.toThrow(`cldrPhrases: option 'target' must be 'fr' or 'de', got "es"`);
    await expect(cldrPhrases({ language: 'de' } as never)).rejects.toThrow("cldrPhrases: unknown option 'language' in argument 'options'; known options are url, onProgress, fetch, seed, target");
  });
});
