import { useBestBackend, type BackendChoice } from '@attention-lab/core';
import { loadWasmBackend } from './load-wasm-backend';

let choice: Promise<BackendChoice> | undefined;

/**
 * Picks the fastest tfjs backend this browser supports (core's
 * `useBestBackend('auto')`, with the wasm backend loadable on demand), once per
 * page; later calls return the same promise.
 *
 * @returns The chosen backend's name, why it was chosen, and what was tried.
 * @example
 * const { backend } = await ensureBackend(); // e.g. 'webgl'
 */
export function ensureBackend(): Promise<BackendChoice> {
  choice ??= useBestBackend('auto', { loaders: { wasm: loadWasmBackend } });
  return choice;
}
