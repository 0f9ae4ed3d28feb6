/**
 * Attention benchmark for @attention-lab/core. It prints figures (markdown
 * tables on stdout, progress on stderr); it is not a test: it fails (exit code 1)
 * only when a tensor leaks or memoryEfficientAttention disagrees with full attention.
 *
 *   pnpm --filter @attention-lab/core bench            # full run, about 8 minutes on 2 cores
 *   pnpm --filter @attention-lab/core bench --quick    # or BENCH_QUICK=1: small sizes, a CI smoke run
 *   pnpm -s bench > bench/results.md                   # inside packages/core: record the tables
 *
 * Options: `--quick`; `--chunk=N` sets memoryEfficientAttention's chunkSize in
 * Table 2 (default 1024: as fast as any in the chunk sweeps on the reference
 * machine, at a third of the memory of 2048); `--only=mha,strategy,long` runs
 * only those tables.
 *
 * Table 1: multiHeadAttention forward on cpu and wasm, then scaledDotProductAttention
 *   on wasm with the per-slice matMul path against the batched one.
 * Table 2: scaledDotProductAttention against memoryEfficientAttention (its tfjs path, kernel: 'tfjs') on wasm at
 *   long sequences, time and memory. Every cell of Table 2 runs in its own child
 *   process, so that its wasm heap size and peak RSS are its own (a wasm heap
 *   never shrinks) and so that an out-of-memory failure cannot touch the others.
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import type { Tensor, Tensor2D, Tensor4D } from '@tensorflow/tfjs';
import { batchedMatMul, setMatMulStrategy, type MatMulStrategy } from '../src/batched-mat-mul.js';
import { memoryEfficientAttention, multiHeadAttention, scaledDotProductAttention, useBestBackend } from '../src/index.js';
import { fmtBytes, fmtMs, GiB, median, print, printHeader, progressLogger, table } from './bench-output.js';

/** Progress, to stderr so that stdout stays pasteable markdown. */
const progress = progressLogger('bench');
const startedAt = performance.now();

// ---------------------------------------------------------------------------
// Sizes and plans
// ---------------------------------------------------------------------------

const BATCH = 1;
const HEADS = 8;
const D_HEAD = 64;
const D_MODEL = HEADS * D_HEAD; // 512
/** Emscripten's heap limit in the tfjs-backend-wasm 4.22 build (`getHeapMax()`): 4 GiB less one 64 KiB page. */
const WASM_HEAP_MAX = 4294901760;
/** Full attention is not attempted when its weights alone exceed this. */
const FULL_WEIGHTS_LIMIT = 3 * GiB;
const DEFAULT_CHUNK = 1024;

/** How many times to run one measurement: warm-up runs, then timed runs until `maxRuns` or about `budgetMs`. */
interface Plan {
  warmup: number;
  maxRuns: number;
  budgetMs: number;
}

const args = process.argv.slice(2).filter((a) => a !== '--');
const childArg = args.indexOf('--child');
const quick = args.includes('--quick') || process.env.BENCH_QUICK === '1';
const chunkArg = args.find((a) => a.startsWith('--chunk='));
const onlyArg = args.find((a) => a.startsWith('--only='));
/** `--only=mha,strategy,long` runs only those tables (default: all). */
const only = new Set(onlyArg ? onlyArg.slice('--only='.length).split(',') : ['mha', 'strategy', 'long']);
const chunkSize = chunkArg ? Number(chunkArg.slice('--chunk='.length)) : DEFAULT_CHUNK;
if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new Error(`--chunk must be a positive integer, got ${chunkArg}`);

