// Analytic gradients (tf.grads / tf.variableGrads, float32) against central
// finite differences of the independent float64 reference (test/reference.ts).
//
// Each test differentiates a scalar loss `sum(output * R1) (+ sum(weights * R2))`
// with fixed random R1, R2, so every entry of every output gets its own
// weight. The finite differences are taken in float64 with eps = 1e-5: their
// truncation error is O(eps^2) ~ 1e-10 and their rounding error
// ~ 1e-16 / 1e-5 ~ 1e-11, so they serve as exact gradients here. The float32
// analytic gradients on these small unit-scale shapes differ from them by at
// most about 3e-7 (measured); GRAD_TOL (abs 1e-4, rel 1e-3) leaves over two
// orders of magnitude of room while a wrong term (a missing transpose, scale
// or mask) moves gradients by 1e-2 or more.
//
// Rank-2 inputs (one batch x head slice) are checked under both matMul
// strategies: the per-slice path once crashed there (tf.unstack of a size-1
// axis has a broken gradient in tfjs 4.22).
import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, test } from 'vitest';
import { setMatMulStrategy } from '../src/batched-mat-mul.js';
import {
  additiveAttention,
  attentionPooling,
  fusedAttention,
  fusedAttentionAvailable,
  fusedAttentionParallel,
  maskedSoftmax,
  memoryEfficientAttention,
  multiHeadAttention,
  scaledDotProductAttention,
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
  additiveAttentionRef,
  attentionPoolingRef,
  broadcastFlat,
  flatten,
  mismatch,
  multiHeadAttentionRef,
  sdpaRef,
  shapeOf,
  softmaxAlong,
  unflatten,
} from './reference.js';
import { SeededRandom, randomArray, randomMask, randomNormalArray, toTensor } from './seeded-random.js';

const GRAD_TOL: Tolerance = { abs: 1e-4, rel: 1e-3 };
const EPS = 1e-5;


/** `sum_i a_i * r_i` over the leaves of two nested arrays of equal shape. */
function weightedSum(a: Nested, r: Nested): number {
  const x = flatten(a);
  const y = flatten(r);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * y[i]!;
  return s;
}

/**
 * Central finite differences of a float64 `loss` with respect to each of
 * `inputs`: `(loss(x + eps e_i) - loss(x - eps e_i)) / (2 eps)` per entry.
 * Returns one flat gradient per input.
 */
function finiteDifferences(inputs: Nested[], loss: (xs: Nested[]) => number, eps = EPS): number[][] {
  const flats = inputs.map((x) => flatten(x));
  const shapes = inputs.map((x) => shapeOf(x));
  const at = (which: number, values: number[]) => inputs.map((x, i) => (i === which ? unflatten(values, shapes[i]!) : x));
  return flats.map((flat, which) =>
    flat.map((x0, j) => {
      const plus = flat.slice();
      const minus = flat.slice();
      plus[j] = x0 + eps;
      minus[j] = x0 - eps;
      return (loss(at(which, plus)) - loss(at(which, minus))) / (2 * eps);
    }),
  );
}

/** Checks each analytic gradient: shape, no NaN, then values against the finite differences. */
function expectGradients(names: readonly string[], analytic: tf.Tensor[], inputs: Nested[], numeric: number[][]): void {
  expect(analytic.length).toBe(names.length);
  analytic.forEach((g, i) => {
    const name = names[i]!;
    expect(g.shape, `shape of d loss / d ${name}`).toEqual(shapeOf(inputs[i]!));
    const values = g.dataSync();
    expect(Array.from(values).some(Number.isNaN), `NaN in d loss / d ${name}`).toBe(false);
    expect(mismatch(values, numeric[i]!, GRAD_TOL), `d loss / d ${name}`).toBeNull();
  });
}

/** Leaves of a nested array that are exactly zero (either sign), as a boolean per entry. */
const isZero = (values: ArrayLike<number>) => Array.from(values, (x) => x === 0);

// ---------------------------------------------------------------------------

