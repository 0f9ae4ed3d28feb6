import { expect, test } from 'vitest';
import { createRng } from './create-rng.js';

test('createRng(42) gives the same stream on every run', () => {
  const a = createRng(42);
  const b = createRng(42);
  const xs = Array.from({ length: 100 }, () => a.next());
  expect(Array.from({ length: 100 }, () => b.next())).toEqual(xs);
  expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  expect(createRng(43).next()).not.toBe(xs[0]);
});

test('createRng(seed).next() matches mulberry32 computed independently with BigInt arithmetic', () => {
  // An independent 32-bit implementation using BigInt, not Math.imul.
  const mask = (1n << 32n) - 1n;
  let s = 7n;
  const mul = (a: bigint, b: bigint) => (a * b) & mask;
  const ref = () => {
    s = (s + 0x6d2b79f5n) & mask;
    let t = s;
    t = mul(t ^ (t >> 15n), t | 1n);
    t = (t ^ ((t + mul(t ^ (t >> 7n), t | 61n)) & mask)) & mask;
    return Number((t ^ (t >> 14n)) & mask) / 2 ** 32;
  };
  const rng = createRng(7);
  for (let i = 0; i < 20; i++) expect(rng.next()).toBe(ref());
});

test('Rng.shuffle returns a permutation and leaves its input alone', () => {
  const items = Array.from({ length: 50 }, (_, i) => i);
  const shuffled = createRng(1).shuffle(items);
  expect(shuffled).not.toEqual(items);
  expect([...shuffled].sort((x, y) => x - y)).toEqual(items);
  expect(items[0]).toBe(0);
});

test('Rng.int is roughly uniform and Rng.fork streams are independent of call order', () => {
  const rng = createRng(9);
  const counts = new Array(4).fill(0);
  for (let i = 0; i < 4000; i++) counts[rng.int(4)]++;
  counts.forEach((c) => expect(Math.abs(c - 1000)).toBeLessThan(120));
  const a = createRng(5).fork('validation').next();
  const r = createRng(5);
  r.next();
  expect(r.fork('validation').next()).toBe(a);
});

test('createRng(0.1) throws instead of giving the stream of createRng(0.9) and createRng(0)', () => {
  for (const seed of [0.1, 0.9, -2.5]) {
    expect(() => createRng(seed)).toThrow(new RangeError(`createRng: argument 'seed' must be an integer, got ${seed} (seeds are cut to integers, so ${seed} would give the same data as ${Math.trunc(seed)})`));
  }
  expect(createRng(2 ** 32 + 5).seed).toBe(5); // large integers are taken modulo 2^32, as documented
});

test('createRng rejects a non-finite seed and Rng.int a bad bound', () => {
  expect(() => createRng(Number.NaN)).toThrow(new TypeError("createRng: argument 'seed' must be an integer, got NaN"));
  expect(() => createRng(1).int(0)).toThrow(/Rng.int: argument 'n' must be a positive integer, got 0/);
  expect(() => createRng(1).pick([])).toThrow(/Rng.pick/);
});
