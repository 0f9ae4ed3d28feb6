import { assertBoolean, assertNumber, describeValue } from './assert-option.js';

/** The options every attention path reads, once validated. Internal. */
export interface AttentionOptionValues {
  /** `options.mask` as given (each path lifts it against its own shapes), or undefined. */
  mask: unknown;
  /** `options.causal`, default `false`. */
  causal: boolean;
  /** `options.scale`, default `1 / sqrt(dHead)`; `NaN` where the path takes no scale. */
  scale: number;
}

/**
 * Reads the options that scaled dot-product, memory-efficient, fused,
 * multi-head and additive attention and the explainers share, by one rule:
 * `options` is undefined or an object; `causal` is a boolean (`null` or
 * undefined: `false`); `scale` a finite number (`null` or undefined:
 * `1 / sqrt(dHead)`). `where` names the object in errors (`'options'`, or
 * `'input'` for the explainers); `dHead` undefined means the path has no
 * scale (additive attention). Internal.
 */
export function readAttentionOptions(fn: string, options: unknown, dHead?: number, where = 'options'): AttentionOptionValues {
  if (options === undefined) options = {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`${fn}: argument '${where}' must be an object, got ${describeValue(options)}`);
  }
  const o = options as { mask?: unknown; causal?: unknown; scale?: unknown };
  const causal = assertBoolean(fn, `${where}.causal`, o.causal ?? false);
  let scale = NaN;
  if (dHead !== undefined) scale = o.scale == null ? 1 / Math.sqrt(dHead) : assertNumber(fn, `${where}.scale`, o.scale);
  return { mask: o.mask ?? undefined, causal, scale };
}
