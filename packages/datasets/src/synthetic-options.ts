// Checks the options of the synthetic data sets (dateTranslation,
// numberWords, toySequenceTasks). Internal: not exported from index.ts.

import { checkSeed } from './create-rng.js';

/**
 * Throws unless `options` is an object with only `count`, `seed` and the
 * listed keys; returns the checked `count` and `seed`.
 */
export function checkSyntheticOptions(fn: string, options: unknown, extraKeys: readonly string[], defaultCount: number): { count: number; seed: number } {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`${fn}: argument 'options' must be an object, got ${options === null ? 'null' : Array.isArray(options) ? 'an array' : typeof options}`);
  }
  const known = ['count', 'seed', ...extraKeys];
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) throw new TypeError(`${fn}: unknown option '${key}' in argument 'options'; known options are ${known.join(', ')}`);
  }
  const o = options as { count?: unknown; seed?: unknown };
  const count = o.count ?? defaultCount;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) throw new RangeError(`${fn}: option 'count' must be an integer >= 1, got ${String(count)}`);
  const seed = checkSeed(fn, "option 'seed'", o.seed ?? 0);
  return { count, seed };
}
