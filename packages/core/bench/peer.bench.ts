/**
 * Our attention against a peer: onnxruntime-node running the same computation,
 * `softmax(Q Kᵀ / √dHead) V` on query, key and value `[1, 8, seqLen, 64]`, as
 * an ONNX graph (`onnx-graph.ts`) on 1 and 2 threads. It prints markdown
 * tables on stdout and progress on stderr. It is not a test: it fails
 * (exit code 1) only when an output disagrees with onnxruntime's by more than
 * 1e-4, when onnxruntime disagrees with a plain-JS float64 reference, or when
 * a tensor leaks.
 *
 *   pnpm --filter @attention-lab/core bench:peer             # seqLen 512, 1024, 2048; memory up to 8192
 *   pnpm --filter @attention-lab/core bench:peer --quick     # or BENCH_QUICK=1: seqLen 128 and 256, a CI smoke run
 *   pnpm -s bench:peer > bench/peer-results.md               # inside packages/core: record the tables
 *
 * Table 1 (speed of the attention core: scaledDotProductAttention and
 * memoryEfficientAttention on wasm and cpu, fusedAttention where
 * src/fused/fused-attention.ts exists, tfjs-node where installed) runs every
 * contender in one process, in interleaved rounds: each round runs each
 * contender once at each seqLen, in a seeded random order drawn anew each
 * round, so that drift in the machine's load hits all alike. One untimed round warms
 * up and checks the outputs; the table gives medians.
 * Table 2 (memory of the core) runs each (contender, seqLen) in a child
 * process of its own, so that its peak RSS is its own.
 * Table 3 (the multi-head layer with its projections) runs like Table 1.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import type { Tensor, Tensor4D } from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { fusedAttentionParallel, memoryEfficientAttention, multiHeadAttention, scaledDotProductAttention, useBestBackend } from '../src/index.js';
import { fmtBytes, fmtMs, gflops, maxAbsDiff, median, pathTable as table, print, printHeader, progressLogger } from './bench-output.js';
import { attentionModel, modelOperators, multiHeadAttentionModel } from './onnx-graph.js';
import { seededNormal, seededShuffle } from './seeded-normal.js';

const progress = progressLogger('peer');
const startedAt = performance.now();

// ---------------------------------------------------------------------------
// Sizes
// ---------------------------------------------------------------------------

const BATCH = 1;
const HEADS = 8;
const D_HEAD = 64;
const D_MODEL = HEADS * D_HEAD; // 512
/** Largest max-abs difference from onnxruntime's output that passes the correctness gate. */
const TOLERANCE = 1e-4;

const args = process.argv.slice(2).filter((a) => a !== '--');
const childArg = args.indexOf('--child');
const quick = args.includes('--quick') || process.env.BENCH_QUICK === '1';

const SIZES = quick
  ? { speed: [128, 256], rounds: 3, memory: [256], cpuMax: 256, childRuns: 2 }
  : { speed: [512, 1024, 2048], rounds: 7, memory: [512, 1024, 2048, 8192], cpuMax: 512, childRuns: 2 };
/** Child processes warm up at this size (JIT, kernels, thread pools) before their measured runs. */
const CHILD_WARMUP_SEQ_LEN = 128;

// ---------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------

/** `4 · batch · heads · seqLen² · dHead`: the two matMuls (QKᵀ and weights·V). */
const attentionFlops = (seqLen: number): number => 4 * BATCH * HEADS * seqLen * seqLen * D_HEAD;
/** `8 · batch · seqLen · dModel²`: the four projections of the multi-head layer. */
const projectionFlops = (seqLen: number): number => 8 * BATCH * seqLen * D_MODEL * D_MODEL;
/** The flops a contender's computation counts at `seqLen`. */
const flopsOf = (group: Group, seqLen: number): number => attentionFlops(seqLen) + (group === 'layer' ? projectionFlops(seqLen) : 0);
const shape4 = (seqLen: number): [number, number, number, number] => [BATCH, HEADS, seqLen, D_HEAD];

/**
 * Query, key and value `[batch, heads, seqLen, dHead]` as plain arrays, N(0, 1).
 * The layer table reads `q` as its input `x` `[batch, seqLen, dModel]` (the same count).
 */
function randomQkv(seqLen: number): { q: Float32Array; k: Float32Array; v: Float32Array } {
  const n = BATCH * HEADS * seqLen * D_HEAD;
  return { q: seededNormal(n, 3 * seqLen + 1), k: seededNormal(n, 3 * seqLen + 2), v: seededNormal(n, 3 * seqLen + 3) };
}
type Qkv = ReturnType<typeof randomQkv>;

// ---------------------------------------------------------------------------
// Backends
// ---------------------------------------------------------------------------

