// Every attention entry point reads its options by one rule and gives
// non-finite inputs one meaning (README, "Conventions"): the same cases run
// through the full path, memory-efficient attention (tfjs ops and the fused
// kernel), fusedAttention, fusedAttentionParallel, multi-head and additive
// attention and the plain-number explainers, against the float64 loops of
// test/reference.ts (which import nothing from src).
//
// Tolerance: float32 against float64 on unit-scale inputs of at most 6 keys,
// 1e-5 abs + 1e-4 rel (the fused kernel's exp2 has a relative error under 1e-7;
// the sums are short). NaN must meet NaN and an infinity the same infinity.
import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, test } from 'vitest';
import {
  additiveAttention,
  explainAdditiveAttention,
  explainScaledDotProductAttention,
  fusedAttention,
  fusedAttentionAvailable,
  fusedAttentionParallel,
  maskedSoftmax,
  memoryEfficientAttention,
  multiHeadAttention,
  scaledDotProductAttention,
  terminateFusedAttentionThreads,
} from '../src/index.js';
import { anySeed, sizes } from './arbitraries.js';
import {
  type Arr4,
  type Mat,
  type Nested,
  type Tolerance,
  additiveAttentionRef,
  attentionKeep,
  flatten,
  mismatch,
  multiHeadAttentionRef,
  sdpaRef,
  shapeOf,
} from './reference.js';
import { SeededRandom, randomMask, randomNormalArray, toTensor } from './seeded-random.js';

afterAll(() => terminateFusedAttentionThreads());

const TOL: Tolerance = { abs: 1e-5, rel: 1e-4 };
const LOWEST = -3.4028234663852886e38;
const fused = fusedAttentionAvailable();

/** The options every dot-product path takes (each path ignores what it has no use for). */
interface Options {
  mask?: unknown;
  causal?: unknown;
  scale?: unknown;
  chunkSize?: unknown;
}

/** One dot-product attention entry point, returning its output as float32 numbers (and logSumExp where it has one). */
interface Path {
  name: string;
  fn: string;
  /** Only rank-2 inputs (the explainers). */
  rank2Only?: boolean;
  run(q: Nested, k: Nested, v: Nested, options: Options): Promise<{ output: number[]; logSumExp?: number[] }>;
}

/** Runs `f` on tensors made from `q`, `k`, `v` and the mask, reads its output and frees everything. */
async function onTensors(q: Nested, k: Nested, v: Nested, options: Options, f: (q: tf.Tensor, k: tf.Tensor, v: tf.Tensor, o: Options) => Promise<tf.Tensor[]> | tf.Tensor[]): Promise<number[][]> {
  const inputs = [toTensor(q), toTensor(k), toTensor(v)];
  const mask = Array.isArray(options.mask) ? toTensor(options.mask as Nested) : undefined;
  try {
    const outs = await f(inputs[0]!, inputs[1]!, inputs[2]!, mask ? { ...options, mask } : options);
    const values = outs.map((t) => Array.from(t.dataSync()));
    tf.dispose(outs);
    return values;
  } finally {
    tf.dispose([...inputs, ...(mask ? [mask] : [])]);
  }
}

/** A mask of any rank expanded to `[seqLenQ][seqLenK]` booleans, for the explainer. */
function fullMask(mask: unknown, seqLenQ: number, seqLenK: number): boolean[][] | unknown {
  if (!Array.isArray(mask) || shapeOf(mask as Nested).length === 2) return mask;
  return attentionKeep([1, 1, seqLenQ, seqLenK], mask as Nested<boolean | number>)![0]![0]!;
}

