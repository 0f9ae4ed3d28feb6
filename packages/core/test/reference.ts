// An independent float64 reference of the attention math, in plain
// TypeScript on nested number arrays. It imports nothing from ../src and no
// tfjs, so the tests compare the package against arithmetic written apart
// from it. Loops are written for clarity, not speed: shapes here are tiny.
//
// Conventions (the package's own): a mask entry `true` means "attend"; a
// masked weight is exactly 0; a query row with nothing to attend to has all
// weights 0 and a zero output.

/** A nested array of numbers (or booleans) of any rank; a bare value is rank 0. */
export type Nested<T = number> = T | Nested<T>[];
export type Vec = number[];
export type Mat = number[][];
export type Arr3 = number[][][];
export type Arr4 = number[][][][];
export type Keep = boolean[][];
export type Keep4 = boolean[][][][];

// ---------------------------------------------------------------------------
// Nested-array plumbing

/** The shape of a (non-ragged) nested array. */
export function shapeOf(x: Nested<unknown>): number[] {
  const shape: number[] = [];
  let cur: unknown = x;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    cur = cur[0];
  }
  return shape;
}

/** The leaves of a nested array in row-major order. */
export function flatten<T>(x: Nested<T>): T[] {
  if (!Array.isArray(x)) return [x];
  const out: T[] = [];
  const walk = (y: Nested<T>): void => {
    if (Array.isArray(y)) y.forEach(walk);
    else out.push(y);
  };
  walk(x);
  return out;
}

/** The inverse of {@link flatten}: row-major `values` as a nested array of `shape`. */
export function unflatten<T>(values: readonly T[], shape: readonly number[]): Nested<T> {
  let at = 0;
  const build = (dim: number): Nested<T> => {
    if (dim === shape.length) return values[at++]!;
    return Array.from({ length: shape[dim]! }, () => build(dim + 1));
  };
  const out = build(0);
  if (at !== values.length) throw new Error(`unflatten: ${values.length} values do not fill shape [${shape.join(', ')}]`);
  return out;
}

// ---------------------------------------------------------------------------
// Linear algebra

/** `a [n, k] x b [k, m]`, float64. */
export function matmul(a: Mat, b: Mat): Mat {
  const k = b.length;
  const m = k === 0 ? 0 : b[0]!.length;
  return a.map((row) => {
    if (row.length !== k) throw new Error(`matmul: inner sizes ${row.length} and ${k} differ`);
    const out: number[] = [];
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let t = 0; t < k; t++) s += row[t]! * b[t]![j]!;
      out.push(s);
    }
    return out;
  });
}

/** `a [n, m]` to `[m, n]`. */
export function transpose(a: Mat): Mat {
  const cols = a.length === 0 ? 0 : a[0]!.length;
  return Array.from({ length: cols }, (_, j) => a.map((row) => row[j]!));
}

/** `sum_i a_i b_i`. */
export function dot(a: Vec, b: Vec): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** Adds `bias` to every row of `a`; no bias leaves `a` as it is. */
export function addBias(a: Mat, bias?: Vec): Mat {
  return bias == null ? a : a.map((row) => row.map((x, j) => x + bias[j]!));
}

/** Columns `from .. to-1` of every row. */
export function columns(a: Mat, from: number, to: number): Mat {
  return a.map((row) => row.slice(from, to));
}

// ---------------------------------------------------------------------------
// Softmax

/**
 * Stable softmax of one row, normalised over kept entries only. Masked
 * entries are exactly 0; a row with nothing kept is all zeros.
 */
export function softmax(row: Vec, keep?: readonly boolean[]): Vec {
  const kept = (j: number) => keep == null || keep[j] === true;
  let max = -Infinity;
  row.forEach((x, j) => {
    if (kept(j) && x > max) max = x;
  });
  if (row.some((x, j) => kept(j) && Number.isNaN(x))) return row.map(() => NaN); // NaN spreads to its row
  if (max === -Infinity) return row.map(() => 0);
  const e = row.map((x, j) => (kept(j) ? Math.exp(x - max) : 0));
  let sum = 0;
  for (const x of e) sum += x;
  return e.map((x) => x / sum);
}

