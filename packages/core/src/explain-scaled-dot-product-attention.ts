import { assertPlainNumbers, describeInputs } from './assert-allocation.js';
import { readAttentionOptions } from './attention-options.js';
import { type Matrix, checkMatrix, dot, matMul, readMask, softmaxRow } from './plain-matrix.js';

/** Input of {@link explainScaledDotProductAttention}: plain numbers, no tensors. */
export interface ExplainScaledDotProductAttentionInput {
  /** Queries `[seqLenQ][dHead]`. */
  q: Matrix;
  /** Keys `[seqLenK][dHead]`. */
  k: Matrix;
  /** Values `[seqLenK][dValue]`. */
  v: Matrix;
  /** Which keys each query may attend to `[seqLenQ][seqLenK]` (true or nonzero = attend). Default: all. */
  mask?: ReadonlyArray<ReadonlyArray<boolean | number>>;
  /** Let query `i` see only keys `j <= i`. A boolean (anything else is a TypeError); default `false`. */
  causal?: boolean;
  /** The factor applied to the scores, a finite number. Default `1 / sqrt(dHead)`. */
  scale?: number;
}

/** Every intermediate of scaled dot-product attention, as plain arrays. */
export interface ScaledDotProductAttentionSteps {
  /** The scale used, `1 / sqrt(dHead)` unless given. */
  scale: number;
  /** Raw scores `q_i · k_j`, `[seqLenQ][seqLenK]`. */
  scores: Matrix;
  /** `scores * scale`. */
  scaled: Matrix;
  /** `scaled` with masked entries set to `-Infinity`. */
  masked: Matrix;
  /** Softmax of each row of `masked`; masked entries exactly 0, a fully masked row all 0. */
  weights: Matrix;
  /** `weights · v`, `[seqLenQ][dValue]`. */
  output: Matrix;
}

/**
 * Scaled dot-product attention on plain numbers, returning every step so a page
 * can show the arithmetic. Float64 throughout; agrees with
 * {@link scaledDotProductAttention} on the same numbers.
 *
 * @param input - `{ q [seqLenQ][dHead], k [seqLenK][dHead], v [seqLenK][dValue], mask?, causal?, scale? }`.
 * @returns `{ scale, scores, scaled, masked, weights, output }`.
 * @throws RangeError when the steps would hold more than 2^24 numbers (the explainers' limit, see the README).
 * @example
 * // The article's worked example: one query against three keys, dHead = 2.
 * const steps = explainScaledDotProductAttention({
 *   q: [[0.3, 0.6]],
 *   k: [[0.8, 1.0], [1.6, 2.0], [0.4, 0.5]],
 *   v: [[1.2, 1.4], [2.4, 2.8], [0.6, 0.7]],
 * });
 * steps.scores; // [[0.84, 1.68, 0.42]]
 * steps.weights; // [[0.2814, 0.5096, 0.2091]] (scaled by 1/sqrt(2))
 * steps.output; // [[1.6861, 1.9671]]
 */
export function explainScaledDotProductAttention(input: ExplainScaledDotProductAttentionInput): ScaledDotProductAttentionSteps {
  const fn = 'explainScaledDotProductAttention';
  if (input == null || typeof input !== 'object') throw new TypeError(`${fn}: argument 'input' must be an object { q, k, v }`);
  // dHead is the width of q's rows, or of k's where q has none.
  const [seqLenQ, width] = checkMatrix(fn, 'q', input.q);
  const dHead = seqLenQ > 0 ? width : checkMatrix(fn, 'k', input.k)[1];
  if (dHead < 1) {
    throw new RangeError(`${fn}: arguments 'input.q' and 'input.k' must have rows of dHead >= 1 numbers (scores are dot products over dHead), got dHead ${dHead}`);
  }
  const [seqLenK] = checkMatrix(fn, 'k', input.k, dHead);
  const [, dValue] = checkMatrix(fn, 'v', input.v, undefined, seqLenK);
  assertPlainNumbers(
    fn,
    describeInputs(['input.q', [seqLenQ, dHead]], ['input.k', [seqLenK, dHead]], ['input.v', [seqLenK, dValue]]),
    4 * seqLenQ * seqLenK + seqLenQ * dValue, // scores, scaled, masked, weights, output
    'Explain a few queries and keys at a time; scaledDotProductAttention and memoryEfficientAttention compute the output of long sequences.',
  );
  const { mask, causal, scale } = readAttentionOptions(fn, input, dHead, 'input');
  const keep = readMask(fn, mask, seqLenQ, seqLenK, causal);
  const scores = input.q.map((qi) => input.k.map((kj) => dot(qi, kj)));
  const scaled = scores.map((row) => row.map((x) => x * scale));
  const masked = scaled.map((row, i) => row.map((x, j) => (keep[i]![j] ? x : -Infinity)));
  const weights = scaled.map((row, i) => softmaxRow(row, keep[i]!));
  const output = matMul(weights, input.v);
  return { scale, scores, scaled, masked, weights, output };
}
