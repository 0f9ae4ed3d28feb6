import type { MessageLang } from '../i18n/messages';
import type { LiveInput, LiveMessage } from './live';

/**
 * The backends a reader can pick; `auto` lets core's `useBestBackend` choose.
 * `webgl-f16` is WebGL with every tensor stored in half-float textures
 * (tfjs's `WEBGL_FORCE_F16_TEXTURES`), as on devices without float32 render
 * targets; the cpu and wasm backends of that worker still compute in float32.
 */
export type BackendPreference = 'auto' | 'webgpu' | 'webgl' | 'webgl-f16' | 'wasm' | 'cpu';

/** Every {@link BackendPreference}, in the order the picker lists them. */
export const BACKEND_PREFERENCES: readonly BackendPreference[] = ['auto', 'webgpu', 'webgl', 'webgl-f16', 'wasm', 'cpu'];

/**
 * Whether a worker must store WebGL tensors as float16 for this preference.
 * tfjs reads its texture flags on every allocation, so one worker cannot
 * switch: the runner starts a fresh worker when this changes between runs.
 */
export function wantsHalfFloatTextures(preference: BackendPreference): boolean {
  return preference === 'webgl-f16';
}

/** Page → worker: run this code. */
export interface RunRequest {
  type: 'run';
  id: number;
  code: string;
  inputs: Record<string, LiveInput>;
  /** The page's language: `tr` from `live` writes in it. */
  lang: MessageLang;
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
