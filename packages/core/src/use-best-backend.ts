import * as tf from '@tensorflow/tfjs';

/** A backend `useBestBackend` knows how to find. `tensorflow` is the native binding of tfjs-node(-gpu). */
export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu' | 'tensorflow';

/** A loader imports the package that registers a backend, e.g. `() => import('@tensorflow/tfjs-backend-wasm')`. */
export type BackendLoader = () => Promise<unknown>;

/** Options for {@link useBestBackend}. */
export interface UseBestBackendOptions {
  /**
   * How to load each optional backend package. Default: a dynamic import of
   * the package by name, which works in Node; in a bundled browser app pass
   * loaders so the bundler sees the imports, e.g.
   * `{ wasm: () => import('@tensorflow/tfjs-backend-wasm') }`.
   */
  loaders?: Partial<Record<BackendName, BackendLoader>>;
  /** Allow multi-threaded wasm (needs a cross-origin-isolated page and unbundled workers). Default `false`. */
  wasmThreads?: boolean;
}

/** One backend that was considered. */
export interface BackendAttempt {
  backend: BackendName;
  ok: boolean;
  /** Why it was or was not picked. */
  reason: string;
}

/** What {@link useBestBackend} picked and why. */
export interface BackendChoice {
  /** The active backend, as `tf.getBackend()` reports it. */
  backend: string;
  /** One sentence on why this backend. */
  reason: string;
  /** Every backend tried, in order. */
  tried: BackendAttempt[];
}

/** The npm packages that provide each backend, in the order they are tried. */
const PACKAGES: Record<BackendName, readonly string[]> = {
  webgpu: ['@tensorflow/tfjs-backend-webgpu'],
  webgl: [],
  wasm: ['@tensorflow/tfjs-backend-wasm'],
  cpu: [],
  tensorflow: ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'],
};

const BROWSER_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];
const NODE_ORDER: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];

/** True in Node (and Deno/Bun's Node mode), false in a browser or worker. */
export function isNodeRuntime(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === 'string' && typeof (globalThis as { document?: unknown }).document === 'undefined';
}

/**
 * Picks and activates the fastest TensorFlow.js backend available here.
 *
 * - In a browser: webgpu → webgl → wasm → cpu; WebGL rendered in software
 *   (SwiftShader, llvmpipe) is skipped for wasm, which is faster there.
 * - In Node: the native binding (`@tensorflow/tfjs-node-gpu`, then
 *   `@tensorflow/tfjs-node`) → wasm → cpu.
 *
 * Optional packages are loaded only when present; they are never required.
 * Asking for one backend (or a list) that cannot be had throws an error that
 * says which package to install.
 *
 * @param preference - `'auto'` (default), one backend name, or a list tried in order.
 * @param options - `loaders` for bundlers (default: dynamic import by package name), `wasmThreads` (default false).
 * @returns `{ backend, reason, tried }`.
 * @example
 * const { backend, reason } = await useBestBackend();
 * console.log(`attention runs on ${backend}: ${reason}`);
 */
export async function useBestBackend(
  preference: 'auto' | BackendName | readonly BackendName[] = 'auto',
  options: UseBestBackendOptions = {},
): Promise<BackendChoice> {
  const fn = 'useBestBackend';
  const node = isNodeRuntime();
  const auto = preference === 'auto';
  const order: readonly BackendName[] = auto ? (node ? NODE_ORDER : BROWSER_ORDER) : typeof preference === 'string' ? [preference] : preference;
  for (const name of order) {
    if (!(name in PACKAGES)) {
      throw new TypeError(`${fn}: argument 'preference' names an unknown backend '${String(name)}'; use one of ${Object.keys(PACKAGES).join(', ')} or 'auto'`);
    }
  }
  if (order.length === 0) throw new TypeError(`${fn}: argument 'preference' is an empty list`);

  const tried: BackendAttempt[] = [];
  for (const name of order) {
    const software = auto && name === 'webgl' ? softwareWebGlRenderer() : null;
    if (software !== null && order.includes('wasm')) {
      // A CPU emulating a GPU runs tfjs's shaders far slower than wasm runs its kernels.
      tried.push({ backend: name, ok: false, reason: `WebGL is software-rendered here (${software}), so wasm is faster; ask for 'webgl' to use it anyway` });
      continue;
    }
    const attempt = await tryBackend(name, options);
    tried.push(attempt);
    if (attempt.ok) {
      const where = node ? 'Node' : 'this browser';
      const reason = auto
        ? `${name} is the first backend available in ${where} (order ${order.join(' → ')})`
        : `${name} was asked for${order.length > 1 ? ` (order ${order.join(' → ')})` : ''}`;
      return { backend: tf.getBackend(), reason, tried };
    }
  }
  if (auto) {
    throw new Error(`${fn}: no TensorFlow.js backend could start: ${tried.map((t) => `${t.backend}: ${t.reason}`).join('; ')}`);
  }
  throw new Error(`${fn}: could not start ${order.join(' or ')}. ${tried.map((t) => `${t.backend}: ${t.reason}`).join('; ')}`);
}