const FULL = {
  mhaSizes: [128, 512, 1024, 2048],
  // The cpu backend is slow (well under 1 GFLOP/s): fewer runs at long sequences, no per-size warm-up there.
  mhaPlan: {
    cpu: (n: number): Plan =>
      n <= 128 ? { warmup: 1, maxRuns: 7, budgetMs: 5_000 } : n <= 512 ? { warmup: 1, maxRuns: 3, budgetMs: 20_000 } : n <= 1024 ? { warmup: 0, maxRuns: 2, budgetMs: 40_000 } : { warmup: 0, maxRuns: 1, budgetMs: 0 },
    wasm: (n: number): Plan =>
      n <= 128 ? { warmup: 2, maxRuns: 15, budgetMs: 3_000 } : n <= 1024 ? { warmup: 1, maxRuns: 7, budgetMs: 8_000 } : { warmup: 1, maxRuns: 3, budgetMs: 15_000 },
  },
  strategySizes: [512, 1024, 2048],
  strategyPlan: (n: number): Plan => (n <= 512 ? { warmup: 1, maxRuns: 5, budgetMs: 8_000 } : n <= 1024 ? { warmup: 1, maxRuns: 3, budgetMs: 15_000 } : { warmup: 0, maxRuns: 1, budgetMs: 0 }),
  longSizes: [4096, 8192, 16384],
  sweepChunks: [512, 1024, 2048],
  longPlan: (n: number, main: boolean): Plan => (n <= 4096 && main ? { warmup: 0, maxRuns: 3, budgetMs: 25_000 } : { warmup: 0, maxRuns: 1, budgetMs: 0 }),
};
const QUICK: typeof FULL = {
  mhaSizes: [128, 512],
  mhaPlan: {
    cpu: (n) => (n <= 128 ? { warmup: 1, maxRuns: 3, budgetMs: 3_000 } : { warmup: 0, maxRuns: 1, budgetMs: 0 }),
    wasm: () => ({ warmup: 1, maxRuns: 3, budgetMs: 3_000 }),
  },
  strategySizes: [512],
  strategyPlan: () => ({ warmup: 1, maxRuns: 3, budgetMs: 3_000 }),
  longSizes: [1024, 2048],
  sweepChunks: [256, 512, 1024],
  longPlan: () => ({ warmup: 0, maxRuns: 2, budgetMs: 4_000 }),
};
const SIZES = quick ? QUICK : FULL;

// ---------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------

function fmtRate(flops: number, ms: number): string {
  return (flops / ms / 1e6).toFixed(2); // flop per ms / 1e6 = GFLOP/s
}

/** `4 · batch · heads · seqLen² · dHead`: the two matMuls of attention (QKᵀ and weights·V), no projections. */
const attentionFlops = (seqLen: number): number => 4 * BATCH * HEADS * seqLen * seqLen * D_HEAD;
/** `8 · batch · seqLen · dModel²`: the four projections (Wq, Wk, Wv, Wo) of multi-head attention. */
const projectionFlops = (seqLen: number): number => 8 * BATCH * seqLen * D_MODEL * D_MODEL;
/** Bytes of the float32 weights `[batch, heads, seqLen, seqLen]` that full attention materialises. */
const weightsBytes = (seqLen: number): number => BATCH * HEADS * seqLen * seqLen * 4;

/**
 * Runs `run` per the plan and returns the timed runs in ms. Each run must
 * finish its work (read its output) and free everything it made: a run that
 * leaves a tensor behind throws.
 */
async function measure(run: () => Promise<void>, plan: Plan): Promise<number[]> {
  const once = async (): Promise<number> => {
    const before = tf.memory().numTensors;
    const t0 = performance.now();
    await run();
    const ms = performance.now() - t0;
    const after = tf.memory().numTensors;
    if (after !== before) throw new Error(`bench: a run leaked ${after - before} tensor(s)`);
    return ms;
  };
  for (let i = 0; i < plan.warmup; i++) await once();
  const times: number[] = [];
  let spent = 0;
  while (times.length < plan.maxRuns) {
    const ms = await once();
    times.push(ms);
    spent += ms;
    if (spent + median(times) > plan.budgetMs) break; // the next run would overrun the budget
  }
  return times;
}

/** Like {@link measure} for two variants, alternating their order run by run so that drift hits both alike. */
async function measurePair(a: () => Promise<void>, b: () => Promise<void>, plan: Plan): Promise<[number[], number[]]> {
  const ta: number[] = [];
  const tb: number[] = [];
  for (let i = 0; i < plan.warmup; i++) {
    await measure(a, { warmup: 1, maxRuns: 0, budgetMs: 0 });
    await measure(b, { warmup: 1, maxRuns: 0, budgetMs: 0 });
  }
  const one: Plan = { warmup: 0, maxRuns: 1, budgetMs: 0 };
  let spent = 0;
  while (ta.length < plan.maxRuns) {
    const [first, second] = ta.length % 2 === 0 ? [a, b] : [b, a];
    const t1 = (await measure(first, one))[0]!;
    const t2 = (await measure(second, one))[0]!;
    ta.push(first === a ? t1 : t2);
    tb.push(first === a ? t2 : t1);
    spent += t1 + t2;
    if (spent + median(ta) + median(tb) > plan.budgetMs) break;
  }
  return [ta, tb];
}

/** Query, key and value `[batch, heads, seqLen, dHead]`, N(0, 1), seeded so that every process draws the same numbers. */
function randomQkv(seqLen: number): [Tensor4D, Tensor4D, Tensor4D] {
  const shape: [number, number, number, number] = [BATCH, HEADS, seqLen, D_HEAD];
  return [tf.randomNormal(shape, 0, 1, 'float32', 1), tf.randomNormal(shape, 0, 1, 'float32', 2), tf.randomNormal(shape, 0, 1, 'float32', 3)];
}

