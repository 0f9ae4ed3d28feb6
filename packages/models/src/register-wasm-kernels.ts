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
 * `Tile` in plain JS for any backend that reads synchronously: the output is
 * built axis by axis from the innermost, each step copying whole contiguous
 * blocks, so the cost is that of copying the output once per tiled axis.
 * tfjs-wasm 4.22 tiles element by element through index arithmetic (about
 * 28 ms for a [1, 1, 64, 64] mask tiled to [16, 4, 64, 64] on this 2-core
 * machine), and `tf.where` and `tf.broadcastTo` tile every broadcast operand.
 * Internal; exported for tests.
 */
export function tileKernel(args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const backend = args.backend as WasmLikeBackend;
  const x = args.inputs['x'];
  const reps = args.attrs?.['reps'] as number[] | undefined;
  if (x == null) throw new TypeError('Tile: needs input x');
  if (!Array.isArray(reps) || reps.length !== x.shape.length || !reps.every((r) => Number.isInteger(r) && r >= 0)) {
    throw new RangeError(`Tile: attr 'reps' must list one integer >= 0 per axis of x [${x.shape.join(', ')}], got ${JSON.stringify(reps)}`);
  }
  if (x.dtype === 'string' || x.dtype === 'complex64') throw new TypeError(`Tile: x must be numeric or bool, got ${x.dtype}`);
  const source = backend.readSync(x.dataId) as Float32Array | Int32Array | Uint8Array;
  const outShape = x.shape.map((d, i) => d * reps[i]!);
  const outSize = outShape.reduce((a, b) => a * b, 1);
  const make = (n: number) => (x.dtype === 'float32' ? new Float32Array(n) : x.dtype === 'int32' ? new Int32Array(n) : new Uint8Array(n));
  if (outSize === 0) return backend.makeOutput(outShape, x.dtype, undefined, make(0));
  // `data` holds a tensor whose axes after `axis` are already tiled: shape x.shape[0..axis] ++ outShape[axis+1..].
  let data: Float32Array | Int32Array | Uint8Array = source;
  let inner = 1; // elements per index of the axis being tiled, in the current data
  for (let axis = x.shape.length - 1; axis >= 0; axis--) {
    const block = x.shape[axis]! * inner; // one run of this axis, contiguous
    const times = reps[axis]!;
    if (times !== 1) {
      const outer = data.length / block;
      const next = make(data.length * times);
      for (let o = 0; o < outer; o++) {
        const at = o * times * block;
        if (block === 1) next.fill(data[o]!, at, at + times); // e.g. [rows, 1] tiled along its last axis
        else if (block < 16) for (let j = 0; j < times * block; j++) next[at + j] = data[o * block + (j % block)]!;
        else {
          const run = data.subarray(o * block, (o + 1) * block);
          for (let t = 0; t < times; t++) next.set(run, at + t * block);
        }
      }
      data = next;
    }
    inner = block * times;
  }
  const heap = (backend as Partial<HeapBackend>).typedArrayFromHeap;
  if (typeof heap !== 'function') return backend.makeOutput(outShape, x.dtype, undefined, data === source ? data.slice() : data);
  // On wasm, write straight into the output's memory (a view taken after the
  // allocation, which may have grown the heap) instead of copying once more.
  const out = backend.makeOutput(outShape, x.dtype);
  heap.call(backend, out).set(data);
  return out;
}

/**
 * `Unpack` (`tf.unstack`) for the wasm backend: each output is a run of
 * contiguous blocks of the input, copied with `TypedArray.set` straight into
 * the outputs' memory. tfjs-wasm 4.22 cuts every output with a separate slice
 * kernel, and in a training step of an LSTM over 30 steps its Unpacks took
 * longer than the recurrence itself. Exact. Internal; exported for tests.
 */