/** `log(sum_j exp(row_j))` over kept entries; `-Infinity` for a row with nothing kept (or only `-Infinity`), NaN for a kept NaN. */
export function logSumExp(row: Vec, keep?: readonly boolean[]): number {
  const kept = (j: number) => keep == null || keep[j] === true;
  if (row.some((x, j) => kept(j) && Number.isNaN(x))) return NaN;
  let max = -Infinity;
  row.forEach((x, j) => {
    if (kept(j) && x > max) max = x;
  });
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  row.forEach((x, j) => {
    if (kept(j)) sum += Math.exp(x - max);
  });
  return max + Math.log(sum);
}

/** Row-major strides of `shape`. */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) strides[i] = strides[i + 1]! * shape[i + 1]!;
  return strides;
}

/**
 * NumPy broadcasting of flat row-major `values` of shape `from` to shape `to`
 * (right-aligned; a size-1 dimension repeats).
 */
export function broadcastFlat<T>(values: ArrayLike<T>, from: readonly number[], to: readonly number[]): T[] {
  const offset = to.length - from.length;
  if (offset < 0) throw new Error(`broadcastFlat: rank ${from.length} > ${to.length}`);
  const fromStrides = stridesOf(from);
  const toStrides = stridesOf(to);
  const size = to.reduce((a, b) => a * b, 1);
  const out: T[] = [];
  for (let flat = 0; flat < size; flat++) {
    let src = 0;
    for (let d = 0; d < from.length; d++) {
      const idx = Math.floor(flat / toStrides[d + offset]!) % to[d + offset]!;
      if (from[d] !== 1 && from[d] !== to[d + offset]) throw new Error(`broadcastFlat: [${from.join(', ')}] does not fit [${to.join(', ')}]`);
      src += (from[d] === 1 ? 0 : idx) * fromStrides[d]!;
    }
    out.push(values[src]!);
  }
  return out;
}

/**
 * Softmax of flat row-major `values` of `shape` along `axis` (negative counts
 * from the end), restricted to `keep` (same shape, optional).
 */
export function softmaxAlong(values: ArrayLike<number>, shape: readonly number[], axis: number, keep?: ArrayLike<boolean>): number[] {
  const ax = axis < 0 ? axis + shape.length : axis;
  const n = shape[ax]!;
  const stride = stridesOf(shape)[ax]!;
  const out = new Array<number>(values.length).fill(0);
  for (let start = 0; start < values.length; start++) {
    // `start` begins a row when its index along `axis` is 0.
    if (Math.floor(start / stride) % n !== 0) continue;
    const idx = Array.from({ length: n }, (_, t) => start + t * stride);
    const w = softmax(
      idx.map((i) => values[i]!),
      keep == null ? undefined : idx.map((i) => keep[i]!),
    );
    idx.forEach((i, t) => (out[i] = w[t]!));
  }
  return out;
}

/** Softmax of each row of a matrix, with an optional keep-mask of the same shape. */
export function softmaxRows(m: Mat, keep?: Keep): Mat {
  return m.map((row, i) => softmax(row, keep?.[i]));
}

// ---------------------------------------------------------------------------
// Masks

/** Causal keep-mask `[seqLenQ][seqLenK]`: key `j` allowed iff `j <= i` (top-left aligned). */
export function causalKeep(seqLenQ: number, seqLenK: number): Keep {
  return Array.from({ length: seqLenQ }, (_, i) => Array.from({ length: seqLenK }, (_, j) => j <= i));
}

/** Element-wise AND of two keep-masks of the same shape. */
export function andKeep(a: Keep, b: Keep): Keep {
  return a.map((row, i) => row.map((x, j) => x && b[i]![j]!));
}

/**
 * Expands a user mask to `[batch][heads][seqLenQ][seqLenK]` booleans by the
 * package's documented rule: rank 1 is `[seqLenK]`, rank 2 `[seqLenQ, seqLenK]`,
 * rank 3 `[batch, seqLenQ, seqLenK]` (shared by heads), rank 4 as is; a
 * dimension of size 1 is repeated. Numbers count as kept when nonzero.
 */
