/**
 * Validation of chart data (see MatrixInput, AttentionGrid) at the public boundary. Internal: every error is a
 * {@link VizError} (or a TypeError for a value of the wrong kind) naming the
 * function, the argument and the expected and actual shapes.
 */
import type { AttentionGrid } from './shaped.js';
import { VizError } from './viz-error.js';
import { placeholdersOf, VIZ_TEXT, type VizText } from './viz-text.js';

/** A validated matrix: float64 copy of the numbers, row-major. */
export interface ReadMatrix {
  rows: number;
  cols: number;
  values: Float64Array;
}

/** Options of {@link readMatrix}. */
export interface ReadMatrixOptions {
  /** Name of the first dimension in errors. Default `"rows"`. */
  rowName?: string;
  /** Name of the second dimension in errors. Default `"cols"`. */
  colName?: string;
  /** Required number of rows. */
  rows?: number;
  /** Required number of columns. */
  cols?: number;
  /** Accept `-Infinity` (a masked score). Default `false`. */
  allowNegativeInfinity?: boolean;
  /** The most cells (rows × cols) the caller draws, checked before any number is copied. Default: no limit. */
  maxCells?: number;
}

export function describe(x: unknown): string {
  if (x === null) return 'null';
  if (x === undefined) return 'undefined';
  if (Array.isArray(x)) return `an array of length ${x.length}`;
  if (ArrayBuffer.isView(x)) return `a ${x.constructor.name} of length ${(x as unknown as ArrayLike<number>).length}`;
  if (typeof x === 'object') return `an object with keys [${Object.keys(x).join(', ')}]`;
  return `${typeof x} ${String(x)}`;
}

function isArrayLike(x: unknown): x is ArrayLike<unknown> {
  return Array.isArray(x) || (ArrayBuffer.isView(x) && !(x instanceof DataView));
}

function checkShape(fn: string, argument: string, shape: unknown, rank: number, names: readonly string[]): number[] {
  const ok =
    isArrayLike(shape) &&
    shape.length === rank &&
    Array.from(shape).every((n) => typeof n === 'number' && Number.isInteger(n) && n >= 0);
  if (!ok) {
    throw new VizError(fn, `${argument}.shape`, `[${names.join(', ')}] of ${rank} non-negative integers`, isArrayLike(shape) ? `[${Array.from(shape).join(', ')}]` : describe(shape));
  }
  return Array.from(shape as ArrayLike<number>);
}

/** Copies `data` into float64, rejecting non-numbers, NaN and infinities. */
function copyValues(fn: string, argument: string, data: ArrayLike<unknown>, shape: readonly number[], allowNegInf: boolean): Float64Array {
  const out = new Float64Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const x = data[i];
    if (typeof x !== 'number') {
      throw new TypeError(`${fn}: argument '${argument}' must hold numbers, got ${describe(x)} at ${indexOf(i, shape)}`);
    }
    if (Number.isNaN(x) || x === Infinity || (x === -Infinity && !allowNegInf)) {
      const what = allowNegInf ? 'finite numbers or -Infinity (masked)' : 'finite numbers';
      throw new VizError(fn, argument, what, `${x} at ${indexOf(i, shape)}`);
    }
    out[i] = x;
  }
  return out;
}

/** The multi-index `[i, j, ...]` of flat index `flat` in `shape`. */
function indexOf(flat: number, shape: readonly number[]): string {
  const idx: number[] = [];
  for (let d = shape.length - 1; d >= 0; d--) {
    const n = shape[d]! || 1;
    idx.unshift(flat % n);
    flat = Math.floor(flat / n);
  }
  return `[${idx.join(', ')}]`;
}

