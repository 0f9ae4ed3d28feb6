/**
 * The option validators shared by every public function of core and of the
 * packages built on it (models' layers and factories use them too), so that a
 * boolean option takes only booleans, an integer option only integers, and
 * every refusal reads the same: `fn: argument 'options.causal' must be a
 * boolean, got "yes"`.
 */

/**
 * Describes a value for an error message: numbers, booleans, `null` and
 * `undefined` as they print, strings in double quotes (so `"false"` is told
 * apart from `false`), arrays and tensors by their length or shape.
 *
 * @param x - Any value.
 * @returns A short description, e.g. `1.5`, `"abc"`, `an array of length 3`.
 * @example
 * describeValue('false'); // '"false"'
 */
export function describeValue(x: unknown): string {
  if (typeof x === 'string') return JSON.stringify(x);
  if (x === null || typeof x !== 'object') return typeof x === 'function' ? 'a function' : String(x);
  if (Array.isArray(x)) return `an array of length ${x.length}`;
  const shape = (x as { shape?: unknown }).shape;
  if (Array.isArray(shape) && 'dataId' in x) return `a tensor of shape [${shape.join(', ')}]`;
  return `an object (${Object.prototype.toString.call(x)})`;
}

/**
 * Throws a TypeError unless `value` is `true` or `false`: a string such as
 * `'false'`, a number or `null` is refused, never read as truthy or falsy.
 *
 * @param fn - The public function (or layer) that reads the option, e.g. `'scaledDotProductAttention'`.
 * @param argument - The option's path, e.g. `'options.causal'` or `'config.useBias'`.
 * @param value - The value given (apply the default before calling).
 * @returns `value`, now known to be a boolean.
 * @example
 * const causal = assertBoolean('scaledDotProductAttention', 'options.causal', options.causal ?? false);
 */
export function assertBoolean(fn: string, argument: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new TypeError(`${fn}: argument '${argument}' must be a boolean, got ${describeValue(value)}`);
  return value;
}

/**
 * Throws a RangeError unless `value` is an integer (a number with no fraction,
 * not NaN, not infinite) within `[min, max]`.
 *
 * @param fn - The public function (or layer) that reads the option.
 * @param argument - The argument or option path, e.g. `'seqLen'` or `'options.chunkSize'`.
 * @param value - The value given.
 * @param min - The smallest allowed value.
 * @param max - The largest allowed value. Default `Number.MAX_SAFE_INTEGER`.
 * @returns `value`, now known to be an integer in `[min, max]`.
 * @example
 * const heads = assertInteger('multiHeadAttention', 'options.heads', options.heads, 1);
 */
export function assertInteger(fn: string, argument: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer in [${min}, ${max}]`;
    throw new RangeError(`${fn}: argument '${argument}' must be ${range}, got ${describeValue(value)}`);
  }
  return value;
}

/** Bounds for {@link assertNumber}: `min`/`max` are inclusive, `above`/`below` exclusive. */
export interface NumberRange {
  /** The value must be `>= min`. */
  min?: number;
  /** The value must be `> above`. */
  above?: number;
  /** The value must be `<= max`. */
  max?: number;
  /** The value must be `< below`. */
  below?: number;
}

/**
 * Throws unless `value` is a finite number within `range`: a TypeError for a
 * value that is not a number, a RangeError for NaN, an infinity or a number
 * out of range.
 *
 * @param fn - The public function (or layer) that reads the option.
 * @param argument - The option path, e.g. `'options.scale'` or `'config.dropout'`.
 * @param value - The value given.
 * @param range - Optional bounds, e.g. `{ min: 0, below: 1 }` for a rate. Default: any finite number.
 * @returns `value`, now known to be a finite number in `range`.
 * @example
 * const rate = assertNumber('MultiHeadAttention', 'config.dropout', config.dropout ?? 0, { min: 0, below: 1 });
 */
export function assertNumber(fn: string, argument: string, value: unknown, range: NumberRange = {}): number {
  const { min, above, max, below } = range;
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (min === undefined || value >= min) &&
    (above === undefined || value > above) &&
    (max === undefined || value <= max) &&
    (below === undefined || value < below);
  if (!ok) {
    const low = min !== undefined ? `[${min}` : above !== undefined ? `(${above}` : null;
    const high = max !== undefined ? `${max}]` : below !== undefined ? `${below})` : null;
    let want = 'a finite number';
    if (low && high) want += ` in ${low}, ${high}`;
    else if (low) want += ` ${low[0] === '[' ? '>=' : '>'} ${low.slice(1)}`;
    else if (high) want += ` ${high.endsWith(']') ? '<=' : '<'} ${high.slice(0, -1)}`;
    const message = `${fn}: argument '${argument}' must be ${want}, got ${describeValue(value)}`;
    throw typeof value === 'number' ? new RangeError(message) : new TypeError(message);
  }
  return value as number;
}

/**
 * Throws a TypeError unless `value` is one of `choices` (compared with `===`).
 *
 * @param fn - The public function (or layer) that reads the option.
 * @param argument - The option path, e.g. `'options.kernel'`.
 * @param value - The value given.
 * @param choices - The allowed values.
 * @returns `value`, now known to be one of `choices`.
 * @example
 * const kernel = assertOneOf('memoryEfficientAttention', 'options.kernel', options.kernel ?? 'auto', ['auto', 'tfjs', 'fused'] as const);
 */
export function assertOneOf<T extends string | number | boolean>(fn: string, argument: string, value: unknown, choices: readonly T[]): T {
  if (!choices.includes(value as T)) {
    const list = choices.map(describeValue);
    const want = list.length === 1 ? list[0] : `${list.slice(0, -1).join(', ')} or ${list[list.length - 1]}`;
    throw new TypeError(`${fn}: argument '${argument}' must be ${want}, got ${describeValue(value)}`);
  }
  return value as T;
}
