import { assertPlainNumbers, describeInputs } from './assert-allocation.js';
import { readAttentionOptions } from './attention-options.js';
import { type Matrix, checkMatrix, dot, matMul, readMask, softmaxRow } from './plain-matrix.js';

/** Input of {@link explainAdditiveAttention}: plain numbers, no tensors. */
export interface ExplainAdditiveAttentionInput {
  /** Queries (e.g. decoder states) `[seqLenQ][dQuery]`. */
  query: Matrix;
  /** Keys (e.g. encoder states) `[seqLenK][dKey]`. */
  keys: Matrix;
  /** Values `[seqLenK][dValue]`. */
  values: Matrix;
  /** Query projection W `[dQuery][dAttn]`. */
  wq: Matrix;
  /** Key projection U `[dKey][dAttn]`. */
  wk: Matrix;
  /** Scoring vector `[dAttn]`. */
  v: number[];
  /** Bias inside the tanh `[dAttn]`. Default: zeros. */
  bias?: number[];
  /** Which keys each query may attend to `[seqLenQ][seqLenK]`. Default: all. */
  mask?: ReadonlyArray<ReadonlyArray<boolean | number>>;
  /** Let query `i` see only keys `j <= i`. A boolean (anything else is a TypeError); default `false`. */
  causal?: boolean;
}

/** Every intermediate of additive attention, as plain arrays. */
export interface AdditiveAttentionSteps {
  /** `query · wq (+ bias)`, `[seqLenQ][dAttn]`. */
  projectedQuery: Matrix;
  /** `keys · wk`, `[seqLenK][dAttn]`. */
  projectedKeys: Matrix;
  /** `tanh(projectedQuery_i + projectedKeys_j)`, `[seqLenQ][seqLenK][dAttn]`. */
  hidden: Matrix[];
  /** `v · hidden_ij`, `[seqLenQ][seqLenK]`. */
  scores: Matrix;
  /** `scores` with masked entries set to `-Infinity`. */
  masked: Matrix;
  /** Softmax of each row; masked entries exactly 0, a fully masked row all 0. */
  weights: Matrix;
  /** `weights · values`, `[seqLenQ][dValue]`. */
  output: Matrix;
}

/**
 * Additive (Bahdanau) attention on plain numbers, returning every step.
 * Float64 throughout; agrees with {@link additiveAttention}.
 *
 * @param input - `{ query, keys, values, wq, wk, v, bias?, mask?, causal? }`.
 * @returns `{ projectedQuery, projectedKeys, hidden, scores, masked, weights, output }`.
 * @throws RangeError when the steps would hold more than 2^24 numbers (the explainers' limit, see the README).
 * @example
 * const steps = explainAdditiveAttention({
 *   query: [[1, 0]], keys: [[0, 1], [1, 1]], values: [[1], [2]],
 *   wq: [[1, 0], [0, 1]], wk: [[1, 0], [0, 1]], v: [1, -1],
 * });
 * steps.weights; // one row of two weights summing to 1
 */
export function explainAdditiveAttention(input: ExplainAdditiveAttentionInput): AdditiveAttentionSteps {
  const fn = 'explainAdditiveAttention';
  if (input == null || typeof input !== 'object') {
    throw new TypeError(`${fn}: argument 'input' must be an object { query, keys, values, wq, wk, v }`);
  }
  const [seqLenQ, dQuery] = checkMatrix(fn, 'query', input.query);
  const [seqLenK, dKey] = checkMatrix(fn, 'keys', input.keys);
  const [, dValue] = checkMatrix(fn, 'values', input.values, undefined, seqLenK);
  const [, dAttn] = checkMatrix(fn, 'wq', input.wq, undefined, dQuery);
  checkMatrix(fn, 'wk', input.wk, dAttn, dKey);
  checkMatrix(fn, 'v', [input.v], dAttn, 1);
  const bias = input.bias ?? new Array<number>(dAttn).fill(0);
  checkMatrix(fn, 'bias', [bias], dAttn, 1);
  const { mask, causal } = readAttentionOptions(fn, input, undefined, 'input');
  assertPlainNumbers(
    fn,
    describeInputs(['input.query', [seqLenQ, dQuery]], ['input.keys', [seqLenK, dKey]], ['input.wq', [dQuery, dAttn]]),
    seqLenQ * seqLenK * dAttn + 3 * seqLenQ * seqLenK + (seqLenQ + seqLenK) * dAttn + seqLenQ * dValue, // hidden, scores, masked, weights, projections, output
    'Explain a few queries and keys at a time, or use a smaller dAttn; additiveAttention computes the output of long sequences.',
  );
  const keep = readMask(fn, mask, seqLenQ, seqLenK, causal);
  const projectedQuery = matMul(input.query, input.wq).map((row) => row.map((x, a) => x + bias[a]!));
  const projectedKeys = matMul(input.keys, input.wk);
  const hidden = projectedQuery.map((qp) => projectedKeys.map((kp) => kp.map((x, a) => Math.tanh(qp[a]! + x))));
  const scores = hidden.map((row) => row.map((h) => dot(input.v, h)));
  const masked = scores.map((row, i) => row.map((x, j) => (keep[i]![j] ? x : -Infinity)));
  const weights = scores.map((row, i) => softmaxRow(row, keep[i]!));
  const output = matMul(weights, input.values);
  return { projectedQuery, projectedKeys, hidden, scores, masked, weights, output };
}