let wasmReady: Promise<void> | null = null;
/**
 * Initialises the wasm backend once, then removes the `uncaughtException` and
 * `unhandledRejection` listeners its Emscripten module installs (they print
 * the module's minified source and end the process).
 */
function initWasm(): Promise<void> {
  return (wasmReady ??= (async () => {
    const exceptionListeners = process.listeners('uncaughtException');
    const rejectionListeners = process.listeners('unhandledRejection');
    await useBestBackend('wasm');
    for (const l of process.listeners('uncaughtException')) if (!exceptionListeners.includes(l)) process.off('uncaughtException', l);
    for (const l of process.listeners('unhandledRejection')) if (!rejectionListeners.includes(l)) process.off('unhandledRejection', l);
  })());
}

let tfjsNodeState: 'absent' | 'loaded' | undefined;
/** Loads @tensorflow/tfjs-node if it is installed (it registers the `tensorflow` backend); it is an optional peer. */
async function loadTfjsNode(): Promise<boolean> {
  if (tfjsNodeState === undefined) {
    try {
      const name = '@tensorflow/tfjs-node'; // a variable, so that TypeScript does not look for the package
      await import(name);
      tfjsNodeState = 'loaded';
    } catch {
      tfjsNodeState = 'absent';
    }
  }
  return tfjsNodeState === 'loaded';
}

async function activate(backend: string): Promise<void> {
  if (backend === 'wasm') await initWasm();
  if (tf.getBackend() !== backend && !(await tf.setBackend(backend))) throw new Error(`peer bench: tf.setBackend('${backend}') failed`);
}

/** The other helper's fused kernel, if its file exists: `fusedAttention(q, k, v, options)`. */
type FusedAttention = (q: Tensor4D, k: Tensor4D, v: Tensor4D, options?: object) => unknown;
const FUSED_SOURCE = new URL('../src/fused/fused-attention.ts', import.meta.url);
let fused: { fn: FusedAttention | null; note: string } | undefined;
async function loadFused(): Promise<{ fn: FusedAttention | null; note: string }> {
  if (fused) return fused;
  if (!existsSync(fileURLToPath(FUSED_SOURCE))) return (fused = { fn: null, note: 'absent (no src/fused/fused-attention.ts)' });
  try {
    const specifier = '../src/fused/fused-attention.js'; // a variable: the file may not exist when this one is typechecked
    const module = (await import(specifier)) as { fusedAttention?: FusedAttention };
    if (typeof module.fusedAttention !== 'function') return (fused = { fn: null, note: 'present, but it exports no fusedAttention function' });
    return (fused = { fn: module.fusedAttention, note: 'present' });
  } catch (error) {
    return (fused = { fn: null, note: `present, but it failed to load: ${error instanceof Error ? error.message : String(error)}` });
  }
}

/**
 * The output tensor of whatever a tfjs attention function returned (a tensor,
 * or an object with `output`); every other tensor in the result is disposed.
 */
function takeOutput(result: unknown): Tensor {
  if (result instanceof tf.Tensor) return result;
  if (result != null && typeof result === 'object' && (result as { output?: unknown }).output instanceof tf.Tensor) {
    const { output, ...rest } = result as { output: Tensor } & Record<string, unknown>;
    for (const value of Object.values(rest)) if (value instanceof tf.Tensor) value.dispose();
    return output;
  }
  throw new Error('peer bench: the attention function returned neither a tensor nor { output }');
}

// ---------------------------------------------------------------------------
// Contenders
// ---------------------------------------------------------------------------

/** One contender at one seqLen: `prepare` (untimed) then `run` (timed), which returns the output read back to JS. */
interface Runner {
  prepare(): Promise<void>;
  run(): Promise<Float32Array>;
  dispose(): void;
}

/** `core`: attention on given query, key and value. `layer`: multi-head self-attention with its four projections. */
type Group = 'core' | 'layer';

interface Contender {
  id: string;
  group: Group;
  /** What runs: the function or the peer. */
  path: string;
  /** The tfjs backend it runs on (`onnxruntime cpu` for the peer). */
  backend: string;
  /** How the tables name where it runs, when that is more than `backend`. Default `backend`. */
  where?: string;
  threads: number;
  /** Whether it runs at this seqLen (the cpu backend only at small ones). */
  runsAt(seqLen: number): boolean;
  /** Why it is missing here, or null when it can run. */
  unavailable(): Promise<string | null>;
  setup(seqLen: number, inputs: Qkv): Promise<Runner>;
}

/** The projection weights of the layer table, `[dModel, dModel]` each, N(0, 1/dModel), seeded. */
const layerWeights = (() => {
  let w: { wq: Float32Array; wk: Float32Array; wv: Float32Array; wo: Float32Array } | undefined;
  return () => (w ??= { wq: seededNormal(D_MODEL ** 2, 11, D_MODEL ** -0.5), wk: seededNormal(D_MODEL ** 2, 12, D_MODEL ** -0.5), wv: seededNormal(D_MODEL ** 2, 13, D_MODEL ** -0.5), wo: seededNormal(D_MODEL ** 2, 14, D_MODEL ** -0.5) });
})();

