import * as tf from '@tensorflow/tfjs';
import type { Tensor, Tensor4D } from '@tensorflow/tfjs';
import { assertInteger, assertOneOf } from './assert-option.js';
import { readAttentionOptions } from './attention-options.js';
import { checkAttentionInputs, fromRank4, toRank4 } from './attention-shapes.js';
import { batchedMatMul } from './batched-mat-mul.js';
import { fusedAttentionAvailable, fusedAttentionTensors } from './fused/fused-attention.js';
import { liftMask } from './lift-mask.js';
import { lowestScore } from './masked-softmax.js';

/** Options for {@link memoryEfficientAttention}. */
export interface MemoryEfficientAttentionOptions {
  /** Keys per chunk. Default 512. */
  chunkSize?: number;
  /** Queries per chunk. Default `chunkSize`. */
  queryChunkSize?: number;
  /** Which keys each query may attend to, as in {@link scaledDotProductAttention}. Default: all. */
  mask?: Tensor;
  /** Let query `i` see only keys `j <= i`; key chunks wholly in the future are skipped. A boolean (anything else is a TypeError); default `false`. */
  causal?: boolean;
  /** The factor applied to the scores, a finite number. Default `1 / sqrt(dHead)`. */
  scale?: number;
  /**
   * Which implementation runs. `'tfjs'`: chunked tfjs ops (differentiable).
   * `'fused'`: the fused WebAssembly SIMD kernel of {@link fusedAttention}
   * (no gradient; throws while one is being recorded or where the kernel is
   * unavailable; `chunkSize` and `queryChunkSize` do not apply). `'auto'`:
   * fused when no gradient is being recorded, the backend is cpu or wasm
   * (on a GPU backend tfjs is faster) and the kernel is available; tfjs
   * otherwise. Default `'auto'`.
   */
  kernel?: 'auto' | 'tfjs' | 'fused';
}

/** What {@link memoryEfficientAttention} returns. Both tensors belong to the caller. */
export interface MemoryEfficientAttentionResult<T extends Tensor = Tensor> {
  /** The attended values `[..., seqLenQ, dValue]`, the rank of the query. */
  output: T;
  /** `log(sum_j exp(score_j))` per query `[..., seqLenQ]`; `-Infinity`-like (the lowest float32; -32768 on a 16-bit backend) where fully masked. */
  logSumExp: Tensor;
}

/**
 * Exact attention without the `[seqLenQ, seqLenK]` weight matrix: the keys are
 * visited in chunks and the softmax is normalised online (Milakov and
 * Gimelshein, 2018; Rabe and Staats, 2021). For each query chunk it keeps a
 * running maximum `m`, a running sum `l` and an unnormalised output `acc`;
 * each key chunk rescales them by `exp(m_old - m_new)`. Only
 * `[batch, heads, queryChunkSize, chunkSize]` scores exist at once.
 *
 * Equal to {@link scaledDotProductAttention}'s output within float32 rounding.
 * It returns no weights (that is the point); differentiate through
 * {@link scaledDotProductAttention} instead when you need gradients at scale.
 * For inference on the cpu and wasm backends it runs the fused kernel of
 * {@link fusedAttention} (see `options.kernel`): the same results, several
 * times faster, with memory growing as `seqLen * dHead`.
 *
 * @param query - `[seqLenQ, dHead]`, `[batch, seqLenQ, dHead]` or `[batch, heads, seqLenQ, dHead]`.
 * @param key - Same rank and leading dims: `[..., seqLenK, dHead]`.
 * @param value - Same rank and leading dims: `[..., seqLenK, dValue]`.
 * @param options - `chunkSize` (default 512), `queryChunkSize` (default `chunkSize`), `mask`, `causal`, `scale`, `kernel` (default `'auto'`).
 * @returns `{ output [..., seqLenQ, dValue], logSumExp [..., seqLenQ] }`.
 * @example
 * const q = tf.randomNormal([1, 8, 4096, 64]) as tf.Tensor4D; // [batch, heads, seqLen, dHead]
 * const { output } = memoryEfficientAttention(q, q, q, { chunkSize: 1024, causal: true });
 */
