/**
 * The one guard against oversized work: every public function that builds
 * tensors (or, for the explainers, arrays of numbers) whose size its
 * arguments decide estimates, from the shapes alone, what it would allocate,
 * and throws a RangeError before allocating anything when that is over a
 * limit. The wasm backend cannot recover from an allocation past its heap
 * (every later op fails, even on 2 x 2 tensors), and the cpu backend spends
 * minutes on tensors of billions of elements, so refusing first is the only
 * way to keep the backend usable and the error clear.
 *
 * The limits are rules, the same on every backend so that code that runs on
 * one runs on another:
 * - a tensor holds at most {@link MAX_TENSOR_ELEMENTS} = 2^28 elements
 *   (1 GiB of float32, a quarter of the WebAssembly heap);
 * - the tensors one call holds at once total at most {@link MAX_CALL_BYTES} =
 *   2^32 bytes (4 GiB, the size of the WebAssembly heap), counting, on the
 *   wasm backend, the bytes that live tensors already hold in that heap;
 * - a plain-number explainer returns at most {@link MAX_PLAIN_NUMBERS} = 2^24
 *   numbers (128 MiB of float64 in nested arrays).
 * Internal.
 */
import * as tf from '@tensorflow/tfjs';
import { formatShape } from './shape-error.js';

/** The most elements one tensor built by a call may hold: 2^28 (1 GiB of float32). */
export const MAX_TENSOR_ELEMENTS = 2 ** 28;
/** The most bytes the tensors of one call may hold at once: 2^32 (4 GiB, the WebAssembly heap). */
export const MAX_CALL_BYTES = 2 ** 32;
/** The most numbers a plain-number explainer may return: 2^24. */
export const MAX_PLAIN_NUMBERS = 2 ** 24;

/** What a call would allocate, estimated from its arguments' shapes. */
export interface Allocation {
  /** The largest tensor it would build, by name and shape, e.g. `['weights [batch, heads, seqLenQ, seqLenK]', [8, 1, 8192, 8192]]`. */
  largest: readonly [name: string, shape: readonly number[]];
  /** The bytes of all the tensors it would hold at once. */
  bytes: number;
}

/**
 * Throws a RangeError naming `fn`, its arguments' shapes (`inputs`, e.g.
 * `"query [8, 8192, 64] and key [8, 8192, 64]"`), what it would build, the
 * limits and what to use `instead`, when `allocation` is over a limit.
 */
export function assertAllocation(fn: string, inputs: string, allocation: Allocation, instead: string): void {
  const [name, shape] = allocation.largest;
  const elements = shape.reduce((a, b) => a * b, 1);
  const held = tf.getBackend() === 'wasm' ? tf.memory().numBytes : 0;
  if (elements <= MAX_TENSOR_ELEMENTS && allocation.bytes + held <= MAX_CALL_BYTES) return;
  const heldNote = held > 0 ? `, of which live tensors already hold ${formatBytes(held)} on the wasm backend` : '';
  throw new RangeError(
    `${fn}: ${inputs} would build ${name} = ${formatShape(shape)} (${elements} elements) and hold about ${formatBytes(allocation.bytes)} of tensors at once; ` +
      `the limits are ${MAX_TENSOR_ELEMENTS} (2^28) elements per tensor and 4 GiB per call (the WebAssembly heap${heldNote}). ${instead}`,
  );
}

/**
 * Throws a RangeError like {@link assertAllocation} when a plain-number
 * explainer would return more than {@link MAX_PLAIN_NUMBERS} numbers.
 */
export function assertPlainNumbers(fn: string, inputs: string, numbers: number, instead: string): void {
  if (numbers <= MAX_PLAIN_NUMBERS) return;
  throw new RangeError(
    `${fn}: ${inputs} would return ${numbers} numbers in nested arrays; the limit is ${MAX_PLAIN_NUMBERS} (2^24) numbers per call. ${instead}`,
  );
}

/** `name [shape]` pairs joined as `query [8, 8192, 64] and key [8, 8192, 64]`. */
export function describeInputs(...pairs: ReadonlyArray<readonly [name: string, shape: readonly number[]]>): string {
  const parts = pairs.map(([name, shape]) => `${name} ${formatShape(shape)}`);
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/**
 * The bytes scaled dot-product attention holds at once for weights of
 * `elements` entries, as float32 tensors of the weights' shape: 6 without a
 * mask (scores, scaled scores, their exponentials, the weights and the
 * temporaries between them, which live until the call returns), 11 with a
 * mask or `causal` (the masked scores, the mask and their fills), and 4 more
 * while a gradient is being recorded (the tape keeps them for the backward
 * pass). `extra` adds per-element bytes (e.g. additive attention's hidden
 * layer). Internal.
 */
export function attentionBytes(elements: number, masked: boolean, extraPerElement = 0): number {
  const tensors = (masked ? 11 : 6) + (tf.engine().isTapeOn() ? 4 : 0);
  return elements * (4 * tensors + extraPerElement);
}

/**
 * Guards a scoring function: scores `[..., seqLenQ, seqLenK]` in float32, three
 * tensors of them at once (the product, its per-slice parts, the result).
 * Internal.
 */
export function assertScoresAllocation(fn: string, query: tf.Tensor, key: tf.Tensor, dims: { batch: number; heads: number; seqLenQ: number; seqLenK: number; rank: number }): void {
  const { batch, heads, seqLenQ, seqLenK, rank } = dims;
  assertAllocation(
    fn,
    describeInputs(['query', query.shape], ['key', key.shape]),
    { largest: ['scores [..., seqLenQ, seqLenK]', [...query.shape.slice(0, rank - 2), seqLenQ, seqLenK]], bytes: 12 * batch * heads * seqLenQ * seqLenK },
    'Use memoryEfficientAttention, which never builds the scores, or score fewer queries per call.',
  );
}

/** Bytes as `12.0 GiB`, `256 MiB`, `3 KiB`. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
