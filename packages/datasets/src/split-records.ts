import { checkSeed, createRng } from './create-rng.js';
import type { SplitFractions } from './dataset-types.js';

/** Options for {@link splitRecords}. */
export interface SplitRecordsOptions<T> {
  /** The seed of the shuffle. Required. */
  seed: number;
  /** Fractions, or exact counts, per split. Default `{ train: 0.8, validation: 0.1, test: 0.1 }`. */
  fractions?: SplitFractions;
  /** When given, each class is split on its own so every split keeps the class balance. Default: none. */
  stratifyBy?: (record: T) => string | number;
}

/**
 * Shuffles records with a seed and cuts them into train, validation and test.
 * Sizes are `floor(n * fraction)` for validation and test, the rest train.
 * With `stratifyBy`, each class is shuffled and cut alone, then the splits are
 * shuffled again, so class proportions match within one record per class.
 * A small data set would leave validation or test empty (`floor(9 * 0.1)` is
 * 0): a split whose fraction is above 0 then takes one record from train, as
 * long as train keeps one. So 3 or more records fill every split with a
 * positive fraction, and 1 or 2 records leave some empty.
 *
 * @param records - Any array; it is not changed.
 * @param options - `seed` (required, an integer), `fractions` (default 0.8/0.1/0.1), `stratifyBy` (default none).
 * @returns `{ train, validation, test }`, disjoint, covering every record once.
 * @example
 * const { train, test } = splitRecords(rows, { seed: 1, stratifyBy: (r) => r.label });
 */
export function splitRecords<T>(records: readonly T[], options: SplitRecordsOptions<T>): { train: T[]; validation: T[]; test: T[] } {
  const fn = 'splitRecords';
  if (!Array.isArray(records)) throw new TypeError(`${fn}: argument 'records' must be an array, got ${records === null ? 'null' : typeof records}`);
  if (options == null || typeof options !== 'object') throw new TypeError(`${fn}: argument 'options' must be an object with seed, got ${String(options)}`);
  const seed = checkSeed(fn, "option 'seed'", options.seed);
  if (options.stratifyBy != null && typeof options.stratifyBy !== 'function') throw new TypeError(`${fn}: option 'stratifyBy' must be a function, got ${typeof options.stratifyBy}`);
  const fractions = options.fractions ?? { train: 0.8, validation: 0.1, test: 0.1 };
  if (fractions == null || typeof fractions !== 'object') throw new TypeError(`${fn}: option 'fractions' must be an object { train, validation, test }, got ${String(fractions)}`);
  const parts = [fractions.train, fractions.validation, fractions.test];
  if (parts.some((f) => typeof f !== 'number' || !(f >= 0)) || Math.abs(parts.reduce((a, b) => a + b, 0) - 1) > 1e-9) {
    throw new RangeError(`${fn}: argument 'options.fractions' must hold three non-negative numbers summing to 1, got ${JSON.stringify(fractions)}`);
  }
  const rng = createRng(seed);
  const groups = new Map<string | number, T[]>();
  if (options.stratifyBy) {
    for (const r of records) {
      const key = options.stratifyBy(r);
      const list = groups.get(key) ?? [];
      list.push(r);
      groups.set(key, list);
    }
  } else {
    groups.set('all', records.slice());
  }
  const out = { train: [] as T[], validation: [] as T[], test: [] as T[] };
  const keys = [...groups.keys()].sort((a, b) => String(a).localeCompare(String(b)));
  for (const key of keys) {
    const shuffled = rng.shuffle(groups.get(key)!);
    const nValidation = Math.floor(shuffled.length * fractions.validation);
    const nTest = Math.floor(shuffled.length * fractions.test);
    out.validation.push(...shuffled.slice(0, nValidation));
    out.test.push(...shuffled.slice(nValidation, nValidation + nTest));
    out.train.push(...shuffled.slice(nValidation + nTest));
  }
  if (keys.length > 1) {
    out.train = rng.shuffle(out.train);
    out.validation = rng.shuffle(out.validation);
    out.test = rng.shuffle(out.test);
  }
  // Below 1 / fraction records, floor leaves a split empty; give it one of train's (already shuffled) records.
  for (const name of ['validation', 'test'] as const) {
    if (out[name].length === 0 && fractions[name] > 0 && out.train.length > 1) out[name].push(out.train.pop()!);
  }
  return out;
}
