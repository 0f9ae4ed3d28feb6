// The package against an independent float64 reference (test/reference.ts)
// on seeded random data. Inputs are rounded to float32 before the reference
// sees them, so a difference is the package's float32 arithmetic (or a bug).
//
// Tolerances, all of the form |actual - expected| <= abs + rel * |expected|:
// - TOL (abs 1e-5, rel 1e-5): float32 against float64 on unit-scale data.
//   Sums of a handful of unit-scale float32 products carry errors of a few
//   1e-7; 1e-5 leaves ample room while any real bug (a wrong scale, a mask
//   off by one, a swapped head) moves values by 1e-2 or more.
// - MEA_TOL (rel 1e-5 of max(1, |expected|), plus 2e-6 absolute):
//   memoryEfficientAttention must equal the reference within 1e-5 relative;
//   the 2e-6 absolute slack covers float32 rounding of its online rescaling
//   near zero.
// - EXACT_TOL (abs 1e-12, rel 1e-12): the plain-number explainers are float64
//   like the reference, so only summation order may differ.
import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, test } from 'vitest';
import { setMatMulStrategy } from '../src/batched-mat-mul.js';
import {
  additiveAttention,
  additiveScores,
  attentionPooling,
  dotProductScores,
  explainAdditiveAttention,
  explainScaledDotProductAttention,
  generalScores,
  maskedSoftmax,
  memoryEfficientAttention,
  multiHeadAttention,
  paddingMask,
  scaledDotProductAttention,
  scaledDotProductScores,
  sinusoidalPositionalEncoding,
} from '../src/index.js';
import {
  type AdditiveRefParams,
  type Arr3,
  type Arr4,
  type Keep,
  type Mat,
  type MhaRefParams,
  type Nested,
  type Tolerance,
  type Vec,
  addBias,
  additiveAttentionRef,
  additiveScores2d,
  attentionPoolingRef,
  broadcastFlat,
  dotScores,
  flatten,
  generalScores2d,
  matmul,
  mismatch,
  multiHeadAttentionRef,
  perSlice,
  sdpaRef,
  shapeOf,
  sinusoidalRef,
  softmaxAlong,
  unflatten,
} from './reference.js';
import { SeededRandom, randomArray, randomMask, randomNormalArray, toTensor } from './seeded-random.js';

const TOL: Tolerance = { abs: 1e-5, rel: 1e-5 };
const MEA_TOL: Tolerance = { abs: 2e-6, rel: 1e-5, relFloor: 1 }; // |a - b| <= 1e-5 * max(1, |b|) + 2e-6
const EXACT_TOL: Tolerance = { abs: 1e-12, rel: 1e-12 };
/** The lowest finite float32, which memoryEfficientAttention documents as the logSumExp of a fully masked row. */
const FLOAT32_LOWEST = -3.4028234663852886e38;

/** Checks shape, then dtype, then every value of `actual` against the nested `expected`. */
function expectClose(actual: tf.Tensor, expected: Nested, tol: Tolerance = TOL): void {
  expect(actual.shape).toEqual(shapeOf(expected));
  expect(actual.dtype).toBe('float32');
  expect(mismatch(actual.dataSync(), flatten(expected), tol)).toBeNull();
}

const fmt = (shape: readonly number[]) => `[${shape.join(', ')}]`;
type Any234 = Mat | Arr3 | Arr4;
type MaskSpec = { rank: 1 | 2 | 3 | 4; shape: number[]; numeric?: boolean; fullyMaskedRow?: boolean };

/** A random mask of `spec.shape`; with `fullyMaskedRow` (rank >= 2), the first row (last axis) is all false. */
function makeMask(rng: SeededRandom, spec: MaskSpec): Nested<boolean | number> {
  const m = randomMask(rng, spec.shape, 0.65);
  const flat = flatten<boolean>(m);
  if (spec.fullyMaskedRow) for (let j = 0; j < spec.shape[spec.shape.length - 1]!; j++) flat[j] = false;
  const values: Array<boolean | number> = spec.numeric ? flat.map((x) => (x ? 1 : 0)) : flat;
  return unflatten(values, spec.shape);
}

const maskTensor = (mask: Nested<boolean | number>) => toTensor(mask as Nested<number>, typeof flatten(mask)[0] === 'number' ? 'float32' : 'bool');

// ---------------------------------------------------------------------------