// ---------------------------------------------------------------------------
// wasm memory: live tensor bytes, and out-of-memory as an error
// ---------------------------------------------------------------------------

interface WasmModule {
  _malloc(bytes: number): number;
  _free(pointer: number): void;
  HEAPU8: Uint8Array;
  /** The raw exports. `_malloc` starts as a stub that replaces itself with `asm.malloc` on first use. */
  asm?: { malloc?: (bytes: number) => number; free?: (pointer: number) => void };
}

class WasmOutOfMemory extends Error {
  constructor(
    readonly requested: number,
    readonly live: number,
    readonly heap: number,
  ) {
    super(`wasm out of memory: malloc(${fmtBytes(requested)}) failed with ${fmtBytes(live)} of tensors live and a ${fmtBytes(heap)} heap (max ${fmtBytes(WASM_HEAP_MAX)})`);
  }
}

/**
 * Wraps the wasm module's malloc/free, which the wasm backend uses for every
 * tensor buffer. It counts live bytes (views such as reshape share a buffer and
 * count once) and turns a failed malloc into a {@link WasmOutOfMemory} error:
 * tfjs-backend-wasm 4.22 does not check malloc's result, so on its own an
 * allocation past the 4 GiB heap "succeeds" at address 0 and the kernel then
 * writes over whatever lives there (a later op aborts, or results are silently wrong).
 */
function trackWasmMemory(): { peak: () => number; resetPeak: () => void; heap: () => number; oom: () => WasmOutOfMemory | null } {
  const wasm = (tf.backend() as unknown as { wasm?: WasmModule }).wasm;
  if (wasm == null) throw new Error('bench: the wasm backend is not active');
  // Take the raw exports: the `_malloc`/`_free` stubs overwrite themselves (and so a wrapper) on first call.
  const malloc = wasm.asm?.malloc ?? wasm._malloc;
  const free = wasm.asm?.free ?? wasm._free;
  const sizes = new Map<number, number>();
  let live = 0;
  let peak = 0;
  let oom: WasmOutOfMemory | null = null;
  wasm._malloc = (bytes: number): number => {
    const pointer = malloc(bytes) >>> 0;
    if (pointer === 0 && bytes > 0) throw (oom ??= new WasmOutOfMemory(bytes, live, wasm.HEAPU8.length));
    sizes.set(pointer, bytes);
    live += bytes;
    peak = Math.max(peak, live);
    return pointer;
  };
  wasm._free = (pointer: number): void => {
    const key = pointer >>> 0;
    live -= sizes.get(key) ?? 0;
    sizes.delete(key);
    free(pointer);
  };
  return { peak: () => peak, resetPeak: () => void (peak = live), heap: () => wasm.HEAPU8.length, oom: () => oom };
}

/**
 * `useBestBackend('wasm')`, then removes the process-wide `uncaughtException`
 * and `unhandledRejection` listeners that the Emscripten module installs: they
 * rethrow, print the module's whole minified source, and end the process even
 * for a rejection that the bench expects (under tf.profile an error inside a
 * kernel also rejects the wasm backend's async `time()` promise, unobserved).
 */
async function useWasm(): Promise<void> {
  const exceptionListeners = process.listeners('uncaughtException');
  const rejectionListeners = process.listeners('unhandledRejection');
  await useBestBackend('wasm');
  for (const l of process.listeners('uncaughtException')) if (!exceptionListeners.includes(l)) process.off('uncaughtException', l);
  for (const l of process.listeners('unhandledRejection')) if (!rejectionListeners.includes(l)) process.off('unhandledRejection', l);
}

// ---------------------------------------------------------------------------
// Child process: one cell of Table 2
// ---------------------------------------------------------------------------

interface LongJob {
  method: 'full' | 'chunked';
  seqLen: number;
  chunkSize: number;
  plan: Plan;
  /** Full only: afterwards compare memoryEfficientAttention (chunkSize `chunkSize`) with this output. */
  check: boolean;
}

interface LongResult {
  times: number[];
  /** Largest `peakBytes` that tf.profile saw over the runs (engine-tracked tensor bytes; inputs included). */
  profilePeak: number;
  /** Largest live bytes in wasm malloc over the runs (inputs included). */
  wasmPeak: number;
  /** Size of the wasm heap at the end (it grows to the high-water mark and never shrinks). */
  wasmHeap: number;
  /** Peak RSS of the child process. */
  maxRss: number;
  /** RSS after the backend started and the inputs were made, before any run. */
  baseRss: number;
  tensorsBefore: number;
  tensorsAfter: number;
  oom?: { requested: number; live: number; heap: number };
  error?: string;
  check?: { chunkSize: number; maxAbs: number; maxRef: number; maxRel: number; reference: string };
}

