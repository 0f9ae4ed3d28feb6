import * as tf from '@tensorflow/tfjs';
import { ShapeError, assertInteger } from '@attention-lab/core';
import type { InductionProbe } from './induction-probe.js';
import { languageModelShape } from './language-model-shape.js';
import { predictWithAttention } from './predict-with-attention.js';
import type { AttentionMap } from './read-attention-maps.js';

/**
 * A job an attention head of a causal language model can be seen doing,
 * named after the key its query rows put their weight on:
 *
 * ```
 * query t sees keys   0 ........ t-1 ........ t
 *                     firstToken previousToken currentToken     (broad: spread over all of them)
 * induction:  ... a x y ... a x   →  the x of the second copy attends to the y after the first x
 * ```
 */
export type HeadRole = 'previousToken' | 'induction' | 'firstToken' | 'currentToken' | 'broad';

/** The roles in the order that breaks ties in {@link headRole}. */
const ROLES: readonly HeadRole[] = ['previousToken', 'induction', 'firstToken', 'currentToken', 'broad'];

/** Scores in `[0, 1]` of one head, one per {@link HeadRole}; see {@link headRoleScores} for each measurement. */
export interface RoleScores {
  /** Mean weight of query `t` on key `t - 1`. */
  previousToken: number;
  /** Mean weight of query `t` on key `0` (an attention sink). */
  firstToken: number;
  /** Mean weight of query `t` on key `t`. */
  currentToken: number;
  /** Mean entropy of a row divided by the entropy of a uniform row: `1` spread evenly, `0` on one key. */
  broad: number;
  /** Mean weight of the repeated span's second copy on the induction key; only when a span was given. */
  induction?: number;
}

/** One head's scores and the role they give it. */
export interface HeadRoleScores {
  /** The head's index in `[0, heads)`. */
  head: number;
  /** Its scores, see {@link RoleScores}. */
  scores: RoleScores;
  /** The role {@link headRole} picks from `scores` with {@link HEAD_ROLE_THRESHOLDS}, or `null` when none clears its threshold. */
  role: HeadRole | null;
}

/** Where a repeated span lies in the input, as {@link inductionProbe} returns it. */
export interface InductionSpan {
  /** Position of the span's first copy; an integer `>= 0`. */
  start: number;
  /** Length of the span; an integer `>= 3` (with 1 or 2 the induction key is the current or previous token). The second copy starts at `start + period`. */
  period: number;
}

/** Options for {@link headRoleScores}. */
export interface HeadRoleScoresOptions {
  /**
   * Number of real tokens, one for the whole batch or one per batch item
   * (`[batch]`); positions from `length` on are padding after the text and
   * are not scored. Each in `0..seqLen`. Default `seqLen`.
   */
  length?: number | readonly number[];
  /** The repeated span of an induction probe; with it the scores include `induction`. Default: none. */
  induction?: InductionSpan;
}

/**
 * The score each role must reach for {@link headRole} to give it:
 *
 * - `previousToken` 0.5, `firstToken` 0.5, `currentToken` 0.5: most of the
 *   head's weight, on average, goes to that one key. Scored on the same rows,
 *   the three keys are different, so at most one of them can have a majority.
 * - `induction` 0.3: query `i` sees `i + 1` keys, so a head without
 *   induction puts about `1 / (i + 1)` on the induction key (under 0.1 for a
 *   span of 5 or more); 0.3 on that one key is far above chance, and an
 *   induction head often splits the rest with the current or previous token.
 * - `broad` 0.8: normalized entropy 0.8 means at least as spread as uniform
 *   weight on `n^0.8` of the `n` visible keys (10 of 16, 40 of 100).
 *
 * @example
 * HEAD_ROLE_THRESHOLDS.induction; // 0.3
 * headRole(scores, { ...HEAD_ROLE_THRESHOLDS, broad: 0.9 }); // stricter about broad heads
 */
export const HEAD_ROLE_THRESHOLDS: Readonly<Record<HeadRole, number>> = Object.freeze({
  previousToken: 0.5,
  induction: 0.3,
  firstToken: 0.5,
  currentToken: 0.5,
  broad: 0.8,
});