describe('gradients of scaledDotProductAttention', () => {
  interface Case {
    q: number[];
    k: number[];
    v: number[];
    causal?: boolean;
    scale?: number;
    maskShape?: number[];
  }
  const cases: Case[] = [
    { q: [1, 2, 3, 4], k: [1, 2, 5, 4], v: [1, 2, 5, 3], maskShape: [1, 2, 3, 5] },
    { q: [2, 4, 3], k: [2, 4, 3], v: [2, 4, 2], causal: true, scale: 0.8 },
    { q: [4, 3], k: [6, 3], v: [6, 2], causal: true, maskShape: [6] }, // one (batch, head) slice
    { q: [2, 1, 3, 2], k: [2, 1, 3, 2], v: [2, 1, 3, 3], causal: true, maskShape: [2, 3, 3] },
  ];
  cases.forEach((c, n) => {
    const opts = [c.maskShape && 'mask', c.causal && 'causal', c.scale !== undefined && 'scale'].filter(Boolean).join(', ');
    test(`scaledDotProductAttention(q, k, v, { ${opts} }) has gradients w.r.t. q, k, v that match float64 finite differences on q [${c.q.join(', ')}], k [${c.k.join(', ')}]`, () => {
      const rng = new SeededRandom(1000 + n);
      const q = randomNormalArray(rng, c.q);
      const k = randomNormalArray(rng, c.k);
      const v = randomNormalArray(rng, c.v);
      let mask: Nested<boolean> | undefined;
      if (c.maskShape) {
        const m = flatten<boolean>(randomMask(rng, c.maskShape, 0.7));
        const row = c.maskShape[c.maskShape.length - 1]!;
        if (m.length > row) m.fill(false, 0, row); // a fully masked query row on purpose
        else [m[0], m[1]] = [false, true]; // a rank-1 key mask: one key masked, one kept
        mask = unflatten(m, c.maskShape);
      }
      const outShape = [...c.q.slice(0, -1), c.v[c.v.length - 1]!];
      const wShape = [...c.q.slice(0, -1), c.k[c.k.length - 2]!];
      const r1 = randomNormalArray(rng, outShape);
      const r2 = randomNormalArray(rng, wShape);
      const opts = { mask, causal: c.causal, scale: c.scale };

      const numeric = finiteDifferences([q, k, v], ([qq, kk, vv]) => {
        const r = sdpaRef(qq as Arr4, kk as Arr4, vv as Arr4, opts);
        return weightedSum(r.output, r1) + weightedSum(r.weights, r2);
      });
      tf.tidy(() => {
        const maskT = mask === undefined ? undefined : toTensor(mask);
        const [t1, t2] = [toTensor(r1), toTensor(r2)];
        const f = (qt: tf.Tensor, kt: tf.Tensor, vt: tf.Tensor) => {
          const { output, weights } = scaledDotProductAttention(qt, kt, vt, { mask: maskT, causal: c.causal, scale: c.scale });
          return tf.add(tf.sum(tf.mul(output, t1)), tf.sum(tf.mul(weights, t2)));
        };
        const grads = tf.grads(f)([toTensor(q), toTensor(k), toTensor(v)]);
        expectGradients(['q', 'k', 'v'], grads, [q, k, v], numeric);
      });
    });
  });

  test('scaledDotProductAttention(q, k, v, { mask }) passes exactly zero (never NaN) gradient to a fully masked query row', () => {
    const rng = new SeededRandom(1010);
    const q = randomNormalArray<Mat>(rng, [3, 4]);
    const k = randomNormalArray<Mat>(rng, [5, 4]);
    const v = randomNormalArray<Mat>(rng, [5, 2]);
    const mask = [
      [true, false, true, true, false],
      [false, false, false, false, false], // query 1 sees nothing
      [true, true, true, true, true],
    ];
    tf.tidy(() => {
      const maskT = toTensor(mask);
      const f = (qt: tf.Tensor) => tf.sum(scaledDotProductAttention(qt, toTensor(k), toTensor(v), { mask: maskT }).output);
      const g = tf.grad(f)(toTensor(q)).arraySync() as number[][];
      expect(g.flat().some(Number.isNaN)).toBe(false);
      expect(isZero(g[1]!)).toEqual([true, true, true, true]);
      expect(isZero(g[0]!).some((z) => !z)).toBe(true); // other rows do get a gradient
    });
  });
});