const RESULT_TAG = '@@bench-result ';

async function runChild(job: LongJob): Promise<void> {
  tf.env().set('PROD', true);
  await useWasm();
  const memory = trackWasmMemory();
  // An out-of-memory error also rejects the profiler's timing promise; it is reported from the catch below.
  process.on('unhandledRejection', (reason) => {
    if (!(reason instanceof WasmOutOfMemory)) throw reason;
  });
  const tensorsBefore = tf.memory().numTensors;
  const [q, k, v] = randomQkv(job.seqLen);
  const attend = (qq: Tensor4D, kk: Tensor4D, vv: Tensor4D): Tensor => {
    if (job.method === 'chunked') {
      const { output, logSumExp } = memoryEfficientAttention(qq, kk, vv, { chunkSize: job.chunkSize, kernel: 'tfjs' });
      logSumExp.dispose();
      return output;
    }
    const { output, weights } = scaledDotProductAttention(qq, kk, vv);
    weights.dispose();
    return output;
  };
  // Warm-up at a small size: JIT, kernels and XNNPACK set-up, without growing the heap.
  const small = randomQkv(512);
  const [sq, sk, sv] = small;
  await measure(async () => void tf.dispose(attend(sq, sk, sv)), { warmup: 1, maxRuns: 0, budgetMs: 0 });
  tf.dispose(small);

  const result: LongResult = {
    times: [],
    profilePeak: 0,
    wasmPeak: 0,
    wasmHeap: 0,
    maxRss: 0,
    baseRss: process.memoryUsage().rss,
    tensorsBefore,
    tensorsAfter: -1,
  };
  memory.resetPeak();
  let kept: Float32Array | null = null; // the last output, for the accuracy check
  try {
    result.times = await measure(async () => {
      const profile = await tf.profile(() => attend(q, k, v));
      result.profilePeak = Math.max(result.profilePeak, profile.peakBytes); // read now: tf.profile reuses its object
      const output = profile.result as Tensor;
      const data = await output.data();
      if (job.check) kept = data as Float32Array;
      output.dispose();
    }, job.plan);
  } catch (error) {
    // Under tf.profile the malloc failure surfaces as a TypeError from the profiler; the tracker saw the cause.
    const oom = memory.oom();
    if (oom) result.oom = { requested: oom.requested, live: oom.live, heap: oom.heap };
    else result.error = error instanceof Error ? error.message : String(error);
  }
  result.wasmPeak = memory.peak();
  result.wasmHeap = memory.heap();

  if (job.check && result.error == null) {
    // After an out-of-memory error the reference is computed head by head.
    result.check = compareWithChunked(kept, q, k, v, job.chunkSize);
  }
  tf.dispose([q, k, v]);
  result.tensorsAfter = tf.memory().numTensors;
  result.maxRss = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(`${RESULT_TAG}${JSON.stringify(result)}\n`);
}

/**
 * memoryEfficientAttention's output against full attention's. The reference
 * is the full output when it ran, else full attention head by head (its
 * weights then take one head's worth of memory).
 */
function compareWithChunked(full: Float32Array | null, q: Tensor4D, k: Tensor4D, v: Tensor4D, chunk: number): NonNullable<LongResult['check']> {
  const seqLen = q.shape[2];
  const perHead = (h: number): Tensor =>
    tf.tidy(() => {
      const head = (x: Tensor4D) => x.slice([0, h, 0, 0], [BATCH, 1, seqLen, D_HEAD]);
      const { output, weights } = scaledDotProductAttention(head(q), head(k), head(v));
      weights.dispose();
      return output;
    });
  const reference = full ? tf.tensor4d(full, q.shape) : tf.tidy(() => tf.concat(Array.from({ length: HEADS }, (_, h) => perHead(h)), 1));
  try {
    const [maxAbs, maxRef] = tf.tidy(() => {
      const chunked = memoryEfficientAttention(q, k, v, { chunkSize: chunk, kernel: 'tfjs' }).output; // logSumExp: freed by the tidy
      return [tf.max(tf.abs(tf.sub(chunked, reference))).dataSync()[0]!, tf.max(tf.abs(reference)).dataSync()[0]!];
    });
    return { chunkSize: chunk, maxAbs, maxRef, maxRel: maxAbs / maxRef, reference: full ? 'full output' : 'full attention head by head' };
  } finally {
    reference.dispose();
  }
}

