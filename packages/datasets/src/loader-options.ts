// Checks the options object of the asset loaders (mnist, mobyDick,
// sentimentSentences, cldrPhrases). Internal: not exported from index.ts.

import { checkSeed } from './create-rng.js';

/** The seed of a loader's split when `options.seed` is not given. */
export const DEFAULT_LOADER_SEED = 0;

/** Option keys every asset loader accepts: the `AssetOptions` keys plus `seed`. */
const COMMON_KEYS = ['url', 'onProgress', 'fetch', 'seed'] as const;

/**
 * Throws unless `options` is undefined or an object whose keys are all known
 * and whose common fields have the right types; returns the seed to use.
 * Loader-specific keys are listed in `extraKeys` and checked by the loader.
 * Internal.
 *
 * @param fn - The loader's name, for errors.
 * @param options - The loader's `options` argument.
 * @param extraKeys - Keys this loader accepts beyond url, onProgress, fetch and seed.
 * @returns `options.seed`, or {@link DEFAULT_LOADER_SEED}.
 */
export function checkLoaderOptions(fn: string, options: unknown, extraKeys: readonly string[] = []): number {
  if (options === undefined) return DEFAULT_LOADER_SEED;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`${fn}: argument 'options' must be an object, got ${options === null ? 'null' : Array.isArray(options) ? 'an array' : typeof options}`);
  }
  const known = [...COMMON_KEYS, ...extraKeys];
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new TypeError(`${fn}: unknown option '${key}' in argument 'options'; known options are ${known.join(', ')}`);
    }
  }
  const o = options as Record<string, unknown>;
  if (o.url != null && typeof o.url !== 'string' && !(o.url instanceof URL)) {
    throw new TypeError(`${fn}: option 'url' must be a string or a URL, got ${typeof o.url}`);
  }
  if (o.onProgress != null && typeof o.onProgress !== 'function') {
    throw new TypeError(`${fn}: option 'onProgress' must be a function, got ${typeof o.onProgress}`);
  }
  if (o.fetch != null && typeof o.fetch !== 'function') {
    throw new TypeError(`${fn}: option 'fetch' must be a function, got ${typeof o.fetch}`);
  }
  if (o.seed === undefined) return DEFAULT_LOADER_SEED;
  return checkSeed(fn, "option 'seed'", o.seed);
}
