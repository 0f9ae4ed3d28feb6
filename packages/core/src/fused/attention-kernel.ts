import { ATTENTION_WASM_RELAXED, ATTENTION_WASM_SIMD } from './attention-wasm.js';

/** The exports of wasm/attention.c. Internal. */
export interface AttentionExports {
  memory: WebAssembly.Memory;
  __heap_base: WebAssembly.Global;
  attention_scratch_bytes(seqLenK: number, dHead: number, dValue: number): number;
  attention_pack(k: number, v: number, seqLenK: number, dHead: number, dValue: number, scratch: number): void;
  attention_rows(
    q: number, o: number, stats: number, rowBegin: number, rowEnd: number,
    seqLenQ: number, seqLenK: number, dHead: number, dValue: number,
    scale: number, causal: number, hasMask: number, mask: number, maskRowStride: number, maskKeyStride: number,
    scratch: number,
  ): void;
}

/** A loaded kernel and which build it is. Internal. */
export interface AttentionKernel {
  readonly variant: 'relaxed-simd' | 'simd';
  readonly exports: AttentionExports;
  /** The compiled module: threads instantiate it rather than compile their own, so they share its optimised code. */
  readonly module: WebAssembly.Module;
}

/** A keep-mask `[mb, mh, mq, mk]` where each size is 1 or the full size; nonzero = attend. Internal. */
export interface KernelMask {
  data: Uint8Array;
  shape: readonly [number, number, number, number];
}

/** Floats that can be cut into views, such as a Float32Array. Internal. */
export interface FloatRows extends ArrayLike<number> {
  subarray(begin: number, end: number): FloatRows;
}

/** Inputs of {@link runAttentionKernel}: row-major `[batch, heads, seqLen, d]` arrays. Internal. */
export interface KernelInputs {
  query: FloatRows;
  key: FloatRows;
  value: FloatRows;
  batch: number;
  heads: number;
  seqLenQ: number;
  seqLenK: number;
  dHead: number;
  dValue: number;
  scale: number;
  causal: boolean;
  mask?: KernelMask;
  /**
   * Only query rows `[rowBegin, rowEnd)` of each slice (default all): `query`
   * then holds just those rows, and so do the outputs. Causal masking and the
   * mask still see each row's own index.
   */
  rowBegin?: number;
  rowEnd?: number;
}

/**
 * What a kernel instance still holds from earlier runAttentionKernel calls of
 * one job: the mask, and which slice's keys and values are packed, so that
 * pieces of one slice skip copying and packing them again. Start each job
 * with a new one, `{ mask: false, packedSlice: -1 }`. Internal.
 */
export interface KernelMemo {
  mask: boolean;
  packedSlice: number;
}

let kernel: AttentionKernel | null | undefined;
let compiling = false;

