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