describe('scaledDotProductAttention against the float64 reference', () => {
  interface Case {
    q: number[];
    k: number[];
    v: number[];
    causal?: boolean;
    scale?: number;
    mask?: MaskSpec;
  }
  const cases: Case[] = [
    { q: [5, 8], k: [7, 8], v: [7, 3] },
    { q: [5, 8], k: [7, 8], v: [7, 3], scale: 0.7, mask: { rank: 2, shape: [5, 7], fullyMaskedRow: true } },
    { q: [2, 5, 4], k: [2, 6, 4], v: [2, 6, 5], mask: { rank: 1, shape: [6] } },
    { q: [2, 5, 4], k: [2, 6, 4], v: [2, 6, 5], mask: { rank: 3, shape: [2, 5, 6], numeric: true } },
    { q: [2, 5, 4], k: [2, 6, 4], v: [2, 6, 5], mask: { rank: 3, shape: [1, 5, 6] }, causal: true },
    { q: [2, 4, 7, 8], k: [2, 4, 7, 8], v: [2, 4, 7, 8], causal: true },
    { q: [2, 2, 3, 4], k: [2, 2, 6, 4], v: [2, 2, 6, 3], causal: true, mask: { rank: 4, shape: [2, 1, 3, 6] } },
    { q: [1, 4, 6, 2], k: [1, 4, 4, 2], v: [1, 4, 4, 5], causal: true, scale: -1.3 },
    { q: [2, 2, 5, 4], k: [2, 2, 6, 4], v: [2, 2, 6, 2], mask: { rank: 4, shape: [1, 2, 1, 6], fullyMaskedRow: true } },
    { q: [2, 2, 5, 4], k: [2, 2, 6, 4], v: [2, 2, 6, 2], mask: { rank: 4, shape: [2, 2, 5, 6], fullyMaskedRow: true }, scale: 2 },
  ];
  cases.forEach((c, n) => {
    const opts = [c.mask && 'mask', c.causal && 'causal', c.scale !== undefined && 'scale'].filter(Boolean).join(', ');
    const call = opts ? `scaledDotProductAttention(q, k, v, { ${opts} })` : 'scaledDotProductAttention(q, k, v)';
    const detail = `${c.mask ? ` (rank-${c.mask.rank} mask ${fmt(c.mask.shape)}${c.mask.numeric ? ', numeric' : ''})` : ''}`;
    test(`${call} matches the float64 reference on q ${fmt(c.q)}, k ${fmt(c.k)}${detail}`, () => {
      const rng = new SeededRandom(100 + n);
      const q = randomNormalArray<Any234>(rng, c.q);
      const k = randomNormalArray<Any234>(rng, c.k);
      const v = randomNormalArray<Any234>(rng, c.v);
      const mask = c.mask && makeMask(rng, c.mask);
      const expected = sdpaRef(q, k, v, { mask, causal: c.causal, scale: c.scale });
      tf.tidy(() => {
        const { output, weights } = scaledDotProductAttention(toTensor(q), toTensor(k), toTensor(v), {
          mask: mask === undefined ? undefined : maskTensor(mask),
          causal: c.causal,
          scale: c.scale,
        });
        expectClose(weights, expected.weights);
        expectClose(output, expected.output);
      });
    });
  });

  test('scaledDotProductAttention(q, k, v, { mask }) gives exact zeros where masked and on fully masked rows', () => {
    const rng = new SeededRandom(7);
    const q = randomNormalArray<Arr3>(rng, [2, 4, 3]);
    const k = randomNormalArray<Arr3>(rng, [2, 5, 3]);
    const v = randomNormalArray<Arr3>(rng, [2, 5, 2]);
    const mask = makeMask(rng, { rank: 3, shape: [2, 4, 5], fullyMaskedRow: true });
    const expected = sdpaRef(q, k, v, { mask });
    tf.tidy(() => {
      const { output, weights } = scaledDotProductAttention(toTensor(q), toTensor(k), toTensor(v), { mask: maskTensor(mask) });
      const w = weights.dataSync();
      const keep = flatten(mask);
      keep.forEach((kept, i) => {
        if (!kept) expect(Math.abs(w[i]!), `masked weight ${i}`).toBe(0); // exact zero of either sign
      });
      expect(Array.from(output.dataSync()).slice(0, 2).map(Math.abs)).toEqual([0, 0]); // batch 0, query 0 is fully masked
      expectClose(output, expected.output);
    });
  });
});

// ---------------------------------------------------------------------------