/** Runs one Table 2 cell in a fresh process (same Node flags, so tsx and the source condition carry over). */
function spawnChild(job: LongJob): Promise<LongResult> {
  const script = fileURLToPath(import.meta.url);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...process.execArgv, script, '--child', JSON.stringify(job)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (stdout += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20 * 60_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = stdout.split('\n').find((l) => l.startsWith(RESULT_TAG));
      if (line) return resolve(JSON.parse(line.slice(RESULT_TAG.length)) as LongResult);
      const error = `child process ended with ${signal ?? `code ${code}`} and no result`;
      resolve({ times: [], profilePeak: 0, wasmPeak: 0, wasmHeap: 0, maxRss: 0, baseRss: 0, tensorsBefore: 0, tensorsAfter: 0, error });
    });
  });
}

// ---------------------------------------------------------------------------
// Table 1: multi-head attention, cpu and wasm; per-slice against batched
// ---------------------------------------------------------------------------

async function multiHeadTable(): Promise<void> {
  print('## Table 1: multi-head attention forward');
  print();
  print(
    `\`multiHeadAttention(x, x, x, params, { heads: ${HEADS} })\`, batch ${BATCH}, ${HEADS} heads of dHead ${D_HEAD} (dModel ${D_MODEL}), ` +
      `no biases, weights N(0, 1/dModel); the output is read back (\`await output.data()\`) and everything is disposed each run. ` +
      `"attention GFLOP/s" counts only the two attention matMuls, 4·batch·heads·seqLen²·dHead; ` +
      `"with projections" adds the four projections, 8·batch·seqLen·dModel². Softmax and copies are not counted as flops.`,
  );
  print();
  const rows: string[][] = [];
  for (const backend of ['cpu', 'wasm'] as const) {
    if (backend === 'wasm') await useWasm();
    else await useBestBackend(backend);
    const w = (seed: number) => tf.randomNormal([D_MODEL, D_MODEL], 0, 1 / Math.sqrt(D_MODEL), 'float32', seed) as Tensor2D;
    const params = { wq: w(11), wk: w(12), wv: w(13), wo: w(14) };
    for (const seqLen of SIZES.mhaSizes) {
      const plan = SIZES.mhaPlan[backend](seqLen);
      progress(`Table 1: multiHeadAttention ${backend} seqLen ${seqLen} (${plan.warmup} warm-up, up to ${plan.maxRuns} runs)`);
      const x = tf.randomNormal([BATCH, seqLen, D_MODEL], 0, 1, 'float32', 10);
      const times = await measure(async () => {
        const { output, weights } = multiHeadAttention(x, x, x, params, { heads: HEADS });
        await output.data();
        tf.dispose([output, weights]);
      }, plan);
      x.dispose();
      const ms = median(times);
      rows.push([backend, String(seqLen), String(times.length), fmtMs(ms), fmtRate(attentionFlops(seqLen), ms), fmtRate(attentionFlops(seqLen) + projectionFlops(seqLen), ms)]);
      progress(`  median ${fmtMs(ms)} ms over ${times.map(fmtMs).join(', ')}`);
    }
    tf.dispose(Object.values(params));
  }
  table(['backend', 'seqLen', 'runs', 'median ms', 'attention GFLOP/s', 'with projections GFLOP/s'], rows);
  print(
    `Runs are timed after warm-up runs at each size, except on cpu at seqLen ≥ ${quick ? 512 : 1024}, ` +
      'where one run takes tens of seconds and the backend is already warm from the smaller sizes. On wasm the default matMul strategy (`auto`) is used: one rank-2 matMul per (batch, head) slice at these sizes (8 slices of at least 2^20 multiply-adds).',
  );
  print();
}