export function unpackKernel(args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo[] {
  const backend = args.backend as WasmLikeBackend & HeapBackend;
  const x = args.inputs['value'];
  if (x == null) throw new TypeError('Unpack: needs input value');
  const rank = x.shape.length;
  const raw = Number(args.attrs?.['axis'] ?? 0);
  const axis = raw < 0 ? raw + rank : raw;
  if (!Number.isInteger(axis) || axis < 0 || axis >= rank) throw new RangeError(`Unpack: attr 'axis' must be an axis of value [${x.shape.join(', ')}], got ${String(args.attrs?.['axis'])}`);
  if (x.dtype === 'string' || x.dtype === 'complex64') throw new TypeError(`Unpack: value must be numeric or bool, got ${x.dtype}`);
  const count = x.shape[axis]!;
  const outShape = x.shape.filter((_, i) => i !== axis);
  const outer = x.shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const inner = x.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const outs = Array.from({ length: count }, () => backend.makeOutput(outShape, x.dtype));
  // Views after every allocation: an allocation may grow (and so move) the heap.
  const source = backend.typedArrayFromHeap(x);
  for (let i = 0; i < count; i++) {
    const target = backend.typedArrayFromHeap(outs[i]!);
    for (let o = 0; o < outer; o++) {
      const from = (o * count + i) * inner;
      target.set(source.subarray(from, from + inner), o * inner);
    }
  }
  return outs;
}

/** The wasm backend's view of a tensor's memory. */
interface HeapBackend {
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
}

/** The kernel functions this module registers, so a second call does not replace them again. */
const ours = new WeakSet<tf.KernelFunc>([tileKernel as tf.KernelFunc, unpackKernel as unknown as tf.KernelFunc]);

/**
 * Wraps the wasm `BatchMatMul` so that a transposed operand is transposed
 * explicitly first (wasm's `Transpose` kernel) and the product runs with both
 * flags false. tfjs-wasm 4.22 sends only untransposed products to XNNPACK:
 * `matMul(dy, w, false, true)` of [1024, 128] by [64, 128] took 12 ms against
 * 1.2 ms with the explicit transpose, and every matMul gradient is such a
 * product, so this speeds up training of any model several times. The sums
 * are the same; only their order of accumulation may differ.
 */
function untransposingMatMul(original: tf.KernelConfig): tf.KernelFunc {
  const transpose = tf.getKernel('Transpose', 'wasm');
  const wrapped: tf.KernelFunc = (args) => {
    const attrs = (args.attrs ?? {}) as { transposeA?: boolean; transposeB?: boolean };
    if ((!attrs.transposeA && !attrs.transposeB) || transpose == null) return original.kernelFunc(args);
    const backend = args.backend as { disposeData(id: tf.DataId): void };
    const swapped = (t: tf.TensorInfo): tf.TensorInfo => {
      const perm = t.shape.map((_, i) => i);
      [perm[perm.length - 2], perm[perm.length - 1]] = [perm[perm.length - 1]!, perm[perm.length - 2]!];
      return transpose.kernelFunc({ inputs: { x: t }, backend: args.backend, attrs: { perm } }) as tf.TensorInfo;
    };
    const a = args.inputs['a']!;
    const b = args.inputs['b']!;
    const ta = attrs.transposeA ? swapped(a) : a;
    const tb = attrs.transposeB ? swapped(b) : b;
    try {
      return original.kernelFunc({ ...args, inputs: { ...args.inputs, a: ta, b: tb }, attrs: { ...args.attrs, transposeA: false, transposeB: false } });
    } finally {
      if (ta !== a) backend.disposeData(ta.dataId);
      if (tb !== b) backend.disposeData(tb.dataId);
    }
  };
  ours.add(wrapped);
  return wrapped;
}

/**
 * Registers the kernels our layers need that the wasm backend lacks, and
 * replaces two that are slow there:
 * - `UnsortedSegmentSum` (missing), which the gradient of an embedding lookup
 *   (`gather`) calls, so embedding models train on wasm.
 * - `Tile`, rewritten to copy whole blocks of memory instead of single elements.
 * - `BatchMatMul`, wrapped to transpose operands explicitly so every product
 *   reaches XNNPACK: a transposed operand otherwise takes a path about 10x slower.
 * - `Unpack` (`tf.unstack`, and the gradient of `tf.stack`), rewritten to copy
 *   contiguous blocks: recurrent layers unstack their inputs every step.
 *
 * Results are unchanged (Tile and Unpack exactly; matMul up to float rounding).
 * `train`, the model factories and the pretrained loaders call it for you
 * once `@tensorflow/tfjs-backend-wasm` is loaded; call it yourself only to
 * train a model of your own with `model.fit` on wasm. It works after
 * importing `@tensorflow/tfjs-backend-wasm` (its kernels must exist to be
 * replaced), before or after `tf.setBackend('wasm')`. Safe to call any number
 * of times.
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
  const replace = (name: string, make: (original: tf.KernelConfig) => tf.KernelFunc) => {
    const original = tf.getKernel(name, 'wasm');
    if (original == null || ours.has(original.kernelFunc)) return; // wasm not imported yet, or done already
    // Keep the original's setupFunc: the backend runs it when it starts, and the original kernel needs it.
    const config: tf.KernelConfig = { ...original, kernelFunc: make(original) };
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel(config);
    added.push(name);
  };
  replace('Tile', () => tileKernel as tf.KernelFunc);
  replace('BatchMatMul', untransposingMatMul);
  replace('Unpack', () => unpackKernel as unknown as tf.KernelFunc);
  return added;
}

/**
 * Calls {@link registerWasmKernels} when `@tensorflow/tfjs-backend-wasm` has
 * been loaded, else does nothing. `train` and every model factory call it
 * first, so an app on wasm gets the kernels without asking; nothing happens at
 * import, so the package stays free of side effects. Internal.
 */
export function ensureWasmKernels(): void {
  if (tf.findBackendFactory('wasm') != null) registerWasmKernels();
}