/**
 * The role whose score clears its threshold by the largest margin
 * (`score - threshold`, with `score >= threshold`), or `null` when no score
 * reaches its threshold. A missing score (no `induction` without a probe) or
 * `NaN` never wins; ties go to the role listed first in {@link HeadRole}.
 *
 * @param scores - One head's {@link RoleScores}.
 * @param thresholds - The score each role needs. Default {@link HEAD_ROLE_THRESHOLDS}.
 * @returns A {@link HeadRole}, or `null`.
 * @example
 * headRole({ previousToken: 0.9, firstToken: 0.05, currentToken: 0.05, broad: 0.2 }); // 'previousToken'
 * headRole({ previousToken: 0.3, firstToken: 0.3, currentToken: 0.3, broad: 0.6 }); // null
 */
export function headRole(scores: RoleScores, thresholds: Readonly<Record<HeadRole, number>> = HEAD_ROLE_THRESHOLDS): HeadRole | null {
  const fn = 'headRole';
  if (scores == null || typeof scores !== 'object') throw new TypeError(`${fn}: argument 'scores' must be an object of role scores, got ${String(scores)}`);
  if (thresholds == null || typeof thresholds !== 'object') throw new TypeError(`${fn}: argument 'thresholds' must be an object of role thresholds, got ${String(thresholds)}`);
  let best: HeadRole | null = null;
  let bestMargin = -Infinity;
  for (const role of ROLES) {
    const margin = (scores[role] ?? NaN) - thresholds[role];
    if (margin >= 0 && margin > bestMargin) {
      best = role;
      bestMargin = margin;
    }
  }
  return best;
}

/**
 * Scores every head of a causal self-attention map for each {@link HeadRole}.
 * Every score is a mean over the scored query rows of all batch items: rows
 * `t = 2 .. length-1` of each item. Rows 0 and 1 are left out because they see
 * only keys 0 and 1, where the first, previous and current token coincide
 * (row 0 puts all its weight on key 0 whatever the head does); from row 2 on
 * they are three different keys, so each row's weight counts for at most one
 * of the three roles and their scores sum to at most 1. With `w[t][k]` the
 * weight of query `t` on key `k`:
 *
 * - `previousToken` = mean of `w[t][t-1]`;
 * - `firstToken` = mean of `w[t][0]` (an attention sink);
 * - `currentToken` = mean of `w[t][t]`;
 * - `broad` = mean of `H(w[t][0..t]) / log(t + 1)`, the row's entropy over
 *   the entropy of a uniform row on its `t + 1` visible keys: 1 = spread
 *   evenly, 0 = all on one key;
 * - `induction` (with `options.induction`): the input holds a span of
 *   `period` tokens at `start` and the same span right after it. Query
 *   `i = start + period + j` of the second copy (`j` in `0..period-1`,
 *   `i < length`) holds the token first seen at `start + j`; an induction head
 *   attends to key `start + j + 1`, the token that followed it (Olsson et al.,
 *   2022, "In-context Learning and Induction Heads"). The score is the mean of
 *   those weights.
 *
 * ```
 * position   start  start+1 …  start+period  …  i = start+period+j
 * token        a      b    …       a        …          x
 * key of i:               start+j+1 (the token after the first x)
 * ```
 *
 * Rows are expected to sum to 1 (softmax weights); the function checks that
 * nothing above the diagonal is weighted in the first `length` rows.
 *
 * @param map - Causal self-attention weights `[batch, heads, seqLen, seqLen]`, row-major, e.g. one entry of `readAttentionMaps(model)`.
 * @param options - `length` (seqLen, or one per batch item `[batch]`), `induction` (none).
 * @returns `heads` entries `{ head, scores, role }`, in head order.
 * @throws ShapeError when `map` is not `[batch, heads, seqLen, seqLen]` (every dimension >= 1) or its values do not fill that shape;
 *   RangeError when `length` or the induction span does not fit, no row is left to score, or the map weights a key after its query.
 * @example
 * const maps = await readAttentionMaps(model); // after model.predict(ids)
 * headRoleScores(maps['block_1'], { length: 12 });
 * // [{ head: 0, scores: { previousToken: 0.91, firstToken: 0.02, currentToken: 0.04, broad: 0.21 }, role: 'previousToken' }, …]
 */