async function strategyTable(): Promise<void> {
  await useWasm();
  print('### Table 1b: wasm, per-slice matMul against batched matMul');
  print();
  print(
    `\`scaledDotProductAttention\` on random query, key and value \`[${BATCH}, ${HEADS}, seqLen, ${D_HEAD}]\` (weights returned and disposed) with ` +
      "`setMatMulStrategy('per-slice')` (what `auto` does on wasm for slices of at least 2^20 multiply-adds, at most 32 of them) and `setMatMulStrategy('batched')`, measured alternately in the same process. " +
      'The QKᵀ columns time `batchedMatMul(q, k, true)` alone, the part the strategy changes. GFLOP/s counts the attention matMuls.',
  );
  print();
  const rows: string[][] = [];
  const previous = setMatMulStrategy('auto');
  try {
    for (const seqLen of SIZES.strategySizes) {
      const plan = SIZES.strategyPlan(seqLen);
      progress(`Table 1b: per-slice vs batched at seqLen ${seqLen}`);
      const [q, k, v] = randomQkv(seqLen);
      const withStrategy = (strategy: MatMulStrategy, f: () => Promise<void>) => async () => {
        setMatMulStrategy(strategy);
        await f();
      };
      const attention = async () => {
        const { output, weights } = scaledDotProductAttention(q, k, v);
        await output.data();
        tf.dispose([output, weights]);
      };
      const scores = async () => {
        const s = tf.tidy(() => batchedMatMul(q, k, true)); // internal: its per-slice temporaries need a tidy
        await s.data();
        s.dispose();
      };
      const [slice, batched] = await measurePair(withStrategy('per-slice', attention), withStrategy('batched', attention), plan);
      const [sliceQk, batchedQk] = await measurePair(withStrategy('per-slice', scores), withStrategy('batched', scores), plan);
      tf.dispose([q, k, v]);
      const [ms1, ms2, qk1, qk2] = [median(slice), median(batched), median(sliceQk), median(batchedQk)];
      rows.push([
        String(seqLen),
        String(slice.length),
        fmtMs(ms1),
        fmtMs(ms2),
        `${(ms2 / ms1).toFixed(2)}×`,
        fmtRate(attentionFlops(seqLen), ms1),
        fmtRate(attentionFlops(seqLen), ms2),
        fmtMs(qk1),
        fmtMs(qk2),
        `${(qk2 / qk1).toFixed(2)}×`,
      ]);
      progress(`  per-slice ${fmtMs(ms1)} ms, batched ${fmtMs(ms2)} ms; QKᵀ ${fmtMs(qk1)} vs ${fmtMs(qk2)} ms`);
    }
  } finally {
    setMatMulStrategy(previous);
  }
  table(
    ['seqLen', 'runs', 'per-slice ms', 'batched ms', 'batched / per-slice', 'per-slice GFLOP/s', 'batched GFLOP/s', 'QKᵀ per-slice ms', 'QKᵀ batched ms', 'QKᵀ ratio'],
    rows,
  );
}

// ---------------------------------------------------------------------------
// Table 2: full against memory-efficient attention at long sequences (wasm)
// ---------------------------------------------------------------------------

