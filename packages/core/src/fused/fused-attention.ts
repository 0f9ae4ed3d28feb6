import * as tf from '@tensorflow/tfjs';
import type { Tensor, Tensor4D } from '@tensorflow/tfjs';
import { assertAllocation, describeInputs } from '../assert-allocation.js';
import { assertBoolean, assertInteger } from '../assert-option.js';
import { readAttentionOptions } from '../attention-options.js';
import { checkAttentionInputs, fromRank4, type AttentionDims } from '../attention-shapes.js';
import { liftMask } from '../lift-mask.js';
import { loadAttentionKernel, runAttentionKernel, type AttentionKernel, type FloatRows, type KernelMask } from './attention-kernel.js';
import { defaultThreadCount, runAttentionKernelParallel } from './attention-pool.js';
import { readFloats, readsInPlace, writeFloats } from './tensor-io.js';

/** Options for {@link fusedAttention}. */
export interface FusedAttentionOptions {
  /** Which keys each query may attend to, as in {@link scaledDotProductAttention}; nonzero = attend. Default: all. */
  mask?: Tensor;
  /** Let query `i` see only keys `j <= i`. A boolean (anything else is a TypeError); default `false`. */
  causal?: boolean;
  /** The factor applied to the scores, a finite number. Default `1 / sqrt(dHead)`. */
  scale?: number;
}

/**
 * Whether {@link fusedAttention} can run here: the engine has WebAssembly SIMD
 * and the kernel is compiled. Node compiles it on the first call; on a browser
 * main thread, which refuses to compile synchronously, the first call starts an
 * asynchronous compile and returns `false` until it is done.
 *
 * @returns `true` when {@link fusedAttention} will not throw for want of a kernel.
 * @example
 * const out = fusedAttentionAvailable() ? fusedAttention(q, k, v) : scaledDotProductAttention(q, k, v).output;
 */
export function fusedAttentionAvailable(): boolean {
  return loadAttentionKernel() !== null;
}

/**
 * Attention in one fused WebAssembly SIMD kernel, for inference: the output of
 * {@link scaledDotProductAttention} (within 1e-5) without the
 * `[seqLenQ, seqLenK]` weight matrix. Keys are visited in tiles with an online
 * softmax (running maximum and sum, as in flash attention), so memory grows
 * with `seqLen * dHead`, not `seqLen²`. Single-threaded, on the CPU, whatever
 * the tfjs backend: on wasm the kernel reads the inputs from the backend's
 * memory and writes the output there, with no copies in between; elsewhere
 * inputs are read with `dataSync()`.
 *
 * It has no gradient: called while one is being recorded (inside `tf.grad`,
 * `tf.variableGrads`, `optimizer.minimize`) it throws before allocating
 * anything; train with {@link memoryEfficientAttention}, which runs this
 * kernel forward and has a memory-efficient backward pass. Non-finite scores mean what they mean in
 * {@link scaledDotProductAttention}: fully masked query rows and rows whose
 * kept scores are all `-Infinity` give zeros; a kept NaN or `+Infinity` makes
 * its row NaN.
 *
 * @param query - `[seqLenQ, dHead]`, `[batch, seqLenQ, dHead]` or `[batch, heads, seqLenQ, dHead]`.
 * @param key - Same rank and leading dims: `[..., seqLenK, dHead]`.
 * @param value - Same rank and leading dims: `[..., seqLenK, dValue]`.
 * @param options - `mask`, `causal` (default `false`), `scale` (default `1 / sqrt(dHead)`).
 * @returns The attended values `[..., seqLenQ, dValue]`, float32, the rank of the query.
 * @throws Error where {@link fusedAttentionAvailable} is `false`, or while a gradient is being recorded.
 * @throws RangeError before allocating anything when the call would build a tensor of more than 2^28 elements or hold more than 4 GiB of tensors at once (the limits of every call here; see the README).
 * @example
 * const q = tf.randomNormal([1, 8, 1024, 64]) as tf.Tensor4D; // [batch, heads, seqLen, dHead]
 * const out = fusedAttention(q, q, q, { causal: true }); // [1, 8, 1024, 64]
 */
export function fusedAttention<T extends Tensor>(query: T, key: T, value: T, options: FusedAttentionOptions = {}): T {
  const fn = 'fusedAttention';
  refuseGradient(fn);
  const dims = checkAttentionInputs(fn, query, key, value);
  const { mask: given, causal, scale } = readAttentionOptions(fn, options, dims.dHead);
  assertFusedAllocation(fn, query, key, dims, given);
  const mask = given === undefined ? undefined : liftMask(fn, 'options.mask', given, [dims.batch, dims.heads, dims.seqLenQ, dims.seqLenK]);
  try {
    const { output, logSumExp } = fusedAttentionTensors(fn, query, key, value, dims, mask, causal, scale);
    logSumExp.dispose();
    return output as T;
  } finally {
    mask?.dispose();
  }
}