export function headRoleScores(map: AttentionMap, options: HeadRoleScoresOptions = {}): HeadRoleScores[] {
  const fn = 'headRoleScores';
  if (map == null || typeof map !== 'object' || !Array.isArray(map.shape) || map.values == null || typeof map.values.length !== 'number') {
    throw new TypeError(`${fn}: argument 'map' must be an AttentionMap { shape, values }, got ${String(map)}`);
  }
  const { shape, values } = map;
  if (shape.length !== 4 || shape[2] !== shape[3] || !shape.every((d) => Number.isInteger(d) && d >= 1)) {
    throw new ShapeError(fn, 'map', '[batch, heads, seqLen, seqLen] (a causal self-attention map, every dimension >= 1)', shape);
  }
  const [batch, heads, seqLen] = shape as [number, number, number, number];
  if (values.length !== batch * heads * seqLen * seqLen) {
    throw new ShapeError(fn, 'map.values', `[${batch * heads * seqLen * seqLen}] values to fill shape [${shape.join(', ')}]`, [values.length]);
  }
  if (options == null || typeof options !== 'object') throw new TypeError(`${fn}: argument 'options' must be an object, got ${String(options)}`);
  const lengths = lengthsArgument(fn, options.length ?? seqLen, batch, seqLen, shape);
  const scoredRows = lengths.reduce((n, length) => n + Math.max(0, length - 2), 0);
  if (scoredRows === 0) {
    throw new RangeError(`${fn}: argument 'options.length' (${String(options.length ?? seqLen)}) leaves no row to score: some batch item needs length >= 3, as rows 0 and 1 are not scored`);
  }
  let induction: { start: number; period: number; rows: number } | undefined;
  if (options.induction != null) {
    const span = options.induction;
    if (typeof span !== 'object') throw new TypeError(`${fn}: argument 'options.induction' must be { start, period }, got ${String(span)}`);
    const start = assertInteger(fn, 'options.induction.start', span.start, 0);
    const period = assertInteger(fn, 'options.induction.period', span.period, 3);
    if (start + 2 * period > seqLen) {
      throw new RangeError(`${fn}: argument 'options.induction' ({ start: ${start}, period: ${period} }) needs seqLen >= start + 2 * period = ${start + 2 * period}, but 'map' has shape [${shape.join(', ')}]`);
    }
    const rows = lengths.reduce((n, length) => n + Math.max(0, Math.min(period, length - start - period)), 0);
    if (rows === 0) {
      throw new RangeError(`${fn}: argument 'options.induction' ({ start: ${start}, period: ${period} }) has no query of its second copy (positions ${start + period}..${start + 2 * period - 1}) before 'options.length' (${String(options.length)})`);
    }
    induction = { start, period, rows };
  }

  const out: HeadRoleScores[] = [];
  for (let h = 0; h < heads; h++) {
    let previous = 0;
    let first = 0;
    let current = 0;
    let broad = 0;
    let inductionSum = 0;
    for (let b = 0; b < batch; b++) {
      const length = lengths[b]!;
      const base = (b * heads + h) * seqLen * seqLen; // start of map[b][h], a [seqLen, seqLen] block
      for (let t = 0; t < length; t++) {
        const row = base + t * seqLen; // map[b][h][t][*]
        for (let k = t + 1; k < seqLen; k++) {
          if (Math.abs(values[row + k]!) > 1e-4) {
            throw new RangeError(`${fn}: argument 'map' is not causal: batch ${b}, head ${h}, query ${t} puts ${values[row + k]} on key ${k} (a causal self-attention map has no weight above the diagonal)`);
          }
        }
        if (t < 2) continue;
        previous += values[row + t - 1]!;
        first += values[row]!;
        current += values[row + t]!;
        let entropy = 0;
        for (let k = 0; k <= t; k++) {
          const p = values[row + k]!;
          if (p > 0) entropy -= p * Math.log(p);
        }
        broad += entropy / Math.log(t + 1);
      }
      if (induction) {
        const { start, period } = induction;
        for (let j = 0; j < period && start + period + j < length; j++) {
          inductionSum += values[base + (start + period + j) * seqLen + start + j + 1]!; // map[b][h][i][start + j + 1]
        }
      }
    }
    const scores: RoleScores = { previousToken: previous / scoredRows, firstToken: first / scoredRows, currentToken: current / scoredRows, broad: broad / scoredRows };
    if (induction) scores.induction = inductionSum / induction.rows;
    out.push({ head: h, scores, role: headRole(scores) });
  }
  return out;
}