async function longTable(): Promise<boolean> {
  const sizes = SIZES.longSizes;
  const sweepAt = sizes[0]!;
  const checkAt = sizes[0]!;
  const sweep = [...new Set([...SIZES.sweepChunks, chunkSize])].sort((a, b) => a - b);
  const rows: string[][] = [];
  const sweepRows: string[][] = [];
  const notes: string[] = [];
  const baseRss: number[] = [];
  let leakFree = true;

  const memoryCells = (r: LongResult): string[] => [fmtBytes(r.profilePeak), fmtBytes(r.wasmPeak), fmtBytes(r.wasmHeap), fmtBytes(r.maxRss)];
  const timeCells = (r: LongResult, seqLen: number): string[] => {
    const ms = median(r.times);
    return [String(r.times.length), fmtMs(ms), fmtRate(attentionFlops(seqLen), ms)];
  };
  const record = (r: LongResult, what: string): void => {
    if (r.baseRss > 0) baseRss.push(r.baseRss);
    if (r.tensorsAfter !== r.tensorsBefore) {
      leakFree = false;
      notes.push(`LEAK in ${what}: ${r.tensorsBefore} tensors before, ${r.tensorsAfter} after.`);
    }
    if (r.error) notes.push(`${what} failed: ${r.error}`);
  };

  for (const seqLen of sizes) {
    const needs = weightsBytes(seqLen);
    // memoryEfficientAttention, with a chunkSize sweep at the first size.
    for (const chunk of seqLen === sweepAt ? sweep : [chunkSize]) {
      const main = chunk === chunkSize;
      const plan = SIZES.longPlan(seqLen, main);
      progress(`Table 2: memoryEfficientAttention seqLen ${seqLen} chunkSize ${chunk} (up to ${plan.maxRuns} run(s), child process)`);
      const r = await spawnChild({ method: 'chunked', seqLen, chunkSize: chunk, plan, check: false });
      record(r, `memoryEfficientAttention seqLen ${seqLen} chunkSize ${chunk}`);
      if (r.times.length === 0) {
        const why = r.oom ? `out of memory (malloc of ${fmtBytes(r.oom.requested)} failed)` : `failed: ${r.error ?? 'no runs'}`;
        if (main) rows.push([String(seqLen), 'memoryEfficientAttention', String(chunk), '0', why, '—', '—', '—', '—', '—', fmtBytes(needs)]);
        if (seqLen === sweepAt) sweepRows.push([String(chunk), '0', why, '—', '—', '—']);
        continue;
      }
      progress(`  median ${fmtMs(median(r.times))} ms over ${r.times.map(fmtMs).join(', ')}; wasm tensors peak ${fmtBytes(r.wasmPeak)}`);
      if (main) rows.push([String(seqLen), 'memoryEfficientAttention', String(chunk), ...timeCells(r, seqLen), ...memoryCells(r), fmtBytes(needs)]);
      if (seqLen === sweepAt) sweepRows.push([String(chunk), ...timeCells(r, seqLen), fmtBytes(r.profilePeak), fmtBytes(r.wasmPeak)]);
    }

    // Full attention, unless its weights alone make it hopeless.
    if (needs > FULL_WEIGHTS_LIMIT) {
      progress(`Table 2: scaledDotProductAttention seqLen ${seqLen} skipped: weights alone ${fmtBytes(needs)}`);
      rows.push([String(seqLen), 'scaledDotProductAttention', '—', '0', `out of memory (needs ${(needs / GiB).toFixed(2)} GiB for weights), not attempted`, '—', '—', '—', '—', '—', fmtBytes(needs)]);
      notes.push(
        `scaledDotProductAttention at seqLen ${seqLen} was not attempted: its weights alone are ${fmtBytes(needs)}, more than the ${fmtBytes(FULL_WEIGHTS_LIMIT)} limit ` +
          `this bench allows (the wasm heap cannot exceed ${fmtBytes(WASM_HEAP_MAX)}).`,
      );
      continue;
    }
    const plan = SIZES.longPlan(seqLen, true);
    const check = seqLen === checkAt;
    progress(`Table 2: scaledDotProductAttention seqLen ${seqLen} (up to ${plan.maxRuns} run(s)${check ? ', then the accuracy check' : ''}, child process)`);
    const r = await spawnChild({ method: 'full', seqLen, chunkSize, plan, check });
    record(r, `scaledDotProductAttention seqLen ${seqLen}`);
    if (r.oom) {
      progress(`  out of memory: malloc of ${fmtBytes(r.oom.requested)} failed with ${fmtBytes(r.oom.live)} live`);
      rows.push([String(seqLen), 'scaledDotProductAttention', '—', '0', `out of memory (needs ${(needs / GiB).toFixed(2)} GiB for weights)`, '—', '—', fmtBytes(r.wasmPeak), fmtBytes(r.wasmHeap), fmtBytes(r.maxRss), fmtBytes(needs)]);
      notes.push(
        `scaledDotProductAttention at seqLen ${seqLen} ran out of wasm memory: a malloc of ${fmtBytes(r.oom.requested)} failed with ${fmtBytes(r.oom.live)} of tensors live ` +
          `and the heap at ${fmtBytes(r.oom.heap)} (max ${fmtBytes(WASM_HEAP_MAX)}). The error was caught and every tensor freed ` +
          `(${r.tensorsBefore} tensors before, ${r.tensorsAfter} after).`,
      );
    } else if (r.times.length > 0) {
      progress(`  median ${fmtMs(median(r.times))} ms over ${r.times.map(fmtMs).join(', ')}; wasm tensors peak ${fmtBytes(r.wasmPeak)}`);
      rows.push([String(seqLen), 'scaledDotProductAttention', '—', ...timeCells(r, seqLen), ...memoryCells(r), fmtBytes(needs)]);
    } else {
      rows.push([String(seqLen), 'scaledDotProductAttention', '—', '0', `failed: ${r.error ?? 'no runs'}`, '—', '—', '—', '—', '—', fmtBytes(needs)]);
    }
    if (r.check) {
      const c = r.check;
      const ok = c.maxRel <= 1e-5;
      notes.unshift(
        `Accuracy at seqLen ${seqLen}: memoryEfficientAttention (chunkSize ${c.chunkSize}) against scaledDotProductAttention (${c.reference}): ` +
          `max |Δ| = ${c.maxAbs.toExponential(2)}, max |ref| = ${c.maxRef.toFixed(4)}, max relative difference max|Δ|/max|ref| = ${c.maxRel.toExponential(2)} ` +
          `(${ok ? 'within' : 'NOT within'} 1e-5).`,
      );
      if (!ok) process.exitCode = 1;
    } else if (check) {
      notes.unshift(`Accuracy at seqLen ${seqLen}: not checked (${r.error ?? 'no result'}).`);
    }
  }

  print('## Table 2: full against memory-efficient attention (wasm)');
  print();
  print(
    `Batch ${BATCH}, ${HEADS} heads of dHead ${D_HEAD}, query, key and value N(0, 1) and independent. ` +
      `memoryEfficientAttention uses chunkSize ${chunkSize} for both queries and keys. Each row runs in a fresh Node process after one warm-up run at seqLen 512. ` +
      'Memory columns: "tf.profile peak" is `tf.profile(...).peakBytes`, the engine-tracked tensor bytes (it counts a reshaped view as a second tensor, so it overstates); ' +
      '"wasm tensors peak" is the high-water mark of live wasm malloc bytes for tensor buffers (views counted once); ' +
      '"wasm heap" is the wasm memory size afterwards (it grows to the high-water mark and never shrinks; max 4 GiB); ' +
      '"peak RSS" is the process high-water mark, including Node itself and JS copies made by some wasm kernels. All include the inputs ' +
      `(3 × ${HEADS}·seqLen·${D_HEAD}·4 bytes). "full weights" is the ${HEADS}·seqLen²·4 bytes of \`[${BATCH}, ${HEADS}, seqLen, seqLen]\` float32 weights.`,
  );
  print();
  table(['seqLen', 'method', 'chunkSize', 'runs', 'median ms', 'GFLOP/s', 'tf.profile peak', 'wasm tensors peak', 'wasm heap', 'peak RSS', 'full weights'], rows);
  if (baseRss.length > 0) {
    notes.push(
      `Peak RSS for scale: a child process measured ${fmtBytes(Math.min(...baseRss))} to ${fmtBytes(Math.max(...baseRss))} RSS before its timed runs ` +
        '(Node, tsx, the wasm module, the inputs and the seqLen 512 warm-up).',
    );
  }
  for (const note of notes) print(`- ${note}`);
  if (notes.length > 0) print();

  print(`### Table 2b: memoryEfficientAttention chunkSize at seqLen ${sweepAt} (wasm)`);
  print();
  print(
    'Same set-up as Table 2, one child process per row; memory grows with chunkSize². ' +
      (chunkArg
        ? `Table 2 uses ${chunkSize} (from --chunk).`
        : `Table 2 uses ${chunkSize}: in repeated sweeps on the reference machine (2-core Xeon) the time hardly depended on chunkSize between 512 and 2048 at seqLen 4096 ` +
          '(within the ±10% run-to-run noise; 256 was about 30% slower), at seqLen 8192 chunkSize 512 took about 15% longer than 1024 and 2048, ' +
          'and 2048 needs about 3.4× the memory of 1024.'),
  );
  print();
  table(['chunkSize', 'runs', 'median ms', 'GFLOP/s', 'tf.profile peak', 'wasm tensors peak'], sweepRows);
  return leakFree;
}

