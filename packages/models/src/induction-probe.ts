import { createRng } from '@attention-lab/datasets';
import { assertInteger } from '@attention-lab/core';

/** Options for {@link inductionProbe}. */
export interface InductionProbeOptions {
  /** Number of token ids (`vocab`), special tokens included. Required. */
  vocabSize: number;
  /** Length of the random span that is repeated; at least `3` (see {@link inductionProbe}). Required. */
  period: number;
  /** Seed of the draw, so a probe can be repeated. Default `0`. */
  seed?: number;
  /** Ids never drawn into the span, e.g. a tokenizer's special tokens `[0, 1, 2, 3]`. Default `[]`. */
  exclude?: readonly number[];
  /** Ids put before the span, e.g. a BOS id `[1]`. Default `[]`. */
  prefix?: readonly number[];
}

/** What {@link inductionProbe} returns: the probe's ids and where its repeated span lies. */
export interface InductionProbe {
  /** `prefix`, the span, the span again: `prefix.length + 2 * period` ids. */
  ids: number[];
  /** Position of the span's first copy (`prefix.length`); the second copy starts at `start + period`. */
  start: number;
  /** Length of the span. */
  period: number;
}

/**
 * Builds the input of an induction-head test (Olsson et al., 2022, "In-context
 * Learning and Induction Heads"): `prefix`, then `period` random token ids,
 * then the same ids again. Reading the second copy, an induction head at a
 * token attends to the token that followed the same token in the first copy,
 * which no bigram statistics can predict.
 *
 * The span's ids are distinct: a uniform random sample without replacement
 * from `[0, vocabSize)` minus `exclude`, drawn with `createRng(seed)`. With a
 * repeated id the "token that followed its first occurrence" would be
 * ambiguous, which matters for the small vocabularies of character models.
 * `period` must be at least 3, because the induction key of query `i` is
 * `i - period + 1`: with a period of 1 or 2 it would be the current or the
 * previous token.
 *
 * @param options - `vocabSize`, `period` (required), `seed` (0), `exclude` ([]), `prefix` ([]).
 * @returns `{ ids, start, period }` with `ids` of length `prefix.length + 2 * period` and `start = prefix.length`.
 * @throws RangeError naming the option when `vocabSize` minus the excluded ids leaves fewer than `period` ids, or an id is out of `[0, vocabSize)`.
 * @example
 * const probe = inductionProbe({ vocabSize: 12, period: 5, exclude: [0, 1], prefix: [1], seed: 3 });
 * // { ids: [1, a, b, c, d, e, a, b, c, d, e], start: 1, period: 5 }
 * const analysis = await analyzeHeads(model, { text, probe });
 */
export function inductionProbe(options: InductionProbeOptions): InductionProbe {
  const fn = 'inductionProbe';
  if (options == null || typeof options !== 'object') throw new TypeError(`${fn}: argument 'options' must be an object with vocabSize and period, got ${String(options)}`);
  const vocabSize = assertInteger(fn, 'options.vocabSize', options.vocabSize, 1);
  const period = assertInteger(fn, 'options.period', options.period, 3);
  const seed = assertInteger(fn, 'options.seed', options.seed ?? 0, 0);
  const ids = (name: string, value: readonly number[] | undefined): number[] => {
    if (value == null) return [];
    if (!Array.isArray(value)) throw new TypeError(`${fn}: argument 'options.${name}' must be an array of ids, got ${String(value)}`);
    value.forEach((id, i) => {
      if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id >= vocabSize) {
        throw new RangeError(`${fn}: argument 'options.${name}[${i}]' must be an id in 0..${vocabSize - 1} (vocabSize ${vocabSize}), got ${String(id)}`);
      }
    });
    return value.slice();
  };
  const excluded = new Set(ids('exclude', options.exclude));
  const prefix = ids('prefix', options.prefix);
  const allowed = Array.from({ length: vocabSize }, (_, id) => id).filter((id) => !excluded.has(id));
  if (allowed.length < period) {
    throw new RangeError(
      `${fn}: argument 'options.vocabSize' (${vocabSize}) minus ${excluded.size} excluded ids leaves ${allowed.length} ids, fewer than the ${period} distinct ids 'options.period' needs`,
    );
  }
  const span = createRng(seed).shuffle(allowed).slice(0, period); // a uniform sample without replacement
  return { ids: [...prefix, ...span, ...span], start: prefix.length, period };
}
