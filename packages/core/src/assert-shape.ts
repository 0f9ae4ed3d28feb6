import type { Tensor } from '@tensorflow/tfjs';
import { describeValue } from './assert-option.js';
import { ShapeError, formatShape } from './shape-error.js';

/**
 * One dimension of an expected shape: a name (`"seqLenK"`) that matches any
 * size, or a name with a size (`["dHead", 64]`) that must match exactly.
 */
export type Dim = string | readonly [name: string, size: number];

/** Formats an expected shape as `[batch=2, seqLenK, dHead=64]`. */
export function formatExpected(dims: readonly Dim[]): string {
  return `[${dims.map((d) => (typeof d === 'string' ? d : `${d[0]}=${d[1]}`)).join(', ')}]`;
}

/**
 * Throws a {@link ShapeError} unless `x` is a tensor whose shape matches `dims`.
 * Internal: the single shape check used at every public boundary.
 */
export function assertShape(
  fn: string,
  argument: string,
  x: unknown,
  dims: readonly Dim[],
  detail?: string,
): asserts x is Tensor {
  const t = assertTensor(fn, argument, x);
  const ok =
    t.rank === dims.length &&
    dims.every((d, i) => typeof d === 'string' || d[1] === t.shape[i]);
  if (!ok) throw new ShapeError(fn, argument, formatExpected(dims), t.shape, detail);
}

/** Throws unless `x` is a tensor of one of `ranks`; `names[r]` describes each allowed layout. */
export function assertRank(
  fn: string,
  argument: string,
  x: unknown,
  layouts: Readonly<Record<number, readonly string[]>>,
): Tensor {
  const t = assertTensor(fn, argument, x);
  if (!(t.rank in layouts)) {
    const expected = Object.values(layouts)
      .map((names) => `[${names.join(', ')}]`)
      .join(' or ');
    throw new ShapeError(fn, argument, expected, t.shape);
  }
  return t;
}

/** Throws unless `x` is a live (not disposed) tensor of a floating dtype or the allowed dtypes. */
export function assertTensor(fn: string, argument: string, x: unknown): Tensor {
  const t = x as Tensor | null | undefined;
  if (t == null || typeof t !== 'object' || !Array.isArray((t as Tensor).shape) || typeof t.dataId !== 'object') {
    throw new TypeError(`${fn}: argument '${argument}' must be a tf.Tensor, got ${describeValue(x)}`);
  }
  if (t.isDisposed) {
    throw new Error(`${fn}: argument '${argument}' (shape ${formatShape(t.shape)}) was already disposed`);
  }
  return t;
}
