import { checkId, checkIds, INT32_IDS } from './check-ids.js';

/** Options of {@link padBatch}. */
export interface PadBatchOptions {
  /** The padded length `seqLen`. Default: the longest sequence's length. */
  maxLen?: number;
  /** The id written after each sequence. Default `0` (`<pad>`). */
  padId?: number;
  /**
   * What to do with a sequence longer than `maxLen`: `'end'` drops its last
   * ids, `'start'` drops its first ids (keeps the most recent), `false` throws.
   * Default `false`.
   */
  truncate?: false | 'start' | 'end';
}

/** A padded batch as flat typed arrays, row-major `[batch, seqLen]`. */
export interface PaddedBatch {
  /** Ids `[batch, seqLen]`, row-major; each row is a sequence followed by `padId`. */
  ids: Int32Array;
  /** `1` where `ids` holds a token, `0` at padding: `[batch, seqLen]`, row-major. */
  mask: Uint8Array;
  /** Tokens kept per sequence (after truncation): `[batch]`. */
  lengths: number[];
  /** `[batch, seqLen]`. */
  shape: [number, number];
}

/**
 * Pads (and optionally truncates) id sequences to one length, giving flat
 * `ids` and `mask` arrays of shape `[batch, seqLen]` and the kept `lengths`,
 * ready for `tf.tensor2d(ids, shape, 'int32')` or core's
 * `paddingMask(lengths, seqLen)`.
 *
 * @param sequences - `batch` sequences of integer ids (arrays or typed arrays).
 * @param options - `maxLen` (default the longest), `padId` (default 0), `truncate` (default false: throw).
 * @returns `{ ids, mask, lengths, shape }`.
 * @example
 * const { ids, mask, lengths, shape } = padBatch([[5, 6, 7], [8]], { padId: 0 });
 * // ids [5, 6, 7, 8, 0, 0], mask [1, 1, 1, 1, 0, 0], lengths [3, 1], shape [2, 3]
 */
export function padBatch(sequences: readonly ArrayLike<number>[], options: PadBatchOptions = {}): PaddedBatch {
  const fn = 'padBatch';
  if (!Array.isArray(sequences)) throw new TypeError(`${fn}: argument 'sequences' must be an array of id sequences, got ${sequences === null ? 'null' : typeof sequences}`);
  if (options === null || typeof options !== 'object') throw new TypeError(`${fn}: argument 'options' must be an object, got ${String(options)}`);
  for (const key of Object.keys(options)) {
    if (!['maxLen', 'padId', 'truncate'].includes(key)) throw new TypeError(`${fn}: unknown option '${key}'; known options are maxLen, padId, truncate`);
  }
  const { padId = 0, truncate = false } = options;
  checkId(fn, 'options.padId', padId, INT32_IDS);
  if (truncate !== false && truncate !== 'start' && truncate !== 'end') {
    throw new RangeError(`${fn}: option 'truncate' must be false, 'start' or 'end', got ${JSON.stringify(truncate)}`);
  }
  sequences.forEach((s, b) => checkIds(fn, `sequences[${b}]`, s, INT32_IDS)); // ids are written to an Int32Array, where 2^40 would become 0
  const longest = sequences.reduce((m, s) => Math.max(m, s.length), 0);
  const seqLen = options.maxLen ?? longest;
  if (!Number.isInteger(seqLen) || seqLen < 0) throw new RangeError(`${fn}: option 'maxLen' must be an integer >= 0, got ${String(seqLen)}`);
  const batch = sequences.length;
  const ids = new Int32Array(batch * seqLen).fill(padId);
  const mask = new Uint8Array(batch * seqLen);
  const lengths: number[] = [];
  sequences.forEach((s, b) => {
    if (s.length > seqLen && truncate === false) {
      throw new RangeError(`${fn}: sequences[${b}] has length ${s.length}, more than maxLen ${seqLen}; pass truncate: 'end' or 'start' to cut it`);
    }
    const length = Math.min(s.length, seqLen);
    const from = truncate === 'start' ? s.length - length : 0;
    for (let t = 0; t < length; t++) {
      ids[b * seqLen + t] = s[from + t]!;
      mask[b * seqLen + t] = 1;
    }
    lengths.push(length);
  });
  return { ids, mask, lengths, shape: [batch, seqLen] };
}
