import { mulberry32 } from './mulberry32';

/** Options for {@link seededMatrix}. */
export interface SeededMatrixOptions {
  /** Entries are drawn uniformly from `[-scale, scale)`. Default 1. */
  scale?: number;
}

/**
 * A reproducible matrix of uniform random numbers, row-major.
 *
 * @param seed - Seed for {@link mulberry32}; the same seed gives the same matrix.
 * @param rows - Number of rows.
 * @param cols - Number of columns.
 * @param options - `scale` bounds the entries (default 1).
 * @returns A `Float32Array` of length `rows * cols`, holding a `[rows, cols]` matrix.
 * @example
 * const w = seededMatrix(7, 16, 16, { scale: 0.25 }); // [16, 16]
 */
export function seededMatrix(
  seed: number,
  rows: number,
  cols: number,
  options: SeededMatrixOptions = {},
): Float32Array {
  const scale = options.scale ?? 1;
  const next = mulberry32(seed);
  const values = new Float32Array(rows * cols);
  for (let i = 0; i < values.length; i++) {
    values[i] = (2 * next() - 1) * scale;
  }
  return values;
}
