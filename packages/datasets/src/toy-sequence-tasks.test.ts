import { describe, expect, it } from 'vitest';
import { toySequenceTasks, type ToySequenceExample } from './toy-sequence-tasks.js';

const all = (s: { train: ToySequenceExample[]; validation: ToySequenceExample[]; test: ToySequenceExample[] }): ToySequenceExample[] => [...s.train, ...s.validation, ...s.test];

describe('toySequenceTasks', () => {
  it("toySequenceTasks({ task: 'copy' }) gives 2,000 distinct examples split 1,600 / 200 / 200", () => {
    const { splits, meta, tokens, vocabSize, sepId } = toySequenceTasks({ task: 'copy' });
    expect(meta.counts).toEqual({ train: 1600, validation: 200, test: 200 });
    expect(meta.name).toBe('toy-copy');
    const examples = all(splits);
    expect(new Set(examples.map((e) => e.input.join())).size).toBe(2000);
    expect(tokens.slice(0, 6)).toEqual(['<pad>', '<unk>', '<bos>', '<eos>', '<sep>', 'a']);
    expect([vocabSize, sepId]).toEqual([15, 4]);
    for (const e of examples) {
      expect(e.input.length).toBe(8);
      expect(e.target).toEqual(e.input);
      expect(e.input.every((id) => id >= 5 && id < 15)).toBe(true);
    }
  });

  it("toySequenceTasks 'reverse' and 'sort' targets match a plain reverse and sort", () => {
    for (const e of all(toySequenceTasks({ task: 'reverse', length: [2, 12], seed: 3 }).splits)) {
      expect(e.target).toEqual([...e.input].reverse());
    }
    const sorted = all(toySequenceTasks({ task: 'sort', length: [1, 6], seed: 3, count: 500 }).splits);
    for (const e of sorted) {
      for (let i = 1; i < e.target.length; i++) expect(e.target[i]!).toBeGreaterThanOrEqual(e.target[i - 1]!);
      expect([...e.target].sort()).toEqual([...e.input].sort());
    }
    expect(new Set(sorted.map((e) => e.input.length))).toEqual(new Set([1, 2, 3, 4, 5, 6]));
  });

  it("toySequenceTasks 'keyRecall' asks for the value stored under a key, at the stated distance", () => {
    const { splits, tokens, sepId } = toySequenceTasks({ task: 'keyRecall', length: 16, symbols: 20, seed: 7 });
    const examples = all(splits);
    const distances = new Set<number>();
    for (const e of examples) {
      expect(e.input.length).toBe(2 * 16 + 2);
      expect(e.input.at(-2)).toBe(sepId);
      const keys = e.input.filter((_, i) => i % 2 === 0).slice(0, 16);
      expect(new Set(keys).size).toBe(16);
      expect(keys.every((k) => tokens[k]!.startsWith('K'))).toBe(true);
      const query = e.input.at(-1)!;
      const at = e.input.findIndex((id, i) => i % 2 === 0 && i < 32 && id === query);
      expect(e.target).toEqual([e.input[at + 1]]);
      expect(tokens[e.target[0]!]!.startsWith('V')).toBe(true);
      expect(e.distance).toBe(e.input.length - 1 - (at + 1));
      distances.add(e.distance);
    }
    expect(Math.max(...distances)).toBe(2 * 16); // the first pair's value is 32 tokens before the query key
    expect(Math.min(...distances)).toBe(2);
  });

  it('toySequenceTasks({ seed }) is deterministic; the seed and the task change it', () => {
    const a = toySequenceTasks({ task: 'keyRecall', seed: 1, count: 300 });
    expect(toySequenceTasks({ task: 'keyRecall', seed: 1, count: 300 }).splits).toEqual(a.splits);
    expect(toySequenceTasks({ task: 'keyRecall', seed: 2, count: 300 }).splits.test).not.toEqual(a.splits.test);
  });

  it('toySequenceTasks rejects bad options and impossible counts, naming them', () => {
    expect(() => toySequenceTasks({ task: 'copy', length: 2, symbols: 2, count: 5 })).toThrow(/option 'count' \(5\) is more than the 4 distinct copy examples of length 2..2 over 2 symbols/);
    expect(toySequenceTasks({ task: 'copy', length: 2, symbols: 2, count: 4 }).meta.counts).toEqual({ train: 2, validation: 1, test: 1 });
    expect(() => toySequenceTasks({ task: 'keyRecall', length: 12, symbols: 10 })).toThrow(/option 'length' \(up to 12 pairs\) must be at most 'symbols' \(10\)/);
    expect(toySequenceTasks({ task: 'keyRecall', length: 64, count: 10 }).vocabSize).toBe(5 + 2 * 64); // keys default to the length
    expect(() => toySequenceTasks({ task: 'add' as 'copy' })).toThrow(/option 'task' must be one of copy, reverse, sort, keyRecall, got "add"/);
    expect(() => toySequenceTasks({ length: [5, 2] })).toThrow(/option 'length' must be an integer in 1..512 or \[min, max\]/);
    expect(() => toySequenceTasks({ distance: 3 } as object)).toThrow(/toySequenceTasks: unknown option 'distance'/);
  });
});