// ---------------------------------------------------------------------------

describe('gradients of additiveAttention', () => {
  test('additiveAttention(query, keys, values, { wq, wk, v, bias }, { mask }) has gradients w.r.t. query, keys, values, wq, wk, v and bias that match float64 finite differences', () => {
    const rng = new SeededRandom(1100);
    const query = randomNormalArray<Arr3>(rng, [2, 3, 3]);
    const keys = randomNormalArray<Arr3>(rng, [2, 4, 2]);
    const values = randomNormalArray<Arr3>(rng, [2, 4, 3]);
    const wq = randomNormalArray<Mat>(rng, [3, 4], 0.6);
    const wk = randomNormalArray<Mat>(rng, [2, 4], 0.6);
    const v = randomNormalArray<Vec>(rng, [4]);
    const bias = randomArray<Vec>(rng, [4], -0.5, 0.5);
    const mask = randomMask<boolean[][][]>(rng, [2, 3, 4], 0.7);
    mask[1]![2] = [false, false, false, false]; // a fully masked query row
    mask[0]![0] = [true, false, true, true];
    const r1 = randomNormalArray(rng, [2, 3, 3]);
    const r2 = randomNormalArray(rng, [2, 3, 4]);
    const inputs: Nested[] = [query, keys, values, wq, wk, v, bias];

    const numeric = finiteDifferences(inputs, ([qq, kk, vv, a, b, c, d]) => {
      const p: AdditiveRefParams = { wq: a as Mat, wk: b as Mat, v: c as Vec, bias: d as Vec };
      const r = additiveAttentionRef(qq as Arr3, kk as Arr3, vv as Arr3, p, { mask });
      return weightedSum(r.output, r1) + weightedSum(r.weights, r2);
    });
    tf.tidy(() => {
      const [maskT, t1, t2] = [toTensor(mask), toTensor(r1), toTensor(r2)];
      const f = (qt: tf.Tensor, kt: tf.Tensor, vt: tf.Tensor, a: tf.Tensor, b: tf.Tensor, c: tf.Tensor, d: tf.Tensor) => {
        const params = { wq: a as tf.Tensor2D, wk: b as tf.Tensor2D, v: c as tf.Tensor1D, bias: d as tf.Tensor1D };
        const { output, weights } = additiveAttention(qt, kt, vt, params, { mask: maskT });
        return tf.add(tf.sum(tf.mul(output, t1)), tf.sum(tf.mul(weights, t2)));
      };
      const grads = tf.grads(f as (...args: tf.Tensor[]) => tf.Tensor)(inputs.map((x) => toTensor(x)));
      expectGradients(['query', 'keys', 'values', 'wq', 'wk', 'v', 'bias'], grads, inputs, numeric);
      // The fully masked query row (batch 1, query 2) gets exactly zero gradient.
      const gq = grads[0]!.arraySync() as number[][][];
      expect(isZero(gq[1]![2]!)).toEqual([true, true, true]);
    });
  });

  test('additiveAttention(query, keys, values, { wq, wk, v }, { causal }) has gradients that match float64 finite differences on rank-2 inputs', () => {
    const rng = new SeededRandom(1101);
    const query = randomNormalArray<Mat>(rng, [4, 2]);
    const keys = randomNormalArray<Mat>(rng, [4, 3]);
    const values = randomNormalArray<Mat>(rng, [4, 2]);
    const wq = randomNormalArray<Mat>(rng, [2, 3], 0.7);
    const wk = randomNormalArray<Mat>(rng, [3, 3], 0.7);
    const v = randomNormalArray<Vec>(rng, [3]);
    const r1 = randomNormalArray(rng, [4, 2]);
    const inputs: Nested[] = [query, keys, values, wq, wk, v];
    const numeric = finiteDifferences(inputs, ([qq, kk, vv, a, b, c]) =>
      weightedSum(additiveAttentionRef(qq as Mat, kk as Mat, vv as Mat, { wq: a as Mat, wk: b as Mat, v: c as Vec }, { causal: true }).output, r1),
    );
    tf.tidy(() => {
      const t1 = toTensor(r1);
      const f = (qt: tf.Tensor, kt: tf.Tensor, vt: tf.Tensor, a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) =>
        tf.sum(tf.mul(additiveAttention(qt, kt, vt, { wq: a as tf.Tensor2D, wk: b as tf.Tensor2D, v: c as tf.Tensor1D }, { causal: true }).output, t1));
      const grads = tf.grads(f as (...args: tf.Tensor[]) => tf.Tensor)(inputs.map((x) => toTensor(x)));
      expectGradients(['query', 'keys', 'values', 'wq', 'wk', 'v'], grads, inputs, numeric);
    });
  });
});