async function tryBackend(name: BackendName, options: UseBestBackendOptions): Promise<BackendAttempt> {
  if (tf.findBackendFactory(name) == null) {
    const load = await loadPackage(name, options);
    if (!load.ok) return { backend: name, ok: false, reason: load.reason };
  }
  if (name === 'wasm' && options.wasmThreads !== true) disableWasmThreads();
  if (name === 'webgpu' && !(await hasWebGpuAdapter())) {
    return { backend: name, ok: false, reason: 'no WebGPU adapter in this browser' };
  }
  try {
    const ok = await tf.setBackend(name);
    if (!ok) return { backend: name, ok: false, reason: `tf.setBackend('${name}') failed to initialise it` };
    await tf.ready();
    return { backend: name, ok: true, reason: 'initialised' };
  } catch (error) {
    return { backend: name, ok: false, reason: `failed to initialise: ${messageOf(error)}` };
  }
}

async function loadPackage(name: BackendName, options: UseBestBackendOptions): Promise<{ ok: boolean; reason: string }> {
  const custom = options.loaders?.[name];
  const packages = PACKAGES[name];
  if (packages.length === 0) return { ok: false, reason: `the ${name} backend is not registered in this build of TensorFlow.js` };
  const failures: string[] = [];
  const attempts: Array<[string, BackendLoader]> = custom ? [['the given loader', custom]] : packages.map((p) => [p, () => importByName(p)]);
  for (const [label, load] of attempts) {
    try {
      await load();
      if (tf.findBackendFactory(name) != null) return { ok: true, reason: `loaded ${label}` };
      failures.push(`${label} loaded but registered no '${name}' backend (is it using another copy of @tensorflow/tfjs?)`);
    } catch (error) {
      failures.push(`${label} is not installed or failed to load (${messageOf(error).split('\n')[0]})`);
    }
  }
  const install = packages.map((p) => `npm install ${p}@^4.22.0`).join(' or ');
  return { ok: false, reason: `${failures.join('; ')}. To use it: ${install}` };
}

/** A dynamic import the bundler leaves alone, so optional packages stay optional. */
function importByName(specifier: string): Promise<unknown> {
  return import(/* @vite-ignore */ /* webpackIgnore: true */ specifier);
}

function disableWasmThreads(): void {
  try {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  } catch {
    // The flag is registered by the wasm package; without it there is nothing to turn off.
  }
}

/** Renderer names of WebGL implementations that run on the CPU. */
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software/i;

/**
 * The WebGL renderer's name when it is a software rasterizer (e.g. SwiftShader
 * in a browser without a usable GPU), else null (a GPU, no WebGL, or no way to
 * tell).
 */
export function softwareWebGlRenderer(): string | null {
  try {
    const g = globalThis as { OffscreenCanvas?: new (w: number, h: number) => { getContext(kind: string): unknown } };
    if (typeof g.OffscreenCanvas !== 'function') return null;
    const gl = new g.OffscreenCanvas(1, 1).getContext('webgl') as {
      getExtension(name: string): { UNMASKED_RENDERER_WEBGL: number } | null;
      getParameter(p: number): unknown;
    } | null;
    if (!gl) return null;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    if (!info) return null;
    const renderer = String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL) ?? '');
    (gl.getExtension('WEBGL_lose_context') as unknown as { loseContext(): void } | null)?.loseContext();
    return SOFTWARE_RENDERER.test(renderer) ? renderer : null;
  } catch {
    return null;
  }
}

async function hasWebGpuAdapter(): Promise<boolean> {
  const gpu = (globalThis as { navigator?: { gpu?: { requestAdapter(): Promise<unknown> } } }).navigator?.gpu;
  if (!gpu) return false;
  try {
    return (await gpu.requestAdapter()) != null;
  } catch {
    return false;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