describe('multiHeadAttention against the float64 reference', () => {
  interface Case {
    batch?: number; // undefined: rank-2 inputs
    seqLenQ: number;
    seqLenK: number;
    dModel: number;
    dKeyIn: number;
    dValueIn: number;
    heads: number;
    dHead: number;
    dValue: number;
    dOut: number;
    self?: boolean;
    biases?: boolean;
    causal?: boolean;
    scale?: number;
    mask?: MaskSpec;
  }
  const cases: Case[] = [
    { batch: 2, seqLenQ: 5, seqLenK: 5, dModel: 8, dKeyIn: 8, dValueIn: 8, heads: 1, dHead: 8, dValue: 8, dOut: 8, self: true },
    { batch: 2, seqLenQ: 5, seqLenK: 5, dModel: 8, dKeyIn: 8, dValueIn: 8, heads: 2, dHead: 4, dValue: 4, dOut: 8, self: true, biases: true, causal: true },
    { batch: 2, seqLenQ: 4, seqLenK: 7, dModel: 6, dKeyIn: 5, dValueIn: 3, heads: 4, dHead: 2, dValue: 3, dOut: 5, biases: true, mask: { rank: 3, shape: [2, 4, 7], fullyMaskedRow: true } },
    { batch: 3, seqLenQ: 4, seqLenK: 6, dModel: 6, dKeyIn: 6, dValueIn: 6, heads: 2, dHead: 3, dValue: 3, dOut: 4, mask: { rank: 4, shape: [3, 2, 1, 6] }, causal: true },
    { seqLenQ: 5, seqLenK: 5, dModel: 6, dKeyIn: 6, dValueIn: 6, heads: 2, dHead: 3, dValue: 3, dOut: 6, self: true, biases: true, causal: true, scale: 0.4 },
    { seqLenQ: 3, seqLenK: 6, dModel: 4, dKeyIn: 5, dValueIn: 2, heads: 4, dHead: 2, dValue: 1, dOut: 3, mask: { rank: 1, shape: [6], numeric: true } },
    { seqLenQ: 3, seqLenK: 6, dModel: 4, dKeyIn: 4, dValueIn: 4, heads: 1, dHead: 4, dValue: 4, dOut: 2, biases: true, mask: { rank: 2, shape: [3, 6], fullyMaskedRow: true } },
  ];
  cases.forEach((c, n) => {
    const opts = ['heads', c.mask && 'mask', c.causal && 'causal', c.scale !== undefined && 'scale'].filter(Boolean).join(', ');
    const lead = c.batch === undefined ? [] : [c.batch];
    const qShape = [...lead, c.seqLenQ, c.dModel];
    const kShape = [...lead, c.seqLenK, c.dKeyIn];
    const args = c.self ? 'x, x, x' : 'q, k, v';
    const params = c.biases ? '{ wq, wk, wv, wo, bq, bk, bv, bo }' : '{ wq, wk, wv, wo }';
    test(`multiHeadAttention(${args}, ${params}, { ${opts} }) matches the float64 reference on ${c.self ? 'x' : 'q'} ${fmt(qShape)}${c.self ? '' : `, k ${fmt(kShape)}`} with ${c.heads} head(s)`, () => {
      const rng = new SeededRandom(200 + n);
      const q = randomNormalArray<Mat | Arr3>(rng, qShape);
      const k = c.self ? q : randomNormalArray<Mat | Arr3>(rng, kShape);
      const v = c.self ? q : randomNormalArray<Mat | Arr3>(rng, [...lead, c.seqLenK, c.dValueIn]);
      const w = (rows: number, cols: number) => randomNormalArray<Mat>(rng, [rows, cols], 1 / Math.sqrt(rows));
      const b = (size: number) => randomArray<Vec>(rng, [size], -0.5, 0.5);
      const p: MhaRefParams = {
        wq: w(c.dModel, c.heads * c.dHead),
        wk: w(c.dKeyIn, c.heads * c.dHead),
        wv: w(c.dValueIn, c.heads * c.dValue),
        wo: w(c.heads * c.dValue, c.dOut),
      };
      if (c.biases) Object.assign(p, { bq: b(c.heads * c.dHead), bk: b(c.heads * c.dHead), bv: b(c.heads * c.dValue), bo: b(c.dOut) });
      const mask = c.mask && makeMask(rng, c.mask);
      const expected = multiHeadAttentionRef(q, k, v, p, { heads: c.heads, mask, causal: c.causal, scale: c.scale });
      tf.tidy(() => {
        const t = (x: Vec | Mat | undefined) => (x === undefined ? undefined : toTensor(x));
        const { output, weights } = multiHeadAttention(
          toTensor(q),
          toTensor(k),
          toTensor(v),
          {
            wq: t(p.wq) as tf.Tensor2D,
            wk: t(p.wk) as tf.Tensor2D,
            wv: t(p.wv) as tf.Tensor2D,
            wo: t(p.wo) as tf.Tensor2D,
            bq: t(p.bq) as tf.Tensor1D | undefined,
            bk: t(p.bk) as tf.Tensor1D | undefined,
            bv: t(p.bv) as tf.Tensor1D | undefined,
            bo: t(p.bo) as tf.Tensor1D | undefined,
          },
          { heads: c.heads, mask: mask === undefined ? undefined : maskTensor(mask), causal: c.causal, scale: c.scale },
        );
        expectClose(weights, expected.weights);
        expectClose(output, expected.output);
      });
    });
  });
});

// ---------------------------------------------------------------------------