// ---------------------------------------------------------------------------

describe('gradients of multiHeadAttention', () => {
  test('multiHeadAttention(x, x, x, { wq, wk, wv, wo, bq, bk, bv, bo }, { heads: 2, causal }) has gradients w.r.t. x and every weight that match float64 finite differences', () => {
    const rng = new SeededRandom(1200);
    const x = randomNormalArray<Arr3>(rng, [2, 4, 6]);
    const w = (rows: number, cols: number) => randomNormalArray<Mat>(rng, [rows, cols], 1 / Math.sqrt(rows));
    const b = (size: number) => randomArray<Vec>(rng, [size], -0.3, 0.3);
    const inputs: Nested[] = [x, w(6, 6), w(6, 6), w(6, 4), w(4, 5), b(6), b(6), b(4), b(5)];
    const names = ['x', 'wq', 'wk', 'wv', 'wo', 'bq', 'bk', 'bv', 'bo'];
    const r1 = randomNormalArray(rng, [2, 4, 5]);
    const r2 = randomNormalArray(rng, [2, 2, 4, 4]);
    const asParams = (p: Nested[]): MhaRefParams => ({
      wq: p[0] as Mat, wk: p[1] as Mat, wv: p[2] as Mat, wo: p[3] as Mat, bq: p[4] as Vec, bk: p[5] as Vec, bv: p[6] as Vec, bo: p[7] as Vec,
    });
    const numeric = finiteDifferences(inputs, ([xx, ...p]) => {
      const r = multiHeadAttentionRef(xx as Arr3, xx as Arr3, xx as Arr3, asParams(p), { heads: 2, causal: true });
      return weightedSum(r.output, r1) + weightedSum(r.weights, r2);
    });
    tf.tidy(() => {
      const [t1, t2] = [toTensor(r1), toTensor(r2)];
      const f = (xt: tf.Tensor, ...p: tf.Tensor[]) => {
        const params = {
          wq: p[0] as tf.Tensor2D, wk: p[1] as tf.Tensor2D, wv: p[2] as tf.Tensor2D, wo: p[3] as tf.Tensor2D,
          bq: p[4] as tf.Tensor1D, bk: p[5] as tf.Tensor1D, bv: p[6] as tf.Tensor1D, bo: p[7] as tf.Tensor1D,
        };
        const { output, weights } = multiHeadAttention(xt, xt, xt, params, { heads: 2, causal: true });
        return tf.add(tf.sum(tf.mul(output, t1)), tf.sum(tf.mul(weights, t2)));
      };
      const grads = tf.grads(f)(inputs.map((t) => toTensor(t)));
      expectGradients(names, grads, inputs, numeric);
    });
  });

  test('multiHeadAttention(q, k, v, { wq, wk, wv, wo }, { heads: 4, mask }) has tf.variableGrads for the weights that match float64 finite differences', () => {
    const rng = new SeededRandom(1201);
    const q = randomNormalArray<Mat>(rng, [3, 4]);
    const k = randomNormalArray<Mat>(rng, [5, 3]);
    const v = randomNormalArray<Mat>(rng, [5, 2]);
    const ws: Mat[] = [
      randomNormalArray<Mat>(rng, [4, 8], 0.5),
      randomNormalArray<Mat>(rng, [3, 8], 0.5),
      randomNormalArray<Mat>(rng, [2, 4], 0.7),
      randomNormalArray<Mat>(rng, [4, 3], 0.5),
    ];
    const mask = [true, true, false, true, false]; // rank-1 key mask
    const r1 = randomNormalArray(rng, [3, 3]);
    const numeric = finiteDifferences(ws, ([wq, wk, wv, wo]) =>
      weightedSum(multiHeadAttentionRef(q, k, v, { wq: wq as Mat, wk: wk as Mat, wv: wv as Mat, wo: wo as Mat }, { heads: 4, mask }).output, r1),
    );
    const names = ['wq', 'wk', 'wv', 'wo'];
    const vars = ws.map((w) => tf.tidy(() => tf.variable(toTensor(w)))); // auto-named, trainable
    try {
      tf.tidy(() => {
        const [qt, kt, vt, maskT, t1] = [toTensor(q), toTensor(k), toTensor(v), toTensor(mask), toTensor(r1)];
        const params = { wq: vars[0] as tf.Tensor2D, wk: vars[1] as tf.Tensor2D, wv: vars[2] as tf.Tensor2D, wo: vars[3] as tf.Tensor2D };
        const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(multiHeadAttention(qt, kt, vt, params, { heads: 4, mask: maskT }).output, t1)) as tf.Scalar, vars);
        const lossRef = weightedSum(multiHeadAttentionRef(q, k, v, { wq: ws[0]!, wk: ws[1]!, wv: ws[2]!, wo: ws[3]! }, { heads: 4, mask }).output, r1);
        expect(mismatch([value.dataSync()[0]!], [lossRef], { abs: 1e-5, rel: 1e-5 })).toBeNull();
        expectGradients(names, vars.map((vr) => grads[vr.name]!), ws, numeric);
      });
    } finally {
      tf.dispose(vars);
    }
  });
});