/**
 * The fused kernel on validated inputs: `output` with the query's rank and
 * `logSumExp` `[..., seqLenQ]`. `mask` is a lifted rank-4 keep-mask (the
 * caller disposes it). Internal: shared with memoryEfficientAttention.
 */
export function fusedAttentionTensors(
  fn: string,
  query: Tensor,
  key: Tensor,
  value: Tensor,
  dims: AttentionDims,
  mask: Tensor4D | undefined,
  causal: boolean,
  scale: number,
): { output: Tensor; logSumExp: Tensor } {
  const kernel = requireKernel(fn);
  const { batch, heads, seqLenQ, seqLenK, dHead, dValue } = dims;
  let kernelMask: KernelMask | undefined;
  if (mask) kernelMask = { data: mask.dataSync() as Uint8Array, shape: mask.shape };
  const logSumExp = new Float32Array(batch * heads * seqLenQ);
  return tf.tidy(() => {
    // The output tensor first: the inputs are read in place (readFloats) only after
    // the last tfjs allocation, and the kernel writes straight into the output.
    const out4 = writeFloats([batch, heads, seqLenQ, dValue], (output) => {
      const inputs = { query: readFloats(query), key: readFloats(key), value: readFloats(value) };
      runAttentionKernel(kernel.exports, { ...inputs, batch, heads, seqLenQ, seqLenK, dHead, dValue, scale, causal, mask: kernelMask }, 0, { output, logSumExp });
    }) as Tensor4D; // [batch, heads, seqLenQ, dValue]
    const lse4 = tf.tensor4d(logSumExp, [batch, heads, seqLenQ, 1]); // [batch, heads, seqLenQ, 1]
    return {
      output: fromRank4(out4, dims.rank),
      logSumExp: fromRank4(lse4, dims.rank).squeeze([dims.rank - 1]),
    };
  });
}

/**
 * Guards a fused call: the tensors it makes are the output and logSumExp
 * `[batch, heads, seqLenQ, dValue + 1]` and the mask's bool copy, each read
 * or written once more outside tfjs. (The kernel's own working memory, one
 * head at a time, has its own 2 GiB check.)
 */
function assertFusedAllocation(fn: string, query: Tensor, key: Tensor, dims: AttentionDims, mask: unknown): void {
  const { batch, heads, seqLenQ, dValue } = dims;
  const output = [batch, heads, seqLenQ, dValue];
  const maskShape = mask instanceof tf.Tensor ? mask.shape : [];
  const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
  assertAllocation(
    fn,
    describeInputs(['query', query.shape], ['key', key.shape]),
    {
      largest: size(maskShape) > size(output) ? ['options.mask', maskShape] : ['output [batch, heads, seqLenQ, dValue]', output],
      bytes: 2 * (4 * batch * heads * seqLenQ * (dValue + 1) + size(maskShape)),
    },
    'Attend to fewer queries or heads per call (slice query along seqLenQ or heads), or pass causal: true instead of a full causal mask.',
  );
}

/**
 * Throws while a gradient is being recorded (inside `tf.grad`, `tf.grads`,
 * `tf.variableGrads` or `optimizer.minimize`): the kernel's output has no
 * gradient, and tfjs would only say later, in general terms, that none can be
 * computed. Nothing is allocated before the check.
 */
function refuseGradient(fn: string): void {
  if (tf.engine().isTapeOn()) {
    throw new Error(
      `${fn}: the fused kernel has no gradient, but a gradient is being recorded (tf.grad, tf.variableGrads or optimizer.minimize); ` +
        'use memoryEfficientAttention(query, key, value, options), which is differentiable and runs the same kernel forward',
    );
  }
}

/** The kernel, or an error that says it is missing here. */
function requireKernel(fn: string): AttentionKernel {
  const kernel = loadAttentionKernel();
  if (kernel === null) {
    throw new Error(`${fn}: the fused WebAssembly SIMD kernel is not available here (check fusedAttentionAvailable())`);
  }
  return kernel;
}