const sessions = new Map<string, Promise<ort.InferenceSession>>();
/** One onnxruntime session per model and thread count, with symbolic batch, heads and seqLen, so that every seqLen shares it. */
function ortSession(group: Group, threads: number): Promise<ort.InferenceSession> {
  const key = `${group}-${threads}`;
  let session = sessions.get(key);
  if (!session) {
    // No spinning: onnxruntime's pool threads otherwise busy-wait after each run, taking
    // a core from whichever contender runs next (ours on 2 threads: 55 ms right after
    // an onnxruntime run against 37 ms back to back at seqLen 1024; without spinning 43 ms).
    session = ort.InferenceSession.create(modelOf(group), {
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
      extra: { session: { intra_op: { allow_spinning: '0' } } },
    } as ort.InferenceSession.SessionOptions);
    sessions.set(key, session);
  }
  return session;
}

/** The model bytes of a group: the core, or the layer with the seeded weights. */
const modelOf = (group: Group): Uint8Array => (group === 'core' ? attentionModel({ dHead: D_HEAD }) : multiHeadAttentionModel({ heads: HEADS, dHead: D_HEAD, ...layerWeights() }));

/** The operators onnxruntime runs for a group's model after its 'all' optimisations, read from the model it writes out. */
async function optimizedOperators(group: Group): Promise<string[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'peer-bench-'));
  try {
    const file = path.join(dir, 'optimized.onnx');
    // logSeverityLevel 3: no warning that the saved model is specific to this machine.
    await ort.InferenceSession.create(modelOf(group), { graphOptimizationLevel: 'all', optimizedModelFilePath: file, logSeverityLevel: 3 });
    return modelOperators(readFileSync(file));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function ortContender(group: Group, threads: number): Contender {
  return {
    id: `${group}-ort-${threads}`,
    group,
    path: group === 'core' ? 'onnxruntime-node (ONNX graph)' : 'onnxruntime-node (ONNX graph with projections)',
    backend: 'onnxruntime cpu',
    threads,
    runsAt: () => true,
    unavailable: async () => null,
    async setup(seqLen, { q, k, v }) {
      const session = await ortSession(group, threads);
      const feeds: Record<string, ort.Tensor> =
        group === 'core'
          ? { query: new ort.Tensor('float32', q, shape4(seqLen)), key: new ort.Tensor('float32', k, shape4(seqLen)), value: new ort.Tensor('float32', v, shape4(seqLen)) }
          : { x: new ort.Tensor('float32', q, [BATCH, seqLen, D_MODEL]) };
      return {
        prepare: async () => {},
        run: async () => {
          const result = await session.run(feeds);
          return result.output!.data as Float32Array;
        },
        dispose: () => {},
      };
    },
  };
}

/** A tfjs contender of the core: `attend` gets `[1, 8, seqLen, 64]` tensors on `backend` and returns what the function returns. */
function tfjsContender(id: string, path: string, backend: string, threads: number, attend: (q: Tensor4D, k: Tensor4D, v: Tensor4D) => unknown, options: Partial<Contender> = {}): Contender {
  return {
    id: `core-${id}`,
    group: 'core',
    path,
    backend,
    threads,
    runsAt: () => true,
    unavailable: async () => null,
    async setup(seqLen, { q, k, v }) {
      await activate(backend);
      const tensors = [q, k, v].map((x) => tf.tensor4d(x, shape4(seqLen))) as [Tensor4D, Tensor4D, Tensor4D];
      return tfjsRunner(backend, () => attend(...tensors), tensors);
    },
    ...options,
  };
}

/** `multiHeadAttention(x, x, x, params, { heads: 8 })` on `backend`, x `[1, seqLen, 512]`. */
function tfjsLayerContender(backend: string, threads: number, options: Partial<Contender> = {}): Contender {
  return {
    id: `layer-${backend}`,
    group: 'layer',
    path: 'multiHeadAttention',
    backend,
    threads,
    runsAt: () => true,
    unavailable: async () => null,
    async setup(seqLen, { q }) {
      await activate(backend);
      const x = tf.tensor3d(q, [BATCH, seqLen, D_MODEL]);
      const w = layerWeights();
      const params = { wq: tf.tensor2d(w.wq, [D_MODEL, D_MODEL]), wk: tf.tensor2d(w.wk, [D_MODEL, D_MODEL]), wv: tf.tensor2d(w.wv, [D_MODEL, D_MODEL]), wo: tf.tensor2d(w.wo, [D_MODEL, D_MODEL]) };
      return tfjsRunner(backend, () => multiHeadAttention(x, x, x, params, { heads: HEADS }), [x, ...Object.values(params)]);
    },
    ...options,
  };
}

/** Runs `attend` on `backend`, reads its output back and frees everything it made; `dispose` frees `inputs`. */
function tfjsRunner(backend: string, attend: () => unknown, inputs: Tensor[]): Runner {
  return {
    prepare: () => activate(backend),
    run: async () => {
      const output = takeOutput(await attend());
      try {
        return (await output.data()) as Float32Array;
      } finally {
        output.dispose();
      }
    },
    dispose: () => tf.dispose(inputs),
  };
}

const sdpa = (q: Tensor4D, k: Tensor4D, v: Tensor4D) => scaledDotProductAttention(q, k, v);

const tfjsNodeMissing = async (): Promise<string | null> => ((await loadTfjsNode()) ? null : '@tensorflow/tfjs-node: absent (an optional peer, not installed here)');

/** Every contender; which are available is decided at run time. */
function contenders(): Contender[] {
  const cores = os.cpus().length;
  const cpuOnly = { runsAt: (n: number) => n <= SIZES.cpuMax };
  return [
    ortContender('core', 1),
    ortContender('core', 2),
    tfjsContender('wasm-sdpa', 'scaledDotProductAttention', 'wasm', 1, sdpa),
    tfjsContender('wasm-chunked', 'memoryEfficientAttention', 'wasm', 1, (q, k, v) => memoryEfficientAttention(q, k, v)),
    tfjsContender(
      'wasm-fused',
      'fusedAttention',
      'wasm',
      1,
      (q, k, v) => {
        if (!fused?.fn) throw new Error('peer bench: fusedAttention is not loaded');
        return fused.fn(q, k, v, {});
      },
      {
        where: 'own wasm SIMD kernel (tfjs backend wasm)',
        unavailable: async () => ((await loadFused()).fn ? null : `fusedAttention: ${fused!.note}`),
      },
    ),
    // The same kernel on one worker thread per core, heads split between them.
    tfjsContender('wasm-fused-threads', 'fusedAttentionParallel', 'wasm', cores, (q, k, v) => fusedAttentionParallel(q, k, v, { threads: cores }), {
      where: `own wasm SIMD kernel on ${cores} worker threads (tfjs backend wasm)`,
    }),
    // The calling thread works too, as onnxruntime-node's does (its session.run blocks the event loop).
    tfjsContender('wasm-fused-caller', 'fusedAttentionParallel, callingThread', 'wasm', cores, (q, k, v) => fusedAttentionParallel(q, k, v, { threads: cores, callingThread: true }), {
      where: `own wasm SIMD kernel on the calling thread and ${cores - 1} worker thread${cores === 2 ? '' : 's'} (tfjs backend wasm)`,
    }),
    tfjsContender('cpu-sdpa', 'scaledDotProductAttention', 'cpu', 1, sdpa, cpuOnly),
    // The `tensorflow` backend is tfjs-node's native binding; TensorFlow uses every core by default.
    tfjsContender('node-sdpa', 'scaledDotProductAttention', 'tensorflow', cores, sdpa, { unavailable: tfjsNodeMissing }),
    ortContender('layer', 1),
    ortContender('layer', 2),
    tfjsLayerContender('wasm', 1),
    tfjsLayerContender('cpu', 1, cpuOnly),
    tfjsLayerContender('tensorflow', cores, { unavailable: tfjsNodeMissing }),
  ];
}

/** The onnxruntime contender that a contender is compared with: the same model and thread count (at most 2). */
const peerOf = (c: Contender): string => `${c.group}-ort-${Math.min(c.threads, 2)}`;

// ---------------------------------------------------------------------------
// Correctness: the ONNX graph against plain JS, every contender against onnxruntime
// ---------------------------------------------------------------------------

/** Attention in float64 loops, `[heads, seqLen, dHead]` per head: independent of onnxruntime and of tfjs. */
function referenceAttention({ q, k, v }: Qkv, seqLen: number): Float64Array {
  const out = new Float64Array(HEADS * seqLen * D_HEAD);
  const scale = 1 / Math.sqrt(D_HEAD);
  const row = new Float64Array(seqLen);
  for (let h = 0; h < HEADS; h++) {
    const base = h * seqLen * D_HEAD;
    for (let i = 0; i < seqLen; i++) {
      let max = -Infinity;
      for (let j = 0; j < seqLen; j++) {
        let dot = 0;
        for (let d = 0; d < D_HEAD; d++) dot += q[base + i * D_HEAD + d]! * k[base + j * D_HEAD + d]!;
        row[j] = dot * scale;
        max = Math.max(max, row[j]!);
      }
      let sum = 0;
      for (let j = 0; j < seqLen; j++) sum += row[j] = Math.exp(row[j]! - max);
      for (let d = 0; d < D_HEAD; d++) {
        let acc = 0;
        for (let j = 0; j < seqLen; j++) acc += row[j]! * v[base + j * D_HEAD + d]!;
        out[base + i * D_HEAD + d] = acc / sum;
      }
    }
  }
  return out;
}

/** onnxruntime (1 thread) on the ONNX graph against {@link referenceAttention} at a small size. */
async function checkGraph(): Promise<{ seqLen: number; maxAbs: number }> {
  const seqLen = 48;
  const inputs = randomQkv(seqLen);
  const runner = await ortContender('core', 1).setup(seqLen, inputs);
  const got = await runner.run();
  const want = referenceAttention(inputs, seqLen);
  let maxAbs = 0;
  for (let i = 0; i < want.length; i++) maxAbs = Math.max(maxAbs, Math.abs(got[i]! - want[i]!));
  if (Number.isNaN(got[0])) maxAbs = Infinity;
  return { seqLen, maxAbs };
}

// ---------------------------------------------------------------------------
// Child process: one cell of Table 2
// ---------------------------------------------------------------------------

interface MemoryJob {
  id: string;
  seqLen: number;
  runs: number;
}

interface MemoryResult {
  times: number[];
  /** RSS after the warm-up and the inputs, before the measured runs. */
  baseRss: number;
  /** Peak RSS of the process. */
  maxRss: number;
  error?: string;
}

const RESULT_TAG = '@@peer-result ';

/**
 * Peak RSS of this process image. On Linux, VmHWM from /proc/self/status:
 * `resourceUsage().maxRSS` survives exec, so a child spawned by a large parent
 * would report the parent's peak. Elsewhere, maxRSS.
 */
function peakRss(): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]) * 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS * 1024;
}

