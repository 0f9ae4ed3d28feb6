import { describe, expect, it } from 'vitest';
import { formatCount, readBinaryAsset, readJsonAsset, resolveAssetUrl } from './asset-format.js';

const url = new URL('file:///tmp/toy-asset');
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** FNV-1a of `text`'s UTF-8 bytes, written out here as an independent reference. */
function fnv(bytes: Uint8Array): number {
  let h = 2166136261;
  for (const b of bytes) h = Number((BigInt((h ^ b) >>> 0) * 16777619n) % 4294967296n);
  return h;
}

/** A JSON asset built by hand, with header fields that can be overridden. */
function jsonAsset(payload: string, header: Record<string, unknown> = {}): Uint8Array {
  const p = utf8(payload);
  const h = { magic: 'attention-lab/toy', formatVersion: 1, source: 'toy@1.0.0', records: 2, payloadBytes: p.length, checksum: fnv(p).toString(16).padStart(8, '0'), ...header };
  return utf8(`{"header":${JSON.stringify(h)},"payload":${payload}}\n`);
}

/** A binary asset of 2x2 images built by hand: header, info, pixels, labels. */
function binaryAsset(records: number, pixels: number[], labels: number[]): Uint8Array {
  const info = utf8('{"source":"toy@1.0.0"}');
  const payload = new Uint8Array([...pixels, ...labels]);
  const out = new Uint8Array(32 + info.length + payload.length);
  const view = new DataView(out.buffer);
  out.set(utf8('AL-TOYS!'), 0);
  view.setUint16(8, 1, true);
  view.setUint16(10, 32 + info.length, true);
  view.setUint32(12, records, true);
  view.setUint16(16, 2, true);
  view.setUint16(18, 2, true);
  view.setUint32(20, payload.length, true);
  view.setUint32(24, fnv(payload), true);
  out.set(info, 32);
  out.set(payload, 32 + info.length);
  return out;
}

describe('asset-format', () => {
  it('fnv (the test reference) matches published FNV-1a vectors', () => {
    expect(fnv(utf8(''))).toBe(0x811c9dc5);
    expect(fnv(utf8('a'))).toBe(0xe40c292c);
    expect(fnv(utf8('foobar'))).toBe(0xbf9cf968);
  });

  it('readJsonAsset(...) returns the header and rows of a hand-built asset', () => {
    const asset = readJsonAsset('toy', url, jsonAsset('{"columns":["a","b"],"rows":[[1,"x"],[2,"é"]]}'), 'toy', ['a', 'b']);
    expect(asset.rows).toEqual([
      [1, 'x'],
      [2, 'é'],
    ]);
    expect(asset.header.source).toBe('toy@1.0.0');
  });

  it('readJsonAsset(...) names what is wrong: records, columns, version, header, magic', () => {
    const payload = '{"columns":["a","b"],"rows":[[1,"x"],[2,"y"]]}';
    expect(() => readJsonAsset('toy', url, jsonAsset(payload, { records: 3 }), 'toy', ['a', 'b'])).toThrow('toy: asset file:///tmp/toy-asset has a wrong length: header says 3 records, found 2');
    expect(() => readJsonAsset('toy', url, jsonAsset(payload), 'toy', ['a', 'c'])).toThrow('has a malformed payload: expected columns ["a","c"], found ["a","b"]');
    expect(() => readJsonAsset('toy', url, jsonAsset(payload, { formatVersion: 2 }), 'toy', ['a', 'b'])).toThrow('has format version 2, but this loader reads version 1');
    expect(() => readJsonAsset('toy', url, jsonAsset(payload), 'other', ['a', 'b'])).toThrow('has a bad magic number: expected "attention-lab/other", found "attention-lab/toy"');
    expect(() => readJsonAsset('toy', url, utf8('{"header":{"magic":,"payload":[]}\n'), 'toy', ['a', 'b'])).toThrow(/has a malformed header: /);
    expect(() => readJsonAsset('toy', url, utf8('{"head'), 'toy', ['a', 'b'])).toThrow('is truncated: found 6 bytes, not even a header');
    expect(() => readJsonAsset('toy', url, utf8('[1,2,3]'), 'toy', ['a', 'b'])).toThrow('has a bad magic number');
    expect(() => readJsonAsset('toy', url, jsonAsset(payload, { checksum: '00000000' }), 'toy', ['a', 'b'])).toThrow(/is corrupted: the payload checksum is 0x[0-9a-f]{8}, the header says 0x00000000/);
  });

  it('readBinaryAsset(...) returns a hand-built asset and checks its lengths', () => {
    const asset = readBinaryAsset('toy', url, binaryAsset(2, [0, 1, 2, 3, 4, 5, 6, 255], [7, 9]), 'AL-TOYS!');
    expect(asset).toMatchObject({ records: 2, rows: 2, cols: 2, info: { source: 'toy@1.0.0' } });
    expect([...asset.payload]).toEqual([0, 1, 2, 3, 4, 5, 6, 255, 7, 9]);
    expect(() => readBinaryAsset('toy', url, binaryAsset(3, [0, 1, 2, 3, 4, 5, 6, 255], [7, 9]), 'AL-TOYS!')).toThrow(
      'toy: asset file:///tmp/toy-asset has a wrong length: header says 3 records of 2x2 pixels plus a label (15 bytes), but a payload of 10 bytes',
    );
    expect(() => readBinaryAsset('toy', url, binaryAsset(2, [0, 1, 2, 3, 4, 5, 6, 255], [7, 9]).subarray(0, 60), 'AL-TOYS!')).toThrow('is truncated: header says 10 payload bytes, found 6');
  });

  it('resolveAssetUrl(...) resolves options.url against the default URL', () => {
    const base = new URL('https://example.test/assets/mnist-abc.bin');
    expect(resolveAssetUrl(base, undefined).href).toBe(base.href);
    expect(resolveAssetUrl(base, { url: 'other.bin' }).href).toBe('https://example.test/assets/other.bin');
  });

  it('formatCount(7850000) is "7,850,000"', () => {
    expect(formatCount(7_850_000)).toBe('7,850,000');
  });
});