describe('additiveAttention and additiveScores against the float64 reference', () => {
  interface Case {
    q: number[];
    k: number[];
    dValue: number;
    dAttn: number;
    bias?: boolean;
    causal?: boolean;
    mask?: MaskSpec;
  }
  const cases: Case[] = [
    { q: [1, 4], k: [6, 5], dValue: 3, dAttn: 7 },
    { q: [4, 3], k: [6, 5], dValue: 2, dAttn: 4, bias: true, causal: true },
    { q: [2, 3, 4], k: [2, 5, 6], dValue: 3, dAttn: 5, bias: true, mask: { rank: 3, shape: [2, 3, 5], fullyMaskedRow: true } },
    { q: [2, 4, 3], k: [2, 4, 3], dValue: 4, dAttn: 3, mask: { rank: 1, shape: [4], numeric: true }, causal: true },
    { q: [2, 2, 3, 4], k: [2, 2, 5, 2], dValue: 2, dAttn: 6, bias: true, mask: { rank: 4, shape: [2, 2, 3, 5] } },
    { q: [1, 3, 4, 2], k: [1, 3, 4, 3], dValue: 1, dAttn: 2, causal: true },
  ];
  const makeParams = (rng: SeededRandom, c: Case): AdditiveRefParams => {
    const dQuery = c.q[c.q.length - 1]!;
    const dKey = c.k[c.k.length - 1]!;
    const p: AdditiveRefParams = {
      wq: randomNormalArray<Mat>(rng, [dQuery, c.dAttn], 1 / Math.sqrt(dQuery)),
      wk: randomNormalArray<Mat>(rng, [dKey, c.dAttn], 1 / Math.sqrt(dKey)),
      v: randomNormalArray<Vec>(rng, [c.dAttn]),
    };
    if (c.bias) p.bias = randomArray<Vec>(rng, [c.dAttn], -0.5, 0.5);
    return p;
  };
  const paramTensors = (p: AdditiveRefParams) => ({
    wq: toTensor(p.wq) as tf.Tensor2D,
    wk: toTensor(p.wk) as tf.Tensor2D,
    v: toTensor(p.v) as tf.Tensor1D,
    bias: p.bias === undefined ? undefined : (toTensor(p.bias) as tf.Tensor1D),
  });

  cases.forEach((c, n) => {
    const opts = [c.mask && 'mask', c.causal && 'causal'].filter(Boolean).join(', ');
    const params = c.bias ? '{ wq, wk, v, bias }' : '{ wq, wk, v }';
    const vShape = [...c.k.slice(0, -1), c.dValue];
    test(`additiveAttention(query, keys, values, ${params}${opts ? `, { ${opts} }` : ''}) matches the float64 reference on query ${fmt(c.q)}, keys ${fmt(c.k)}`, () => {
      const rng = new SeededRandom(300 + n);
      const q = randomNormalArray<Any234>(rng, c.q);
      const k = randomNormalArray<Any234>(rng, c.k);
      const v = randomNormalArray<Any234>(rng, vShape);
      const p = makeParams(rng, c);
      const mask = c.mask && makeMask(rng, c.mask);
      const expected = additiveAttentionRef(q, k, v, p, { mask, causal: c.causal });
      tf.tidy(() => {
        const { output, weights } = additiveAttention(toTensor(q), toTensor(k), toTensor(v), paramTensors(p), {
          mask: mask === undefined ? undefined : maskTensor(mask),
          causal: c.causal,
        });
        expectClose(weights, expected.weights);
        expectClose(output, expected.output);
      });
    });

    test(`additiveScores(query, key, ${params}) matches the float64 reference on query ${fmt(c.q)}, key ${fmt(c.k)}`, () => {
      const rng = new SeededRandom(350 + n);
      const q = randomNormalArray<Any234>(rng, c.q);
      const k = randomNormalArray<Any234>(rng, c.k);
      const p = makeParams(rng, c);
      const expected = perSlice(([qs, ks]) => additiveScores2d(qs!, ks!, p), q, k);
      tf.tidy(() => expectClose(additiveScores(toTensor(q), toTensor(k), paramTensors(p)), expected));
    });
  });
});

// ---------------------------------------------------------------------------

describe('attentionPooling against the float64 reference', () => {
  test('attentionPooling(h, { w, b }, { mask }) matches the float64 reference on h [3, 6, 4] with a [batch, seqLen] mask', () => {
    const rng = new SeededRandom(400);
    const h = randomNormalArray<Arr3>(rng, [3, 6, 4]);
    const w = randomNormalArray<Vec>(rng, [4]);
    const keep = makeMask(rng, { rank: 2, shape: [3, 6], fullyMaskedRow: true }) as Keep;
    const expected = attentionPoolingRef(h, w, 0.25, keep);
    tf.tidy(() => {
      const { output, weights } = attentionPooling(toTensor(h), { w: toTensor(w) as tf.Tensor1D, b: 0.25 }, { mask: toTensor(keep) });
      expectClose(weights, expected.weights);
      expectClose(output, expected.output);
      expect(Array.from(output.dataSync()).slice(0, 4).map(Math.abs)).toEqual([0, 0, 0, 0]); // row 0 is fully masked
    });
  });

  test('attentionPooling(h, { w: [d, 1], b: scalar }, { mask: paddingMask(lengths) }) matches the float64 reference on h [4, 5, 3]', () => {
    const rng = new SeededRandom(401);
    const h = randomNormalArray<Arr3>(rng, [4, 5, 3]);
    const w = randomNormalArray<Vec>(rng, [3]);
    const lengths = [5, 2, 0, 3];
    const keep: Keep = lengths.map((len) => Array.from({ length: 5 }, (_, t) => t < len));
    const expected = attentionPoolingRef(h, w, -1.5, keep);
    tf.tidy(() => {
      const { output, weights } = attentionPooling(
        toTensor(h),
        { w: toTensor(w.map((x) => [x])) as tf.Tensor2D, b: tf.scalar(-1.5) },
        { mask: paddingMask(lengths, 5) },
      );
      expectClose(weights, expected.weights);
      expectClose(output, expected.output);
    });
  });

  test('attentionPooling(h, { w }, { mask: [seqLen] }) matches the float64 reference on rank-2 h [7, 5]', () => {
    const rng = new SeededRandom(402);
    const h = randomNormalArray<Mat>(rng, [7, 5]);
    const w = randomNormalArray<Vec>(rng, [5]);
    const keep = randomMask<boolean[]>(rng, [7], 0.6);
    keep[3] = true;
    const expected = attentionPoolingRef([h], w, 0, [keep]);
    tf.tidy(() => {
      const { output, weights } = attentionPooling(toTensor(h), { w: toTensor(w) as tf.Tensor1D }, { mask: toTensor(keep) });
      expectClose(weights, expected.weights[0]!);
      expectClose(output, expected.output[0]!);
    });
  });

  test('attentionPooling(h, { w, b }) matches the float64 reference on h [2, 9, 6] without a mask', () => {
    const rng = new SeededRandom(403);
    const h = randomNormalArray<Arr3>(rng, [2, 9, 6]);
    const w = randomNormalArray<Vec>(rng, [6]);
    const expected = attentionPoolingRef(h, w, 3);
    tf.tidy(() => {
      const { output, weights } = attentionPooling(toTensor(h), { w: toTensor(w) as tf.Tensor1D, b: 3 });
      expectClose(weights, expected.weights);
      expectClose(output, expected.output);
    });
  });
});

