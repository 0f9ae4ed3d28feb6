// Property tests (fast-check) for the invariants of attention. Each property
// draws small shapes, options and a seed; the seed feeds test/seeded-random.ts
// for the numbers, so a failing case shrinks to a small shape and prints a
// seed that reproduces it. Bodies run inside tf.tidy so nothing leaks.
//
// Tolerances: weights rows sum to 1 within 1e-5 (float32 sums of <= 6 terms);
// "unchanged" outputs agree within 1e-5 abs + 1e-5 rel (float32 reordering);
// zeros (masked entries, causal upper triangle, fully masked rows) are exact
// (compared as Math.abs(x) === 0, so -0 counts as zero and NaN does not).
import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, test } from 'vitest';
import {
  additiveAttention,
  maskedSoftmax,
  memoryEfficientAttention,
  multiHeadAttention,
  scaledDotProductAttention,
} from '../src/index.js';
import { anySeed, sizes } from './arbitraries.js';
import { type Nested, type Tolerance, attentionKeep, flatten, mismatch, shapeOf } from './reference.js';
import { SeededRandom, fill, randomMask, randomNormalArray, toTensor } from './seeded-random.js';

const NUM_RUNS = 30;
const CLOSE: Tolerance = { abs: 1e-5, rel: 1e-5 };

// ---------------------------------------------------------------------------
// Arbitraries

/** Sizes and options of one attention call; the numbers come from `seed`. */
const attentionCase = fc.record({
  rank: fc.constantFrom(2, 3, 4),
  ...sizes({ batch: 3, heads: 3, seqLenQ: 6, seqLenK: 6, dHead: 5, dValue: 4 }),
  /** 0: no mask; 1-4: a mask of that rank. */
  maskRank: fc.constantFrom(0, 1, 2, 3, 4),
  /** Which mask dimensions are 1 (broadcast). */
  broadcast: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
  pKeep: fc.constantFrom(0.2, 0.6, 0.9),
  numericMask: fc.boolean(),
  causal: fc.boolean(),
  scale: fc.option(fc.double({ min: -3, max: 3, noNaN: true }), { nil: undefined }),
  seed: anySeed,
});
type AttentionCase = typeof attentionCase extends fc.Arbitrary<infer T> ? T : never;

interface AttentionData {
  q: Nested;
  k: Nested;
  v: Nested;
  mask: Nested<boolean | number> | undefined;
  /** The weights' shape as rank 4, `[batch, heads, seqLenQ, seqLenK]` (1 where the rank has no such axis). */
  shape4: [number, number, number, number];
}

/** The mask shape for `maskRank` against weights `shape4`, with broadcast dims set to 1. */
function maskShape(c: Pick<AttentionCase, 'maskRank' | 'broadcast'>, shape4: readonly number[]): number[] {
  const full = [shape4.slice(3), shape4.slice(2), [shape4[0]!, ...shape4.slice(2)], shape4.slice()][c.maskRank - 1]!;
  const bits = c.broadcast.slice(4 - full.length);
  return full.map((size, i) => (bits[i] ? 1 : size));
}

/** Seeded inputs for an {@link attentionCase}. */
function attentionData(c: AttentionCase): AttentionData {
  const rng = new SeededRandom(c.seed);
  const lead = [[], [c.batch], [c.batch, c.heads]][c.rank - 2]!;
  const shape4: [number, number, number, number] = [c.rank >= 3 ? c.batch : 1, c.rank === 4 ? c.heads : 1, c.seqLenQ, c.seqLenK];
  const q = randomNormalArray(rng, [...lead, c.seqLenQ, c.dHead]);
  const k = randomNormalArray(rng, [...lead, c.seqLenK, c.dHead]);
  const v = randomNormalArray(rng, [...lead, c.seqLenK, c.dValue]);
  let mask: Nested<boolean | number> | undefined;
  if (c.maskRank > 0) {
    const m = randomMask(rng, maskShape(c, shape4), c.pKeep);
    mask = c.numericMask ? mapLeaves(m, (x) => (x ? 1 : 0)) : m;
  }
  return { q, k, v, mask, shape4 };
}

