/**
 * The page of `browser.bench.ts`: runs one contender once when the driver
 * asks, and says how long it took. esbuild bundles this file with
 * TensorFlow.js, its wasm backend and core's source; onnxruntime-web stays
 * out of the bundle (index.html maps `onnxruntime-web` to its own
 * `ort.wasm.min.mjs`, so its threaded build can start its own workers).
 *
 * A page has one role, set once by {@link BenchPage.setup}:
 *   'onnxruntime' — the ONNX graph of `../onnx-graph.ts` on onnxruntime-web's
 *                   wasm execution provider, `ort.env.wasm.numThreads` threads
 *                   (a global of the page, hence one page per thread count);
 *   'tfjs'        — core's attention functions on the tfjs wasm backend
 *                   (single-threaded), on webgl, and on webgpu where there is
 *                   an adapter and a webgpu backend.
 *
 * Inputs: query, key and value `[1, 8, seqLen, 64]`, N(0, 1), from a seeded
 * generator, so every page holds the same numbers.
 */
import * as tf from '@tensorflow/tfjs';
import type { Tensor, Tensor4D } from '@tensorflow/tfjs';
import { setWasmPaths, version_wasm } from '@tensorflow/tfjs-backend-wasm';
import { fusedAttention, fusedAttentionAvailable, fusedAttentionParallel, memoryEfficientAttention, scaledDotProductAttention } from '../../src/index.js';
import { loadAttentionKernel } from '../../src/fused/attention-kernel.js';
import { attentionModel } from '../onnx-graph.js';
import { seededNormal } from '../seeded-normal.js';

const BATCH = 1;
const HEADS = 8;
const D_HEAD = 64;
/** How long the page waits for the fused kernel's asynchronous compile on the main thread. */
const KERNEL_WAIT_MS = 20_000;

/** What the driver asks a page to become. */
export interface PageSetup {
  role: 'onnxruntime' | 'tfjs';
  /** onnxruntime: `ort.env.wasm.numThreads`. tfjs: the threads of fusedAttentionParallel. */
  threads: number;
  /** The sequence lengths to hold inputs for. */
  seqLens: readonly number[];
}

/** What a page found out about itself while setting up. */
export interface PageInfo {
  crossOriginIsolated: boolean;
  hardwareConcurrency: number;
  /** The contenders this page can run, by id. */
  ready: string[];
  /** Contenders this page cannot run, with the reason. */
  missing: { id: string; reason: string }[];
  tfjs?: { version: string; wasm: string; simd: boolean; threads: boolean; webglRenderer: string | null; fusedKernel: FusedKernelInfo };
  onnxruntime?: { version: string; numThreads: number };
}

/** How the fused kernel came up on the page's main thread. */
export interface FusedKernelInfo {
  /** What `fusedAttentionAvailable()` said when first asked (false: the compile went asynchronous). */
  availableAtOnce: boolean;
  /** Milliseconds until it said true, or null if it never did. */
  readyAfterMs: number | null;
  /** Which build loaded: 'relaxed-simd' or 'simd'. */
  variant: string | null;
}

/** One timed run: milliseconds, and the output as base64 float32 bytes when asked for. */
export interface RunResult {
  ms: number;
  output?: string;
}

/** The API the page puts on `window.bench` for the driver's `page.evaluate`. */
export interface BenchPage {
  setup(options: PageSetup): Promise<PageInfo>;
  run(id: string, seqLen: number, keepOutput: boolean): Promise<RunResult>;
  numTensors(): number;
}

declare global {
  interface Window {
    bench?: BenchPage;
  }
}

// ---------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------


/** Query, key and value `[batch, heads, seqLen, dHead]`, flat; the seeds are peer.bench.ts's, so Node sees the same numbers. */
function inputsAt(seqLen: number): [Float32Array, Float32Array, Float32Array] {
  const n = BATCH * HEADS * seqLen * D_HEAD;
  return [seededNormal(n, 3 * seqLen + 1), seededNormal(n, 3 * seqLen + 2), seededNormal(n, 3 * seqLen + 3)];
}

const shapeAt = (seqLen: number): [number, number, number, number] => [BATCH, HEADS, seqLen, D_HEAD];