export function expandMask(mask: Nested<boolean | number>, shape4: readonly [number, number, number, number]): Keep4 {
  const rank = shapeOf(mask).length;
  const at = (b: number, h: number, i: number, j: number): boolean => {
    // Index a dimension of size 1 at 0 (broadcast).
    const pick = (x: Nested<boolean | number>, idx: number): Nested<boolean | number> => {
      const arr = x as Nested<boolean | number>[];
      return arr.length === 1 ? arr[0]! : arr[idx]!;
    };
    let x = mask;
    if (rank === 4) x = pick(pick(pick(pick(x, b), h), i), j);
    else if (rank === 3) x = pick(pick(pick(x, b), i), j);
    else if (rank === 2) x = pick(pick(x, i), j);
    else if (rank === 1) x = pick(x, j);
    else throw new Error(`expandMask: rank ${rank} is not 1-4`);
    return x === true || (typeof x === 'number' && x !== 0);
  };
  const [batch, heads, seqLenQ, seqLenK] = shape4;
  return Array.from({ length: batch }, (_, b) =>
    Array.from({ length: heads }, (_, h) =>
      Array.from({ length: seqLenQ }, (_, i) => Array.from({ length: seqLenK }, (_, j) => at(b, h, i, j))),
    ),
  );
}

/** The combined keep-mask of a user mask (any rank 1-4, optional) and `causal`, or undefined when all is kept. */
export function attentionKeep(
  shape4: readonly [number, number, number, number],
  mask?: Nested<boolean | number>,
  causal?: boolean,
): Keep4 | undefined {
  if (mask == null && !causal) return undefined;
  const [batch, heads, seqLenQ, seqLenK] = shape4;
  const user = mask == null ? undefined : expandMask(mask, shape4);
  const lower = causalKeep(seqLenQ, seqLenK);
  return Array.from({ length: batch }, (_, b) =>
    Array.from({ length: heads }, (_, h) => {
      const u = user === undefined ? undefined : user[b]![h]!;
      if (u === undefined) return lower; // causal only
      return causal ? andKeep(u, lower) : u;
    }),
  );
}

// ---------------------------------------------------------------------------
// Rank plumbing: the package accepts [seq, d], [batch, seq, d] and
// [batch, heads, seq, d]; the reference computes on rank 4.

/** `[seq][d]` or `[batch][seq][d]` (or rank 4) as `[batch][heads][seq][d]`. */
export function toRank4(x: Mat | Arr3 | Arr4): Arr4 {
  const rank = shapeOf(x).length;
  if (rank === 4) return x as Arr4;
  if (rank === 3) return (x as Arr3).map((s) => [s]);
  if (rank === 2) return [[x as Mat]];
  throw new Error(`toRank4: rank ${rank}`);
}

/** Undoes {@link toRank4} for a result of the caller's `rank`. */
export function fromRank4(x: Arr4, rank: number): Mat | Arr3 | Arr4 {
  if (rank === 4) return x;
  if (rank === 3) return x.map((b) => b[0]!);
  return x[0]![0]!;
}

// ---------------------------------------------------------------------------
// Scores

/** `q · kᵀ` for one slice: `[seqLenQ][d] x [seqLenK][d]` gives `[seqLenQ][seqLenK]`. */
export function dotScores(q: Mat, k: Mat): Mat {
  return matmul(q, transpose(k));
}

/** Luong's general scores `q · W · kᵀ` for one slice. */
export function generalScores2d(q: Mat, k: Mat, w: Mat): Mat {
  return matmul(matmul(q, w), transpose(k));
}

/** The weights of additive (Bahdanau) attention. */
export interface AdditiveRefParams {
  wq: Mat;
  wk: Mat;
  v: Vec;
  bias?: Vec;
}