function mapLeaves<A, B>(x: Nested<A>, f: (a: A) => B): Nested<B> {
  return Array.isArray(x) ? x.map((y) => mapLeaves(y, f)) : f(x);
}

const maskTensor = (mask: Nested<boolean | number> | undefined) =>
  mask === undefined ? undefined : toTensor(mask as Nested<number>, typeof flatten(mask)[0] === 'number' ? 'float32' : 'bool');

/** `x` with the rows of its second-to-last axis (seqLenK for keys and values) reordered: row j becomes row perm[j]. */
function permuteRows(x: Nested, perm: readonly number[]): Nested {
  const depth = shapeOf(x).length;
  if (depth === 2) return perm.map((p) => (x as Nested[])[p]!);
  return (x as Nested[]).map((y) => permuteRows(y, perm));
}

/** `x` with its last axis reordered (a size-1, broadcast, last axis stays). */
function permuteLast<T>(x: Nested<T>, perm: readonly number[]): Nested<T> {
  const arr = x as Nested<T>[];
  if (!Array.isArray(arr[0])) return arr.length === 1 ? arr : perm.map((p) => arr[p]!);
  return arr.map((y) => permuteLast(y, perm));
}

/** Checks each weights row of `weights` (flat, rows of `seqLenK`): masked entries exactly 0; sum 1, or all exactly 0 when nothing is kept. */
function expectRowsNormalised(weights: ArrayLike<number>, keep: readonly boolean[] | undefined, seqLenK: number): void {
  for (let start = 0; start < weights.length; start += seqLenK) {
    let sum = 0;
    let kept = 0;
    for (let j = start; j < start + seqLenK; j++) {
      const isKept = keep === undefined || keep[j] === true;
      if (isKept) kept++;
      else expect(Math.abs(weights[j]!), `masked weight at ${j}`).toBe(0);
      sum += weights[j]!;
    }
    if (kept === 0) expect(Math.abs(sum), `fully masked row at ${start}`).toBe(0);
    else expect(Math.abs(sum - 1), `row at ${start} sums to ${sum}`).toBeLessThanOrEqual(1e-5);
  }
}

/** The flat keep-mask aligned with the flat weights of shape `shape4` (undefined when all is kept). */
function flatKeep(d: AttentionData, causal: boolean): boolean[] | undefined {
  const keep = attentionKeep(d.shape4, d.mask, causal);
  return keep === undefined ? undefined : flatten<boolean>(keep);
}

// ---------------------------------------------------------------------------

