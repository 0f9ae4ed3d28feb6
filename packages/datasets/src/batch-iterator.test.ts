import { describe, expect, it } from 'vitest';
import { batchIterator } from './batch-iterator.js';

const records = Array.from({ length: 10 }, (_, i) => i);

describe('batchIterator', () => {
  it('batchIterator yields every record once per epoch in batches of batchSize, the last one smaller', () => {
    const batches = [...batchIterator(records, { batchSize: 4, seed: 1 })];
    expect(batches.map((b) => b.length)).toEqual([4, 4, 2]);
    expect(batches.flat().sort((a, b) => a - b)).toEqual(records);
    expect(batches.flat()).not.toEqual(records); // shuffled
  });

  it('batchIterator is deterministic per (seed, epoch) and reshuffles across epochs', () => {
    const order = (seed: number, epoch: number): number[] => [...batchIterator(records, { batchSize: 3, seed, epoch })].flat();
    expect(order(5, 0)).toEqual(order(5, 0));
    expect(order(5, 1)).toEqual(order(5, 1));
    expect(order(5, 0)).not.toEqual(order(5, 1));
    expect(order(5, 0)).not.toEqual(order(6, 0));
  });

  it('batchIterator({ shuffle: false, dropLast: true }) keeps the order and drops the short last batch', () => {
    expect([...batchIterator(records, { batchSize: 4, shuffle: false, dropLast: true })]).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
    ]);
    expect([...batchIterator([], { batchSize: 4 })]).toEqual([]);
  });

  it('batchIterator rejects bad options when called, not on the first next()', () => {
    expect(() => batchIterator(records, { batchSize: 0 })).toThrow(/batchIterator: option 'batchSize' must be an integer >= 1, got 0/);
    expect(() => batchIterator(records, { batchSize: 2, epoch: -1 })).toThrow(/option 'epoch'/);
    expect(() => batchIterator(records, { batchSize: 2, shufle: true } as object as { batchSize: number })).toThrow(/unknown option 'shufle'/);
    expect(() => batchIterator('abc' as unknown as number[], { batchSize: 2 })).toThrow(/argument 'records' must be an array/);
  });
});