/** Reads a {@link MatrixInput}; throws a clear error for ragged rows, NaN, or a wrong shape. */
export function readMatrix(fn: string, argument: string, input: unknown, options: ReadMatrixOptions = {}): ReadMatrix {
  const rowName = options.rowName ?? 'rows';
  const colName = options.colName ?? 'cols';
  const allowNegInf = options.allowNegativeInfinity === true;
  let rows: number;
  let cols: number;
  let values: Float64Array;
  if (Array.isArray(input)) {
    rows = input.length;
    const first: unknown = input[0];
    cols = rows === 0 ? 0 : isArrayLike(first) ? first.length : -1;
    if (options.maxCells !== undefined && cols > 0) checkLimit(fn, argument, `[${rowName}=${rows}, ${colName}=${cols}]`, rows * cols, options.maxCells, 'cells');
    input.forEach((row: unknown, i) => {
      if (!isArrayLike(row)) {
        throw new TypeError(`${fn}: argument '${argument}' must be a { data, shape: [${rowName}, ${colName}] } matrix or an array of rows, got ${describe(row)} as row ${i}`);
      }
      if (row.length !== cols) {
        throw new VizError(fn, argument, `rows of equal length (row 0 has ${cols} entries)`, `row ${i} with ${row.length} entries (ragged rows)`);
      }
    });
    const flat: unknown[] = [];
    for (const row of input as ArrayLike<unknown>[]) for (let j = 0; j < row.length; j++) flat.push(row[j]);
    values = copyValues(fn, argument, flat, [rows, cols], allowNegInf);
  } else if (input !== null && typeof input === 'object' && 'data' in input && 'shape' in input) {
    const m = input as { data: unknown; shape: unknown };
    [rows, cols] = checkShape(fn, argument, m.shape, 2, [rowName, colName]) as [number, number];
    if (options.maxCells !== undefined) checkLimit(fn, argument, `[${rowName}=${rows}, ${colName}=${cols}]`, rows * cols, options.maxCells, 'cells');
    if (!isArrayLike(m.data)) {
      throw new TypeError(`${fn}: argument '${argument}.data' must be a typed array or number[], got ${describe(m.data)}`);
    }
    if (m.data.length !== rows * cols) {
      throw new VizError(fn, `${argument}.data`, `${rows * cols} numbers for shape [${rows}, ${cols}]`, `${m.data.length} numbers`);
    }
    values = copyValues(fn, argument, m.data, [rows, cols], allowNegInf);
  } else {
    throw new TypeError(`${fn}: argument '${argument}' must be a { data, shape: [${rowName}, ${colName}] } matrix or an array of rows, got ${describe(input)}`);
  }
  if ((options.rows !== undefined && rows !== options.rows) || (options.cols !== undefined && cols !== options.cols)) {
    const want = `[${options.rows !== undefined ? `${rowName}=${options.rows}` : rowName}, ${options.cols !== undefined ? `${colName}=${options.cols}` : colName}]`;
    throw new VizError(fn, argument, `shape ${want}`, `shape [${rows}, ${cols}]`);
  }
  return { rows, cols, values };
}

/** A validated `[layers, heads, seqLenQ, seqLenK]` array. */
export interface ReadGrid {
  layers: number;
  heads: number;
  seqLenQ: number;
  seqLenK: number;
  values: Float64Array;
}

/** Reads an {@link AttentionGrid}. */
export function readGrid(fn: string, argument: string, input: unknown): ReadGrid {
  if (input === null || typeof input !== 'object' || !('data' in input) || !('shape' in input)) {
    throw new TypeError(`${fn}: argument '${argument}' must be { data, shape: [layers, heads, seqLenQ, seqLenK] }, got ${describe(input)}`);
  }
  const g = input as AttentionGrid;
  const shape = checkShape(fn, argument, g.shape, 4, ['layers', 'heads', 'seqLenQ', 'seqLenK']);
  const [layers, heads, seqLenQ, seqLenK] = shape as [number, number, number, number];
  if (!isArrayLike(g.data)) throw new TypeError(`${fn}: argument '${argument}.data' must be a typed array or number[], got ${describe(g.data)}`);
  const n = layers * heads * seqLenQ * seqLenK;
  if (g.data.length !== n) {
    throw new VizError(fn, `${argument}.data`, `${n} numbers for shape [${shape.join(', ')}]`, `${g.data.length} numbers`);
  }
  return { layers, heads, seqLenQ, seqLenK, values: copyValues(fn, argument, g.data, shape, false) };
}

/** Reads a vector of `n` numbers (any length when `n` is undefined). */
export function readVector(fn: string, argument: string, input: unknown, n?: number, dimName = 'length'): Float64Array {
  if (!isArrayLike(input)) throw new TypeError(`${fn}: argument '${argument}' must be a typed array or number[], got ${describe(input)}`);
  if (n !== undefined && input.length !== n) {
    throw new VizError(fn, argument, `[${dimName}=${n}] numbers`, `[${input.length}]`);
  }
  return copyValues(fn, argument, input, [input.length], false);
}

/**
 * Reads token labels: `undefined` gives `"0", "1", ...`; otherwise there must
 * be exactly `n` of them (the matching dimension of the numbers).
 */
export function readLabels(fn: string, argument: string, labels: unknown, n: number, dimName: string): string[] {
  if (labels === undefined) return Array.from({ length: n }, (_, i) => String(i));
  if (!Array.isArray(labels)) throw new TypeError(`${fn}: argument '${argument}' must be an array of strings, got ${describe(labels)}`);
  if (labels.length !== n) {
    throw new VizError(fn, argument, `${n} labels (one per ${dimName}: the numbers have ${dimName}=${n})`, `${labels.length} labels`);
  }
  return labels.map((l: unknown, i) => {
    if (typeof l !== 'string' && typeof l !== 'number') {
      throw new TypeError(`${fn}: argument '${argument}' must hold strings, got ${describe(l)} at [${i}]`);
    }
    return String(l);
  });
}

/** Throws unless `value` is undefined or an integer in `[min, max]`. */
export function readInteger(fn: string, argument: string, value: unknown, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new VizError(fn, argument, `an integer in [${min}, ${max}]`, describe(value));
  }
  return value;
}

/** Throws unless `value` is undefined or a finite number in `[min, max]` (pixels, font sizes, opacities). */
export function readNumber(fn: string, argument: string, value: unknown, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new VizError(fn, argument, `a finite number in [${min}, ${max}]`, describe(value));
  }
  return value;
}