// ---------------------------------------------------------------------------

describe('gradients of maskedSoftmax', () => {
  test('maskedSoftmax(logits, mask) has a gradient that matches float64 finite differences, exactly 0 at masked entries and on a fully masked row', () => {
    const rng = new SeededRandom(1300);
    const logits = randomArray<Mat>(rng, [4, 6], -3, 3);
    const mask = randomMask<boolean[][]>(rng, [4, 6], 0.6);
    mask[2] = [false, false, false, false, false, false]; // fully masked row
    mask[0]![1] = true;
    const r = randomNormalArray(rng, [4, 6]);
    const keep = flatten<boolean>(mask);
    const numeric = finiteDifferences([logits], ([x]) => weightedSum(unflatten(softmaxAlong(flatten(x!), [4, 6], -1, keep), [4, 6]), r));
    tf.tidy(() => {
      const maskT = toTensor(mask);
      const t = toTensor(r);
      const g = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(maskedSoftmax(x, maskT), t)))(toTensor(logits));
      expectGradients(['logits'], [g], [logits], numeric);
      const values = g.dataSync();
      keep.forEach((kept, i) => {
        if (!kept) expect(values[i] === 0, `gradient at masked entry ${i} is ${values[i]}`).toBe(true);
      });
      expect(isZero(Array.from(values).slice(12, 18))).toEqual([true, true, true, true, true, true]);
    });
  });

  test('maskedSoftmax(logits, mask) with every entry masked passes an all-zero gradient, never NaN', () => {
    tf.tidy(() => {
      const x = tf.tensor2d([[1, 2, 3], [-1e4, 0, 1e4]]);
      const mask = tf.zeros([2, 3], 'bool');
      const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(maskedSoftmax(t, mask), tf.tensor2d([[1, -2, 3], [4, 5, -6]]))))(x);
      expect(Array.from(g.dataSync()).every((v) => v === 0)).toBe(true);
    });
  });

  test('maskedSoftmax(logits, mask, 0) with a broadcast mask and NaN or huge logits at masked entries has a finite gradient that matches float64 finite differences', () => {
    const rng = new SeededRandom(1301);
    const logits = randomArray<number[][][]>(rng, [3, 2, 4], -2, 2);
    const maskShape = [3, 1, 4];
    const mask = randomMask<boolean[][][]>(rng, maskShape, 0.6);
    mask[0]![0]![0] = false;
    mask[1]![0]![0] = true;
    mask.forEach((m) => (m[0]![3] = false)); // column 3 is masked for the whole softmax axis
    const keep = broadcastFlat(flatten<boolean>(mask), maskShape, [3, 2, 4]);
    const r = randomNormalArray(rng, [3, 2, 4]);
    const numeric = finiteDifferences([logits], ([x]) => weightedSum(unflatten(softmaxAlong(flatten(x!), [3, 2, 4], 0, keep), [3, 2, 4]), r));
    // Poison masked entries: they must not reach the result or the gradient.
    const poisoned = flatten<number>(logits).map((x, i) => (keep[i] ? x : i % 2 === 0 ? NaN : 1e30));
    tf.tidy(() => {
      const t = toTensor(r);
      const maskT = toTensor(mask);
      const g = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(maskedSoftmax(x, maskT, 0), t)))(tf.tensor(poisoned, [3, 2, 4]));
      expectGradients(['logits'], [g], [logits], numeric);
      keep.forEach((kept, i) => kept || expect(g.dataSync()[i] === 0).toBe(true));
    });
  });
});