/** The bytes of a float32 array as base64, for `page.evaluate` to carry back as a string. */
function toBase64(values: Float32Array): string {
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

// ---------------------------------------------------------------------------
// Contenders
// ---------------------------------------------------------------------------

/** One contender of this page: `run` computes the output at `seqLen` and reads it back to JS. */
interface Runner {
  /** The tfjs backend to activate first, if any. */
  backend?: string;
  run(seqLen: number): Promise<Float32Array>;
}

const runners = new Map<string, Runner>();

/** onnxruntime-web on `threads` threads: one session for every seqLen (its batch, heads and seqLen are symbolic). */
async function setupOnnxruntime(options: PageSetup, info: PageInfo): Promise<void> {
  // Not bundled: index.html's import map points this at onnxruntime-web's own dist file.
  const ort = await import('onnxruntime-web');
  ort.env.wasm.wasmPaths = new URL('/ort/', location.href).href;
  ort.env.wasm.numThreads = options.threads;
  ort.env.wasm.proxy = false;
  const session = await ort.InferenceSession.create(attentionModel({ dHead: D_HEAD }), {
    executionProviders: ['wasm'],
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
  });
  // onnxruntime-web sets numThreads back to 1 where it cannot start workers (no cross-origin isolation).
  info.onnxruntime = { version: ort.env.versions.web ?? 'unknown', numThreads: ort.env.wasm.numThreads ?? 0 };
  const feeds = new Map<number, Record<string, InstanceType<typeof ort.Tensor>>>();
  for (const seqLen of options.seqLens) {
    const [q, k, v] = inputsAt(seqLen);
    const shape = shapeAt(seqLen);
    feeds.set(seqLen, { query: new ort.Tensor('float32', q, shape), key: new ort.Tensor('float32', k, shape), value: new ort.Tensor('float32', v, shape) });
  }
  runners.set('onnxruntime', {
    async run(seqLen) {
      const results = await session.run(feeds.get(seqLen)!);
      const output = results.output!;
      const data = (await output.getData()) as Float32Array;
      output.dispose();
      return data;
    },
  });
  info.ready.push('onnxruntime');
}

/** The output tensor of what an attention function returned (a tensor, or `{ output, ... }`); every other tensor in it is disposed. */
function outputOf(result: Tensor | { output: Tensor }): Tensor {
  if (result instanceof tf.Tensor) return result;
  const { output, ...rest } = result;
  for (const value of Object.values(rest)) if (value instanceof tf.Tensor) value.dispose();
  return output;
}

/** A tfjs contender on `backend`: `attend` gets that backend's inputs at a seqLen. */
function tfjsRunner(backend: string, inputs: Map<string, [Tensor4D, Tensor4D, Tensor4D]>, attend: (q: Tensor4D, k: Tensor4D, v: Tensor4D) => Tensor | { output: Tensor } | Promise<Tensor>): Runner {
  return {
    backend,
    async run(seqLen) {
      const output = outputOf(await attend(...inputs.get(`${backend}@${seqLen}`)!));
      try {
        return (await output.data()) as Float32Array;
      } finally {
        output.dispose();
      }
    },
  };
}

/** The WebGL renderer's name (SwiftShader, a GPU), or null where WebGL or the name is not to be had. */
function webglRenderer(): string | null {
  const gl = document.createElement('canvas').getContext('webgl2') ?? document.createElement('canvas').getContext('webgl');
  if (!gl) return null;
  const debug = gl.getExtension('WEBGL_debug_renderer_info');
  const name = debug ? String(gl.getParameter(debug.UNMASKED_RENDERER_WEBGL)) : null;
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return name;
}

/** Waits up to `ms` for the fused kernel, which a browser main thread may compile asynchronously. */
async function waitForFusedKernel(ms: number): Promise<FusedKernelInfo> {
  const start = performance.now();
  const availableAtOnce = fusedAttentionAvailable();
  let ready = availableAtOnce;
  while (!ready && performance.now() - start < ms) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    ready = fusedAttentionAvailable();
  }
  return { availableAtOnce, readyAfterMs: ready ? performance.now() - start : null, variant: ready ? (loadAttentionKernel()?.variant ?? null) : null };
}