/** Options for {@link fusedAttentionParallel}. */
export interface FusedAttentionParallelOptions extends FusedAttentionOptions {
  /**
   * How many threads to use. Default: the engine's count (Node's
   * `os.availableParallelism()`, a browser's `navigator.hardwareConcurrency`).
   * Where threads share memory (Node, a cross-origin-isolated page) a call
   * uses at most one per piece of a few hundred query rows; elsewhere at most
   * one per (batch, head) slice.
   */
  threads?: number;
  /**
   * Let the calling thread take pieces too, with `threads - 1` workers helping
   * it, as onnxruntime-node's `session.run` does: one thread fewer to wake,
   * but the caller (its event loop, a page's main thread) is blocked until the
   * work is done. Only where threads share memory (Node, a cross-origin-isolated
   * page); elsewhere ignored. Default `false`.
   */
  callingThread?: boolean;
}

/**
 * {@link fusedAttention} on several threads: the (batch, head) slices are
 * split into runs, one per thread (worker_threads in Node, Web Workers in a
 * browser), each with its own instance of the kernel. The result is the one
 * {@link fusedAttention} gives, to the bit: every slice runs the same code.
 * Inputs are read in place on wasm and cpu and with `data()` elsewhere, so
 * the tfjs backend may be any; the output is a new float32 tensor with no
 * gradient. Each thread keeps the buffer its last job came back in, so calls
 * of the same size allocate no new memory for the copies.
 *
 * The threads stay alive between calls (an idle one does not keep Node
 * running); {@link terminateFusedAttentionThreads} stops them. In a page with
 * a Content-Security-Policy, `worker-src` must allow `blob:`.
 *
 * @param query - `[seqLenQ, dHead]`, `[batch, seqLenQ, dHead]` or `[batch, heads, seqLenQ, dHead]`.
 * @param key - Same rank and leading dims: `[..., seqLenK, dHead]`.
 * @param value - Same rank and leading dims: `[..., seqLenK, dValue]`.
 * @param options - `mask`, `causal`, `scale` as for {@link fusedAttention}; `threads`.
 * @returns The attended values `[..., seqLenQ, dValue]`.
 * @throws Error where {@link fusedAttentionAvailable} is `false`; RangeError for a bad `threads`.
 * @throws RangeError before allocating anything when the call would build a tensor of more than 2^28 elements or hold more than 4 GiB of tensors at once (the limits of every call here; see the README).
 * @example
 * const q = tf.randomNormal([1, 8, 1024, 64]) as tf.Tensor4D;
 * const out = await fusedAttentionParallel(q, q, q, { threads: 2 }); // [1, 8, 1024, 64]
 */
export async function fusedAttentionParallel<T extends Tensor>(query: T, key: T, value: T, options: FusedAttentionParallelOptions = {}): Promise<T> {
  const fn = 'fusedAttentionParallel';
  refuseGradient(fn);
  const dims = checkAttentionInputs(fn, query, key, value);
  const { mask: given, causal, scale } = readAttentionOptions(fn, options, dims.dHead);
  const threads = options.threads == null ? undefined : assertInteger(fn, 'options.threads', options.threads, 1);
  const callingThread = assertBoolean(fn, 'options.callingThread', options.callingThread ?? false);
  assertFusedAllocation(fn, query, key, dims, given);
  const kernel = requireKernel(fn);
  const mask = given === undefined ? undefined : liftMask(fn, 'options.mask', given, [dims.batch, dims.heads, dims.seqLenQ, dims.seqLenK]);
  let kernelMask: KernelMask | undefined;
  try {
    if (mask) kernelMask = { data: (await mask.data()) as Uint8Array, shape: mask.shape };
  } finally {
    mask?.dispose();
  }
  const count = threads ?? (await defaultThreadCount());
  // Read in place where the backend allows it (wasm, cpu), else await a download.
  // From here to the pool's copies nothing awaits, so in-place views stay valid.
  const read = async (t: Tensor) => (readsInPlace(t) ? null : ((await t.data()) as Float32Array));
  const downloaded = await Promise.all([read(query), read(key), read(value)]);
  const [q, k, v] = [query, key, value].map((t, i) => downloaded[i] ?? readFloats(t)) as [FloatRows, FloatRows, FloatRows];
  const { batch, heads, seqLenQ, seqLenK, dHead, dValue } = dims;
  const results = await runAttentionKernelParallel(
    kernel,
    { query: q, key: k, value: v, batch, heads, seqLenQ, seqLenK, dHead, dValue, scale, causal, mask: kernelMask },
    count,
    undefined,
    callingThread,
  );
  return tf.tidy(() => fromRank4(writeFloats([batch, heads, seqLenQ, dValue], (output) => results.copyInto(output)) as Tensor4D, dims.rank) as T);
}