const PATHS: Path[] = [
  {
    name: 'scaledDotProductAttention',
    fn: 'scaledDotProductAttention',
    run: async (q, k, v, o) => {
      const [output] = await onTensors(q, k, v, o, (a, b, c, opts) => {
        const r = scaledDotProductAttention(a, b, c, opts as never);
        return [r.output, r.weights];
      });
      return { output: output! };
    },
  },
  {
    name: "memoryEfficientAttention (kernel 'tfjs')",
    fn: 'memoryEfficientAttention',
    run: async (q, k, v, o) => {
      const [output, logSumExp] = await onTensors(q, k, v, o, (a, b, c, opts) => {
        const r = memoryEfficientAttention(a, b, c, { chunkSize: 2, ...opts, kernel: 'tfjs' } as never);
        return [r.output, r.logSumExp];
      });
      return { output: output!, logSumExp: logSumExp! };
    },
  },
  ...(fused
    ? [
        {
          name: "memoryEfficientAttention (kernel 'fused')",
          fn: 'memoryEfficientAttention',
          run: async (q: Nested, k: Nested, v: Nested, o: Options) => {
            const [output, logSumExp] = await onTensors(q, k, v, o, (a, b, c, opts) => {
              const r = memoryEfficientAttention(a, b, c, { ...opts, kernel: 'fused' } as never);
              return [r.output, r.logSumExp];
            });
            return { output: output!, logSumExp: logSumExp! };
          },
        },
        {
          name: 'fusedAttention',
          fn: 'fusedAttention',
          run: async (q: Nested, k: Nested, v: Nested, o: Options) => {
            const [output] = await onTensors(q, k, v, o, (a, b, c, opts) => [fusedAttention(a, b, c, opts as never)]);
            return { output: output! };
          },
        },
        {
          name: 'fusedAttentionParallel',
          fn: 'fusedAttentionParallel',
          run: async (q: Nested, k: Nested, v: Nested, o: Options) => {
            const [output] = await onTensors(q, k, v, o, async (a, b, c, opts) => [await fusedAttentionParallel(a, b, c, { ...(opts as object), threads: 2 })]);
            return { output: output! };
          },
        },
      ]
    : []),
  {
    name: 'explainScaledDotProductAttention',
    fn: 'explainScaledDotProductAttention',
    rank2Only: true,
    run: async (q, k, v, o) => {
      const before = tf.memory().numTensors;
      const { mask, chunkSize, ...rest } = o;
      void chunkSize;
      const [seqLenQ, seqLenK] = [shapeOf(q)[0]!, shapeOf(k)[0]!];
      const input = { q: q as Mat, k: k as Mat, v: v as Mat, ...rest, ...(mask === undefined ? {} : { mask: fullMask(mask, seqLenQ, seqLenK) }) };
      const steps = explainScaledDotProductAttention(input as never);
      expect(tf.memory().numTensors).toBe(before);
      return { output: flatten(steps.output) };
    },
  },
];

/** The float64 reference output and logSumExp (with the package's lowest float32 for "-Infinity"). */
function expected(q: Nested, k: Nested, v: Nested, o: Options): { output: number[]; logSumExp: number[] } {
  const r = sdpaRef(q as Arr4, k as Arr4, v as Arr4, { mask: o.mask as Nested<boolean>, causal: o.causal as boolean, scale: o.scale as number });
  return { output: flatten(r.output), logSumExp: flatten(r.logSumExp as Nested).map((x) => (x === -Infinity ? LOWEST : x)) };
}

/** Runs `path` and checks it against the reference, or that it throws `error` and leaves no tensor behind. */
async function check(path: Path, q: Nested, k: Nested, v: Nested, o: Options, error?: RegExp): Promise<void> {
  const before = tf.memory().numTensors;
  if (error) {
    await expect(path.run(q, k, v, o), path.name).rejects.toThrow(error);
    expect(tf.memory().numTensors, `${path.name} leaves no tensor when it throws`).toBe(before);
    return;
  }
  const got = await path.run(q, k, v, o);
  const want = expected(q, k, v, o);
  expect(mismatch(got.output, want.output, TOL), `${path.name} output`).toBeNull();
  if (got.logSumExp) expect(mismatch(got.logSumExp, want.logSumExp, TOL), `${path.name} logSumExp`).toBeNull();
  expect(tf.memory().numTensors, `${path.name} leaves no tensor`).toBe(before);
}

// ---------------------------------------------------------------------------