/**
 * Makes a failed wasm malloc throw. tfjs-backend-wasm 4.22 does not check
 * malloc's result: past the 4 GiB heap an allocation "succeeds" at address 0
 * and the kernel writes over whatever lives there.
 */
function guardWasmMalloc(): void {
  interface WasmModule {
    _malloc(bytes: number): number;
    asm?: { malloc?: (bytes: number) => number };
  }
  const wasm = (tf.backend() as unknown as { wasm?: WasmModule }).wasm;
  if (wasm == null) return;
  const malloc = wasm.asm?.malloc ?? wasm._malloc; // the raw export: the `_malloc` stub replaces itself on first call
  wasm._malloc = (bytes: number): number => {
    const pointer = malloc(bytes) >>> 0;
    if (pointer === 0 && bytes > 0) throw new Error(`wasm out of memory: malloc(${fmtBytes(bytes)}) failed (heap max 4 GiB)`);
    return pointer;
  };
}

async function runChild(job: MemoryJob): Promise<void> {
  tf.env().set('PROD', true);
  const contender = contenders().find((c) => c.id === job.id);
  if (!contender) throw new Error(`peer bench: no contender ${job.id}`);
  const result: MemoryResult = { times: [], baseRss: 0, maxRss: 0 };
  try {
    const why = await contender.unavailable(); // also loads what the contender needs (fusedAttention, tfjs-node)
    if (why != null) throw new Error(why);
    const warm = await contender.setup(CHILD_WARMUP_SEQ_LEN, randomQkv(CHILD_WARMUP_SEQ_LEN));
    await warm.prepare();
    await warm.run();
    warm.dispose();
    if (contender.backend === 'wasm') guardWasmMalloc();
    const runner = await contender.setup(job.seqLen, randomQkv(job.seqLen));
    await runner.prepare();
    result.baseRss = process.memoryUsage().rss;
    for (let i = 0; i < job.runs; i++) {
      const t0 = performance.now();
      await runner.run();
      result.times.push(performance.now() - t0);
    }
    runner.dispose();
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
  }
  result.maxRss = peakRss();
  process.stdout.write(`${RESULT_TAG}${JSON.stringify(result)}\n`);
}

