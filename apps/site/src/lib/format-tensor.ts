/** Options for {@link formatTensor}. */
export interface FormatTensorOptions {
  /** Along an axis longer than this, show the first and last `edgeItems` entries and `…`. Default 8. */
  maxPerAxis?: number;
  /** Entries kept at each end of a summarised axis. Default 3. */
  edgeItems?: number;
  /** Digits after the decimal point for floats. Default 4. */
  digits?: number;
}

function formatNumber(value: number, dtype: string, digits: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  if (dtype === 'bool') return value ? 'true' : 'false';
  if (dtype === 'int32') return String(Math.trunc(value));
  const abs = Math.abs(value);
  if (abs !== 0 && (abs >= 1e6 || abs < 10 ** -digits)) return value.toExponential(digits - 1);
  return value.toFixed(digits);
}

/** The indices shown along an axis of `length`; `-1` marks the `…` gap. */
function shownIndices(length: number, maxPerAxis: number, edgeItems: number): number[] {
  if (length <= maxPerAxis) return Array.from({ length }, (_, i) => i);
  const head = Array.from({ length: edgeItems }, (_, i) => i);
  const tail = Array.from({ length: edgeItems }, (_, i) => length - edgeItems + i);
  return [...head, -1, ...tail];
}

/**
 * Prints a tensor's values as nested brackets, the way NumPy does, with a
 * header naming its shape and dtype. Long axes are summarised with `…`.
 * Works on plain numbers, so it runs wherever the values were read.
 *
 * @param values - The values in row-major order; `values.length` must equal the product of `shape`.
 * @param shape - The tensor's shape; `[]` for a scalar.
 * @param dtype - `'float32'`, `'int32'`, `'bool'` (as 0/1) or another float type.
 * @param options - Summarising and precision (defaults: 8 per axis, 3 edge items, 4 digits).
 * @returns E.g. `"Tensor [2, 2] float32\n[[1.0000, 2.0000],\n [3.0000, 4.0000]]"`.
 * @throws Error naming `values` and `shape` when their sizes disagree.
 * @example
 * formatTensor([1, 2, 3, 4], [2, 2], 'int32'); // 'Tensor [2, 2] int32\n[[1, 2],\n [3, 4]]'
 */
export function formatTensor(
  values: ArrayLike<number>,
  shape: readonly number[],
  dtype: string,
  options: FormatTensorOptions = {},
): string {
  const size = shape.reduce((a, b) => a * b, 1);
  if (values.length !== size) {
    throw new Error(`formatTensor: values has ${values.length} entries but shape [${shape.join(', ')}] holds ${size}`);
  }
  const maxPerAxis = options.maxPerAxis ?? 8;
  const edgeItems = options.edgeItems ?? 3;
  const digits = options.digits ?? 4;
  const header = `Tensor [${shape.join(', ')}] ${dtype}`;
  if (shape.length === 0) return `${header}\n${formatNumber(Number(values[0]), dtype, digits)}`;

  const strides = shape.map((_, axis) => shape.slice(axis + 1).reduce((a, b) => a * b, 1));
  const cells: string[] = [];
  const collect = (axis: number, offset: number): void => {
    for (const i of shownIndices(shape[axis] ?? 0, maxPerAxis, edgeItems)) {
      if (i < 0) continue;
      if (axis === shape.length - 1) cells.push(formatNumber(Number(values[offset + i]), dtype, digits));
      else collect(axis + 1, offset + i * (strides[axis] ?? 0));
    }
  };
  collect(0, 0);
  const width = cells.reduce((w, cell) => Math.max(w, cell.length), 0);
  let next = 0;
  const render = (axis: number, indent: number): string => {
    const parts = shownIndices(shape[axis] ?? 0, maxPerAxis, edgeItems).map((i) => {
      if (i < 0) return '…';
      if (axis === shape.length - 1) return (cells[next++] ?? '').padStart(width);
      return render(axis + 1, indent + 1);
    });
    const innermost = axis === shape.length - 1;
    // Blocks that span several lines are set apart by a blank line per axis of them that has
    // more than one entry; axes of length 1 (a mask [batch, 1, 1, seqLen]) add no blank line.
    const blankLines = shape.slice(axis + 1, -1).filter((length) => length > 1).length;
    const separator = innermost ? ', ' : `,${'\n'.repeat(1 + blankLines)}${' '.repeat(indent + 1)}`;
    return `[${parts.join(separator)}]`;
  };
  return `${header}\n${render(0, 0)}`;
}