describe('non-finite inputs mean the same in every attention path', () => {
  const I = Infinity;
  const v: Mat = [[1, 2], [3, 4], [5, 6]];
  const cases: Array<[what: string, q: Mat, k: Mat, options?: Options, effect?: (out: number[]) => void]> = [
    // q [1, 1] against keys whose first component is -Infinity: every score is -Infinity.
    ['a row whose scores are all -Infinity gets a zero output, like a fully masked row', [[1, 1]], [[-I, 0], [-I, 1], [-I, 2]], {}, (out) => expect(out).toEqual([0, 0])],
    ['a -Infinity score gets weight 0, as if its key were masked', [[1, 1]], [[-I, 0], [1, 0], [1, 0]], {}, (out) => expect(out).toEqual([4, 5])],
    ['a kept +Infinity score makes its row NaN', [[1, 1]], [[I, 0], [1, 0], [1, 0]], {}, (out) => expect(out.every(Number.isNaN)).toBe(true)],
    ['a kept NaN score makes its row NaN', [[1, 1]], [[NaN, 0], [1, 0], [1, 0]], {}, (out) => expect(out.every(Number.isNaN)).toBe(true)],
    ['a masked NaN or +Infinity score is ignored', [[1, 1]], [[NaN, 0], [I, 0], [1, 0]], { mask: [false, false, true] }, (out) => expect(out).toEqual([5, 6])],
    ['a NaN mask entry is nonzero, so it means attend', [[1, 1]], [[1, 0], [0, 1], [2, 0]], { mask: [[NaN, 0, 1]] }],
    ['a row that causal leaves only -Infinity scores is zero', [[1, 1], [1, 1]], [[-I, 0], [1, 0], [1, 0]], { causal: true }, (out) => expect(out.slice(0, 2)).toEqual([0, 0])],
    ['-Infinity scores and a mask combine: a row left with -Infinity only is zero, the others ignore the -Infinity key', [[1, 1], [1, 1]], [[-I, 0], [0, 1], [0, 2]], { mask: [[true, false, false], [true, true, true]] }],
  ];
  for (const path of PATHS) {
    for (const [what, q, k, options, effect] of cases) {
      test(`${path.name}: ${what}`, async () => {
        await check(path, q, k, v, options ?? {});
        if (effect) effect((await path.run(q, k, v, options ?? {})).output);
      });
    }
  }

  test('multiHeadAttention and maskedSoftmax give a row of -Infinity scores zero weights through the same softmax', () => {
    tf.tidy(() => {
      expect(Array.from(maskedSoftmax(tf.tensor2d([[-I, -I], [-I, 0]])).dataSync())).toEqual([0, 0, 0, 1]);
      // wk has no zero in the row that meets the -Infinity (-Infinity * 0 would be NaN): projected keys are [-Inf, -Inf].
      const eye = tf.eye(2) as tf.Tensor2D;
      const k = tf.tensor2d([[-I, 1], [-I, 2]]);
      const params = { wq: eye, wk: tf.tensor2d([[1, 1], [0, 1]]) as tf.Tensor2D, wv: eye, wo: eye };
      const { output, weights } = multiHeadAttention(tf.tensor2d([[1, 1]]), k, tf.tensor2d([[1, 2], [3, 4]]), params, { heads: 1 });
      expect(Array.from(weights.dataSync())).toEqual([0, 0]);
      expect(Array.from(output.dataSync())).toEqual([0, 0]);
    });
  });
});

// ---------------------------------------------------------------------------

