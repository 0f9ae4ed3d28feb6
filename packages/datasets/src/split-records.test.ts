import { expect, test } from 'vitest';
import { splitRecords } from './split-records.js';

const records = Array.from({ length: 1000 }, (_, i) => ({ id: i, label: i % 10 < 3 ? 'a' : 'b' }));

test('splitRecords(records, { seed }) cuts 80/10/10 with no overlap and no loss', () => {
  const s = splitRecords(records, { seed: 3 });
  expect([s.train.length, s.validation.length, s.test.length]).toEqual([800, 100, 100]);
  const ids = [...s.train, ...s.validation, ...s.test].map((r) => r.id).sort((x, y) => x - y);
  expect(ids).toEqual(records.map((r) => r.id));
});

test('splitRecords is deterministic for a seed and differs across seeds', () => {
  const a = splitRecords(records, { seed: 11 });
  const b = splitRecords(records, { seed: 11 });
  const c = splitRecords(records, { seed: 12 });
  expect(a.test.map((r) => r.id)).toEqual(b.test.map((r) => r.id));
  expect(a.test.map((r) => r.id)).not.toEqual(c.test.map((r) => r.id));
});

test('splitRecords with stratifyBy keeps the class balance in every split', () => {
  const s = splitRecords(records, { seed: 5, stratifyBy: (r) => r.label, fractions: { train: 0.6, validation: 0.2, test: 0.2 } });
  for (const part of [s.train, s.validation, s.test]) {
    const share = part.filter((r) => r.label === 'a').length / part.length;
    expect(Math.abs(share - 0.3)).toBeLessThan(0.01);
  }
  expect(s.validation.length).toBe(200);
});

test('splitRecords rejects fractions that do not sum to 1', () => {
  expect(() => splitRecords(records, { seed: 1, fractions: { train: 0.5, validation: 0.1, test: 0.1 } })).toThrow(
    /splitRecords: argument 'options.fractions' must hold three non-negative numbers summing to 1/,
  );
});

test('splitRecords without options, or with a fractional seed, names the argument and what was given', () => {
  expect(() => splitRecords(records, undefined as never)).toThrow(new TypeError("splitRecords: argument 'options' must be an object with seed, got undefined"));
  expect(() => splitRecords(records, {} as never)).toThrow(new TypeError("splitRecords: option 'seed' must be an integer, got undefined"));
  expect(() => splitRecords(records, { seed: 0.1 })).toThrow(/splitRecords: option 'seed' must be an integer, got 0.1 \(seeds are cut to integers, so 0.1 would give the same data as 0\)/);
  expect(() => splitRecords(null as never, { seed: 1 })).toThrow(new TypeError("splitRecords: argument 'records' must be an array, got null"));
  expect(() => splitRecords(records, { seed: 1, fractions: 0.8 as never })).toThrow(/splitRecords: option 'fractions' must be an object \{ train, validation, test \}, got 0.8/);
  expect(() => splitRecords(records, { seed: 1, stratifyBy: 'label' as never })).toThrow(new TypeError("splitRecords: option 'stratifyBy' must be a function, got string"));
});

test('splitRecords of fewer than 10 records still gives validation and test one record each, taken from train', () => {
  const few = records.slice(0, 5);
  const s = splitRecords(few, { seed: 1 });
  expect([s.train.length, s.validation.length, s.test.length]).toEqual([3, 1, 1]);
  expect([...s.train, ...s.validation, ...s.test].map((r) => r.id).sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4]);
  const three = splitRecords(records.slice(0, 3), { seed: 1, stratifyBy: (r) => r.id % 2 });
  expect([three.train.length, three.validation.length, three.test.length]).toEqual([1, 1, 1]);
  // Two records cannot fill three splits: train keeps one; a zero fraction stays empty.
  const two = splitRecords(records.slice(0, 2), { seed: 1 });
  expect([two.train.length, two.validation.length, two.test.length]).toEqual([1, 1, 0]);
  const noTest = splitRecords(few, { seed: 1, fractions: { train: 0.9, validation: 0.1, test: 0 } });
  expect([noTest.train.length, noTest.validation.length, noTest.test.length]).toEqual([4, 1, 0]);
  // 10 records or more: floor(n * fraction) as before.
  const ten = splitRecords(records.slice(0, 10), { seed: 1 });
  expect([ten.train.length, ten.validation.length, ten.test.length]).toEqual([8, 1, 1]);
});
