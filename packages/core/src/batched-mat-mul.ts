import * as tf from '@tensorflow/tfjs';
import type { Tensor, Tensor2D } from '@tensorflow/tfjs';

/**
 * How attention multiplies its batched matrices. Internal.
 * - `auto`: on the wasm backend, one rank-2 matMul per (batch, head) slice,
 *   with the right-hand side transposed explicitly first, when the slices are
 *   large and few ({@link PER_SLICE_MIN_FLOPS}, {@link PER_SLICE_MAX_SLICES});
 *   a single batched matMul otherwise and on other backends. On wasm only
 *   rank-2 matMul reaches the XNNPACK kernel (about 8x faster for attention
 *   at seqLen 512 and more), but each slice costs an unstack, a transpose and
 *   a stack, which dominate for small slices.
 * - `batched` / `per-slice`: force one strategy (for tests and benchmarks).
 */
export type MatMulStrategy = 'auto' | 'batched' | 'per-slice';

let strategy: MatMulStrategy = 'auto';

/** Sets the matMul strategy; returns the previous one. Internal, for tests and benchmarks. */
export function setMatMulStrategy(next: MatMulStrategy): MatMulStrategy {
  const previous = strategy;
  strategy = next;
  return previous;
}

/**
 * Smallest slice, in multiply-adds `m·n·k`, for which `auto` goes per slice on
 * wasm. Measured on wasm (2-core Xeon, k = 32): with 8 slices per-slice was
 * 0.3–0.7x the speed of batched up to m = n = 64 (131,072) and 1.1–1.3x from
 * m = n = 128 (524,288); at seqLen 512–2048 with dHead 64 the attention
 * benchmark measured 2.8–3.7x.
 */
export const PER_SLICE_MIN_FLOPS = 2 ** 20;
/** Most slices for which `auto` goes per slice: with 128 slices batched won at every size measured. */
export const PER_SLICE_MAX_SLICES = 32;

/**
 * Whether the per-slice rank-2 path is used now for `count` slices of
 * `m·n·k` multiply-adds each (with no sizes: whether it could be).
 */
export function usesPerSliceMatMul(count = 1, sliceFlops = Infinity): boolean {
  if (strategy !== 'auto') return strategy === 'per-slice';
  return tf.getBackend() === 'wasm' && count <= PER_SLICE_MAX_SLICES && sliceFlops >= PER_SLICE_MIN_FLOPS;
}

/**
 * `a [..., m, k] x b [..., k, n]` (or `b [..., n, k]` with `transposeB`), with
 * equal leading dimensions. Internal: callers validate shapes.
 */
export function batchedMatMul(a: Tensor, b: Tensor, transposeB = false): Tensor {
  if (a.size === 0 || b.size === 0) {
    // Empty operands: an empty sum is 0. The wasm kernel leaves such outputs
    // uninitialised (and XNNPACK logs an error), so do not call it.
    const n = transposeB ? b.shape[b.rank - 2]! : b.shape[b.rank - 1]!;
    return tf.zeros([...a.shape.slice(0, -1), n]);
  }
  const lead = a.shape.slice(0, -2);
  const count = lead.reduce((x, y) => x * y, 1);
  const [m, k] = a.shape.slice(-2) as [number, number];
  const [br, bc] = b.shape.slice(-2) as [number, number];
  const n = transposeB ? br : bc;
  const perSlice = usesPerSliceMatMul(count, m * n * k);
  if (a.rank === 2) {
    if (perSlice && transposeB) return tf.matMul(a as Tensor2D, tf.transpose(b as Tensor2D));
    return tf.matMul(a as Tensor2D, b as Tensor2D, false, transposeB);
  }
  if (!perSlice) return tf.matMul(a, b, false, transposeB);

  // tf.unstack of a size-1 axis has a broken gradient in tfjs 4.22 (it hands
  // stack a lone tensor), so a single slice is reshaped instead.
  const as = count === 1 ? [a.reshape([m, k])] : tf.unstack(a.reshape([count, m, k])); // count x [m, k]
  const bs = count === 1 ? [b.reshape([br, bc])] : tf.unstack(b.reshape([count, br, bc])); // count x [br, bc]
  const outs = as.map((ai, i) => {
    const bi = bs[i] as Tensor2D;
    return tf.matMul(ai as Tensor2D, transposeB ? tf.transpose(bi) : bi); // [m, n]
  });
  const stacked = outs.length === 1 ? outs[0]! : tf.stack(outs); // [count, m, n]
  return stacked.reshape([...lead, m, n]); // [..., m, n]
}

/** `x [..., dIn] x w [dIn, dOut] (+ bias [dOut])` as one rank-2 matMul. Internal. */
export function project(x: Tensor, w: Tensor2D, bias?: Tensor): Tensor {
  const dIn = x.shape[x.rank - 1]!;
  const dOut = w.shape[1];
  const rows = x.shape.slice(0, -1).reduce((p, s) => p * s, 1);
  // Empty operands give zeros without calling the kernel (see batchedMatMul).
  const flat = x.size === 0 || w.size === 0 ? tf.zeros([rows, dOut]) : tf.matMul(x.reshape([rows, dIn]) as Tensor2D, w); // [rows, dOut]
  const withBias = bias == null ? flat : tf.add(flat, bias);
  return withBias.reshape([...x.shape.slice(0, -1), dOut]); // [..., dOut]
}
