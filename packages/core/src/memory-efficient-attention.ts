import * as tf from '@tensorflow/tfjs';
import type { Tensor, Tensor4D } from '@tensorflow/tfjs';
import { assertAllocation, describeInputs } from './assert-allocation.js';
import { assertInteger, assertOneOf } from './assert-option.js';
import { readAttentionOptions } from './attention-options.js';
import { type AttentionDims, checkAttentionInputs, fromRank4, toRank4 } from './attention-shapes.js';
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
   * Which implementation runs the forward pass. `'tfjs'`: chunked tfjs ops.
   * `'fused'`: the fused WebAssembly SIMD kernel of {@link fusedAttention}
   * (throws where the kernel is unavailable; `chunkSize` and
   * `queryChunkSize` do not apply to the forward pass). `'auto'`: fused
   * where the backend is cpu or wasm (on a GPU backend tfjs is faster) and
   * the kernel is available; tfjs otherwise. Either way the result is
   * differentiable: the backward pass is chunked tfjs ops. Default `'auto'`.
   */
  kernel?: 'auto' | 'tfjs' | 'fused';
}

/** What {@link memoryEfficientAttention} returns. Both tensors belong to the caller. */
export interface MemoryEfficientAttentionResult<T extends Tensor = Tensor> {
  /** The attended values `[..., seqLenQ, dValue]`, the rank of the query. */
  output: T;
  /**
   * `log(sum_j exp(score_j))` per query `[..., seqLenQ]`; `-Infinity`-like (the lowest float32; -32768 on a
   * 16-bit backend) where fully masked or where every kept score is `-Infinity`; NaN where the output row is NaN.
   */
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
 * It returns no weights (that is the point). It is differentiable (`tf.grad`,
 * `tf.variableGrads`, `optimizer.minimize`) with respect to query, key and
 * value, through `output` and `logSumExp` alike, and its gradients are those
 * of {@link scaledDotProductAttention} within float32 rounding: the backward
 * pass rebuilds each tile's weights from `logSumExp` (as FlashAttention does),
 * so training holds no `[seqLenQ, seqLenK]` tensor either. The mask gets no
 * gradient. On the cpu and wasm backends the forward pass runs the fused
 * kernel of {@link fusedAttention} (see `options.kernel`): the same results,
 * several times faster, with memory growing as `seqLen * dHead`.
 *
 * @param query - `[seqLenQ, dHead]`, `[batch, seqLenQ, dHead]` or `[batch, heads, seqLenQ, dHead]`.
 * @param key - Same rank and leading dims: `[..., seqLenK, dHead]`.
 * @param value - Same rank and leading dims: `[..., seqLenK, dValue]`.
 * @param options - `chunkSize` (default 512), `queryChunkSize` (default `chunkSize`), `mask`, `causal`, `scale`, `kernel` (default `'auto'`).
 * @returns `{ output [..., seqLenQ, dValue], logSumExp [..., seqLenQ] }`.
 * @throws RangeError before allocating anything when the call would build a tensor of more than 2^28 elements or hold more than 4 GiB of tensors at once (the limits of every call here; see the README).
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
  const kernel = assertOneOf(fn, 'options.kernel', options.kernel ?? 'auto', ['auto', 'tfjs', 'fused'] as const);
  const { batch, heads, seqLenQ, seqLenK, dValue, rank } = dims;
  const fused = useFusedKernel(kernel);
  assertEfficientAllocation(fn, query, key, dims, given, fused, chunkQ, chunkK);
  const mask = given === undefined ? undefined : liftMask(fn, 'options.mask', given, [batch, heads, seqLenQ, seqLenK]);
  const plan: ChunkPlan = { dims: { ...dims, rank: 4 }, mask, causal, scale, chunkQ, chunkK };
  try {
    return tf.tidy(() => {
      if (seqLenQ === 0) {
        const empty = tf.zeros([batch, heads, 0, dValue]) as Tensor4D; // [batch, heads, 0, dValue]
        return { output: fromRank4(empty, rank) as T, logSumExp: fromRank4(empty, rank).sum(-1) };
      }
      const [q4, k4, v4] = [toRank4(query), toRank4(key), toRank4(value)];
      const forward = (q: Tensor4D, k: Tensor4D, v: Tensor4D): Forward =>
        fused ? fusedForward(fn, q, k, v, plan) : chunkedForward(q, k, v, plan);
      let output: Tensor4D;
      let lse: Tensor4D;
      if (tf.engine().isTapeOn()) {
        // A gradient is being recorded: one custom op whose backward pass
        // recomputes the scores chunk by chunk from logSumExp.
        const packed = differentiable(forward, plan)(q4, k4, v4); // [batch, heads, seqLenQ, dValue + 1]
        output = packed.slice([0, 0, 0, 0], [batch, heads, seqLenQ, dValue]); // [batch, heads, seqLenQ, dValue]
        lse = packed.slice([0, 0, 0, dValue], [batch, heads, seqLenQ, 1]); // [batch, heads, seqLenQ, 1]
      } else {
        ({ output, lse } = forward(q4, k4, v4));
      }
      return { output: fromRank4(output, rank) as T, logSumExp: fromRank4(lse, rank).squeeze([rank - 1]) };
    });
  } finally {
    mask?.dispose();
  }
}

