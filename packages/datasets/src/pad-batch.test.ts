import { describe, expect, it } from 'vitest';
import { padBatch } from './pad-batch.js';

describe('padBatch', () => {
  it('padBatch([[5, 6, 7], [8]]) pads to the longest with <pad> = 0 and marks tokens in the mask', () => {
    const { ids, mask, lengths, shape } = padBatch([[5, 6, 7], [8]]);
    expect(shape).toEqual([2, 3]);
    expect(ids).toBeInstanceOf(Int32Array);
    expect(mask).toBeInstanceOf(Uint8Array);
    expect(Array.from(ids)).toEqual([5, 6, 7, 8, 0, 0]);
    expect(Array.from(mask)).toEqual([1, 1, 1, 1, 0, 0]);
    expect(lengths).toEqual([3, 1]);
  });

  it('padBatch({ maxLen, padId }) pads past the longest with the given id; typed arrays work as input', () => {
    const { ids, mask, shape } = padBatch([Int32Array.of(1, 2), [3]], { maxLen: 4, padId: 9 });
    expect(shape).toEqual([2, 4]);
    expect(Array.from(ids)).toEqual([1, 2, 9, 9, 3, 9, 9, 9]);
    expect(Array.from(mask)).toEqual([1, 1, 0, 0, 1, 0, 0, 0]);
  });

  it("padBatch({ truncate: 'end' | 'start' }) keeps the first or the last maxLen ids", () => {
    const seqs = [[1, 2, 3, 4, 5], [6]];
    const end = padBatch(seqs, { maxLen: 3, truncate: 'end' });
    expect(Array.from(end.ids)).toEqual([1, 2, 3, 6, 0, 0]);
    expect(end.lengths).toEqual([3, 1]);
    const start = padBatch(seqs, { maxLen: 3, truncate: 'start' });
    expect(Array.from(start.ids)).toEqual([3, 4, 5, 6, 0, 0]);
    expect(Array.from(start.mask)).toEqual([1, 1, 1, 1, 0, 0]);
  });

  it('padBatch handles an empty batch, empty sequences and maxLen 0', () => {
    expect(padBatch([]).shape).toEqual([0, 0]);
    const e = padBatch([[], []]);
    expect(e.shape).toEqual([2, 0]);
    expect(e.lengths).toEqual([0, 0]);
    const z = padBatch([[], [1]], { maxLen: 0, truncate: 'end' });
    expect(z.shape).toEqual([2, 0]);
    expect(z.lengths).toEqual([0, 0]);
  });

  it('padBatch mask agrees with a plain loop over lengths for random batches', () => {
    let s = 1;
    const rand = (n: number): number => ((s = (s * 48271) % 2147483647), s % n);
    for (let trial = 0; trial < 20; trial++) {
      const seqs = Array.from({ length: 1 + rand(6) }, () => Array.from({ length: rand(9) }, () => 4 + rand(20)));
      const { ids, mask, lengths, shape } = padBatch(seqs);
      const seqLen = Math.max(0, ...seqs.map((q) => q.length));
      expect(shape).toEqual([seqs.length, seqLen]);
      seqs.forEach((q, b) => {
        expect(lengths[b]).toBe(q.length);
        for (let t = 0; t < seqLen; t++) {
          expect(mask[b * seqLen + t]).toBe(t < q.length ? 1 : 0);
          expect(ids[b * seqLen + t]).toBe(t < q.length ? q[t] : 0);
        }
      });
    }
  });

  it('padBatch([[5, 2 ** 40]]) throws instead of writing the padding id where the mask says 1', () => {
    expect(() => padBatch([[5, 2 ** 40]])).toThrow(new RangeError("padBatch: argument 'sequences[0][1]' must be an int32 id (-2147483648 to 2147483647), got 1099511627776"));
    expect(() => padBatch([[5], [2 ** 31]])).toThrow(/argument 'sequences\[1\]\[0\]' must be an int32 id .*, got 2147483648/);
    expect(() => padBatch([[5]], { padId: 2 ** 31 })).toThrow(new RangeError("padBatch: argument 'options.padId' must be an int32 id (-2147483648 to 2147483647), got 2147483648"));
    expect(padBatch([[2 ** 31 - 1, -(2 ** 31)]]).ids).toEqual(Int32Array.of(2 ** 31 - 1, -(2 ** 31)));
  });

  it('padBatch rejects a too-long sequence, bad ids and unknown options, naming the argument', () => {
    expect(() => padBatch([[1, 2, 3], [4]], { maxLen: 2 })).toThrow("padBatch: sequences[0] has length 3, more than maxLen 2; pass truncate: 'end' or 'start' to cut it");
    expect(() => padBatch([[1, 2.5]])).toThrow(new TypeError("padBatch: argument 'sequences[0][1]' must be an int32 id (-2147483648 to 2147483647), got 2.5"));
    expect(() => padBatch([[1], null as unknown as number[]])).toThrow(/argument 'sequences\[1\]' must be an array of ids/);
    expect(() => padBatch([[1]], { maxlen: 3 } as object)).toThrow(/padBatch: unknown option 'maxlen'/);
    expect(() => padBatch([[1]], { truncate: true as unknown as 'end' })).toThrow(/option 'truncate' must be false, 'start' or 'end'/);
    expect(() => padBatch([[1]], { maxLen: -1 })).toThrow(/option 'maxLen' must be an integer >= 0, got -1/);
    expect(() => padBatch('abc' as unknown as number[][])).toThrow(/argument 'sequences' must be an array/);
  });
});