// ---------------------------------------------------------------------------

describe('memoryEfficientAttention against the float64 reference', () => {
  interface Case {
    q: number[];
    k: number[];
    v: number[];
    chunkSize?: number;
    queryChunkSize?: number;
    causal?: boolean;
    scale?: number;
    mask?: MaskSpec;
  }
  const cases: Case[] = [
    { q: [2, 2, 7, 4], k: [2, 2, 7, 4], v: [2, 2, 7, 3], chunkSize: 3, queryChunkSize: 2 },
    { q: [2, 9, 5], k: [2, 11, 5], v: [2, 11, 4], chunkSize: 4, queryChunkSize: 3, causal: true },
    { q: [2, 1, 7, 4], k: [2, 1, 10, 4], v: [2, 1, 10, 2], chunkSize: 3, queryChunkSize: 5, mask: { rank: 4, shape: [2, 1, 7, 10], fullyMaskedRow: true } },
    { q: [10, 3], k: [6, 3], v: [6, 3], chunkSize: 4, queryChunkSize: 3, causal: true, mask: { rank: 1, shape: [6] }, scale: 0.3 },
    { q: [1, 2, 6, 4], k: [1, 2, 9, 4], v: [1, 2, 9, 4], chunkSize: 1, queryChunkSize: 1, causal: true, mask: { rank: 2, shape: [6, 9], numeric: true } },
    { q: [3, 5, 4], k: [3, 8, 4], v: [3, 8, 6], mask: { rank: 3, shape: [3, 5, 8], fullyMaskedRow: true } }, // default chunks (512) exceed seqLen
    { q: [2, 2, 8, 4], k: [2, 2, 8, 4], v: [2, 2, 8, 4], chunkSize: 3, queryChunkSize: 8, causal: true, mask: { rank: 4, shape: [1, 2, 1, 8] } },
  ];
  cases.forEach((c, n) => {
    const opts = [
      c.chunkSize !== undefined && `chunkSize: ${c.chunkSize}`,
      c.queryChunkSize !== undefined && `queryChunkSize: ${c.queryChunkSize}`,
      c.mask && 'mask',
      c.causal && 'causal',
      c.scale !== undefined && 'scale',
    ]
      .filter(Boolean)
      .join(', ');
    test(`memoryEfficientAttention(q, k, v${opts ? `, { ${opts} }` : ''}) matches the float64 reference on q ${fmt(c.q)}, k ${fmt(c.k)}`, () => {
      const rng = new SeededRandom(500 + n);
      const q = randomNormalArray<Any234>(rng, c.q);
      const k = randomNormalArray<Any234>(rng, c.k);
      const v = randomNormalArray<Any234>(rng, c.v);
      const mask = c.mask && makeMask(rng, c.mask);
      const expected = sdpaRef(q, k, v, { mask, causal: c.causal, scale: c.scale });
      tf.tidy(() => {
        const { output, logSumExp } = memoryEfficientAttention(toTensor(q), toTensor(k), toTensor(v), {
          chunkSize: c.chunkSize,
          queryChunkSize: c.queryChunkSize,
          mask: mask === undefined ? undefined : maskTensor(mask),
          causal: c.causal,
          scale: c.scale,
        });
        expectClose(output, expected.output, MEA_TOL);
        // logSumExp: a fully masked row reports the lowest float32 instead of -Infinity.
        const lse = flatten(expected.logSumExp).map((x) => (x === -Infinity ? FLOAT32_LOWEST : x));
        expect(logSumExp.shape).toEqual(shapeOf(expected.logSumExp));
        expect(mismatch(logSumExp.dataSync(), lse, MEA_TOL)).toBeNull();
      });
    });
  });
});

// ---------------------------------------------------------------------------

