import * as tf from '@tensorflow/tfjs';
import { withBase } from './with-base';

type WasmBackendModule = typeof import('@tensorflow/tfjs-backend-wasm'); // eslint-disable-line @typescript-eslint/consistent-type-imports -- a lazily loaded module's type

/**
 * Loads `@tensorflow/tfjs-backend-wasm` (which registers the `wasm` backend)
 * and points it at the binaries the site serves under `tfjs-wasm/`. Threads
 * are switched off: the multi-threaded build hangs once bundled.
 * Must run before the wasm backend initialises, i.e. before `tf.setBackend('wasm')`.
 *
 * @returns The backend module, after configuration.
 * @example
 * await loadWasmBackend();
 * await tf.setBackend('wasm');
 */
export async function loadWasmBackend(): Promise<WasmBackendModule> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  // The flag exists only once the module above has registered it.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  // In full: inside a worker started from a blob: URL (start-worker.ts) a path has no base to resolve against.
  wasm.setWasmPaths(new URL(withBase('tfjs-wasm/'), globalThis.location.origin).href);
  return wasm;
}