/** Runs one Table 2 cell in a fresh Node process (same flags, so tsx and the source condition carry over). */
function spawnChild(job: MemoryJob): Promise<MemoryResult> {
  const script = fileURLToPath(import.meta.url);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...process.execArgv, script, '--child', JSON.stringify(job)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (stdout += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 10 * 60_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = stdout.split('\n').find((l) => l.startsWith(RESULT_TAG));
      if (line) return resolve(JSON.parse(line.slice(RESULT_TAG.length)) as MemoryResult);
      resolve({ times: [], baseRss: 0, maxRss: 0, error: `child process ended with ${signal ?? `code ${code}`} and no result` });
    });
  });
}

// ---------------------------------------------------------------------------
// Table 1: speed, interleaved
// ---------------------------------------------------------------------------

interface Cell {
  contender: Contender;
  seqLen: number;
  runner: Runner;
  times: number[];
  check?: number;
}

/** Times `active` in interleaved rounds at every speed seqLen; checks every output against onnxruntime (1 thread) in the warm-up round. */
async function speedTable(name: string, active: Contender[]): Promise<{ cells: Cell[]; ok: boolean }> {
  const cells: Cell[] = [];
  for (const seqLen of SIZES.speed) {
    const inputs = randomQkv(seqLen);
    for (const contender of active) if (contender.runsAt(seqLen)) cells.push({ contender, seqLen, runner: await contender.setup(seqLen, inputs), times: [] });
  }
  let ok = true;
  // Round 0 warms up and checks outputs; rounds 1..rounds are timed.
  for (let round = 0; round <= SIZES.rounds; round++) {
    progress(round === 0 ? `${name}: warm-up round and output check` : `${name}: round ${round} of ${SIZES.rounds}`);
    for (const seqLen of SIZES.speed) {
      const here = cells.filter((c) => c.seqLen === seqLen);
      const order = seededShuffle(here, 1000 * round + seqLen); // a new order each round
      const outputs = new Map<string, Float32Array>();
      for (const cell of order) {
        await cell.runner.prepare();
        const tensorsBefore = tf.memory().numTensors;
        const t0 = performance.now();
        const output = await cell.runner.run();
        const ms = performance.now() - t0;
        if (tf.memory().numTensors !== tensorsBefore) throw new Error(`peer bench: ${cell.contender.id} leaked ${tf.memory().numTensors - tensorsBefore} tensor(s) at seqLen ${seqLen}`);
        if (round === 0) outputs.set(cell.contender.id, output);
        else cell.times.push(ms);
      }
      if (round === 0) {
        const peer = outputs.get(`${here[0]!.contender.group}-ort-1`)!;
        for (const cell of here) {
          cell.check = maxAbsDiff(outputs.get(cell.contender.id)!, peer);
          if (!(cell.check < TOLERANCE)) ok = false;
        }
      }
    }
  }
  for (const cell of cells) cell.runner.dispose();
  return { cells, ok };
}