// ---------------------------------------------------------------------------

describe('gradients of attentionPooling', () => {
  test('attentionPooling(h, { w, b }, { mask }) has gradients w.r.t. h, w and b that match float64 finite differences', () => {
    const rng = new SeededRandom(1400);
    const h = randomNormalArray<Arr3>(rng, [2, 5, 3]);
    const w = randomNormalArray<Vec>(rng, [3]);
    const b = [0.3];
    const keep: Keep = [
      [true, true, false, true, true],
      [false, true, true, false, false],
    ];
    const r1 = randomNormalArray(rng, [2, 3]);
    const r2 = randomNormalArray(rng, [2, 5]);
    const inputs: Nested[] = [h, w, b];
    const numeric = finiteDifferences(inputs, ([hh, ww, bb]) => {
      const r = attentionPoolingRef(hh as Arr3, ww as Vec, (bb as Vec)[0], keep);
      return weightedSum(r.output, r1) + weightedSum(r.weights, r2);
    });
    tf.tidy(() => {
      const [maskT, t1, t2] = [toTensor(keep), toTensor(r1), toTensor(r2)];
      const f = (ht: tf.Tensor, wt: tf.Tensor, bt: tf.Tensor) => {
        const { output, weights } = attentionPooling(ht, { w: wt as tf.Tensor1D, b: bt.reshape([]) as tf.Scalar }, { mask: maskT });
        return tf.add(tf.sum(tf.mul(output, t1)), tf.sum(tf.mul(weights, t2)));
      };
      const grads = tf.grads(f)(inputs.map((x) => toTensor(x)));
      // A bias shifts every score of a row equally, so its gradient is 0 up to rounding.
      expectGradients(['h', 'w', 'b'], grads, inputs, numeric);
    });
  });
});

// ---------------------------------------------------------------------------

describe('gradients on one (batch, head) slice, per matMul strategy', () => {
  afterEach(() => {
    setMatMulStrategy('auto');
  });

  /** d sum(output) / d q for rank-2 self-attention, as a nested array. */
  const gradOfRank2 = (): number[][] =>
    tf.tidy(() => {
      const x = tf.tensor2d([[0.5, -1, 0.25], [1, 0.5, -0.5], [-0.75, 0.25, 1]]);
      // q is a copy: differentiating w.r.t. x itself would also count its use as key and value.
      return tf.grad((q: tf.Tensor) => tf.sum(scaledDotProductAttention(q, x, x, { causal: true }).output))(x.clone()).arraySync() as number[][];
    });
  const expected = (): number[][] => {
    const x = [[0.5, -1, 0.25], [1, 0.5, -0.5], [-0.75, 0.25, 1]];
    const [g] = finiteDifferences([x], ([q]) => flatten(sdpaRef(q as Mat, x, x, { causal: true }).output).reduce((a, b) => a + b, 0));
    return unflatten(g!, [3, 3]) as number[][];
  };

  test("scaledDotProductAttention(q, k, v) on rank-2 inputs is differentiable under setMatMulStrategy('batched')", () => {
    setMatMulStrategy('batched');
    expect(mismatch(gradOfRank2().flat(), expected().flat(), GRAD_TOL)).toBeNull();
  });

  test("scaledDotProductAttention(q, k, v) on rank-2 inputs is differentiable under setMatMulStrategy('per-slice')", () => {
    setMatMulStrategy('per-slice');
    expect(mismatch(gradOfRank2().flat(), expected().flat(), GRAD_TOL)).toBeNull();
  });
});