describe('maskedSoftmax against the float64 reference', () => {
  interface Case {
    shape: number[];
    maskShape?: number[];
    axis?: number;
    spread?: number;
    numeric?: boolean;
  }
  const cases: Case[] = [
    { shape: [4, 6] },
    { shape: [4, 6], maskShape: [4, 6] },
    { shape: [2, 3, 6], maskShape: [6], numeric: true },
    { shape: [2, 3, 6], maskShape: [3, 1], axis: 1 },
    { shape: [2, 3, 5], maskShape: [2, 1, 5], axis: 0 },
    { shape: [2, 2, 3, 5], maskShape: [2, 1, 3, 5], spread: 1e4 },
    { shape: [3, 7], spread: 50 },
  ];
  cases.forEach((c, n) => {
    const args = ['logits', c.maskShape && 'mask', c.axis !== undefined && `${c.maskShape ? '' : 'undefined, '}${c.axis}`].filter(Boolean).join(', ');
    const about = `${c.maskShape ? `, mask ${fmt(c.maskShape)}` : ''}${c.spread ? `, logits up to ±${c.spread}` : ''}`;
    test(`maskedSoftmax(${args}) matches the float64 reference on ${fmt(c.shape)}${about}`, () => {
      const rng = new SeededRandom(600 + n);
      const spread = c.spread ?? 3;
      const logits = randomArray(rng, c.shape, -spread, spread);
      let mask: Nested<boolean | number> | undefined;
      if (c.maskShape) {
        const m = flatten<boolean>(randomMask(rng, c.maskShape, 0.6));
        const row = c.maskShape[c.maskShape.length - 1]!;
        if (m.length > row) m.fill(false, 0, row); // a fully masked slice on purpose
        else [m[0], m[1]] = [false, true]; // a rank-1 mask: one position masked, one kept
        const values: Array<boolean | number> = c.numeric ? m.map((x) => (x ? 1 : 0)) : m;
        mask = unflatten(values, c.maskShape);
      }
      const keep = mask === undefined ? undefined : broadcastFlat(flatten(mask).map((x) => x === true || x === 1), c.maskShape!, c.shape);
      const expected = unflatten(softmaxAlong(flatten(logits), c.shape, c.axis ?? -1, keep), c.shape);
      tf.tidy(() => {
        const w = maskedSoftmax(toTensor(logits), mask === undefined ? undefined : maskTensor(mask), c.axis);
        expectClose(w, expected);
        if (keep) keep.forEach((kept, i) => kept || expect(Math.abs(w.dataSync()[i]!), `masked weight ${i}`).toBe(0));
      });
    });
  });
});

// ---------------------------------------------------------------------------

describe('score functions against the float64 reference', () => {
  const shapes: Array<[q: number[], k: number[]]> = [
    [[5, 4], [7, 4]],
    [[2, 3, 4], [2, 6, 4]],
    [[2, 3, 5, 4], [2, 3, 2, 4]],
  ];
  shapes.forEach(([qs, ks], n) => {
    test(`dotProductScores(q, k) matches the float64 reference on q ${fmt(qs)}, k ${fmt(ks)}`, () => {
      const rng = new SeededRandom(700 + n);
      const q = randomNormalArray<Any234>(rng, qs);
      const k = randomNormalArray<Any234>(rng, ks);
      const expected = perSlice(([a, b]) => dotScores(a!, b!), q, k);
      tf.tidy(() => expectClose(dotProductScores(toTensor(q), toTensor(k)), expected));
    });

    test(`scaledDotProductScores(q, k) and (q, k, { scale }) match the float64 reference on q ${fmt(qs)}, k ${fmt(ks)}`, () => {
      const rng = new SeededRandom(710 + n);
      const q = randomNormalArray<Any234>(rng, qs);
      const k = randomNormalArray<Any234>(rng, ks);
      const dHead = qs[qs.length - 1]!;
      const scaled = (s: number) => perSlice(([a, b]) => dotScores(a!, b!).map((row) => row.map((x) => x * s)), q, k);
      tf.tidy(() => {
        expectClose(scaledDotProductScores(toTensor(q), toTensor(k)), scaled(1 / Math.sqrt(dHead)));
        expectClose(scaledDotProductScores(toTensor(q), toTensor(k), { scale: -0.37 }), scaled(-0.37));
      });
    });

    test(`generalScores(q, k, w) matches the float64 reference on q ${fmt(qs)}, k with dKey 3`, () => {
      const rng = new SeededRandom(720 + n);
      const kShape = [...ks.slice(0, -1), 3];
      const q = randomNormalArray<Any234>(rng, qs);
      const k = randomNormalArray<Any234>(rng, kShape);
      const w = randomNormalArray<Mat>(rng, [qs[qs.length - 1]!, 3], 0.5);
      const expected = perSlice(([a, b]) => generalScores2d(a!, b!, w), q, k);
      tf.tidy(() => expectClose(generalScores(toTensor(q), toTensor(k), toTensor(w) as tf.Tensor2D), expected));
    });
  });
});

// ---------------------------------------------------------------------------

describe('sinusoidalPositionalEncoding against the float64 reference', () => {
  const cases: Array<[seqLen: number, dModel: number, base?: number]> = [
    [50, 16],
    [7, 5],
    [12, 6, 100],
    [1, 1],
  ];
  cases.forEach(([seqLen, dModel, base]) => {
    const call = base === undefined ? `sinusoidalPositionalEncoding(${seqLen}, ${dModel})` : `sinusoidalPositionalEncoding(${seqLen}, ${dModel}, { base: ${base} })`;
    test(`${call} matches the float64 reference`, () => {
      tf.tidy(() => {
        const pe = sinusoidalPositionalEncoding(seqLen, dModel, base === undefined ? {} : { base });
        // Computed in float64, stored as float32: one float32 rounding (< 6e-8 here).
        expectClose(pe, sinusoidalRef(seqLen, dModel, base), { abs: 1e-7, rel: 0 });
      });
    });
  });
});

// ---------------------------------------------------------------------------

