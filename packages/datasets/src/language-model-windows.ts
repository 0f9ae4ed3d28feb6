import { checkIds, INT32_IDS } from './check-ids.js';

/** Options of {@link languageModelWindows}. */
export interface LanguageModelWindowsOptions {
  /** Tokens per window, `seqLen`. Required. */
  seqLen: number;
  /** Tokens between the starts of consecutive windows. Default `seqLen` (windows touch, no overlap). */
  stride?: number;
}

/** Next-token training windows as flat typed arrays, row-major `[count, seqLen]`. */
export interface LanguageModelWindows {
  /** `inputs[w, t] = tokens[w * stride + t]`: `[count, seqLen]`. */
  inputs: Int32Array;
  /** `targets[w, t] = tokens[w * stride + t + 1]`, the inputs shifted by one: `[count, seqLen]`. */
  targets: Int32Array;
  /** `[count, seqLen]`. */
  shape: [number, number];
}

/**
 * Cuts a token stream into language-model windows: each input window of
 * `seqLen` tokens and its target, the same window shifted one token ahead.
 * Windows start at `0, stride, 2 * stride, …` while a full window and its
 * next token fit, so `count = floor((n - seqLen - 1) / stride) + 1`.
 *
 * @param tokens - The token ids of a corpus, `n >= seqLen + 1` of them.
 * @param options - `seqLen` (required), `stride` (default `seqLen`).
 * @returns `{ inputs, targets, shape: [count, seqLen] }`.
 * @example
 * const { inputs, targets, shape } = languageModelWindows([1, 2, 3, 4, 5, 6, 7], { seqLen: 3 });
 * // inputs [1, 2, 3, 4, 5, 6], targets [2, 3, 4, 5, 6, 7], shape [2, 3]
 */
export function languageModelWindows(tokens: ArrayLike<number>, options: LanguageModelWindowsOptions): LanguageModelWindows {
  const fn = 'languageModelWindows';
  checkIds(fn, 'tokens', tokens, INT32_IDS); // written to Int32Arrays, where 2^40 would become 0
  if (options == null || typeof options !== 'object') throw new TypeError(`${fn}: argument 'options' must be an object with seqLen, got ${String(options)}`);
  for (const key of Object.keys(options)) {
    if (key !== 'seqLen' && key !== 'stride') throw new TypeError(`${fn}: unknown option '${key}'; known options are seqLen, stride`);
  }
  const { seqLen, stride = seqLen } = options;
  if (!Number.isInteger(seqLen) || seqLen < 1) throw new RangeError(`${fn}: option 'seqLen' must be an integer >= 1, got ${String(seqLen)}`);
  if (!Number.isInteger(stride) || stride < 1) throw new RangeError(`${fn}: option 'stride' must be an integer >= 1, got ${String(stride)}`);
  const n = tokens.length;
  if (n < seqLen + 1) throw new RangeError(`${fn}: argument 'tokens' has ${n} tokens; a window of seqLen ${seqLen} and its target need at least ${seqLen + 1}`);
  const count = Math.floor((n - seqLen - 1) / stride) + 1;
  const inputs = new Int32Array(count * seqLen);
  const targets = new Int32Array(count * seqLen);
  for (let w = 0; w < count; w++) {
    const start = w * stride;
    for (let t = 0; t < seqLen; t++) {
      inputs[w * seqLen + t] = tokens[start + t]!;
      targets[w * seqLen + t] = tokens[start + t + 1]!;
    }
  }
  return { inputs, targets, shape: [count, seqLen] };
}