describe('properties of scaledDotProductAttention', () => {
  test('scaledDotProductAttention weights: every row sums to 1, or is exactly 0 where fully masked; masked weights are exactly 0', () => {
    fc.assert(
      fc.property(attentionCase, (c) => {
        const d = attentionData(c);
        tf.tidy(() => {
          const { output, weights } = scaledDotProductAttention(toTensor(d.q), toTensor(d.k), toTensor(d.v), {
            mask: maskTensor(d.mask),
            causal: c.causal,
            scale: c.scale,
          });
          expect(weights.shape).toEqual([...shapeOf(d.q).slice(0, -1), c.seqLenK]);
          expect(output.shape).toEqual([...shapeOf(d.q).slice(0, -1), c.dValue]);
          const keep = flatKeep(d, c.causal);
          expectRowsNormalised(weights.dataSync(), keep, c.seqLenK);
          expect(Array.from(output.dataSync()).some(Number.isNaN)).toBe(false);
        });
      }),
      { numRuns: NUM_RUNS },
    );
  });

  test('scaledDotProductAttention(q, k, v, { causal: true }) weights are exactly 0 above the diagonal', () => {
    fc.assert(
      fc.property(attentionCase, (c) => {
        const d = attentionData(c);
        tf.tidy(() => {
          const { weights } = scaledDotProductAttention(toTensor(d.q), toTensor(d.k), toTensor(d.v), {
            mask: maskTensor(d.mask),
            causal: true,
            scale: c.scale,
          });
          const w = weights.dataSync();
          for (let i = 0; i < w.length; i++) {
            const row = Math.floor(i / c.seqLenK) % c.seqLenQ;
            const col = i % c.seqLenK;
            if (col > row) expect(Math.abs(w[i]!), `weight [${row}, ${col}]`).toBe(0);
          }
        });
      }),
      { numRuns: NUM_RUNS },
    );
  });

  test('scaledDotProductAttention output is unchanged when keys and values are permuted together; the weight columns permute the same way', () => {
    fc.assert(
      fc.property(attentionCase, anySeed, (c, permSeed) => {
        const d = attentionData(c);
        const perm = new SeededRandom(permSeed).permutation(c.seqLenK);
        tf.tidy(() => {
          const run = (k: Nested, v: Nested, mask: Nested<boolean | number> | undefined) =>
            scaledDotProductAttention(toTensor(d.q), toTensor(k), toTensor(v), { mask: maskTensor(mask), scale: c.scale });
          const base = run(d.k, d.v, d.mask);
          const permuted = run(permuteRows(d.k, perm), permuteRows(d.v, perm), d.mask === undefined ? undefined : permuteLast(d.mask, perm));
          expect(mismatch(permuted.output.dataSync(), base.output.dataSync(), CLOSE)).toBeNull();
          // Column j of the permuted weights is column perm[j] of the original.
          const w = base.weights.dataSync();
          const expected = Array.from(permuted.weights.dataSync(), (_, i) => w[i - (i % c.seqLenK) + perm[i % c.seqLenK]!]!);
          expect(mismatch(permuted.weights.dataSync(), expected, { abs: 1e-6, rel: 1e-6 })).toBeNull();
        });
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

// ---------------------------------------------------------------------------

describe('properties of maskedSoftmax', () => {
  const softmaxCase = fc.record({
    shape: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 3 }),
    masked: fc.boolean(),
    pKeep: fc.constantFrom(0.3, 0.7, 1),
    spread: fc.constantFrom(1, 5, 20),
    seed: anySeed,
  });

  test('maskedSoftmax(logits + c, mask) equals maskedSoftmax(logits, mask) for a constant c per row', () => {
    fc.assert(
      fc.property(softmaxCase, fc.double({ min: -30, max: 30, noNaN: true }), (c, offset) => {
        const rng = new SeededRandom(c.seed);
        const logits = randomNormalArray(rng, c.shape, c.spread);
        const rows = c.shape.slice(0, -1);
        // One constant per row: offset plus a row-dependent jitter in [-1, 1).
        const shift = fill([...rows, 1], () => Math.fround(offset + rng.uniform(-1, 1)));
        const mask = c.masked ? randomMask(rng, c.shape, c.pKeep) : undefined;
        tf.tidy(() => {
          const m = mask === undefined ? undefined : toTensor(mask);
          const x = toTensor(logits);
          const base = maskedSoftmax(x, m);
          const shifted = maskedSoftmax(tf.add(x, toTensor(shift)), m);
          expect(shifted.shape).toEqual(c.shape);
          expect(mismatch(shifted.dataSync(), base.dataSync(), CLOSE)).toBeNull();
          expectRowsNormalised(shifted.dataSync(), mask === undefined ? undefined : flatten<boolean>(mask), c.shape[c.shape.length - 1]!);
        });
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

// ---------------------------------------------------------------------------

describe('properties of additiveAttention', () => {
  const params = (rng: SeededRandom, dQuery: number, dKey: number, dAttn: number) => ({
    wq: toTensor(randomNormalArray(rng, [dQuery, dAttn], 0.7)) as tf.Tensor2D,
    wk: toTensor(randomNormalArray(rng, [dKey, dAttn], 0.7)) as tf.Tensor2D,
    v: toTensor(randomNormalArray(rng, [dAttn])) as tf.Tensor1D,
  });

  test('additiveAttention weights: rows sum to 1 (or exactly 0 where fully masked), exactly 0 above the diagonal with causal', () => {
    fc.assert(
      fc.property(attentionCase, fc.integer({ min: 1, max: 4 }), (c, dAttn) => {
        const d = attentionData(c);
        const rng = new SeededRandom(c.seed ^ 0x5bd1e995);
        tf.tidy(() => {
          const { weights } = additiveAttention(toTensor(d.q), toTensor(d.k), toTensor(d.v), params(rng, c.dHead, c.dHead, dAttn), {
            mask: maskTensor(d.mask),
            causal: c.causal,
          });
          const w = weights.dataSync();
          expectRowsNormalised(w, flatKeep(d, c.causal), c.seqLenK);
          if (c.causal) {
            for (let i = 0; i < w.length; i++) {
              if (i % c.seqLenK > Math.floor(i / c.seqLenK) % c.seqLenQ) expect(Math.abs(w[i]!), `weight ${i} above the diagonal`).toBe(0);
            }
          }
        });
      }),
      { numRuns: NUM_RUNS },
    );
  });

  test('additiveAttention output is unchanged when keys and values are permuted together', () => {
    fc.assert(
      fc.property(attentionCase, fc.integer({ min: 1, max: 4 }), anySeed, (c, dAttn, permSeed) => {
        const d = attentionData(c);
        const perm = new SeededRandom(permSeed).permutation(c.seqLenK);
        const rng = new SeededRandom(c.seed ^ 0x5bd1e995);
        tf.tidy(() => {
          const p = params(rng, c.dHead, c.dHead, dAttn);
          const base = additiveAttention(toTensor(d.q), toTensor(d.k), toTensor(d.v), p, { mask: maskTensor(d.mask) });
          const mask = d.mask === undefined ? undefined : permuteLast(d.mask, perm);
          const permuted = additiveAttention(toTensor(d.q), toTensor(permuteRows(d.k, perm)), toTensor(permuteRows(d.v, perm)), p, { mask: maskTensor(mask) });
          expect(mismatch(permuted.output.dataSync(), base.output.dataSync(), CLOSE)).toBeNull();
        });
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

// ---------------------------------------------------------------------------

describe('properties of multiHeadAttention', () => {
  const mhaCase = fc.record({
    rank: fc.constantFrom(2, 3),
    ...sizes({ batch: 3, seqLenQ: 5, seqLenK: 5, dModel: 5, dKeyIn: 5, dValueIn: 5, dHead: 5, dValue: 4, dOut: 4 }),
    biases: fc.boolean(),
    maskRank: fc.constantFrom(0, 1, 2, 3),
    broadcast: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
    causal: fc.boolean(),
    scale: fc.option(fc.double({ min: -2, max: 2, noNaN: true }), { nil: undefined }),
    seed: anySeed,
  });

  test('multiHeadAttention with 1 head equals scaledDotProductAttention on the projected inputs, projected by wo', () => {
    fc.assert(
      fc.property(mhaCase, (c) => {
        const rng = new SeededRandom(c.seed);
        const lead = c.rank === 3 ? [c.batch] : [];
        const batch = c.rank === 3 ? c.batch : 1;
        const q = randomNormalArray(rng, [...lead, c.seqLenQ, c.dModel]);
        const k = randomNormalArray(rng, [...lead, c.seqLenK, c.dKeyIn]);
        const v = randomNormalArray(rng, [...lead, c.seqLenK, c.dValueIn]);
        const w = (rows: number, cols: number) => randomNormalArray(rng, [rows, cols], 1 / Math.sqrt(rows));
        const [wq, wk, wv, wo] = [w(c.dModel, c.dHead), w(c.dKeyIn, c.dHead), w(c.dValueIn, c.dValue), w(c.dValue, c.dOut)];
        const b = (size: number) => (c.biases ? randomNormalArray(rng, [size], 0.3) : undefined);
        const [bq, bk, bv, bo] = [b(c.dHead), b(c.dHead), b(c.dValue), b(c.dOut)];
        const mask = c.maskRank === 0 ? undefined : randomMask(rng, maskShape(c, [batch, 1, c.seqLenQ, c.seqLenK]), 0.7);
        tf.tidy(() => {
          const t = (x: Nested<number> | Nested<boolean> | undefined) => (x === undefined ? undefined : toTensor(x));
          const params = {
            wq: t(wq) as tf.Tensor2D, wk: t(wk) as tf.Tensor2D, wv: t(wv) as tf.Tensor2D, wo: t(wo) as tf.Tensor2D,
            bq: t(bq) as tf.Tensor1D | undefined, bk: t(bk) as tf.Tensor1D | undefined,
            bv: t(bv) as tf.Tensor1D | undefined, bo: t(bo) as tf.Tensor1D | undefined,
          };
          const options = { mask: t(mask), causal: c.causal, scale: c.scale };
          const mha = multiHeadAttention(toTensor(q), toTensor(k), toTensor(v), params, { heads: 1, ...options });
          // x [..., seqLen, dIn] · w [dIn, dOut] (+ b), written with tf.dot on a flattened copy.
          const proj = (x: Nested, wt: tf.Tensor2D, bt?: tf.Tensor1D) => {
            const xs = shapeOf(x);
            const flat = tf.dot(toTensor(x).reshape([-1, xs[xs.length - 1]!]), wt) as tf.Tensor2D;
            const y = bt === undefined ? flat : tf.add(flat, bt);
            return y.reshape([...xs.slice(0, -1), wt.shape[1]]);
          };
          const sdpa = scaledDotProductAttention(proj(q, params.wq, params.bq), proj(k, params.wk, params.bk), proj(v, params.wv, params.bv), options);
          const expectedOutput = tf.add(tf.dot(sdpa.output.reshape([-1, c.dValue]), params.wo), params.bo ?? tf.scalar(0));
          expect(mha.output.shape).toEqual([...lead, c.seqLenQ, c.dOut]);
          expect(mha.weights.shape).toEqual([...lead, 1, c.seqLenQ, c.seqLenK]);
          expect(mismatch(mha.weights.dataSync(), sdpa.weights.dataSync(), CLOSE)).toBeNull();
          expect(mismatch(mha.output.dataSync(), expectedOutput.dataSync(), CLOSE)).toBeNull();
        });
      }),
      { numRuns: NUM_RUNS },
    );
  });

  test('multiHeadAttention output is unchanged when keys and values are permuted together', () => {
    fc.assert(
      fc.property(mhaCase, fc.constantFrom(1, 2, 3), anySeed, (c, heads, permSeed) => {
        const rng = new SeededRandom(c.seed);
        const perm = new SeededRandom(permSeed).permutation(c.seqLenK);
        const lead = c.rank === 3 ? [c.batch] : [];
        const q = randomNormalArray(rng, [...lead, c.seqLenQ, c.dModel]);
        const k = randomNormalArray(rng, [...lead, c.seqLenK, c.dKeyIn]);
        const v = randomNormalArray(rng, [...lead, c.seqLenK, c.dValueIn]);
        const w = (rows: number, cols: number) => toTensor(randomNormalArray(rng, [rows, cols], 1 / Math.sqrt(rows))) as tf.Tensor2D;
        tf.tidy(() => {
          const params = { wq: w(c.dModel, heads * c.dHead), wk: w(c.dKeyIn, heads * c.dHead), wv: w(c.dValueIn, heads * c.dValue), wo: w(heads * c.dValue, c.dOut) };
          const base = multiHeadAttention(toTensor(q), toTensor(k), toTensor(v), params, { heads });
          const permuted = multiHeadAttention(toTensor(q), toTensor(permuteRows(k, perm)), toTensor(permuteRows(v, perm)), params, { heads });
          expect(mismatch(permuted.output.dataSync(), base.output.dataSync(), CLOSE)).toBeNull();
        });
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

// ---------------------------------------------------------------------------

describe('properties of memoryEfficientAttention', () => {
  test('memoryEfficientAttention output equals scaledDotProductAttention output for any chunk sizes, masks and causal', () => {
    fc.assert(
      fc.property(attentionCase, fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 7 }), (c, chunkSize, queryChunkSize) => {
        const d = attentionData(c);
        tf.tidy(() => {
          const options = { mask: maskTensor(d.mask), causal: c.causal, scale: c.scale };
          const [q, k, v] = [toTensor(d.q), toTensor(d.k), toTensor(d.v)];
          const full = scaledDotProductAttention(q, k, v, options);
          const chunked = memoryEfficientAttention(q, k, v, { ...options, chunkSize, queryChunkSize });
          expect(chunked.output.shape).toEqual(full.output.shape);
          expect(mismatch(chunked.output.dataSync(), full.output.dataSync(), { abs: 2e-6, rel: 1e-5, relFloor: 1 })).toBeNull();
        });
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
