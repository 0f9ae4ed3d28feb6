// Plain-JS float64 references for the tests: nested arrays, no tfjs. Written
// independently of the code under test (straight loops over the formulas).
export type Matrix = number[][];

/** A seeded uniform generator in [-scale, scale) (mulberry32). */
export function seededRandom(seed: number, scale = 1): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1) * scale;
  };
}

/** A `rows x cols` matrix of seeded values. */
export function randomMatrix(rows: number, cols: number, next: () => number): Matrix {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, next));
}

export function matMul(a: Matrix, b: Matrix): Matrix {
  return a.map((row) => b[0]!.map((_, j) => row.reduce((s, x, k) => s + x * b[k]![j]!, 0)));
}

export function addRow(a: Matrix, bias: number[] | undefined): Matrix {
  return bias == null ? a : a.map((row) => row.map((x, j) => x + bias[j]!));
}

/** Softmax of one row over the entries where keep[j] is true; a fully masked row is all zeros. */
export function softmaxRow(row: number[], keep: boolean[]): number[] {
  const kept = row.filter((_, j) => keep[j]);
  if (kept.length === 0) return row.map(() => 0);
  const max = Math.max(...kept);
  const e = row.map((x, j) => (keep[j] ? Math.exp(x - max) : 0));
  const sum = e.reduce((s, x) => s + x, 0);
  return e.map((x) => x / sum);
}

export interface PlainMhaWeights {
  wq: Matrix; wk: Matrix; wv: Matrix; wo: Matrix;
  bq?: number[]; bk?: number[]; bv?: number[]; bo?: number[];
}

/**
 * Multi-head attention for one batch item: q [T, dq], k [S, dk], v [S, dv];
 * keep(i, j) says whether query i sees key j. Returns output [T, out] and
 * weights [heads][T][S].
 */
export function plainMha(
  q: Matrix, k: Matrix, v: Matrix, w: PlainMhaWeights, heads: number,
  keep: (i: number, j: number) => boolean = () => true,
  shift: { query?: number[]; key?: number[] } = {},
): { output: Matrix; weights: number[][][] } {
  // A shift s mixes each projected row with the one before it: r_j + s * (r_{j-1} - r_j), with zeros before row 0.
  const smear = (m: Matrix, s?: number[]) => (s ? m.map((row, j) => row.map((x, c) => x + s[c]! * ((j > 0 ? m[j - 1]![c]! : 0) - x))) : m);
  const Q = smear(addRow(matMul(q, w.wq), w.bq), shift.query);
  const K = smear(addRow(matMul(k, w.wk), w.bk), shift.key);
  const V = addRow(matMul(v, w.wv), w.bv);
  const dHead = Q[0]!.length / heads;
  const dVal = V[0]!.length / heads;
  const concat: Matrix = q.map(() => []);
  const weights: number[][][] = [];
  for (let h = 0; h < heads; h++) {
    const wh: Matrix = [];
    for (let i = 0; i < q.length; i++) {
      const scores = K.map((kr) => {
        let s = 0;
        for (let d = 0; d < dHead; d++) s += Q[i]![h * dHead + d]! * kr[h * dHead + d]!;
        return s / Math.sqrt(dHead);
      });
      const row = softmaxRow(scores, K.map((_, j) => keep(i, j)));
      wh.push(row);
      for (let d = 0; d < dVal; d++) concat[i]!.push(row.reduce((s, p, j) => s + p * V[j]![h * dVal + d]!, 0));
    }
    weights.push(wh);
  }
  return { output: addRow(matMul(concat, w.wo), w.bo), weights };
}

/** Largest absolute difference between two equally shaped nested arrays. */
export function maxAbsDiff(a: unknown, b: unknown): number {
  const fa = (a as unknown[]).flat(Infinity) as number[];
  const fb = (b as unknown[]).flat(Infinity) as number[];
  if (fa.length !== fb.length) throw new Error(`maxAbsDiff: sizes ${fa.length} and ${fb.length} differ`);
  return fa.reduce((m, x, i) => Math.max(m, Math.abs(x - fb[i]!)), 0);
}

/** Layer norm of each row: (x - mean) / sqrt(var + eps) * gamma + beta. */
export function plainLayerNorm(x: Matrix, gamma: number[], beta: number[], eps: number): Matrix {
  return x.map((row) => {
    const mean = row.reduce((s, v) => s + v, 0) / row.length;
    const variance = row.reduce((s, v) => s + (v - mean) ** 2, 0) / row.length;
    return row.map((v, j) => ((v - mean) / Math.sqrt(variance + eps)) * gamma[j]! + beta[j]!);
  });
}

/** W2 act(W1 x + b1) + b2 per row; gelu is the tanh approximation. */
export function plainFeedForward(x: Matrix, w1: Matrix, b1: number[], w2: Matrix, b2: number[], activation: 'relu' | 'gelu'): Matrix {
  const act = (v: number) => (activation === 'relu' ? Math.max(0, v) : 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3))));
  return addRow(matMul(addRow(matMul(x, w1), b1).map((r) => r.map(act)), w2), b2);
}

export function addMatrices(a: Matrix, b: Matrix): Matrix {
  return a.map((row, i) => row.map((v, j) => v + b[i]![j]!));
}
