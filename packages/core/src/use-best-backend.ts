import * as tf from '@tensorflow/tfjs';

/** A backend `useBestBackend` knows how to find. `tensorflow` is the native binding of tfjs-node(-gpu). */
export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu' | 'tensorflow';

/** A loader imports the package that registers a backend, e.g. `() => import('@tensorflow/tfjs-backend-wasm')`. */
export type BackendLoader = () => Promise<unknown>;

/** The three binaries of `@tensorflow/tfjs-backend-wasm`, in its `dist/` folder. */
export type WasmBinaryName = 'tfjs-backend-wasm.wasm' | 'tfjs-backend-wasm-simd.wasm' | 'tfjs-backend-wasm-threaded-simd.wasm';

/**
 * Where the wasm backend finds its binaries: a folder URL that serves all
 * three, or the URL of each binary, e.g. what a bundler gives for Vite's
 * `import simd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url'`.
 * A map needs only the binary this runtime uses: `tfjs-backend-wasm-simd.wasm`
 * in every current browser, `tfjs-backend-wasm.wasm` without SIMD,
 * `tfjs-backend-wasm-threaded-simd.wasm` with `wasmThreads`.
 */
export type WasmPaths = string | Partial<Record<WasmBinaryName, string>>;

/** Options for {@link useBestBackend}. */
export interface UseBestBackendOptions {
  /**
   * How to load each optional backend package. Default: a dynamic import of
   * the package by name, which works in Node; in a bundled browser app pass
   * loaders so the bundler sees the imports, e.g.
   * `{ wasm: () => import('@tensorflow/tfjs-backend-wasm') }`.
   */
  loaders?: Partial<Record<BackendName, BackendLoader>>;
  /**
   * Where the wasm backend fetches its `.wasm` binaries, handed to the
   * package's `setWasmPaths` before it starts. Default: the binaries next to
   * the page, which is right in Node and unbundled pages but not in a bundled
   * app, whose bundler copies only the files the app imports. See {@link WasmPaths}.
   */
  wasmPaths?: WasmPaths;
  /** Allow multi-threaded wasm (needs a cross-origin-isolated page and unbundled workers). Default `false`. */
  wasmThreads?: boolean;
}

const WASM_BINARIES: readonly WasmBinaryName[] = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'];

/** The one-line fix for a bundled app, quoted by every error about a missing loader or binary. */
const BUNDLER_FIX =
  "in a bundled app pass options.loaders.wasm (() => import('@tensorflow/tfjs-backend-wasm')) and options.wasmPaths, the URLs the bundler gives the .wasm files " +
  "(Vite: import simd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url', then wasmPaths: { 'tfjs-backend-wasm-simd.wasm': simd }); " +
  "see 'In a bundler' in the @attention-lab/core README";

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
 * says which package to install. In a bundled browser app, pass `loaders`
 * (so the bundler sees the imports) and `wasmPaths` (so the wasm backend
 * finds its binaries); a backend that fails for want of either says so in
 * its `tried` reason.
 *
 * @param preference - `'auto'` (default), one backend name, or a list tried in order.
 * @param options - `loaders` for bundlers (default: dynamic import by package name), `wasmPaths` (default: next to the page), `wasmThreads` (default false).
 * @returns `{ backend, reason, tried }`.
 * @example
 * const { backend, reason } = await useBestBackend();
 * console.log(`attention runs on ${backend}: ${reason}`);
 * @example
 * // In a Vite app:
 * import simd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
 * await useBestBackend('auto', { loaders: { wasm: () => import('@tensorflow/tfjs-backend-wasm') }, wasmPaths: { 'tfjs-backend-wasm-simd.wasm': simd } });
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
  checkWasmPaths(fn, options.wasmPaths);

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
  let loaded: unknown;
  if (tf.findBackendFactory(name) == null) {
    const load = await loadPackage(name, options);
    if (!load.ok) return { backend: name, ok: false, reason: load.reason };
    loaded = load.module;
  }
  if (name === 'wasm' && options.wasmThreads !== true) disableWasmThreads();
  const binary = name === 'wasm' ? await wasmBinary() : null;
  if (binary !== null && options.wasmPaths != null) {
    const problem = await setWasmPaths(options, options.wasmPaths, binary, loaded);
    if (problem !== null) return { backend: name, ok: false, reason: problem };
  }
  if (name === 'webgpu' && !(await hasWebGpuAdapter())) {
    return { backend: name, ok: false, reason: 'no WebGPU adapter in this browser' };
  }
  try {
    const ok = await tf.setBackend(name);
    if (!ok) {
      const why = binary !== null && !isNodeRuntime() ? await wasmBinaryProblem(options.wasmPaths, binary) : '';
      return { backend: name, ok: false, reason: `tf.setBackend('${name}') failed to initialise it${why}` };
    }
    await tf.ready();
    return { backend: name, ok: true, reason: 'initialised' };
  } catch (error) {
    return { backend: name, ok: false, reason: `failed to initialise: ${messageOf(error)}` };
  }
}