/** Additive scores `v · tanh(q_i · wq + k_j · wk + bias)` for one slice, `[seqLenQ][seqLenK]`. */
export function additiveScores2d(q: Mat, k: Mat, p: AdditiveRefParams): Mat {
  const qp = addBias(matmul(q, p.wq), p.bias); // [seqLenQ][dAttn]
  const kp = matmul(k, p.wk); // [seqLenK][dAttn]
  return qp.map((qi) => kp.map((kj) => dot(p.v, qi.map((x, a) => Math.tanh(x + kj[a]!)))));
}

/** Applies a per-slice function over the leading dims of rank-2, 3 or 4 inputs of equal leading dims. */
export function perSlice(
  f: (slices: Mat[], b: number, h: number) => Mat,
  ...xs: Array<Mat | Arr3 | Arr4>
): Mat | Arr3 | Arr4 {
  const rank = shapeOf(xs[0]!).length;
  const x4 = xs.map(toRank4);
  const out = x4[0]!.map((heads, b) => heads.map((_, h) => f(x4.map((x) => x[b]![h]!), b, h)));
  return fromRank4(out, rank);
}

// ---------------------------------------------------------------------------
// Attention

/** Options of {@link sdpaRef}: as the package's `scaledDotProductAttention`. */
export interface SdpaRefOptions {
  mask?: Nested<boolean | number>;
  causal?: boolean;
  scale?: number;
}

/** What the reference attention returns, in the caller's rank. */
export interface SdpaRefResult {
  /** `q · kᵀ * scale`, before masking. */
  scores: Mat | Arr3 | Arr4;
  weights: Mat | Arr3 | Arr4;
  output: Mat | Arr3 | Arr4;
  /** `log(sum exp(score))` over kept keys, per query; `-Infinity` where fully masked. */
  logSumExp: Vec | Mat | Arr3;
}

/** Softmax attention of one slice given its scores, keep-mask and values. */
function attendSlice(scores: Mat, keep: Keep | undefined, v: Mat): { weights: Mat; output: Mat; lse: Vec } {
  const weights = softmaxRows(scores, keep);
  const dValue = v.length === 0 ? 0 : v[0]!.length;
  // matmul of a [seqLenQ][0] weight matrix has no columns to read: build zeros.
  const output = v.length === 0 ? weights.map(() => new Array<number>(dValue).fill(0)) : matmul(weights, v);
  const lse = scores.map((row, i) => logSumExp(row, keep?.[i]));
  return { weights, output, lse };
}

/**
 * Scaled dot-product attention `softmax(q kᵀ * scale) v` on rank-2, 3 or 4
 * inputs (`[..., seqLen, d]`), with a user mask of rank 1-4 and/or `causal`.
 * `scale` defaults to `1 / sqrt(dHead)`.
 */
export function sdpaRef(q: Mat | Arr3 | Arr4, k: Mat | Arr3 | Arr4, v: Mat | Arr3 | Arr4, options: SdpaRefOptions = {}): SdpaRefResult {
  const rank = shapeOf(q).length;
  const [q4, k4, v4] = [toRank4(q), toRank4(k), toRank4(v)];
  const [batch, heads, seqLenQ, dHead] = shapeOf(q4) as [number, number, number, number];
  const seqLenK = shapeOf(k4)[2]!;
  const scale = options.scale ?? 1 / Math.sqrt(dHead);
  const keep = attentionKeep([batch, heads, seqLenQ, seqLenK], options.mask, options.causal);
  const scores: Arr4 = [];
  const weights: Arr4 = [];
  const output: Arr4 = [];
  const lse: Arr3 = [];
  for (let b = 0; b < batch; b++) {
    scores.push([]);
    weights.push([]);
    output.push([]);
    lse.push([]);
    for (let h = 0; h < heads; h++) {
      const s = dotScores(q4[b]![h]!, k4[b]![h]!).map((row) => row.map((x) => x * scale));
      const r = attendSlice(s, keep?.[b]![h], v4[b]![h]!);
      scores[b]!.push(s);
      weights[b]!.push(r.weights);
      output[b]!.push(r.output);
      lse[b]!.push(r.lse);
    }
  }
  const lseOut = rank === 4 ? lse : rank === 3 ? lse.map((x) => x[0]!) : lse[0]![0]!;
  return { scores: fromRank4(scores, rank), weights: fromRank4(weights, rank), output: fromRank4(output, rank), logSumExp: lseOut };
}