describe('every attention entry point refuses a bad option the same way', () => {
  const q: Mat = [[1, 0], [0, 1]];
  const bad: Array<[what: string, options: Options, error: (where: string) => RegExp]> = [
    ["causal: 'yes'", { causal: 'yes' }, (w) => new RegExp(`argument '${w}.causal' must be a boolean, got "yes"`)],
    ["causal: 'false'", { causal: 'false' }, (w) => new RegExp(`argument '${w}.causal' must be a boolean, got "false"`)],
    ['causal: 1', { causal: 1 }, (w) => new RegExp(`argument '${w}.causal' must be a boolean, got 1`)],
    ["scale: '2'", { scale: '2' }, (w) => new RegExp(`argument '${w}.scale' must be a finite number, got "2"`)],
    ['scale: NaN', { scale: NaN }, (w) => new RegExp(`argument '${w}.scale' must be a finite number, got NaN`)],
    ['scale: Infinity', { scale: Infinity }, (w) => new RegExp(`argument '${w}.scale' must be a finite number, got Infinity`)],
  ];
  for (const path of PATHS) {
    const where = path.rank2Only ? 'input' : 'options';
    for (const [what, options, error] of bad) {
      test(`${path.name} with ${what} throws an error naming the function and '${where}.${Object.keys(options)[0]}'`, async () => {
        await check(path, q, q, q, options, new RegExp(`^${path.fn}: ${error(where).source}`));
      });
    }
    test(`${path.name} with dHead 0 throws instead of returning NaN or zeros`, async () => {
      await check(path, [[], []], [[], []], q, {}, new RegExp(`^${path.fn}: .*dHead >= 1`));
    });
  }

  test('multiHeadAttention and additiveAttention read causal and scale by the same rule', () => {
    tf.tidy(() => {
      const x = tf.ones([1, 2, 2]);
      const eye = tf.eye(2) as tf.Tensor2D;
      const mha = { wq: eye, wk: eye, wv: eye, wo: eye };
      const additive = { wq: eye, wk: eye, v: tf.ones([2]) as tf.Tensor1D };
      const before = tf.memory().numTensors;
      expect(() => multiHeadAttention(x, x, x, mha, { heads: 1, causal: 'yes' as never })).toThrow(/^multiHeadAttention: argument 'options.causal' must be a boolean, got "yes"/);
      expect(() => multiHeadAttention(x, x, x, mha, { heads: 1, scale: '1' as never })).toThrow(/^multiHeadAttention: argument 'options.scale' must be a finite number, got "1"/);
      expect(() => multiHeadAttention(x, x, x, { ...mha, wq: tf.zeros([2, 0]) as tf.Tensor2D, wk: tf.zeros([2, 0]) as tf.Tensor2D }, { heads: 1 })).toThrow(/dHead >= 1/);
      expect(() => additiveAttention(x, x, x, additive, { causal: 0 as never })).toThrow(/^additiveAttention: argument 'options.causal' must be a boolean, got 0/);
      expect(() => additiveAttention(x, x, x, additive, null as never)).toThrow(/^additiveAttention: argument 'options' must be an object, got null/);
      expect(() => explainAdditiveAttention({ query: [[1]], keys: [[1]], values: [[1]], wq: [[1]], wk: [[1]], v: [1], causal: 'no' as never })).toThrow(
        /^explainAdditiveAttention: argument 'input.causal' must be a boolean, got "no"/,
      );
      expect(tf.memory().numTensors).toBe(before + 2); // the two zeros made for the dHead case
    });
  });

  test('memoryEfficientAttention refuses a chunk size that is not an integer >= 1', () => {
    const x = tf.ones([2, 2]);
    const before = tf.memory().numTensors;
    expect(() => memoryEfficientAttention(x, x, x, { chunkSize: 1.5 })).toThrow(/^memoryEfficientAttention: argument 'options.chunkSize' must be an integer >= 1, got 1.5/);
    expect(() => memoryEfficientAttention(x, x, x, { queryChunkSize: '2' as never })).toThrow(/argument 'options.queryChunkSize' must be an integer >= 1, got "2"/);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});

// ---------------------------------------------------------------------------

/** An option value drawn with the valid ones and the near misses a caller might pass. */
const causalValue = fc.constantFrom<unknown>(undefined, null, true, false, 'yes', 'false', 1, 0);
const scaleValue = fc.constantFrom<unknown>(undefined, null, 0.7, -1.3, 0, 2.5, NaN, Infinity, '1');
const chunkValue = fc.constantFrom<unknown>(undefined, 1, 2, 3, 0, 1.5);
const isCausalOk = (c: unknown) => c == null || typeof c === 'boolean';
const isScaleOk = (s: unknown) => s == null || (typeof s === 'number' && Number.isFinite(s));

const shapeCase = fc.record({
  rank: fc.constantFrom(2, 3, 4),
  ...sizes({ batch: 2, heads: 2, seqLenQ: 4, seqLenK: 5, dHead: [0, 3], dValue: 3 }),
  maskRank: fc.constantFrom(0, 1, 2),
  /** Chance that a key (or query) gets a non-finite component. */
  special: fc.constantFrom(0, 0.3, 0.6),
  causal: causalValue,
  scale: scaleValue,
  chunkSize: chunkValue,
  seed: anySeed,
});

/** Seeded q, k, v (values finite; keys and queries with some -Infinity, +Infinity or NaN components) and a mask. */
function drawInputs(c: typeof shapeCase extends fc.Arbitrary<infer T> ? T : never) {
  const rng = new SeededRandom(c.seed);
  const lead = [[], [c.batch], [c.batch, c.heads]][c.rank - 2]!;
  const spice = (x: Nested, p: number): Nested =>
    Array.isArray(x) ? x.map((y) => spice(y, p)) : rng.float() < p ? [-Infinity, -Infinity, Infinity, NaN][Math.floor(rng.float() * 4)]! : x;
  const q = spice(randomNormalArray(rng, [...lead, c.seqLenQ, c.dHead]), c.special / 8);
  const k = spice(randomNormalArray(rng, [...lead, c.seqLenK, c.dHead]), c.special / 2);
  const v = randomNormalArray(rng, [...lead, c.seqLenK, c.dValue]);
  const mask = c.maskRank === 0 ? undefined : randomMask(rng, c.maskRank === 1 ? [c.seqLenK] : [c.seqLenQ, c.seqLenK], 0.7);
  return { q, k, v, mask };
}

describe('property: every dot-product attention entry point gives a clear error or the float64 result', () => {
  for (const path of PATHS) {
    test(`${path.name} over shapes, masks, option values and non-finite keys`, async () => {
      await fc.assert(
        fc.asyncProperty(shapeCase, async (c) => {
          if (path.rank2Only && c.rank !== 2) return;
          const { q, k, v, mask } = drawInputs(c);
          const options: Options = { causal: c.causal, scale: c.scale, ...(mask ? { mask } : {}), ...(path.fn === 'memoryEfficientAttention' ? { chunkSize: c.chunkSize } : {}) };
          const chunkOk = path.fn !== 'memoryEfficientAttention' || c.chunkSize === undefined || (Number.isInteger(c.chunkSize) && (c.chunkSize as number) >= 1);
          const valid = isCausalOk(c.causal) && isScaleOk(c.scale) && chunkOk && c.dHead >= 1;
          await check(path, q, k, v, options, valid ? undefined : new RegExp(`^${path.fn}: argument`));
        }),
        { numRuns: 40 },
      );
    });
  }

  test('multiHeadAttention and additiveAttention over shapes, masks and option values', () => {
    fc.assert(
      fc.property(shapeCase, fc.constantFrom(1, 2), (c, heads) => {
        if (c.rank === 4) return; // multiHeadAttention takes [seqLen, dModel] or [batch, seqLen, dModel]
        const rng = new SeededRandom(c.seed);
        const lead = c.rank === 3 ? [c.batch] : [];
        const dModel = 3;
        const [x, y] = [randomNormalArray(rng, [...lead, c.seqLenQ, dModel]), randomNormalArray(rng, [...lead, c.seqLenK, dModel])];
        const w = (rows: number, cols: number) => randomNormalArray<Mat>(rng, [rows, cols], 0.6);
        const p = { wq: w(dModel, heads * c.dHead), wk: w(dModel, heads * c.dHead), wv: w(dModel, heads * c.dValue), wo: w(heads * c.dValue, 2) };
        const a = { wq: w(dModel, 4), wk: w(dModel, 4), v: randomNormalArray<number[]>(rng, [4]) };
        const mask = c.maskRank === 0 ? undefined : randomMask(rng, c.maskRank === 1 ? [c.seqLenK] : [c.seqLenQ, c.seqLenK], 0.7);
        tf.tidy(() => {
          const t = { x: toTensor(x), y: toTensor(y), mask: mask && toTensor(mask) };
          const tp = { wq: toTensor(p.wq) as tf.Tensor2D, wk: toTensor(p.wk) as tf.Tensor2D, wv: toTensor(p.wv) as tf.Tensor2D, wo: toTensor(p.wo) as tf.Tensor2D };
          const ta = { wq: toTensor(a.wq) as tf.Tensor2D, wk: toTensor(a.wk) as tf.Tensor2D, v: toTensor(a.v) as tf.Tensor1D };
          const before = tf.memory().numTensors;
          const mhaCall = () => multiHeadAttention(t.x, t.y, t.y, tp, { heads, causal: c.causal, scale: c.scale, mask: t.mask } as never);
          if (isCausalOk(c.causal) && isScaleOk(c.scale) && c.dHead >= 1) {
            const r = mhaCall();
            const ref = multiHeadAttentionRef(x as Mat, y as Mat, y as Mat, p, { heads, mask, causal: (c.causal ?? false) as boolean, scale: (c.scale ?? undefined) as number | undefined });
            expect(mismatch(r.output.dataSync(), flatten(ref.output), TOL), 'multiHeadAttention output').toBeNull();
            expect(mismatch(r.weights.dataSync(), flatten(ref.weights), TOL), 'multiHeadAttention weights').toBeNull();
          } else {
            expect(mhaCall).toThrow(/^multiHeadAttention: /);
            expect(tf.memory().numTensors).toBe(before);
          }
          const additiveCall = () => additiveAttention(t.x, t.y, t.y, ta, { causal: c.causal, mask: t.mask } as never);
          if (isCausalOk(c.causal)) {
            const r = additiveCall();
            const ref = additiveAttentionRef(x as Mat, y as Mat, y as Mat, a, { mask, causal: (c.causal ?? false) as boolean });
            expect(mismatch(r.output.dataSync(), flatten(ref.output), TOL), 'additiveAttention output').toBeNull();
          } else {
            expect(additiveCall).toThrow(/^additiveAttention: argument 'options.causal'/);
            expect(tf.memory().numTensors).toBe(before);
          }
        });
      }),
      { numRuns: 40 },
    );
  });
});