describe('plain-number explainers against the float64 reference', () => {
  test('explainScaledDotProductAttention({ q, k, v }) matches the float64 reference, step by step', () => {
    const rng = new SeededRandom(800);
    const q = randomNormalArray<Mat>(rng, [4, 3]);
    const k = randomNormalArray<Mat>(rng, [6, 3]);
    const v = randomNormalArray<Mat>(rng, [6, 2]);
    const steps = explainScaledDotProductAttention({ q, k, v });
    const ref = sdpaRef(q, k, v);
    const raw = dotScores(q, k);
    expect(steps.scale).toBe(1 / Math.sqrt(3));
    expect(mismatch(flatten(steps.scores), flatten(raw), EXACT_TOL)).toBeNull();
    expect(mismatch(flatten(steps.scaled), flatten(ref.scores), EXACT_TOL)).toBeNull();
    expect(mismatch(flatten(steps.masked), flatten(ref.scores), EXACT_TOL)).toBeNull();
    expect(mismatch(flatten(steps.weights), flatten(ref.weights), EXACT_TOL)).toBeNull();
    expect(mismatch(flatten(steps.output), flatten(ref.output), EXACT_TOL)).toBeNull();
  });

  test('explainScaledDotProductAttention({ q, k, v, mask, causal, scale }) matches the float64 reference, step by step', () => {
    const rng = new SeededRandom(801);
    const q = randomNormalArray<Mat>(rng, [5, 3]);
    const k = randomNormalArray<Mat>(rng, [4, 3]);
    const v = randomNormalArray<Mat>(rng, [4, 3]);
    const mask = makeMask(rng, { rank: 2, shape: [5, 4], numeric: true, fullyMaskedRow: true }) as number[][];
    const steps = explainScaledDotProductAttention({ q, k, v, mask, causal: true, scale: 0.8 });
    const ref = sdpaRef(q, k, v, { mask, causal: true, scale: 0.8 });
    const keep = mask.map((row, i) => row.map((x, j) => x !== 0 && j <= i));
    const maskedScores = (ref.scores as Mat).map((row, i) => row.map((x, j) => (keep[i]![j] ? x : -Infinity)));
    expect(mismatch(flatten(steps.scaled), flatten(ref.scores), EXACT_TOL)).toBeNull();
    expect(mismatch(flatten(steps.masked), flatten(maskedScores), EXACT_TOL)).toBeNull();
    expect(mismatch(flatten(steps.weights), flatten(ref.weights), EXACT_TOL)).toBeNull();
    expect(mismatch(flatten(steps.output), flatten(ref.output), EXACT_TOL)).toBeNull();
    expect(steps.weights[0]).toEqual([0, 0, 0, 0]);
  });

  test('explainScaledDotProductAttention reproduces the corrected worked example of section 4 like the reference', () => {
    const input = {
      q: [[0.3, 0.6]],
      k: [[0.8, 1.0], [1.6, 2.0], [0.4, 0.5]],
      v: [[1.2, 1.4], [2.4, 2.8], [0.6, 0.7]],
    };
    const steps = explainScaledDotProductAttention(input);
    const ref = sdpaRef(input.q, input.k, input.v);
    expect(mismatch(flatten(steps.scores), [0.84, 1.68, 0.42], EXACT_TOL)).toBeNull();
    expect(mismatch(flatten(steps.weights), flatten(ref.weights), EXACT_TOL)).toBeNull();
    expect(mismatch(flatten(steps.output), flatten(ref.output), EXACT_TOL)).toBeNull();
    expect(mismatch(flatten(steps.weights), [0.2814, 0.5096, 0.2091], { abs: 1e-4, rel: 0 })).toBeNull();
    expect(mismatch(flatten(steps.output), [1.6861, 1.9671], { abs: 1e-4, rel: 0 })).toBeNull();
  });

  test('explainAdditiveAttention({ query, keys, values, wq, wk, v, bias, mask, causal }) matches the float64 reference, step by step', () => {
    const rng = new SeededRandom(802);
    const query = randomNormalArray<Mat>(rng, [4, 3]);
    const keys = randomNormalArray<Mat>(rng, [5, 2]);
    const values = randomNormalArray<Mat>(rng, [5, 3]);
    const p: AdditiveRefParams = {
      wq: randomNormalArray<Mat>(rng, [3, 4]),
      wk: randomNormalArray<Mat>(rng, [2, 4]),
      v: randomNormalArray<Vec>(rng, [4]),
      bias: randomNormalArray<Vec>(rng, [4]),
    };
    const mask = makeMask(rng, { rank: 2, shape: [4, 5] }) as boolean[][];
    const steps = explainAdditiveAttention({ query, keys, values, wq: p.wq, wk: p.wk, v: p.v, bias: p.bias, mask, causal: true });
    const ref = additiveAttentionRef(query, keys, values, p, { mask, causal: true });
    expect(mismatch(flatten(steps.projectedQuery), flatten(refProjected(query, p.wq, p.bias)), EXACT_TOL)).toBeNull();
    expect(mismatch(flatten(steps.projectedKeys), flatten(refProjected(keys, p.wk)), EXACT_TOL)).toBeNull();
    expect(mismatch(flatten(steps.scores), flatten(ref.scores), EXACT_TOL)).toBeNull();
    expect(mismatch(flatten(steps.weights), flatten(ref.weights), EXACT_TOL)).toBeNull();
    expect(mismatch(flatten(steps.output), flatten(ref.output), EXACT_TOL)).toBeNull();
    expect(shapeOf(steps.hidden)).toEqual([4, 5, 4]);
  });

  test('explainAdditiveAttention({ query, keys, values, wq, wk, v }) matches additiveAttention on the same numbers', () => {
    const rng = new SeededRandom(803);
    const query = randomNormalArray<Mat>(rng, [2, 3]);
    const keys = randomNormalArray<Mat>(rng, [4, 3]);
    const values = randomNormalArray<Mat>(rng, [4, 2]);
    const p = { wq: randomNormalArray<Mat>(rng, [3, 5]), wk: randomNormalArray<Mat>(rng, [3, 5]), v: randomNormalArray<Vec>(rng, [5]) };
    const steps = explainAdditiveAttention({ query, keys, values, ...p });
    tf.tidy(() => {
      const { output, weights } = additiveAttention(toTensor(query), toTensor(keys), toTensor(values), {
        wq: toTensor(p.wq) as tf.Tensor2D,
        wk: toTensor(p.wk) as tf.Tensor2D,
        v: toTensor(p.v) as tf.Tensor1D,
      });
      expectClose(weights, steps.weights);
      expectClose(output, steps.output);
    });
  });
});