/** Options of {@link additiveAttentionRef}. */
export interface AdditiveRefOptions {
  mask?: Nested<boolean | number>;
  causal?: boolean;
}

/** Additive (Bahdanau) attention on rank-2, 3 or 4 inputs; params are shared by every slice. */
export function additiveAttentionRef(
  query: Mat | Arr3 | Arr4,
  keys: Mat | Arr3 | Arr4,
  values: Mat | Arr3 | Arr4,
  params: AdditiveRefParams,
  options: AdditiveRefOptions = {},
): { scores: Mat | Arr3 | Arr4; weights: Mat | Arr3 | Arr4; output: Mat | Arr3 | Arr4 } {
  const rank = shapeOf(query).length;
  const [q4, k4, v4] = [toRank4(query), toRank4(keys), toRank4(values)];
  const [batch, heads, seqLenQ] = shapeOf(q4) as [number, number, number, number];
  const seqLenK = shapeOf(k4)[2]!;
  const keep = attentionKeep([batch, heads, seqLenQ, seqLenK], options.mask, options.causal);
  const scores = q4.map((qb, b) => qb.map((qh, h) => additiveScores2d(qh, k4[b]![h]!, params)));
  const results = scores.map((sb, b) => sb.map((s, h) => attendSlice(s, keep?.[b]![h], v4[b]![h]!)));
  return {
    scores: fromRank4(scores, rank),
    weights: fromRank4(results.map((rb) => rb.map((r) => r.weights)), rank),
    output: fromRank4(results.map((rb) => rb.map((r) => r.output)), rank),
  };
}

/** The weights of multi-head attention. */
export interface MhaRefParams {
  wq: Mat;
  wk: Mat;
  wv: Mat;
  wo: Mat;
  bq?: Vec;
  bk?: Vec;
  bv?: Vec;
  bo?: Vec;
}

/** Options of {@link multiHeadAttentionRef}. */
export interface MhaRefOptions {
  heads: number;
  mask?: Nested<boolean | number>;
  causal?: boolean;
  scale?: number;
}

/**
 * Multi-head attention on `[batch][seq][d]` (or `[seq][d]`) inputs. Head `h`
 * uses columns `h*dHead .. (h+1)*dHead-1` of the projected query and key (and
 * the same block of width `dValue` of the projected value); heads are
 * concatenated in order and projected by `wo`. Returns `output
 * [batch][seqLenQ][dOut]` and `weights [batch][heads][seqLenQ][seqLenK]`
 * (`[seqLenQ][dOut]` and `[heads][seqLenQ][seqLenK]` for rank-2 inputs).
 */
export function multiHeadAttentionRef(
  query: Mat | Arr3,
  key: Mat | Arr3,
  value: Mat | Arr3,
  p: MhaRefParams,
  options: MhaRefOptions,
): { output: Mat | Arr3; weights: Arr3 | Arr4 } {
  const rank = shapeOf(query).length;
  const as3 = (x: Mat | Arr3): Arr3 => (rank === 3 ? (x as Arr3) : [x as Mat]);
  const [q3, k3, v3] = [as3(query), as3(key), as3(value)];
  const { heads } = options;
  const dHead = p.wq[0]!.length / heads;
  const dValue = p.wv[0]!.length / heads;
  const batch = q3.length;
  const seqLenQ = q3[0]!.length;
  const seqLenK = k3[0]!.length;
  const scale = options.scale ?? 1 / Math.sqrt(dHead);
  const keep = attentionKeep([batch, heads, seqLenQ, seqLenK], options.mask, options.causal);
  const output: Arr3 = [];
  const weights: Arr4 = [];
  for (let b = 0; b < batch; b++) {
    const qp = addBias(matmul(q3[b]!, p.wq), p.bq); // [seqLenQ][heads*dHead]
    const kp = addBias(matmul(k3[b]!, p.wk), p.bk); // [seqLenK][heads*dHead]
    const vp = addBias(matmul(v3[b]!, p.wv), p.bv); // [seqLenK][heads*dValue]
    const concat: Mat = Array.from({ length: seqLenQ }, () => []);
    weights.push([]);
    for (let h = 0; h < heads; h++) {
      const qh = columns(qp, h * dHead, (h + 1) * dHead);
      const kh = columns(kp, h * dHead, (h + 1) * dHead);
      const vh = columns(vp, h * dValue, (h + 1) * dValue);
      const s = dotScores(qh, kh).map((row) => row.map((x) => x * scale));
      const r = attendSlice(s, keep?.[b]![h], vh);
      weights[b]!.push(r.weights);
      r.output.forEach((row, i) => concat[i]!.push(...row));
    }
    output.push(addBias(matmul(concat, p.wo), p.bo));
  }
  return rank === 3 ? { output, weights } : { output: output[0]!, weights: weights[0]! };
}