function decode(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** The bytes of one build of the kernel, for a worker of an engine that cannot be sent the compiled module. Internal. */
export function attentionKernelBytes(variant: AttentionKernel['variant']): Uint8Array<ArrayBuffer> {
  return decode(variant === 'relaxed-simd' ? ATTENTION_WASM_RELAXED : ATTENTION_WASM_SIMD);
}

function instantiate(module: WebAssembly.Module, variant: AttentionKernel['variant']): AttentionKernel {
  const instance = new WebAssembly.Instance(module, {});
  return { variant, exports: instance.exports as unknown as AttentionExports, module };
}

/**
 * The fused attention kernel, or null where this engine has no WebAssembly
 * SIMD. Tries the relaxed-SIMD build first, then plain SIMD. Compiles
 * synchronously; where the engine refuses that (Chrome's main thread refuses
 * modules over 4 KB) it starts an asynchronous compile and returns null
 * until that has finished. Internal.
 */
export function loadAttentionKernel(): AttentionKernel | null {
  if (kernel !== undefined) return kernel;
  if (typeof WebAssembly !== 'object') return (kernel = null);
  const builds = [
    ['relaxed-simd', ATTENTION_WASM_RELAXED],
    ['simd', ATTENTION_WASM_SIMD],
  ] as const;
  let refusedSync = false;
  for (const [variant, base64] of builds) {
    const bytes = decode(base64);
    if (!WebAssembly.validate(bytes)) continue;
    try {
      return (kernel = instantiate(new WebAssembly.Module(bytes), variant));
    } catch {
      refusedSync = true;
    }
  }
  if (!refusedSync) return (kernel = null);
  if (!compiling) {
    compiling = true;
    void (async () => {
      for (const [variant, base64] of builds) {
        const bytes = decode(base64);
        if (!WebAssembly.validate(bytes)) continue;
        const module = await WebAssembly.compile(bytes);
        const instance = await WebAssembly.instantiate(module, {});
        kernel = { variant, exports: instance.exports as unknown as AttentionExports, module };
        return;
      }
      kernel = null;
    })().catch(() => {
      kernel = null;
    });
  }
  return null;
}

/**
 * Runs fused attention head by head: each `[seqLen, d]` slice is copied into
 * the module's memory, attended, and copied out, so the memory holds one head
 * at a time (plus the mask). Returns the output `[slices, seqLenQ, dValue]`
 * and `log(sum_j exp(score_j))` `[slices, seqLenQ]` (the lowest float32
 * where a row is fully masked). Internal.
 *
 * `inputs.query`, `key` and `value` may hold a run of the `batch * heads`
 * slices only, starting at slice `first`, and `rowBegin`/`rowEnd` may narrow
 * each slice to some of its query rows (how the worker pool splits a call);
 * the mask is always the whole one. With a row range the outputs are
 * `[slices, rowEnd - rowBegin, dValue]` and `[slices, rowEnd - rowBegin]`.
 * `into`, when given, receives the results (from index 0) and is returned.
 * `memo`, when given, must belong to this instance and to one job (one set of
 * inputs and sizes). This function must not refer to anything outside
 * itself: the worker pool sends its source text to its workers.
 */
export function runAttentionKernel(
  wasm: AttentionExports,
  inputs: KernelInputs,
  first = 0,
  into?: { output: Float32Array; logSumExp: Float32Array },
  memo?: KernelMemo,
): { output: Float32Array; logSumExp: Float32Array } {
  const { heads, seqLenQ, seqLenK, dHead, dValue, mask } = inputs;
  const qSize = seqLenQ * dHead;
  const kSize = seqLenK * dHead;
  const vSize = seqLenK * dValue;
  const oSize = seqLenQ * dValue;
  const rowBegin = inputs.rowBegin ?? 0;
  const rowEnd = inputs.rowEnd ?? seqLenQ;
  const rows = rowEnd - rowBegin;
  const count = Math.round(inputs.query.length / Math.max(1, rows * dHead));
  // Byte offsets in the module's memory, each 16-byte aligned (no helper functions: see above).
  const qAt = Math.ceil((wasm.__heap_base.value as number) / 16) * 16;
  const kAt = Math.ceil((qAt + 4 * qSize) / 16) * 16;
  const vAt = Math.ceil((kAt + 4 * kSize) / 16) * 16;
  const oAt = Math.ceil((vAt + 4 * vSize) / 16) * 16;
  const statsAt = Math.ceil((oAt + 4 * oSize) / 16) * 16;
  const maskAt = Math.ceil((statsAt + 8 * seqLenQ) / 16) * 16;
  const scratchAt = Math.ceil((maskAt + (mask ? mask.data.length : 0)) / 16) * 16;
  // One head's keys and values, packed, must fit the 32-bit memory (and the kernel's int arithmetic).
  const packed = 4 * (seqLenK + 8) * (dHead + dValue + 8);
  if (scratchAt + packed >= 2 ** 31) {
    throw new RangeError(
      `fusedAttention: one head of [seqLenQ=${seqLenQ}, seqLenK=${seqLenK}, dHead=${dHead}, dValue=${dValue}]` +
        `${mask ? ` with a mask of ${mask.data.length} bytes` : ''} does not fit the kernel's 2 GiB working memory`,
    );
  }
  const end = scratchAt + wasm.attention_scratch_bytes(seqLenK, dHead, dValue);
  const have = wasm.memory.buffer.byteLength;
  if (end > have) wasm.memory.grow(Math.ceil((end - have) / 65536)); // 64 KiB pages

  const buffer = wasm.memory.buffer;
  const q = new Float32Array(buffer, qAt, qSize);
  const k = new Float32Array(buffer, kAt, kSize);
  const v = new Float32Array(buffer, vAt, vSize);
  const o = new Float32Array(buffer, oAt, oSize);
  const stats = new Float32Array(buffer, statsAt, 2 * seqLenQ);
  if (mask && !memo?.mask) new Uint8Array(buffer, maskAt, mask.data.length).set(mask.data);
  if (memo) memo.mask = true;
  const [mb, mh, mq, mk] = mask?.shape ?? [1, 1, 1, 1];
  // About 2^18 scores per call: short enough that V8's optimised code takes
  // over after the first few calls, long enough that calls cost nothing.
  const rowsPerCall = Math.max(32, Math.floor(2 ** 18 / Math.max(1, seqLenK) / 32) * 32);

  // Where the caller has memory for the results, no new arrays (see tensor-io.ts for why that matters).
  const output = into?.output ?? new Float32Array(count * rows * dValue);
  const logSumExp = into?.logSumExp ?? new Float32Array(count * rows);
  if (output.length < count * rows * dValue || logSumExp.length < count * rows) {
    throw new RangeError(`fusedAttention: no room for ${count} slices of output (${output.length} and ${logSumExp.length} floats given)`);
  }
  for (let local = 0; local < count; local++) {
    const slice = first + local;
    const b = Math.floor(slice / heads);
    const h = slice % heads;
    q.set(inputs.query.subarray(local * rows * dHead, (local + 1) * rows * dHead), rowBegin * dHead);
    if (memo?.packedSlice !== slice) {
      k.set(inputs.key.subarray(local * kSize, (local + 1) * kSize));
      v.set(inputs.value.subarray(local * vSize, (local + 1) * vSize));
      wasm.attention_pack(kAt, vAt, seqLenK, dHead, dValue, scratchAt);
      if (memo) memo.packedSlice = slice;
    }
    const maskOffset = ((mb === 1 ? 0 : b) * mh + (mh === 1 ? 0 : h)) * mq * mk;
    for (let row = rowBegin; row < rowEnd; row += rowsPerCall) {
      wasm.attention_rows(
        qAt, oAt, statsAt, row, Math.min(rowEnd, row + rowsPerCall),
        seqLenQ, seqLenK, dHead, dValue,
        inputs.scale, inputs.causal ? 1 : 0,
        mask ? 1 : 0, maskAt + maskOffset, mq === 1 ? 0 : mk, mk === 1 ? 0 : 1,
        scratchAt,
      );
    }
    output.set(o.subarray(rowBegin * dValue, rowEnd * dValue), local * rows * dValue);
    for (let i = 0; i < rows; i++) {
      const m = stats[2 * (rowBegin + i)]!;
      const l = stats[2 * (rowBegin + i) + 1]!;
      // -3.4028234663852886e38 is FLOAT32_LOWEST of masked-softmax.ts, written out (see above).
      // A running maximum still at the lowest float32 means every kept score was
      // -Infinity: the kernel's exp2 stops at 2^-126 and would average the values,
      // so such a row is made what a fully masked row is, zeros. A NaN l (a kept NaN
      // or +Infinity score) leaves the row NaN.
      const nothingKept = l === 0 || (m === -3.4028234663852886e38 && !Number.isNaN(l));
      if (nothingKept) output.fill(0, (local * rows + i) * dValue, (local * rows + i + 1) * dValue);
      logSumExp[local * rows + i] = nothingKept ? -3.4028234663852886e38 : m + Math.log(l);
    }
  }
  return { output, logSumExp };
}