export function memoryEfficientAttention<T extends Tensor>(
  query: T,
  key: T,
  value: T,
  options: MemoryEfficientAttentionOptions = {},
): MemoryEfficientAttentionResult<T> {
  const fn = 'memoryEfficientAttention';
  const dims = checkAttentionInputs(fn, query, key, value);
  const { mask: given, causal, scale } = readAttentionOptions(fn, options, dims.dHead);
  const chunkK = assertInteger(fn, 'options.chunkSize', options.chunkSize ?? 512, 1);
  const chunkQ = assertInteger(fn, 'options.queryChunkSize', options.queryChunkSize ?? chunkK, 1);
  const { batch, heads, seqLenQ, seqLenK, dValue } = dims;
  const fused = useFusedKernel(fn, assertOneOf(fn, 'options.kernel', options.kernel ?? 'auto', ['auto', 'tfjs', 'fused'] as const));
  const mask = given === undefined ? undefined : liftMask(fn, 'options.mask', given, [batch, heads, seqLenQ, seqLenK]);
  try {
    if (fused && seqLenQ > 0) {
      const { output, logSumExp } = fusedAttentionTensors(fn, query, key, value, dims, mask, causal, scale);
      return { output: output as T, logSumExp };
    }
    return tf.tidy(() => {
      if (seqLenQ === 0) {
        const empty = tf.zeros([batch, heads, 0, dValue]) as Tensor4D; // [batch, heads, 0, dValue]
        return { output: fromRank4(empty, dims.rank) as T, logSumExp: fromRank4(empty, dims.rank).sum(-1) };
      }
      const q4 = toRank4(query);
      const k4 = toRank4(key);
      const v4 = toRank4(value);
      const outputs: Tensor4D[] = [];
      const lses: Tensor4D[] = [];
      for (let q0 = 0; q0 < seqLenQ; q0 += chunkQ) {
        const qn = Math.min(chunkQ, seqLenQ - q0);
        const lowest = lowestScore();
        const { output, lse } = tf.tidy(() => {
          const qc = q4.slice([0, 0, q0, 0], [batch, heads, qn, dims.dHead]); // [batch, heads, qn, dHead]
          let m: Tensor4D = tf.fill([batch, heads, qn, 1], lowest) as Tensor4D; // running max
          let l: Tensor4D = tf.zeros([batch, heads, qn, 1]); // running sum of exp
          let acc: Tensor4D = tf.zeros([batch, heads, qn, dValue]); // running unnormalised output
          // With `causal`, keys after the chunk's last query are never seen.
          const kEnd = causal ? Math.min(seqLenK, q0 + qn) : seqLenK;
          for (let k0 = 0; k0 < kEnd; k0 += chunkK) {
            const kn = Math.min(chunkK, kEnd - k0);
            const next = tf.tidy(() => {
              const kc = k4.slice([0, 0, k0, 0], [batch, heads, kn, dims.dHead]); // [batch, heads, kn, dHead]
              const vc = v4.slice([0, 0, k0, 0], [batch, heads, kn, dValue]); // [batch, heads, kn, dValue]
              let s = tf.mul(batchedMatMul(qc, kc, true), scale) as Tensor4D; // [batch, heads, qn, kn]
              const keep = chunkKeep(mask, causal, q0, qn, k0, kn);
              if (keep) s = tf.where(tf.broadcastTo(keep, s.shape), s, tf.fill(s.shape, lowest)) as Tensor4D;
              const mNew = tf.maximum(m, tf.max(s, 3, true)) as Tensor4D; // [batch, heads, qn, 1]
              let p = tf.exp(tf.sub(s, mNew)); // [batch, heads, qn, kn]
              if (keep) p = tf.where(tf.broadcastTo(keep, p.shape), p, tf.zerosLike(p));
              const correction = tf.exp(tf.sub(m, mNew)); // [batch, heads, qn, 1]
              return {
                m: mNew,
                l: tf.add(tf.mul(l, correction), tf.sum(p, 3, true)) as Tensor4D,
                acc: tf.add(tf.mul(acc, correction), batchedMatMul(p, vc)) as Tensor4D, // [batch, heads, qn, dValue]
              };
            });
            tf.dispose([m, l, acc]);
            ({ m, l, acc } = next);
          }
          // l is 0 where a row saw no key (or only -Infinity scores); a NaN l keeps its row NaN.
          const empty = tf.equal(l, 0);
          const safe = tf.where(empty, tf.onesLike(l), l);
          const lse = tf.where(empty, tf.fill(l.shape, lowest), tf.add(m, tf.log(safe))) as Tensor4D;
          return { output: tf.div(acc, safe) as Tensor4D, lse };
        });
        outputs.push(output);
        lses.push(lse);
      }
      const output = outputs.length === 1 ? outputs[0]! : (tf.concat(outputs, 2) as Tensor4D); // [batch, heads, seqLenQ, dValue]
      const lse = lses.length === 1 ? lses[0]! : (tf.concat(lses, 2) as Tensor4D); // [batch, heads, seqLenQ, 1]
      const lseRank4 = lse.reshape([batch, heads, seqLenQ, 1]) as Tensor4D;
      return {
        output: fromRank4(output, dims.rank) as T,
        logSumExp: fromRank4(lseRank4, dims.rank).squeeze([dims.rank - 1]),
      };
    });
  } finally {
    mask?.dispose();
  }
}

/** Whether to run the fused kernel, from `options.kernel` and the engine's state. */
function useFusedKernel(fn: string, kernel: 'auto' | 'tfjs' | 'fused'): boolean {
  if (kernel === 'tfjs') return false;
  // The tape is on inside tf.grad and its kin, where the output must be differentiable.
  const recording = tf.engine().isTapeOn();
  if (kernel === 'fused') {
    if (recording) throw new Error(`${fn}: options.kernel 'fused' has no gradient, but a gradient is being recorded (use 'auto' or 'tfjs')`);
    return true; // fusedAttentionTensors throws where the kernel is unavailable
  }
  const backend = tf.getBackend();
  return !recording && (backend === 'cpu' || backend === 'wasm') && fusedAttentionAvailable();
}

/** The keep-mask of one (query chunk, key chunk) tile, or null when every position is kept. */
function chunkKeep(mask: Tensor4D | undefined, causal: boolean, q0: number, qn: number, k0: number, kn: number): Tensor4D | null {
  let keep: Tensor4D | null = null;
  if (mask) {
    const [mb, mh, mq, mk] = mask.shape;
    keep = mask.slice([0, 0, mq === 1 ? 0 : q0, mk === 1 ? 0 : k0], [mb, mh, mq === 1 ? 1 : qn, mk === 1 ? 1 : kn]);
  }
  // A tile wholly on or below the diagonal needs no causal mask.
  if (causal && k0 + kn - 1 > q0) {
    const rows = tf.range(q0, q0 + qn, 1, 'int32').reshape([1, 1, qn, 1]); // [1, 1, qn, 1]
    const cols = tf.range(k0, k0 + kn, 1, 'int32').reshape([1, 1, 1, kn]); // [1, 1, 1, kn]
    const lower = tf.lessEqual(cols, rows) as Tensor4D;
    keep = keep ? (tf.logicalAnd(keep, lower) as Tensor4D) : lower;
  }
  return keep;
}