/**
 * Attention pooling over time for `h [batch][seqLen][d]`: scores `h_t · w + b`,
 * a softmax over time restricted to `keep [batch][seqLen]` (optional), and the
 * weighted sum of `h`. Returns `output [batch][d]`, `weights [batch][seqLen]`.
 */
export function attentionPoolingRef(h: Arr3, w: Vec, b = 0, keep?: Keep): { scores: Mat; weights: Mat; output: Mat } {
  const d = w.length;
  const scores = h.map((seq) => seq.map((ht) => dot(ht, w) + b));
  const weights = scores.map((row, n) => softmax(row, keep?.[n]));
  const output = h.map((seq, n) => {
    const out = new Array<number>(d).fill(0);
    seq.forEach((ht, t) => ht.forEach((x, c) => (out[c]! += weights[n]![t]! * x)));
    return out;
  });
  return { scores, weights, output };
}

/** `PE[pos][2i] = sin(pos / base^(2i/dModel))`, `PE[pos][2i+1] = cos(same angle)`, float64. */
export function sinusoidalRef(seqLen: number, dModel: number, base = 10000): Mat {
  return Array.from({ length: seqLen }, (_, pos) =>
    Array.from({ length: dModel }, (_, c) => {
      const i = Math.floor(c / 2);
      const angle = pos / Math.pow(base, (2 * i) / dModel);
      return c % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
    }),
  );
}

// ---------------------------------------------------------------------------
// Comparison

/** A tolerance `|actual - expected| <= abs + rel * max(relFloor, |expected|)`. */
export interface Tolerance {
  abs: number;
  rel: number;
  /** The smallest magnitude the relative part is taken of. Default 0 (plain relative). */
  relFloor?: number;
}

/**
 * The first entry where `actual` and `expected` differ by more than `tol`, as
 * a readable message, or null when all agree. NaN matches only NaN; infinities
 * must match exactly. Use as `expect(mismatch(a, b, tol)).toBeNull()` so a
 * failure prints the index and both values.
 */
export function mismatch(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: Tolerance): string | null {
  if (actual.length !== expected.length) return `length ${actual.length}, expected ${expected.length}`;
  let worst = 0;
  let count = 0;
  let first: string | null = null;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    let ok: boolean;
    if (Number.isNaN(e) || Number.isNaN(a)) ok = Number.isNaN(e) && Number.isNaN(a);
    else if (!Number.isFinite(e) || !Number.isFinite(a)) ok = a === e;
    else ok = Math.abs(a - e) <= tol.abs + tol.rel * Math.max(tol.relFloor ?? 0, Math.abs(e));
    if (!ok) {
      count++;
      const err = Math.abs(a - e);
      if (first == null) first = `[${i}]: got ${a}, expected ${e} (|diff| ${err.toExponential(2)})`;
      if (err > worst || Number.isNaN(err)) worst = err;
    }
  }
  if (first == null) return null;
  const floor = tol.relFloor ? `, relFloor ${tol.relFloor}` : '';
  return `${count} of ${actual.length} entries out of tolerance (abs ${tol.abs}, rel ${tol.rel}${floor}); first ${first}; worst |diff| ${worst.toExponential(2)}`;
}