/** The first columns of a speed table's row: path, backend, threads, seqLen, runs and the median `ms`. */
function leadingColumns(cell: Cell, ms: number): string[] {
  const c = cell.contender;
  return [c.path, c.where ?? c.backend, String(c.threads), String(cell.seqLen), String(cell.times.length), fmtMs(ms)];
}

/**
 * Table 1b: each contender alone, its runs back to back (two untimed first),
 * at the middle speed seqLen. No other contender runs in between, so this is
 * the steady state that a loop of calls sees; Table 1 is what a mixed load sees.
 */
async function backToBackTable(active: Contender[], seqLen: number): Promise<Cell[]> {
  const inputs = randomQkv(seqLen);
  const cells: Cell[] = [];
  for (const contender of active) {
    if (!contender.runsAt(seqLen) || contender.id === 'core-wasm-sdpa') continue; // full attention: Table 1 says enough
    progress(`Table 1b: ${contender.id} at seqLen ${seqLen}, back to back`);
    const runner = await contender.setup(seqLen, inputs);
    const times: number[] = [];
    await runner.prepare();
    for (let i = -2; i < 2 * SIZES.rounds; i++) {
      const t0 = performance.now();
      await runner.run();
      if (i >= 0) times.push(performance.now() - t0);
    }
    runner.dispose();
    cells.push({ contender, seqLen, runner, times });
  }
  return cells;
}

// ---------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------

