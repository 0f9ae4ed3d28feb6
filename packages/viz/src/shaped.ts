/**
 * Plain numbers with a shape: the only data the charts take. `data` holds the
 * numbers in row-major order (any `ArrayLike<number>`: a typed array such as
 * `await tensor.data()`, or a `number[]`); `shape` gives each dimension's
 * size, as a tuple or any `number[]` (such as `tensor.shape`). The rank is
 * checked when a chart reads the data, with an error naming the argument.
 *
 * @example
 * const weights: Matrix = { data: new Float32Array([0.7, 0.3, 0.4, 0.6]), shape: [2, 2] };
 * const fromTensor: Matrix = { data: await t.data(), shape: t.shape }; // t: a [seqLenQ, seqLenK] tfjs tensor
 */
export interface Shaped<S extends readonly number[] = readonly number[]> {
  /** The numbers, row-major: `data.length` is the product of `shape`. */
  readonly data: ArrayLike<number>;
  /** The size of each dimension: the tuple `S` names them; any `number[]` of that length is accepted. */
  readonly shape: S | readonly number[];
}

/**
 * A matrix `[rows, cols]`, e.g. attention weights `[seqLenQ, seqLenK]`.
 * `shape` may be any `number[]` of length 2, e.g. a rank-2 tensor's `shape`.
 *
 * @example
 * const m: Matrix = { data: [1, 2, 3, 4, 5, 6], shape: [2, 3] };
 */
export type Matrix = Shaped<readonly [rows: number, cols: number]>;

/**
 * A matrix given either as {@link Matrix} or as an array of equal-length rows.
 *
 * @example
 * const a: MatrixInput = [[0.9, 0.1], [0.2, 0.8]];
 * const b: MatrixInput = { data: new Float32Array(4), shape: [2, 2] };
 */
export type MatrixInput = Matrix | ReadonlyArray<ArrayLike<number>>;

/**
 * Attention weights of a whole model: `[layers, heads, seqLenQ, seqLenK]`,
 * e.g. the stacked `weights` of every layer's `multiHeadAttention` for one
 * batch item, read with `await t.data()`.
 *
 * @example
 * const grid: AttentionGrid = { data: await stacked.data(), shape: stacked.shape }; // [12, 12, 16, 16]
 */
export type AttentionGrid = Shaped<readonly [layers: number, heads: number, seqLenQ: number, seqLenK: number]>;