/**
 * Guards one call: the tiles of the chunked tfjs passes (the forward pass
 * unless the fused kernel runs it, and the backward pass), about 16 float32
 * tensors of `[batch, heads, queryChunkSize, chunkSize]`; the output and
 * logSumExp, with their copies while chunks are joined (and the saved inputs
 * and gradients while one is recorded); the mask's bool copy.
 */
function assertEfficientAllocation(
  fn: string, query: Tensor, key: Tensor, dims: AttentionDims, mask: unknown, fused: boolean, chunkQ: number, chunkK: number,
): void {
  const { batch, heads, seqLenQ, seqLenK, dHead, dValue } = dims;
  const recording = tf.engine().isTapeOn();
  const tiles = !fused || recording;
  const tile = [batch, heads, Math.min(chunkQ, seqLenQ), Math.min(chunkK, seqLenK)];
  const output = [batch, heads, seqLenQ, dValue];
  const maskShape = mask instanceof tf.Tensor ? mask.shape : [];
  const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
  const candidates: Array<[string, readonly number[]]> = [['output [batch, heads, seqLenQ, dValue]', output], ['options.mask', maskShape]];
  if (tiles) candidates.push(['a tile of scores [batch, heads, queryChunkSize, chunkSize]', tile]);
  const largest = candidates.reduce((a, b) => (size(b[1]) > size(a[1]) ? b : a));
  const bytes =
    (tiles ? 4 * 16 * size(tile) : 0) +
    size(maskShape) * (recording ? 2 : 1) +
    4 * batch * heads * (seqLenQ * (dHead + dValue + 1) * 3 + seqLenK * (dHead + dValue) * (recording ? 3 : 1));
  assertAllocation(
    fn,
    describeInputs(['query', query.shape], ['key', key.shape]),
    { largest, bytes },
    'Use a smaller chunkSize or queryChunkSize (a tile of scores is [batch, heads, queryChunkSize, chunkSize]), or attend to fewer queries or heads per call.',
  );
}

/** What a forward pass returns: output `[batch, heads, seqLenQ, dValue]` and logSumExp `[batch, heads, seqLenQ, 1]`. */
interface Forward {
  output: Tensor4D;
  lse: Tensor4D;
}

/** The validated sizes and options of one call, shared by the forward and backward passes. */
interface ChunkPlan {
  /** Sizes of the rank-4 view of the inputs. */
  dims: AttentionDims;
  /** The lifted keep-mask, rank 4 with size-1 broadcast dims, or undefined. */
  mask: Tensor4D | undefined;
  causal: boolean;
  scale: number;
  chunkQ: number;
  chunkK: number;
}

/** Whether to run the fused kernel, from `options.kernel` and the backend. */
function useFusedKernel(kernel: 'auto' | 'tfjs' | 'fused'): boolean {
  if (kernel !== 'auto') return kernel === 'fused'; // fusedAttentionTensors throws where the kernel is unavailable
  const backend = tf.getBackend();
  return (backend === 'cpu' || backend === 'wasm') && fusedAttentionAvailable();
}

