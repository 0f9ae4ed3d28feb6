/**
 * Plain-number helpers for the explainers: no tfjs, float64 throughout.
 * Internal.
 */

/** A row-major matrix as nested arrays. */
export type Matrix = number[][];

/** Throws unless `m` is a non-ragged matrix of finite-or-NaN numbers; returns `[rows, cols]`. */
export function checkMatrix(fn: string, argument: string, m: unknown, cols?: number, rows?: number): [number, number] {
  if (!Array.isArray(m) || m.some((row) => !Array.isArray(row))) {
    throw new TypeError(`${fn}: argument '${argument}' must be an array of number arrays (a matrix)`);
  }
  const width = m.length === 0 ? (cols ?? 0) : (m[0] as unknown[]).length;
  m.forEach((row: unknown[], i) => {
    if (row.length !== width || row.some((x) => typeof x !== 'number')) {
      throw new TypeError(`${fn}: argument '${argument}' row ${i} must hold ${width} numbers, got ${row.length} entries`);
    }
  });
  const shape: [number, number] = [m.length, width];
  if ((cols !== undefined && width !== cols) || (rows !== undefined && m.length !== rows)) {
    const want = `[${rows ?? 'rows'}, ${cols ?? 'cols'}]`;
    throw new RangeError(`${fn}: argument '${argument}' has shape [${shape.join(', ')}] but expected ${want}`);
  }
  return shape;
}

/** `a [n, k] x b [k, m]`. */
export function matMul(a: Matrix, b: Matrix): Matrix {
  const inner = b.length;
  const cols = inner === 0 ? 0 : b[0]!.length;
  return a.map((row) => {
    const out = new Array<number>(cols).fill(0);
    for (let t = 0; t < inner; t++) {
      const x = row[t]!;
      const bt = b[t]!;
      for (let j = 0; j < cols; j++) out[j]! += x * bt[j]!;
    }
    return out;
  });
}

/** The dot product of two equal-length vectors. */
export function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/**
 * A stable softmax of one row; entries whose `keep` is false get 0, and a
 * row with nothing kept is all zeros.
 */
export function softmaxRow(row: readonly number[], keep: readonly boolean[]): number[] {
  let max = -Infinity;
  row.forEach((x, j) => {
    if (keep[j] && !(x <= max)) max = Number.isNaN(x) ? NaN : Math.max(max, x);
  });
  if (max === -Infinity) return row.map(() => 0);
  const e = row.map((x, j) => (keep[j] ? Math.exp(x - max) : 0));
  const sum = e.reduce((s, x) => s + x, 0);
  return e.map((x) => x / sum);
}

/** Reads an optional user mask `[rows][cols]` of booleans or numbers (nonzero, NaN included, = keep, as for mask tensors). */
export function readMask(fn: string, mask: unknown, rows: number, cols: number, causal: boolean): boolean[][] {
  if (mask !== undefined) checkMaskShape(fn, mask, rows, cols);
  const m = mask as ReadonlyArray<ReadonlyArray<boolean | number>> | undefined;
  return Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (m ? m[i]![j] !== 0 && m[i]![j] !== false : true) && (!causal || j <= i)),
  );
}

function checkMaskShape(fn: string, mask: unknown, rows: number, cols: number): void {
  const ok =
    Array.isArray(mask) &&
    mask.length === rows &&
    mask.every((r) => Array.isArray(r) && r.length === cols && r.every((x: unknown) => typeof x === 'boolean' || typeof x === 'number'));
  if (!ok) {
    const got = Array.isArray(mask) ? `[${mask.length}, ${Array.isArray(mask[0]) ? (mask[0] as unknown[]).length : '?'}]` : typeof mask;
    throw new RangeError(`${fn}: argument 'mask' must be a [seqLenQ=${rows}, seqLenK=${cols}] array of booleans or numbers, got ${got}`);
  }
}