async function main(): Promise<void> {
  tf.env().set('PROD', true);
  const tensorsAtStart = tf.memory().numTensors;
  await initWasm();
  const { version_wasm } = await import('@tensorflow/tfjs-backend-wasm');
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const wasmThreads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');

  printHeader('@attention-lab/core attention against onnxruntime-node', 'peer.bench.ts', 'bench:peer', args, quick);
  print(`| Node | ${process.version} |`);
  print(`| TensorFlow.js | @tensorflow/tfjs ${tf.version.tfjs}, @tensorflow/tfjs-backend-wasm ${version_wasm} (SIMD ${String(simd)}, threads ${String(wasmThreads)}), PROD=true |`);
  print(`| onnxruntime-node | ${ort.env.versions.node ?? 'unknown'}, CPU execution provider, graphOptimizationLevel 'all', interOpNumThreads 1, sequential, session.intra_op.allow_spinning 0 |`);
  print(`| load average at start (1, 5, 15 min) | ${os.loadavg().map((x) => x.toFixed(2)).join(', ')} |`);
  print();

  // The ONNX graph itself, against plain JS.
  const graph = await checkGraph();
  const graphOk = graph.maxAbs < TOLERANCE;
  print(
    `The ONNX graph (${modelOperators(modelOf('core')).join(', ')}; opset 17, written by \`bench/onnx-graph.ts\`) on onnxruntime against float64 loops in JS at seqLen ${graph.seqLen}: ` +
      `max abs difference ${graph.maxAbs.toExponential(1)} (${graphOk ? 'pass' : 'FAIL'}, tolerance ${TOLERANCE}). ` +
      `After its optimisations onnxruntime runs it as ${(await optimizedOperators('core')).join(', ')}, ` +
      `and the layer of Table 3 (${modelOperators(modelOf('layer')).join(', ')}) as ${(await optimizedOperators('layer')).join(', ')}.`,
  );
  print();

  const all = contenders();
  const active: Contender[] = [];
  const missing = new Set<string>();
  for (const c of all) {
    const why = await c.unavailable();
    if (why == null) active.push(c);
    else missing.add(why);
  }

  const core = await speedTable('Table 1', active.filter((c) => c.group === 'core'));
  const middle = SIZES.speed[Math.floor(SIZES.speed.length / 2)]!;
  const steady = await backToBackTable(active.filter((c) => c.group === 'core'), middle);
  const layer = await speedTable('Table 3', active.filter((c) => c.group === 'layer'));
  const ok = core.ok && layer.ok;

  // Table 2 runs next (child processes), but Table 1 is printed first, with the peak RSS from Table 2.
  const memory = new Map<string, MemoryResult>();
  const memoryRows: string[][] = [];
  for (const seqLen of SIZES.memory) {
    for (const c of active) {
      if (c.group !== 'core' || !c.runsAt(seqLen)) continue;
      const runs = seqLen > 4096 ? 1 : SIZES.childRuns;
      progress(`Table 2: ${c.id} at seqLen ${seqLen} in a child process`);
      const r = await spawnChild({ id: c.id, seqLen, runs });
      memory.set(`${c.id}@${seqLen}`, r);
      const ms = r.times.length ? median(r.times) : undefined;
      memoryRows.push([
        c.path,
        c.where ?? c.backend,
        String(c.threads),
        String(seqLen),
        ms == null ? '–' : fmtMs(ms),
        ms == null ? '–' : gflops(attentionFlops(seqLen), ms),
        r.maxRss ? fmtBytes(r.maxRss) : '–',
        r.baseRss ? fmtBytes(Math.max(0, r.maxRss - r.baseRss)) : '–',
        r.error ?? '',
      ]);
    }
  }

  /** The rows of a speed table: median ms, GFLOP/s, the ratio to onnxruntime, and the peak RSS where Table 2 measured it. */
  const speedRows = (group: Cell[]): string[][] => {
    const medianOf = (id: string, seqLen: number): number | undefined => {
      const cell = group.find((c) => c.contender.id === id && c.seqLen === seqLen);
      return cell ? median(cell.times) : undefined;
    };
    const rows = group.map((cell) => {
      const ms = median(cell.times);
      const peer = medianOf(peerOf(cell.contender), cell.seqLen);
      const mem = memory.get(`${cell.contender.id}@${cell.seqLen}`);
      return [
        ...leadingColumns(cell, ms),
        gflops(flopsOf(cell.contender.group, cell.seqLen), ms),
        peer == null ? '–' : `${(ms / peer).toFixed(2)}×`,
        ...(cell.contender.group === 'core' ? [mem?.maxRss ? fmtBytes(mem.maxRss) : '–'] : []),
        cell.check == null ? '–' : `${cell.check.toExponential(1)}${cell.check < TOLERANCE ? '' : ' FAIL'}`,
      ];
    });
    return rows.sort((a, b) => Number(a[3]) - Number(b[3]));
  };

  print('## Table 1: speed, interleaved');
  print();
  print(
    `Scaled dot-product attention, softmax(Q·Kᵀ/√${D_HEAD})·V, on query, key and value [${BATCH}, ${HEADS}, seqLen, ${D_HEAD}] (float32, N(0, 1), seeded), forward only; ` +
      'the output is read back to JS each run (onnxruntime returns it in a JS array; tfjs: `await output.data()`), and tfjs weights are disposed. ' +
      `${SIZES.rounds} timed rounds after one warm-up round; in each round every contender runs once at every seqLen, in a seeded random order drawn anew each round (a fixed rotation always put the same contender before each one). ` +
      `GFLOP/s counts the two matMuls, 4·heads·seqLen²·dHead. "× onnxruntime" is the median time over onnxruntime's median at the same thread count (above 1: slower than onnxruntime). ` +
      '"peak RSS" comes from Table 2 (its own process), where that seqLen was measured. "max abs diff" is the largest absolute difference from onnxruntime (1 thread) in the warm-up round.',
  );
  print();
  table(['path', 'backend', 'threads', 'seqLen', 'runs', 'median ms', 'GFLOP/s', '× onnxruntime', 'peak RSS', 'max abs diff'], speedRows(core.cells));
  for (const m of missing) print(`- Not measured: ${m}.`);
  if (SIZES.cpuMax < Math.max(...SIZES.speed)) print(`- The tfjs cpu backend runs only at seqLen ≤ ${SIZES.cpuMax} (below 1 GFLOP/s, it would take most of the run).`);
  print('- tfjs wasm runs single-threaded here, so it is compared with onnxruntime on 1 thread.');
  print();

  print(`## Table 1b: speed, back to back, seqLen ${middle}`);
  print();
  print(
    `The same computation and inputs, but each contender alone: two untimed runs, then ${2 * SIZES.rounds} timed runs one after another, ` +
      'so no other contender runs in between (no cold caches, no idle core to wake). ' +
      '"× onnxruntime" divides by onnxruntime\'s median here at the same thread count.',
  );
  print();
  {
    const medianOf = (id: string): number | undefined => {
      const cell = steady.find((c) => c.contender.id === id);
      return cell ? median(cell.times) : undefined;
    };
    table(
      ['path', 'backend', 'threads', 'seqLen', 'runs', 'median ms', 'fastest ms', 'GFLOP/s (median)', '× onnxruntime'],
      steady.map((cell) => {
        const ms = median(cell.times);
        const peer = medianOf(peerOf(cell.contender));
        return [
          ...leadingColumns(cell, ms),
          fmtMs(Math.min(...cell.times)),
          gflops(attentionFlops(cell.seqLen), ms),
          peer == null ? '–' : `${(ms / peer).toFixed(2)}×`,
        ];
      }),
    );
  }

  print('## Table 2: memory, one process per cell');
  print();
  print(
    `Each row runs in a fresh Node process: one warm-up run at seqLen ${CHILD_WARMUP_SEQ_LEN}, then the inputs at seqLen, then the timed runs (${SIZES.childRuns}, or 1 above seqLen 4096). ` +
      '"peak RSS" is the process high-water mark (VmHWM in /proc/self/status on Linux), including Node, tsx, the loaded modules and the inputs; ' +
      '"above baseline" subtracts the RSS measured just before the timed runs, so it is what the computation itself added. ' +
      `Full attention materialises scores and weights of [1, 8, seqLen, seqLen] float32: ${SIZES.memory.map((n) => `${fmtBytes(HEADS * n * n * 4)} each at ${n}`).join(', ')}.`,
  );
  print();
  table(['path', 'backend', 'threads', 'seqLen', 'median ms', 'GFLOP/s', 'peak RSS', 'above baseline', 'note'], memoryRows);

  print('## Table 3: the multi-head layer, interleaved');
  print();
  print(
    `Multi-head self-attention with its projections: \`multiHeadAttention(x, x, x, { wq, wk, wv, wo }, { heads: ${HEADS} })\` against the same layer as an ONNX graph ` +
      `(MatMul, Reshape and Transpose per projection around the Table 1 graph, then Transpose, Reshape, MatMul), x [${BATCH}, seqLen, ${D_MODEL}], ` +
      `weights [${D_MODEL}, ${D_MODEL}] N(0, 1/${D_MODEL}) and no biases (x is Table 1's query read as [${BATCH}, seqLen, ${D_MODEL}]). ` +
      'Rounds, warm-up and columns as in Table 1; GFLOP/s adds the four projections, 8·seqLen·dModel², to the attention matMuls.',
  );
  print();
  table(['path', 'backend', 'threads', 'seqLen', 'runs', 'median ms', 'GFLOP/s', '× onnxruntime', 'max abs diff'], speedRows(layer.cells));

  const tensorsAtEnd = tf.memory().numTensors;
  const leakFree = tensorsAtEnd === tensorsAtStart;
  print(`tf.memory().numTensors: ${tensorsAtStart} at start, ${tensorsAtEnd} at end${leakFree ? '' : ' (LEAK)'}. Output check: ${ok && graphOk ? 'every contender within' : 'FAILED, tolerance'} ${TOLERANCE} of onnxruntime.`);
  print();
  print(`Load average at end: ${os.loadavg().map((x) => x.toFixed(2)).join(', ')}. Total time ${((performance.now() - startedAt) / 60_000).toFixed(1)} min.`);
  if (!ok || !graphOk || !leakFree) process.exitCode = 1;
  progress('done');
}

try {
  if (childArg >= 0) await runChild(JSON.parse(args[childArg + 1] ?? '{}') as MemoryJob);
  else await main();
} catch (error) {
  process.stderr.write(`peer bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
}