/** Options for {@link analyzeHeads}. */
export interface AnalyzeHeadsOptions {
  /** Token-id rows, each 1..seqLen ids in `[0, vocab)` (at least one row of 3 or more); padded after the text with `padId`. Required. */
  text: readonly (readonly number[])[];
  /** The id written after each row up to seqLen; a causal model never reads it. Default `0`. */
  padId?: number;
  /** An induction probe, e.g. from {@link inductionProbe}: `ids` (at most seqLen) with a span repeated at `start`. Default: none, and no `induction` score. */
  probe?: Pick<InductionProbe, 'ids' | 'start' | 'period'>;
}

/** What {@link analyzeHeads} returns. */
export interface HeadAnalysis {
  /** One entry per causal self-attention map of the model, in layer order. */
  layers: {
    /** The map's key in {@link readAttentionMaps}, e.g. `block_1`. */
    name: string;
    /** One entry per head, as {@link headRoleScores} gives them, with `induction` from the probe. */
    heads: HeadRoleScores[];
  }[];
}

/**
 * Scores every attention head of a causal language model such as
 * {@link transformerLanguageModel} for each {@link HeadRole}: runs the model on
 * `text` (padded to seqLen with `padId`, one call for the batch), reads its
 * attention maps, and scores each causal self-attention map
 * `[batch, heads, seqLen, seqLen]` with {@link headRoleScores} on each row's
 * real length. With a `probe`, runs it too (padded likewise) and adds each
 * head's `induction` score before picking its role. No tensor leaks; the
 * attention layers keep the maps of the last call (the probe's, when given), as
 * after any call.
 *
 * @param model - A `tf.LayersModel` from ids `[batch, seqLen]` (fixed seqLen) to probabilities `[batch, seqLen, vocab]`.
 * @param options - `text` (required), `padId` (0), `probe` (none).
 * @returns `{ layers: [{ name, heads: [{ head, scores, role }] }] }`.
 * @throws TypeError or RangeError naming the argument when the model or an option does not fit, or the model has no causal self-attention map.
 * @example
 * const probe = inductionProbe({ vocabSize: tokenizer.vocabSize, period: 20, exclude: [0, 1, 2, 3], seed: 1 });
 * const { layers } = await analyzeHeads(model, { text: [tokenizer.encode('call me ishmael. some years ago')], probe });
 * layers.map((l) => l.heads.map((h) => h.role)); // [['previousToken', 'broad'], ['induction', null]]
 */