/** Throws unless `value` is undefined or `[min, max]` of two finite numbers with `min < max` (a colour or axis domain). */
export function readDomain(fn: string, argument: string, value: unknown): readonly [number, number] | undefined {
  if (value === undefined) return undefined;
  const ok = isArrayLike(value) && value.length === 2 && Array.from(value).every((v) => typeof v === 'number' && Number.isFinite(v)) && (value[0] as number) < (value[1] as number);
  if (!ok) throw new VizError(fn, argument, '[min, max] of two finite numbers with min < max', isArrayLike(value) ? `[${Array.from(value).map(String).join(', ')}]` : describe(value));
  return [value[0] as number, value[1] as number];
}

/** Throws unless `value` is undefined or one of `choices`. */
export function readChoice<T extends string>(fn: string, argument: string, value: unknown, choices: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    throw new VizError(fn, argument, `one of ${choices.map((c) => `"${c}"`).join(', ')}`, typeof value === 'string' ? `"${value}"` : describe(value));
  }
  return value as T;
}

/**
 * Throws unless `value` is undefined or a plain CSS colour: `#rgb`, `#rrggbb`
 * (with alpha too), `rgb(…)`, `rgba(…)`, `hsl(…)`, `hsla(…)` of numbers, or a
 * colour keyword. Anything else (`url(#x)`, `var(--c)`, an expression) is
 * refused: the colour is written into SVG attributes, where `url(…)` would
 * fetch or reference another document's content.
 */
export function readColor(fn: string, argument: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const ok =
    typeof value === 'string' &&
    (/^#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i.test(value) || /^(?:rgba?|hsla?)\(\s*[-+0-9.%,\s/a-z]*\)$/i.test(value) && !/url|var|calc|attr/i.test(value) || /^[a-z]{3,24}$/i.test(value));
  if (!ok) throw new VizError(fn, argument, 'a CSS colour: #rgb, #rrggbb, rgb(…), hsl(…) or a colour name', typeof value === 'string' ? JSON.stringify(value) : describe(value));
  return value;
}

/**
 * Throws a {@link VizError} when a chart would draw more than `limit` items:
 * past it a picture takes seconds to tens of seconds to build, and gigabytes
 * (a 10,000 × 10,000 heatmap aborts the process). The limits are documented
 * in each function's TSDoc and the package README.
 *
 * @param fn - The public function, e.g. `"attentionHeatmap"`.
 * @param argument - The argument holding the data, e.g. `"data.values"`.
 * @param shape - The data's shape as the message shows it, e.g. `"[seqLenQ=512, seqLenK=512]"`.
 * @param count - How many items that shape draws.
 * @param limit - The most the function draws.
 * @param unit - What is counted, e.g. `"cells"` or `"points"`.
 */
export function checkLimit(fn: string, argument: string, shape: string, count: number, limit: number, unit: string): void {
  if (count > limit) throw new VizError(fn, argument, `at most ${limit.toLocaleString('en-US')} ${unit} (the limit of ${fn})`, `${shape}: ${count.toLocaleString('en-US')} ${unit}`);
}

/** Throws unless `options` is undefined or an object; returns it (`{}` for undefined). */
export function readOptions<O extends object>(fn: string, options: O | undefined): O {
  if (options === undefined) return {} as O;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`${fn}: argument 'options' must be an object, got ${describe(options)}`);
  }
  return options;
}

/**
 * Reads `options.text`: undefined, or an object whose keys are keys of
 * {@link VizText} and whose values are strings with no placeholder the
 * default lacks. Returns every text, each key from `value` or else `base`.
 *
 * @param fn - The public function, e.g. `"headView"`.
 * @param argument - The option's path, e.g. `"options.text"`.
 * @param value - What the caller gave.
 * @param base - The texts of keys `value` lacks. Default {@link VIZ_TEXT}.
 */
export function readText(fn: string, argument: string, value: unknown, base: Readonly<VizText> = VIZ_TEXT): VizText {
  if (value === undefined) return { ...base };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new VizError(fn, argument, 'an object of texts keyed like VizText (see VIZ_TEXT)', describe(value));
  }
  const out: VizText = { ...base };
  for (const [key, text] of Object.entries(value)) {
    if (!Object.hasOwn(VIZ_TEXT, key)) throw new VizError(fn, argument, 'only keys of VizText (see VIZ_TEXT)', `unknown key "${key}"`);
    const name = key as keyof VizText;
    if (text === undefined) continue;
    const allowed = placeholdersOf(VIZ_TEXT[name]);
    if (typeof text !== 'string') throw new VizError(fn, `${argument}.${key}`, 'a string', describe(text));
    const unknown = placeholdersOf(text).find((p) => !allowed.includes(p));
    if (unknown !== undefined) {
      const which = allowed.length ? `among ${allowed.map((p) => `{${p}}`).join(', ')}` : 'none';
      throw new VizError(fn, `${argument}.${key}`, `a string whose placeholders are ${which}`, `${JSON.stringify(text)} with {${unknown}}`);
    }
    out[name] = text;
  }
  return out;
}
