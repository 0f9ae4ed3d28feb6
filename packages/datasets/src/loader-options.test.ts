import { describe, expect, it } from 'vitest';
import { checkLoaderOptions, DEFAULT_LOADER_SEED } from './loader-options.js';

describe('checkLoaderOptions', () => {
  it('checkLoaderOptions(fn, options) returns the seed, or the default', () => {
    expect(checkLoaderOptions('load', undefined)).toBe(DEFAULT_LOADER_SEED);
    expect(checkLoaderOptions('load', {})).toBe(DEFAULT_LOADER_SEED);
    expect(checkLoaderOptions('load', { seed: 12, url: 'x.bin', onProgress: () => {}, fetch: globalThis.fetch })).toBe(12);
    expect(checkLoaderOptions('load', { url: new URL('file:///a'), target: 'de' }, ['target'])).toBe(DEFAULT_LOADER_SEED);
  });

  it('checkLoaderOptions(fn, options) names the function and the unknown or mistyped option', () => {
    expect(() => checkLoaderOptions('load', { sed: 1 })).toThrow("load: unknown option 'sed' in argument 'options'; known options are url, onProgress, fetch, seed");
    expect(() => checkLoaderOptions('load', { url: 3 })).toThrow("load: option 'url' must be a string or a URL, got number");
    expect(() => checkLoaderOptions('load', { fetch: 'fetch' })).toThrow("load: option 'fetch' must be a function, got string");
    expect(() => checkLoaderOptions('load', { seed: '1' })).toThrow(`load: option 'seed' must be an integer, got "1"`);
    expect(() => checkLoaderOptions('load', { seed: 0.9 })).toThrow(new RangeError("load: option 'seed' must be an integer, got 0.9 (seeds are cut to integers, so 0.9 would give the same data as 0)"));
    expect(() => checkLoaderOptions('load', null)).toThrow("load: argument 'options' must be an object, got null");
    expect(() => checkLoaderOptions('load', [])).toThrow("load: argument 'options' must be an object, got an array");
  });
});