// ---------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------

async function main(): Promise<void> {
  tf.env().set('PROD', true); // no debug checks or deprecation noise
  const tensorsAtStart = tf.memory().numTensors;
  await useWasm();
  const { version_wasm } = await import('@tensorflow/tfjs-backend-wasm');
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
  const cpus = os.cpus();
  const machine = `${cpus[0]?.model.trim() ?? 'unknown CPU'} (${cpus.length} cores), Node ${process.version}`;
  printHeader('@attention-lab/core attention benchmark', 'attention.bench.ts', 'bench', args, quick, machine);
  print(`| Node | ${process.version} |`);
  print(`| TensorFlow.js | @tensorflow/tfjs ${tf.version.tfjs}, @tensorflow/tfjs-backend-wasm ${version_wasm} |`);
  print(`| wasm flags | WASM_HAS_SIMD_SUPPORT=${String(simd)}, WASM_HAS_MULTITHREAD_SUPPORT=${String(threads)} (single-threaded), PROD=true |`);
  print(`| load average at start (1, 5, 15 min) | ${os.loadavg().map((x) => x.toFixed(2)).join(', ')} |`);
  print();
  print(`tf.memory().numTensors at start: ${tensorsAtStart}`);
  print();

  if (only.has('mha')) await multiHeadTable();
  if (only.has('strategy')) await strategyTable();
  const childrenLeakFree = only.has('long') ? await longTable() : null;

  const tensorsAtEnd = tf.memory().numTensors;
  const equal = tensorsAtEnd === tensorsAtStart;
  const children = childrenLeakFree == null ? '' : `; Table 2 child processes ${childrenLeakFree ? 'leak-free' : 'LEAKED (see notes)'}`;
  print(`tf.memory().numTensors at end: ${tensorsAtEnd} (${equal ? 'equal to the start' : `LEAK: ${tensorsAtEnd - tensorsAtStart} more than at start`})${children}.`);
  print();
  print(`Load average at end: ${os.loadavg().map((x) => x.toFixed(2)).join(', ')}. Total time ${((performance.now() - startedAt) / 60_000).toFixed(1)} min.`);
  if (!equal || childrenLeakFree === false) process.exitCode = 1;
  progress('done');
}

// The wasm module rethrows uncaught errors with its whole minified source attached: report them briefly instead.
try {
  if (childArg >= 0) await runChild(JSON.parse(args[childArg + 1] ?? '{}') as LongJob);
  else await main();
} catch (error) {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
}