async function loadPackage(name: BackendName, options: UseBestBackendOptions): Promise<{ ok: boolean; reason: string; module?: unknown }> {
  const custom = options.loaders?.[name];
  const packages = PACKAGES[name];
  if (packages.length === 0) return { ok: false, reason: `the ${name} backend is not registered in this build of TensorFlow.js` };
  const failures: string[] = [];
  const attempts: Array<[string, BackendLoader]> = custom ? [['the given loader', custom]] : packages.map((p) => [p, () => importByName(p)]);
  for (const [label, load] of attempts) {
    try {
      const module = await load();
      if (tf.findBackendFactory(name) != null) return { ok: true, reason: `loaded ${label}`, module };
      failures.push(`${label} loaded but registered no '${name}' backend (is it using another copy of @tensorflow/tfjs?)`);
    } catch (error) {
      failures.push(`${label} is not installed or failed to load (${messageOf(error).split('\n')[0]})`);
    }
  }
  const install = packages.map((p) => `npm install ${p}@^4.22.0`).join(' or ');
  // In a browser the import by name fails in any bundled app, installed or not: name the loader too.
  const bundled = custom || isNodeRuntime() ? '' : `; ${name === 'wasm' ? BUNDLER_FIX : `in a bundled app pass options.loaders.${name} (() => import('${packages[0]}'))`}`;
  return { ok: false, reason: `${failures.join('; ')}. To use it: ${install}${bundled}` };
}

/** Throws a TypeError naming the argument when `wasmPaths` is neither a folder URL nor a map of known binaries to URLs. */
function checkWasmPaths(fn: string, wasmPaths: unknown): void {
  if (wasmPaths == null) return;
  if (typeof wasmPaths === 'string') {
    if (wasmPaths === '') throw new TypeError(`${fn}: argument 'options.wasmPaths' is an empty string; give a folder URL or a map of binary names to URLs`);
    return;
  }
  if (typeof wasmPaths !== 'object' || Array.isArray(wasmPaths)) {
    throw new TypeError(`${fn}: argument 'options.wasmPaths' must be a folder URL or a map of binary names to URLs, got ${Array.isArray(wasmPaths) ? 'an array' : typeof wasmPaths}`);
  }
  for (const [key, url] of Object.entries(wasmPaths)) {
    if (!(WASM_BINARIES as readonly string[]).includes(key)) {
      throw new TypeError(`${fn}: argument 'options.wasmPaths' names an unknown binary '${key}'; use ${WASM_BINARIES.map((b) => `'${b}'`).join(', ')}`);
    }
    if (typeof url !== 'string' || url === '') throw new TypeError(`${fn}: argument 'options.wasmPaths['${key}']' must be a URL string, got ${JSON.stringify(url)}`);
  }
}

/** The binary tfjs-backend-wasm will fetch here, decided as it decides (SIMD, then threads). */
async function wasmBinary(): Promise<WasmBinaryName> {
  try {
    const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
    const threads = (await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) === true;
    return simd && threads ? 'tfjs-backend-wasm-threaded-simd.wasm' : simd ? 'tfjs-backend-wasm-simd.wasm' : 'tfjs-backend-wasm.wasm';
  } catch {
    return 'tfjs-backend-wasm-simd.wasm'; // flags not registered: the package is not loaded, and setBackend will say so
  }
}

