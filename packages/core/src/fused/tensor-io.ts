import * as tf from '@tensorflow/tfjs';
import type { Tensor } from '@tensorflow/tfjs';
import type { FloatRows } from './attention-kernel.js';

/**
 * Moving values between tensors and the fused kernel without fresh large
 * arrays. A new multi-megabyte Float32Array costs far more than copying into
 * memory already mapped (on the 2-core reference VM, 1.2 ms against 0.06 ms
 * for 2 MiB: the first touch of every page faults), and `dataSync()` on the
 * wasm backend makes one per call. On wasm these helpers read and write the
 * backend's heap in place; elsewhere they fall back to `dataSync()` and a new
 * array. Internal.
 */

/** The part of tfjs-backend-wasm's BackendWasm used here: a view of a tensor's values in its heap. */
interface HeapBackend {
  typedArrayFromHeap(info: { dataId: unknown; shape: number[]; dtype: string }): ArrayLike<number>;
}

/** The wasm backend when it is the active one and has typedArrayFromHeap, else null. */
function heapBackend(): HeapBackend | null {
  if (tf.getBackend() !== 'wasm') return null;
  const backend = tf.backend() as unknown as Partial<HeapBackend>;
  return typeof backend.typedArrayFromHeap === 'function' ? (backend as HeapBackend) : null;
}

/** A float32 view of `t`'s values in the wasm heap, or null where there is none (another backend, another dtype, data not on wasm). */
function heapView(backend: HeapBackend | null, t: Tensor): Float32Array | null {
  if (backend === null || t.dtype !== 'float32') return null;
  try {
    const view = backend.typedArrayFromHeap({ dataId: t.dataId, shape: t.shape, dtype: t.dtype });
    return view instanceof Float32Array && view.length === t.size ? view : null;
  } catch {
    return null; // the values live on another backend
  }
}

/**
 * The values of `t` as floats, synchronously: a view of the wasm heap where
 * possible (valid only until tfjs next allocates: copy it before that), else
 * `dataSync()` (which may be the backend's own array: do not write to it).
 */
export function readFloats(t: Tensor): FloatRows {
  return heapView(heapBackend(), t) ?? (t.dataSync() as Float32Array);
}

/**
 * Whether {@link readFloats} would read `t` in place; where it would not and
 * the backend keeps its values off the CPU (webgl, webgpu), `await t.data()`
 * is the better read.
 */
export function readsInPlace(t: Tensor): boolean {
  const name = tf.getBackend();
  return name === 'cpu' || heapView(heapBackend(), t) !== null;
}

/**
 * A new float32 tensor of `shape` whose values `fill` writes into `out`
 * (every element, in row-major order). On wasm `out` is the tensor's own heap
 * memory, so `fill` must not create or read tensors; elsewhere it is a new
 * array the tensor then takes.
 */
export function writeFloats(shape: number[], fill: (out: Float32Array) => void): Tensor {
  const backend = heapBackend();
  if (backend !== null) {
    const t = tf.zeros(shape, 'float32'); // its own heap memory, written below before anyone reads it
    const view = heapView(backend, t);
    if (view !== null) {
      try {
        fill(view);
      } catch (error) {
        t.dispose();
        throw error;
      }
      return t;
    }
    t.dispose();
  }
  const out = new Float32Array(shape.reduce((n, d) => n * d, 1));
  fill(out);
  return tf.tensor(out, shape, 'float32');
}
