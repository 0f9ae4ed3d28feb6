// Checks id sequences at the public boundary: padBatch and
// languageModelWindows (which write int32 arrays) and every tokenizer's
// decode (which reads a vocabulary). Internal: not exported from index.ts.

/** The ids an `Int32Array` holds exactly; a larger id would wrap (2^40 becomes 0, the padding id). */
export const INT32_IDS = { min: -(2 ** 31), max: 2 ** 31 - 1, kind: 'an int32 id' } as const;

/** The ids a range allows, inclusive, and how the message names them (`'an int32 id'`, `'an id of this vocabulary'`). */
export interface IdRange {
  min: number;
  max: number;
  kind: string;
}

/**
 * Throws unless `ids` is an array (or typed array) of integers within
 * `range`; returns it. The error names the function, the argument with the
 * index of the first bad id, the allowed range and what was given.
 *
 * @param fn - The public function, e.g. `'padBatch'` or `'CharTokenizer.decode'`.
 * @param name - The argument, e.g. `'ids'` or `'sequences[2]'`.
 * @param ids - The value given.
 * @param range - The allowed ids, e.g. {@link INT32_IDS} or `{ min: 0, max: vocabSize - 1, kind: 'an id of this vocabulary' }`.
 * @returns `ids`, now known to hold only integers in range.
 * @example
 * checkIds('padBatch', 'sequences[0]', [5, 2 ** 40], INT32_IDS); // RangeError: ... must be an int32 id (-2147483648 to 2147483647), got 1099511627776
 */
export function checkIds(fn: string, name: string, ids: unknown, range: IdRange): ArrayLike<number> {
  if (ids == null || typeof ids !== 'object' || typeof (ids as ArrayLike<unknown>).length !== 'number') {
    throw new TypeError(`${fn}: argument '${name}' must be an array of ids, got ${ids === null ? 'null' : typeof ids === 'string' ? JSON.stringify(ids) : typeof ids}`);
  }
  const list = ids as ArrayLike<unknown>;
  for (let i = 0; i < list.length; i++) checkId(fn, `${name}[${i}]`, list[i], range);
  return list as ArrayLike<number>;
}

/**
 * Throws unless `id` is an integer within `range`; returns it.
 *
 * @param fn - The public function, e.g. `'padBatch'`.
 * @param name - The argument, e.g. `'options.padId'`.
 * @param id - The value given.
 * @param range - The allowed ids.
 * @returns `id`.
 * @example
 * checkId('padBatch', 'options.padId', 0, INT32_IDS); // 0
 */
export function checkId(fn: string, name: string, id: unknown, range: IdRange): number {
  if (typeof id === 'number' && Number.isInteger(id) && id >= range.min && id <= range.max) return id;
  const Err = typeof id === 'number' && Number.isInteger(id) ? RangeError : TypeError;
  throw new Err(`${fn}: argument '${name}' must be ${range.kind} (${range.min} to ${range.max}), got ${typeof id === 'string' ? JSON.stringify(id) : String(id)}`);
}