/**
 * Hands `wasmPaths` to the wasm package's `setWasmPaths` (which wants a folder
 * ending in '/' or all three binaries). Returns why it could not, or null.
 */
async function setWasmPaths(options: UseBestBackendOptions, wasmPaths: WasmPaths, binary: WasmBinaryName, loaded: unknown): Promise<string | null> {
  let module = loaded;
  if (module == null) {
    // The package was imported before this call: import it again (the same module) to reach setWasmPaths.
    const load = options.loaders?.wasm ?? (() => importByName(PACKAGES.wasm[0]!));
    try {
      module = await load();
    } catch (error) {
      return `options.wasmPaths needs @tensorflow/tfjs-backend-wasm's setWasmPaths, but loading the package again failed (${messageOf(error).split('\n')[0]}); pass options.loaders.wasm`;
    }
  }
  const set = (module as { setWasmPaths?: unknown } | null)?.setWasmPaths;
  if (typeof set !== 'function') {
    return "options.wasmPaths needs @tensorflow/tfjs-backend-wasm's setWasmPaths, but options.loaders.wasm returned no module that has it; return the import itself: () => import('@tensorflow/tfjs-backend-wasm')";
  }
  let paths: string | Record<WasmBinaryName, string>;
  if (typeof wasmPaths === 'string') {
    paths = wasmPaths.endsWith('/') ? wasmPaths : `${wasmPaths}/`;
  } else {
    const url = wasmPaths[binary];
    if (url == null) {
      return `options.wasmPaths gives no URL for ${binary}, the binary this runtime needs (${WASM_NEEDS[binary]}); add it`;
    }
    // tfjs wants all three; the others are never fetched here, so they get the same URL.
    paths = Object.fromEntries(WASM_BINARIES.map((b) => [b, wasmPaths[b] ?? url])) as Record<WasmBinaryName, string>;
  }
  try {
    (set as (paths: string | Record<string, string>) => void)(paths);
    return null;
  } catch (error) {
    return `setWasmPaths refused options.wasmPaths: ${messageOf(error)}`;
  }
}

const WASM_NEEDS: Record<WasmBinaryName, string> = {
  'tfjs-backend-wasm.wasm': 'it has no WebAssembly SIMD',
  'tfjs-backend-wasm-simd.wasm': 'SIMD, one thread',
  'tfjs-backend-wasm-threaded-simd.wasm': 'SIMD and threads, as options.wasmThreads asks',
};

/**
 * Why the wasm backend did not start in a browser, as a clause to append:
 * fetches the binary it wanted and names what came back (a 404, or a dev
 * server's HTML page for a missing file) and the fix.
 */
async function wasmBinaryProblem(wasmPaths: WasmPaths | undefined, binary: WasmBinaryName): Promise<string> {
  const location = (globalThis as { location?: { href?: string } }).location?.href;
  let url: string;
  try {
    // Where tfjs-backend-wasm looks: the given folder or map, else the page's own folder.
    const given = typeof wasmPaths === 'string' ? new URL(binary, wasmPaths.endsWith('/') ? wasmPaths : `${wasmPaths}/`) : wasmPaths?.[binary];
    url = new URL(given ?? binary, location).href;
  } catch {
    return `; ${BUNDLER_FIX}`;
  }
  const fix = wasmPaths == null ? BUNDLER_FIX : `check options.wasmPaths: ${BUNDLER_FIX}`;
  try {
    const response = await fetch(url, { method: 'HEAD' });
    if (!response.ok) return `: its binary ${url} answered HTTP ${response.status}; ${fix}`;
    const type = response.headers.get('content-type') ?? '';
    if (type.includes('text/html')) return `: its binary ${url} answered with an HTML page (a server's answer for a missing file), not WebAssembly; ${fix}`;
    return `; its binary ${url} is served, so see the warning tfjs printed above`;
  } catch (error) {
    return `: its binary ${url} could not be fetched (${messageOf(error)}); ${fix}`;
  }
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