/** `x · w (+ bias)` in float64, for the explainer's projection steps. */
const refProjected = (x: Mat, w: Mat, bias?: Vec): Mat => addBias(matmul(x, w), bias);

// ---------------------------------------------------------------------------

describe('the per-slice matMul fast path against the batched path', () => {
  afterEach(() => {
    setMatMulStrategy('auto');
  });

  /** Runs `f` under each strategy and returns the flat results. */
  const both = (f: () => tf.Tensor[]): { batched: Float32Array[]; perSlice: Float32Array[] } => {
    const run = (s: 'batched' | 'per-slice') => {
      setMatMulStrategy(s);
      try {
        return tf.tidy(() => f().map((t) => t.dataSync() as Float32Array));
      } finally {
        setMatMulStrategy('auto');
      }
    };
    return { batched: run('batched'), perSlice: run('per-slice') };
  };
  const SAME: Tolerance = { abs: 1e-6, rel: 1e-6 };

  test(`scaledDotProductAttention, dotProductScores, generalScores, additiveAttention and memoryEfficientAttention give the same results with setMatMulStrategy('per-slice') and ('batched')`, () => {
    const rng = new SeededRandom(900);
    const q = randomNormalArray<Arr4>(rng, [2, 3, 6, 8]);
    const k = randomNormalArray<Arr4>(rng, [2, 3, 9, 8]);
    const v = randomNormalArray<Arr4>(rng, [2, 3, 9, 5]);
    const q2 = randomNormalArray<Mat>(rng, [6, 8]);
    const k2 = randomNormalArray<Mat>(rng, [9, 8]);
    const w = randomNormalArray<Mat>(rng, [8, 8], 0.3);
    const mask = randomMask(rng, [2, 1, 6, 9]);
    const p = { wq: randomNormalArray<Mat>(rng, [8, 4]), wk: randomNormalArray<Mat>(rng, [8, 4]), v: randomNormalArray<Vec>(rng, [4]) };
    const { batched, perSlice: sliced } = both(() => {
      const [tq, tk, tv] = [toTensor(q), toTensor(k), toTensor(v)];
      const a = scaledDotProductAttention(tq, tk, tv, { mask: toTensor(mask), causal: true });
      const b = additiveAttention(tq, tk, tv, { wq: toTensor(p.wq) as tf.Tensor2D, wk: toTensor(p.wk) as tf.Tensor2D, v: toTensor(p.v) as tf.Tensor1D });
      const c = memoryEfficientAttention(tq, tk, tv, { chunkSize: 4, queryChunkSize: 4, mask: toTensor(mask) });
      return [
        a.output,
        a.weights,
        b.output,
        b.weights,
        c.output,
        dotProductScores(tq, tk),
        dotProductScores(toTensor(q2), toTensor(k2)),
        scaledDotProductAttention(toTensor(q2), toTensor(k2), toTensor(k2)).output,
        generalScores(tq, tk, toTensor(w) as tf.Tensor2D),
      ];
    });
    expect(sliced.length).toBe(batched.length);
    batched.forEach((x, i) => expect(mismatch(sliced[i]!, x, SAME), `result ${i}`).toBeNull());
  });

  test('multiHeadAttention gives the same results with setMatMulStrategy(\'per-slice\') and (\'batched\')', () => {
    const rng = new SeededRandom(901);
    const x = randomNormalArray<Arr3>(rng, [2, 7, 8]);
    const w = () => toTensor(randomNormalArray<Mat>(rng, [8, 8], 0.35)) as tf.Tensor2D;
    const ws = tf.tidy(() => ({ wq: tf.keep(w()), wk: tf.keep(w()), wv: tf.keep(w()), wo: tf.keep(w()) }));
    try {
      const { batched, perSlice: sliced } = both(() => {
        const r = multiHeadAttention(toTensor(x), toTensor(x), toTensor(x), ws, { heads: 4, causal: true });
        return [r.output, r.weights];
      });
      batched.forEach((y, i) => expect(mismatch(sliced[i]!, y, SAME), `result ${i}`).toBeNull());
    } finally {
      tf.dispose(Object.values(ws));
    }
  });
});
