import * as tf from '@tensorflow/tfjs';

/** The part of the wasm backend our kernels use: synchronous reads and outputs written into its heap. */
interface WasmLikeBackend {
  readSync(dataId: tf.DataId): tf.backend_util.BackendValues;
  makeOutput(shape: number[], dtype: tf.DataType, memoryOffset?: number, values?: tf.backend_util.BackendValues): tf.TensorInfo;
}

/**
 * `UnsortedSegmentSum` for any backend that reads synchronously, in plain JS:
 * `out[s, ...] = sum of x[i, ...] over i with segmentIds[i] = s`, ids outside
 * `[0, numSegments)` dropped (as TensorFlow). `x [...idsShape, ...inner]`
 * gives `[numSegments, ...inner]`. Internal; exported for tests.
 */
export function unsortedSegmentSumKernel(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs?: tf.NamedAttrMap;
}): tf.TensorInfo {
  const backend = args.backend as WasmLikeBackend;
  const x = args.inputs['x'];
  const ids = args.inputs['segmentIds'];
  const numSegments = Number(args.attrs?.['numSegments']);
  if (x == null || ids == null) throw new TypeError('UnsortedSegmentSum: needs inputs x and segmentIds');
  if (!Number.isInteger(numSegments) || numSegments < 0) {
    throw new RangeError(`UnsortedSegmentSum: attr 'numSegments' must be an integer >= 0, got ${String(args.attrs?.['numSegments'])}`);
  }
  if (x.dtype !== 'float32' && x.dtype !== 'int32') {
    throw new TypeError(`UnsortedSegmentSum: x must be float32 or int32 on wasm, got ${x.dtype}`);
  }
  const idsShape = ids.shape;
  const fits = idsShape.length <= x.shape.length && idsShape.every((d, i) => d === x.shape[i]);
  if (!fits) {
    throw new RangeError(`UnsortedSegmentSum: segmentIds [${idsShape.join(', ')}] must be a prefix of x's shape [${x.shape.join(', ')}]`);
  }
  const innerShape = x.shape.slice(idsShape.length);
  const inner = innerShape.reduce((a, b) => a * b, 1);
  const xs = backend.readSync(x.dataId) as Float32Array | Int32Array;
  const segments = backend.readSync(ids.dataId) as Int32Array | Float32Array;
  const out = x.dtype === 'float32' ? new Float32Array(numSegments * inner) : new Int32Array(numSegments * inner);
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i]!;
    if (s < 0 || s >= numSegments) continue;
    const from = i * inner;
    const to = s * inner;
    for (let j = 0; j < inner; j++) out[to + j]! += xs[from + j]!;
  }
  return backend.makeOutput([numSegments, ...innerShape], x.dtype, undefined, out);
}

/**
 * Registers the kernels our layers need that the wasm backend lacks:
 * `UnsortedSegmentSum`, which the gradient of an embedding lookup (`gather`)
 * calls, so embedding models train on wasm. Safe to call any number of times,
 * before or after the wasm backend is loaded; a kernel the backend already has
 * is left alone.
 *
 * @returns The names of the kernels registered by this call (empty when all were there).
 * @example
 * import '@tensorflow/tfjs-backend-wasm';
 * registerWasmKernels();
 * await tf.setBackend('wasm'); // embedding models can now be trained
 */
export function registerWasmKernels(): string[] {
  const added: string[] = [];
  if (tf.getKernel('UnsortedSegmentSum', 'wasm') == null) {
    tf.registerKernel({ kernelName: 'UnsortedSegmentSum', backendName: 'wasm', kernelFunc: unsortedSegmentSumKernel as tf.KernelFunc });
    added.push('UnsortedSegmentSum');
  }
  return added;
}