/** Core's contenders on the tfjs backends this browser has. */
async function setupTfjs(options: PageSetup, info: PageInfo): Promise<void> {
  tf.env().set('PROD', true);
  // Threaded tfjs-wasm is known to hang when bundled; the flag must be set before the backend starts.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  setWasmPaths(new URL('/tfjs-wasm/', location.href).href);
  if (!(await tf.setBackend('wasm'))) throw new Error('browser bench page: tf.setBackend("wasm") failed');
  const fusedKernel = await waitForFusedKernel(KERNEL_WAIT_MS);
  info.tfjs = {
    version: tf.version.tfjs,
    wasm: version_wasm,
    simd: Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')),
    threads: Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')),
    webglRenderer: webglRenderer(),
    fusedKernel,
  };

  const backends = ['wasm'];
  try {
    if (await tf.setBackend('webgl')) backends.push('webgl');
    else info.missing.push({ id: 'webgl-sdpa', reason: 'tf.setBackend("webgl") failed to initialise it' });
  } catch (error) {
    info.missing.push({ id: 'webgl-sdpa', reason: `the webgl backend failed to initialise: ${messageOf(error)}` });
  }
  const adapter = await navigator.gpu?.requestAdapter().catch(() => null);
  if (!adapter) info.missing.push({ id: 'webgpu-sdpa', reason: 'no WebGPU adapter' });
  else if (tf.findBackendFactory('webgpu') == null) {
    info.missing.push({ id: 'webgpu-sdpa', reason: 'a WebGPU adapter exists, but the page has no webgpu backend (@tensorflow/tfjs-backend-webgpu is not a devDependency of core)' });
  } else if (await tf.setBackend('webgpu')) backends.push('webgpu');
  else info.missing.push({ id: 'webgpu-sdpa', reason: 'tf.setBackend("webgpu") failed to initialise it' });

  // Each backend holds its own copy of the inputs, made while it is active.
  const inputs = new Map<string, [Tensor4D, Tensor4D, Tensor4D]>();
  for (const backend of backends) {
    await tf.setBackend(backend);
    for (const seqLen of options.seqLens) {
      const [q, k, v] = inputsAt(seqLen).map((x) => tf.tensor4d(x, shapeAt(seqLen)));
      inputs.set(`${backend}@${seqLen}`, [q!, k!, v!]);
    }
  }
  await tf.setBackend('wasm');

  const add = (id: string, runner: Runner): void => {
    runners.set(id, runner);
    info.ready.push(id);
  };
  add('wasm-sdpa', tfjsRunner('wasm', inputs, (q, k, v) => scaledDotProductAttention(q, k, v)));
  add('wasm-chunked', tfjsRunner('wasm', inputs, (q, k, v) => memoryEfficientAttention(q, k, v)));
  if (fusedKernel.readyAfterMs != null) {
    add('wasm-fused', tfjsRunner('wasm', inputs, (q, k, v) => fusedAttention(q, k, v)));
    add('wasm-fused-parallel', tfjsRunner('wasm', inputs, (q, k, v) => fusedAttentionParallel(q, k, v, { threads: options.threads })));
  } else {
    const reason = `fusedAttentionAvailable() stayed false for ${KERNEL_WAIT_MS / 1000} s (no WebAssembly SIMD, or the kernel failed to compile)`;
    info.missing.push({ id: 'wasm-fused', reason }, { id: 'wasm-fused-parallel', reason });
  }
  for (const backend of backends.filter((b) => b !== 'wasm')) add(`${backend}-sdpa`, tfjsRunner(backend, inputs, (q, k, v) => scaledDotProductAttention(q, k, v)));
}

// ---------------------------------------------------------------------------
// The page's API
// ---------------------------------------------------------------------------

window.bench = {
  async setup(options) {
    const info: PageInfo = { crossOriginIsolated, hardwareConcurrency: navigator.hardwareConcurrency, ready: [], missing: [] };
    if (options.role === 'onnxruntime') await setupOnnxruntime(options, info);
    else await setupTfjs(options, info);
    return info;
  },

  async run(id, seqLen, keepOutput) {
    const runner = runners.get(id);
    if (!runner) throw new Error(`browser bench page: no contender '${id}' here`);
    if (runner.backend && tf.getBackend() !== runner.backend) await tf.setBackend(runner.backend);
    const tensorsBefore = tf.memory().numTensors;
    const t0 = performance.now();
    const output = await runner.run(seqLen);
    const ms = performance.now() - t0;
    const leaked = tf.memory().numTensors - tensorsBefore;
    if (leaked !== 0) throw new Error(`browser bench page: ${id} at seqLen ${seqLen} changed tf.memory().numTensors by ${leaked}`);
    return keepOutput ? { ms, output: toBase64(output) } : { ms };
  },

  numTensors: () => tf.memory().numTensors,
};