export async function analyzeHeads(model: tf.LayersModel, options: AnalyzeHeadsOptions): Promise<HeadAnalysis> {
  const fn = 'analyzeHeads';
  const { seqLen, vocab } = languageModelShape(fn, model);
  if (options == null || typeof options !== 'object') throw new TypeError(`${fn}: argument 'options' must be an object with text, got ${String(options)}`);
  const checkIds = (name: string, ids: unknown, max: number): number[] => {
    if (!Array.isArray(ids) || ids.length === 0 || ids.length > max) {
      throw new RangeError(`${fn}: argument '${name}' must be an array of 1..${max} ids (seqLen ${seqLen}), got ${Array.isArray(ids) ? `length ${ids.length}` : String(ids)}`);
    }
    ids.forEach((id: unknown, t) => {
      if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id >= vocab) throw new RangeError(`${fn}: argument '${name}[${t}]' must be an id in 0..${vocab - 1}, got ${String(id)}`);
    });
    return ids as number[];
  };
  const padId = options.padId ?? 0;
  if (typeof padId !== 'number' || !Number.isInteger(padId) || padId < 0 || padId >= vocab) throw new RangeError(`${fn}: argument 'options.padId' must be an id in 0..${vocab - 1}, got ${String(padId)}`);
  if (!Array.isArray(options.text) || options.text.length === 0) throw new TypeError(`${fn}: argument 'options.text' must be a non-empty array of id rows, got ${String(options.text)}`);
  const text = options.text.map((row, b) => checkIds(`options.text[${b}]`, row, seqLen));
  if (!text.some((row) => row.length >= 3)) throw new RangeError(`${fn}: argument 'options.text' needs a row of at least 3 ids (rows 0 and 1 of a map are not scored), got lengths [${text.map((r) => r.length).join(', ')}]`);
  const probe = options.probe;
  if (probe != null) {
    if (typeof probe !== 'object') throw new TypeError(`${fn}: argument 'options.probe' must be { ids, start, period }, got ${String(probe)}`);
    checkIds('options.probe.ids', probe.ids, seqLen);
    const start = assertInteger(fn, 'options.probe.start', probe.start, 0);
    const period = assertInteger(fn, 'options.probe.period', probe.period, 3);
    if (start + 2 * period > probe.ids.length) {
      throw new RangeError(`${fn}: argument 'options.probe' ({ start: ${start}, period: ${period} }) needs ids of length >= start + 2 * period = ${start + 2 * period}, got ${probe.ids.length}`);
    }
  }

  const selfMaps = Object.entries(await attentionOf(model, text, seqLen, padId)).filter(
    ([, m]) => m.shape.length === 4 && m.shape[0] === text.length && m.shape[2] === seqLen && m.shape[3] === seqLen,
  );
  if (selfMaps.length === 0) throw new TypeError(`${fn}: argument 'model' ('${model.name}') has no self-attention map [batch, heads, seqLen, seqLen] to score`);
  const lengths = text.map((row) => row.length);
  const layers = selfMaps.map(([name, map]) => ({ name, heads: headRoleScores(map, { length: lengths }) }));
  if (probe != null) {
    const probeMaps = await attentionOf(model, [probe.ids], seqLen, padId);
    for (const layer of layers) {
      const induction = headRoleScores(probeMaps[layer.name]!, { length: probe.ids.length, induction: { start: probe.start, period: probe.period } });
      for (const head of layer.heads) {
        head.scores.induction = induction[head.head]!.scores.induction!;
        head.role = headRole(head.scores);
      }
    }
  }
  return { layers };
}

/** The attention maps of one call of `model` on `rows` right-padded with `padId` to `[rows.length, seqLen]`. */
async function attentionOf(model: tf.LayersModel, rows: readonly (readonly number[])[], seqLen: number, padId: number): Promise<Record<string, AttentionMap>> {
  const padded = rows.flatMap((row) => [...row, ...new Array<number>(seqLen - row.length).fill(padId)]);
  const x = tf.tensor2d(padded, [rows.length, seqLen], 'int32'); // [batch, seqLen]
  try {
    const { predictions, attention } = await predictWithAttention(model, x);
    predictions.dispose();
    return attention;
  } finally {
    x.dispose();
  }
}

/** `options.length` of {@link headRoleScores} as one integer in `0..seqLen` per batch item. */
function lengthsArgument(fn: string, length: unknown, batch: number, seqLen: number, shape: readonly number[]): number[] {
  const check = (name: string, value: unknown): number => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > seqLen) {
      throw new RangeError(`${fn}: argument '${name}' must be an integer in 0..${seqLen} (seqLen of 'map' [${shape.join(', ')}]), got ${String(value)}`);
    }
    return value;
  };
  if (!Array.isArray(length)) return new Array<number>(batch).fill(check('options.length', length));
  if (length.length !== batch) throw new RangeError(`${fn}: argument 'options.length' must be one length or ${batch} (batch of 'map' [${shape.join(', ')}]), got ${length.length} lengths`);
  return length.map((value: unknown, b) => check(`options.length[${b}]`, value));
}