/** The forward pass in the fused kernel. */
function fusedForward(fn: string, q: Tensor4D, k: Tensor4D, v: Tensor4D, plan: ChunkPlan): Forward {
  const { dims, mask, causal, scale } = plan;
  const { output, logSumExp } = fusedAttentionTensors(fn, q, k, v, dims, mask, causal, scale);
  const lse = logSumExp.reshape([dims.batch, dims.heads, dims.seqLenQ, 1]) as Tensor4D; // [batch, heads, seqLenQ, 1]
  logSumExp.dispose();
  return { output: output as Tensor4D, lse };
}

/** The forward pass in chunked tfjs ops, with the online softmax. */
function chunkedForward(q4: Tensor4D, k4: Tensor4D, v4: Tensor4D, plan: ChunkPlan): Forward {
  const { dims, mask, causal, scale, chunkQ, chunkK } = plan;
  const { batch, heads, seqLenQ, seqLenK, dHead, dValue } = dims;
  const lowest = lowestScore();
  return tf.tidy(() => {
    const outputs: Tensor4D[] = [];
    const lses: Tensor4D[] = [];
    for (let q0 = 0; q0 < seqLenQ; q0 += chunkQ) {
      const qn = Math.min(chunkQ, seqLenQ - q0);
      const { output, lse } = tf.tidy(() => {
        const qc = q4.slice([0, 0, q0, 0], [batch, heads, qn, dHead]); // [batch, heads, qn, dHead]
        let m: Tensor4D = tf.fill([batch, heads, qn, 1], lowest) as Tensor4D; // running max
        let l: Tensor4D = tf.zeros([batch, heads, qn, 1]); // running sum of exp
        let acc: Tensor4D = tf.zeros([batch, heads, qn, dValue]); // running unnormalised output
        // With `causal`, keys after the chunk's last query are never seen.
        const kEnd = causal ? Math.min(seqLenK, q0 + qn) : seqLenK;
        for (let k0 = 0; k0 < kEnd; k0 += chunkK) {
          const kn = Math.min(chunkK, kEnd - k0);
          const next = tf.tidy(() => {
            const kc = k4.slice([0, 0, k0, 0], [batch, heads, kn, dHead]); // [batch, heads, kn, dHead]
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
    return { output, lse };
  });
}

/**
 * Attention as one differentiable op: `forward` gives the output and
 * logSumExp, packed as `[batch, heads, seqLenQ, dValue + 1]` (a custom op has
 * one output, and the caller may differentiate through either), and the
 * backward pass walks the same (query chunk, key chunk) tiles as the forward
 * one, rebuilding each tile's weights `exp(s - logSumExp)` (as FlashAttention
 * does), so it too holds no `[seqLenQ, seqLenK]` tensor. The mask is a
 * constant of the op and gets no gradient.
 */
function differentiable(forward: (q: Tensor4D, k: Tensor4D, v: Tensor4D) => Forward, plan: ChunkPlan): (q: Tensor4D, k: Tensor4D, v: Tensor4D) => Tensor4D {
  return tf.customGrad(((q: Tensor4D, k: Tensor4D, v: Tensor4D, save: tf.GradSaveFunc) => {
    const { output, lse } = forward(q, k, v);
    const packed = tf.concat([output, lse], 3) as Tensor4D; // [batch, heads, seqLenQ, dValue + 1]
    // The mask is saved too: the caller frees its own copy before the backward pass runs.
    save(plan.mask ? [q, k, v, output, lse, plan.mask] : [q, k, v, output, lse]);
    tf.dispose([output, lse]);
    return {
      value: packed,
      gradFunc: (dy: Tensor4D, saved: Tensor[]) => {
        const [sq, sk, sv, so, slse, smask] = saved as Tensor4D[];
        return chunkedBackward(sq!, sk!, sv!, so!, slse!, dy, { ...plan, mask: smask });
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (q: Tensor4D, k: Tensor4D, v: Tensor4D) => Tensor4D;
}

/**
 * Gradients of `[output, logSumExp]` (packed, `dy` `[batch, heads, seqLenQ,
 * dValue + 1]`) with respect to q, k and v, tile by tile: with `P` the
 * tile's weights, `dV += Pᵀ dO`, `dS = P (dO Vᵀ - D + dLse)` where
 * `D = rowsum(dO * output)`, `dQ += scale dS K`, `dK += scale dSᵀ Q`.
 */
function chunkedBackward(q4: Tensor4D, k4: Tensor4D, v4: Tensor4D, out: Tensor4D, lse: Tensor4D, dy: Tensor4D, plan: ChunkPlan): Tensor4D[] {
  const { dims, mask, causal, scale, chunkQ, chunkK } = plan;
  const { batch, heads, seqLenQ, seqLenK, dHead, dValue } = dims;
  return tf.tidy(() => {
    const dO = dy.slice([0, 0, 0, 0], [batch, heads, seqLenQ, dValue]); // [batch, heads, seqLenQ, dValue]
    const dLse = dy.slice([0, 0, 0, dValue], [batch, heads, seqLenQ, 1]); // [batch, heads, seqLenQ, 1]
    const rowTerm = tf.sub(dLse, tf.sum(tf.mul(dO, out), 3, true)) as Tensor4D; // dLse - D, [batch, heads, seqLenQ, 1]
    const dQ: Tensor4D[] = [];
    for (let q0 = 0; q0 < seqLenQ; q0 += chunkQ) dQ.push(tf.zeros([batch, heads, Math.min(chunkQ, seqLenQ - q0), dHead]));
    const dK: Tensor4D[] = [];
    const dV: Tensor4D[] = [];
    for (let k0 = 0; k0 < seqLenK; k0 += chunkK) {
      const kn = Math.min(chunkK, seqLenK - k0);
      let dKc: Tensor4D = tf.zeros([batch, heads, kn, dHead]);
      let dVc: Tensor4D = tf.zeros([batch, heads, kn, dValue]);
      const kc = k4.slice([0, 0, k0, 0], [batch, heads, kn, dHead]); // [batch, heads, kn, dHead]
      const vc = v4.slice([0, 0, k0, 0], [batch, heads, kn, dValue]); // [batch, heads, kn, dValue]
      for (let qi = 0, q0 = 0; q0 < seqLenQ; qi++, q0 += chunkQ) {
        const qn = Math.min(chunkQ, seqLenQ - q0);
        if (causal && k0 >= q0 + qn) continue; // the forward pass never saw this tile
        const next = tf.tidy(() => {
          const qc = q4.slice([0, 0, q0, 0], [batch, heads, qn, dHead]); // [batch, heads, qn, dHead]
          const s = tf.mul(batchedMatMul(qc, kc, true), scale); // [batch, heads, qn, kn]
          let p = tf.exp(tf.sub(s, lse.slice([0, 0, q0, 0], [batch, heads, qn, 1]))); // [batch, heads, qn, kn]
          const keep = chunkKeep(mask, causal, q0, qn, k0, kn);
          if (keep) p = tf.where(tf.broadcastTo(keep, p.shape), p, tf.zerosLike(p));
          const dOc = dO.slice([0, 0, q0, 0], [batch, heads, qn, dValue]); // [batch, heads, qn, dValue]
          const dP = batchedMatMul(dOc, vc, true); // [batch, heads, qn, kn]
          const dS = tf.mul(p, tf.add(dP, rowTerm.slice([0, 0, q0, 0], [batch, heads, qn, 1]))); // [batch, heads, qn, kn]
          return {
            dq: tf.add(dQ[qi]!, tf.mul(batchedMatMul(dS, kc), scale)) as Tensor4D, // [batch, heads, qn, dHead]
            dk: tf.add(dKc, tf.mul(tf.matMul(dS, qc, true), scale)) as Tensor4D, // [batch, heads, kn, dHead]
            dv: tf.add(dVc, tf.matMul(p, dOc, true)) as Tensor4D, // [batch, heads, kn, dValue]
          };
        });
        tf.dispose([dQ[qi]!, dKc, dVc]);
        dQ[qi] = next.dq;
        dKc = next.dk;
        dVc = next.dv;
      }
      dK.push(dKc);
      dV.push(dVc);
    }
    const join = (parts: Tensor4D[], empty: [number, number, number, number]) =>
      parts.length === 0 ? (tf.zeros(empty) as Tensor4D) : parts.length === 1 ? parts[0]! : (tf.concat(parts, 2) as Tensor4D);
    return [
      join(dQ, [batch, heads, 0, dHead]), // [batch, heads, seqLenQ, dHead]
      join(dK, [batch, heads, 0, dHead]), // [batch, heads, seqLenK, dHead]
      join(dV, [batch, heads, 0, dValue]), // [batch, heads, seqLenK, dValue]
    ];
  });
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
