import type { LiveInput, LiveMessage } from './live';

/** The backends a reader can pick; `auto` lets core's `useBestBackend` choose. */
export type BackendPreference = 'auto' | 'webgpu' | 'webgl' | 'wasm' | 'cpu';

/** Page → worker: run this code. */
export interface RunRequest {
  type: 'run';
  id: number;
  code: string;
  inputs: Record<string, LiveInput>;
  backend: BackendPreference;
}

/**
 * Page → worker: the reader pressed Stop (or the run passed its time limit).
 * The worker aborts the `signal` of run `id`; a run that checks it can end by
 * itself before the page terminates the worker.
 */
export interface AbortRequest {
  type: 'abort';
  id: number;
}

/** Worker → page, while and after running request `id`. */
export type WorkerReply =
  | { id: number; type: 'message'; message: LiveMessage }
  | { id: number; type: 'backend'; backend: string; reason: string }
  | { id: number; type: 'done'; ms: number; backend: string; tensors: number }
  | { id: number; type: 'error'; name: string; message: string; line?: number; column?: number; tensors: number };