// ---------------------------------------------------------------------------

describe('gradients of memoryEfficientAttention', () => {
  const kernels = fusedAttentionAvailable() ? (['tfjs', 'fused'] as const) : (['tfjs'] as const);
  interface Case {
    q: number[];
    k: number[];
    dValue: number;
    causal?: boolean;
    maskShape?: number[];
    chunkSize?: number;
    queryChunkSize?: number;
  }
  const cases: Case[] = [
    { q: [2, 2, 7, 4], k: [2, 2, 9, 4], dValue: 3, maskShape: [2, 1, 7, 9], chunkSize: 4, queryChunkSize: 3 },
    { q: [2, 6, 3], k: [2, 6, 3], dValue: 2, causal: true, chunkSize: 2 },
    { q: [5, 4], k: [8, 4], dValue: 3, causal: true, maskShape: [8], chunkSize: 3, queryChunkSize: 2 },
    { q: [1, 3, 4, 2], k: [1, 3, 5, 2], dValue: 2, maskShape: [4, 5] }, // one chunk, a fully masked row
  ];
  for (const kernel of kernels) {
    cases.forEach((c, n) => {
      const opts = [c.maskShape && 'mask', c.causal && 'causal', c.chunkSize && `chunkSize: ${c.chunkSize}`].filter(Boolean).join(', ');
      test(`memoryEfficientAttention(q, k, v, { kernel: '${kernel}', ${opts} }) has the gradients of scaledDotProductAttention w.r.t. q, k, v on q [${c.q.join(', ')}]`, () => {
        const rng = new SeededRandom(1500 + n);
        const q = randomNormalArray(rng, c.q);
        const k = randomNormalArray(rng, c.k);
        const v = randomNormalArray(rng, [...c.k.slice(0, -1), c.dValue]);
        const r = randomNormalArray(rng, [...c.q.slice(0, -1), c.dValue]);
        let mask: Nested<boolean> | undefined;
        if (c.maskShape) {
          const m = flatten<boolean>(randomMask(rng, c.maskShape, 0.7));
          m.fill(false, 0, c.maskShape.length === 1 ? 1 : c.maskShape[c.maskShape.length - 1]!); // a masked key, or a fully masked row
          mask = unflatten(m, c.maskShape);
        }
        tf.tidy(() => {
          const [maskT, t] = [mask === undefined ? undefined : toTensor(mask), toTensor(r)];
          const loss = (attend: (a: tf.Tensor, b: tf.Tensor, cc: tf.Tensor) => tf.Tensor) => (a: tf.Tensor, b: tf.Tensor, cc: tf.Tensor) => tf.sum(tf.mul(attend(a, b, cc), t));
          const inputs = [toTensor(q), toTensor(k), toTensor(v)];
          const efficient = tf.grads(loss((a, b, cc) => memoryEfficientAttention(a, b, cc, { mask: maskT, causal: c.causal, kernel, chunkSize: c.chunkSize, queryChunkSize: c.queryChunkSize }).output))(inputs);
          const full = tf.grads(loss((a, b, cc) => scaledDotProductAttention(a, b, cc, { mask: maskT, causal: c.causal }).output))(inputs);
          expectGradients(['q', 'k', 'v'], efficient, [q, k, v], full.map((g) => Array.from(g.dataSync())));
        });
      });
    });

    test(`memoryEfficientAttention(q, k, v, { kernel: '${kernel}', causal, chunkSize: 2 }) differentiated through output and logSumExp matches float64 finite differences`, () => {
      const rng = new SeededRandom(1510);
      const q = randomNormalArray<Arr3>(rng, [2, 5, 3]);
      const k = randomNormalArray<Arr3>(rng, [2, 5, 3]);
      const v = randomNormalArray<Arr3>(rng, [2, 5, 2]);
      const r1 = randomNormalArray(rng, [2, 5, 2]);
      const r2 = randomNormalArray(rng, [2, 5]);
      const numeric = finiteDifferences([q, k, v], ([qq, kk, vv]) => {
        const ref = sdpaRef(qq as Arr3, kk as Arr3, vv as Arr3, { causal: true });
        return weightedSum(ref.output, r1) + weightedSum(ref.logSumExp as Nested, r2);
      });
      tf.tidy(() => {
        const [t1, t2] = [toTensor(r1), toTensor(r2)];
        const f = (a: tf.Tensor, b: tf.Tensor, cc: tf.Tensor) => {
          const { output, logSumExp } = memoryEfficientAttention(a, b, cc, { causal: true, kernel, chunkSize: 2 });
          return tf.add(tf.sum(tf.mul(output, t1)), tf.sum(tf.mul(logSumExp, t2)));
        };
        const grads = tf.grads(f)([toTensor(q), toTensor(k), toTensor(v)]);
        expectGradients(['q', 'k', 'v'], grads, [q, k, v], numeric);
      });
    });

    test(`tf.grads through memoryEfficientAttention({ kernel: '${kernel}' }) leaves tf.memory().numTensors unchanged`, () => {
      const [q, mask] = [tf.randomNormal([1, 2, 6, 4], 0, 1, 'float32', 7), tf.tensor1d([1, 1, 0, 1, 1, 1])];
      const step = () => tf.dispose(tf.grads((a: tf.Tensor) => tf.sum(memoryEfficientAttention(a, a, a, { kernel, mask, causal: true, chunkSize: 4 }).output))([q]));
      step();
      const before = tf.memory().numTensors;
      for (let i = 0; i < 3; i++) step();
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([q, mask]);
    });
  }

  test('tf.variableGrads and optimizer.minimize train through memoryEfficientAttention', () => {
    const x = tf.randomNormal([1, 6, 4], 0, 1, 'float32', 8);
    const target = tf.randomNormal([1, 6, 4], 0, 1, 'float32', 9);
    const w = tf.variable(tf.randomNormal([4, 4], 0, 0.5, 'float32', 10));
    const loss = () => tf.tidy(() => {
      const h = tf.matMul(x.reshape([6, 4]), w).reshape([1, 6, 4]);
      return tf.losses.meanSquaredError(target, memoryEfficientAttention(h, h, x, { causal: true, chunkSize: 2 }).output) as tf.Scalar;
    });
    const first = tf.tidy(() => loss().dataSync()[0]!);
    const optimizer = tf.train.sgd(0.5);
    for (let i = 0; i < 20; i++) tf.dispose(optimizer.minimize(loss, true)!);
    expect(tf.tidy(() => loss().dataSync()[0]!)).toBeLessThan(first);
    optimizer.dispose();
    tf.dispose([x, target, w]);
  });
});

describe('fusedAttention has no gradient and says so', () => {
  test.skipIf(!fusedAttentionAvailable())('fusedAttention inside tf.grad throws an error naming memoryEfficientAttention and allocates nothing', async () => {
    const q = tf.ones([1, 3, 2]);
    const before = tf.memory().numTensors;
    expect(() => tf.grad((a: tf.Tensor) => tf.sum(fusedAttention(a, a, a)))(q)).toThrow(
      /^fusedAttention: the fused kernel has no gradient, but a gradient is being recorded .*use memoryEfficientAttention\(query, key, value, options\)/,
    );
    expect(tf.memory().numTensors).toBe(before);
    // The parallel variant is async, so tf.grad cannot await it, but called while recording it refuses the same way.
    await expect(
      new Promise((resolve, reject) => {
        try {
          tf.grad((a: tf.Tensor) => {
            fusedAttentionParallel(a, a, a).then(resolve, reject);
            return tf.sum(a);
          })(q).dispose();
        } catch (e) {
          reject(e);
        }
      }),
    ).rejects.toThrow(/^fusedAttentionParallel: the fused kernel has no gradient/);
    expect(tf.memory().numTensors).toBe(before);
    q.dispose();
  });
});
