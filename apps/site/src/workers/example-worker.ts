/// <reference lib="webworker" />
/**
 * Runs the reader's example code away from the page: no DOM, and the page
 * can end it at any time with `terminate()`. Each run is one module built from
 * the code, with its imports looked up in the registry below. The worker runs
 * under the page's Content-Security-Policy (start-worker.ts), so the code can
 * reach this site only; calls that would reach another one are refused here
 * first, with a message that says so.
 */
import * as core from '@attention-lab/core';
import * as datasets from '@attention-lab/datasets';
import * as models from '@attention-lab/models';
import * as tf from '@tensorflow/tfjs';
import { type AbortRequest, type BackendPreference, type RunRequest, wantsHalfFloatTextures, type WorkerReply } from '../lib/example-protocol';
import * as live from '../lib/live';
import { loadWasmBackend } from '../lib/load-wasm-backend';
import { refuseOtherOrigins } from '../lib/refuse-other-origins';
import { ExampleSyntaxError, rewriteImports } from '../lib/rewrite-imports';
import { stackFrameUrls } from '../lib/stack-frame-urls';

declare const self: DedicatedWorkerGlobalScope;

refuseOtherOrigins(self, self.location.origin);

/** The modules an example may import, by specifier. */
const MODULES: Record<string, unknown> = {
  '@tensorflow/tfjs': tf,
  '@attention-lab/core': core,
  '@attention-lab/datasets': datasets,
  '@attention-lab/models': models,
  live,
};

const REGISTRY = 'globalThis.__liveModules';
(globalThis as { __liveModules?: unknown }).__liveModules = new Proxy(MODULES, {
  get(modules, specifier) {
    if (typeof specifier === 'string' && specifier in modules) return modules[specifier];
    throw new Error(
      `Cannot import '${String(specifier)}' here. Examples can import: ${Object.keys(modules)
        .map((name) => `'${name}'`)
        .join(', ')}.`,
    );
  },
});

const reply = (message: WorkerReply, transfer: Transferable[] = []): void => self.postMessage(message, { transfer });

let currentId = -1;
/** Aborts the running example's `signal` from `live`. */
let currentAbort: AbortController | undefined;
live.connectLive((message, transfer) => reply({ id: currentId, type: 'message', message }, transfer));

/** The URL of the running example's module, while it runs. */
let currentModuleUrl = '';

// The reader's console calls show up below the example, like print(). Calls from
// anywhere else (TensorFlow.js's warnings, such as "Orthogonal initializer …
// Slowness may result") are the libraries talking to developers: they go to the
// devtools console as usual and stay out of the reader's output. A call is the
// reader's when the frame that called console is the example's own module.
for (const level of ['log', 'info', 'warn', 'error'] as const) {
  const devtools = console[level].bind(console);
  console[level] = (...values: unknown[]) => {
    const [, caller] = stackFrameUrls(new Error().stack ?? '');
    if (caller !== currentModuleUrl) {
      devtools(...values);
      return;
    }
    const text = values.map((value) => (typeof value === 'string' ? value : JSON.stringify(value) ?? String(value))).join(' ');
    reply({ id: currentId, type: 'message', message: { type: 'log', level: level === 'info' ? 'log' : level, text } });
  };
}

let backendInUse: Promise<string> | undefined;
let backendWanted: BackendPreference | undefined;

/** Whether this worker stores WebGL tensors in half-float textures; set by its first run and fixed after. */
let halfFloatTextures: boolean | undefined;

/** The backend's name as the page shows it: `webgl-f16` for WebGL on half-float textures. */
function backendLabel(backend: string): string {
  return backend === 'webgl' && halfFloatTextures === true ? 'webgl-f16' : backend;
}

async function ensureBackend(preference: BackendPreference, id: number): Promise<void> {
  const halfFloat = wantsHalfFloatTextures(preference);
  if (halfFloatTextures === undefined) {
    halfFloatTextures = halfFloat;
    // Read by tfjs whenever WebGL allocates a texture, so it is set before the first one and never changed.
    if (halfFloat) {
      tf.env().set('WEBGL_FORCE_F16_TEXTURES', true);
      // WebGL hands small tensors to the CPU by default; in this mode every op goes through textures.
      tf.env().set('WEBGL_CPU_FORWARD', false);
    }
  } else if (halfFloatTextures !== halfFloat) {
    throw new Error(`This worker stores WebGL tensors as ${halfFloatTextures ? 'float16' : 'float32'} and cannot run '${preference}'; the page starts a new worker for it.`);
  }
  if (backendInUse === undefined || backendWanted !== preference) {
    backendWanted = preference;
    const wanted = preference === 'auto' ? 'auto' : preference === 'webgl-f16' ? 'webgl' : preference;
    backendInUse = core.useBestBackend(wanted, { loaders: { wasm: loadWasmBackend } }).then(({ backend, reason }) => {
      // Training embeddings on wasm needs a kernel tfjs-backend-wasm lacks, and two of its kernels are slow: models provides them.
      if (backend === 'wasm') models.registerWasmKernels();
      const why = backendLabel(backend) === 'webgl-f16' ? `${reason}; tensors are stored in half-float textures (WEBGL_FORCE_F16_TEXTURES)` : reason;
      reply({ id, type: 'backend', backend: backendLabel(backend), reason: why });
      return backend;
    });
  }
  const backend = await backendInUse.catch((error: unknown) => {
    backendInUse = undefined;
    throw error;
  });
  // An example may switch backends itself (say, to compare with cpu); the next run starts on the chosen one again.
  if (tf.getBackend() !== backend) await tf.setBackend(backend);
}

/** The line and column of the innermost frame that is the example's own module. */
function locate(error: unknown, moduleUrl: string): { line?: number; column?: number } {
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  const escaped = moduleUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`${escaped}:(\\d+):(\\d+)`).exec(stack);
  return match ? { line: Number(match[1]), column: Number(match[2]) } : {};
}

/**
 * Whether this worker runs under the page's policy: started by the page from a
 * `blob:` URL (start-worker.ts), it inherits it; started from its own URL (by
 * code that would escape the policy), it has none and runs nothing.
 */
const underPagePolicy = self.location.protocol === 'blob:';

async function run(request: RunRequest): Promise<void> {
  if (!underPagePolicy) {
    const message = `This worker runs example code only when the page starts it under its security policy, from a blob: URL; it was started from ${self.location.href}.`;
    reply({ id: request.id, type: 'error', name: 'SecurityError', message, tensors: 0 });
    return;
  }
  currentId = request.id;
  currentAbort = live.nextSignal();
  const started = performance.now();
  let moduleUrl = '';
  let ending: Omit<Extract<WorkerReply, { type: 'error' }>, 'tensors'> | undefined;
  const variablesBefore = new Set(Object.keys(tf.engine().registeredVariables));
  tf.engine().startScope();
  try {
    const { code } = rewriteImports(request.code, REGISTRY);
    await ensureBackend(request.backend, request.id);
    for (const key of Object.keys(live.inputs)) delete live.inputs[key];
    Object.assign(live.inputs, request.inputs);
    live.setLanguage(request.lang);
    moduleUrl = URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
    currentModuleUrl = moduleUrl;
    await import(/* @vite-ignore */ moduleUrl);
  } catch (error) {
    const where =
      error instanceof ExampleSyntaxError ? { line: error.line, column: error.column } : locate(error, moduleUrl);
    ending = {
      id: request.id,
      type: 'error',
      name: error instanceof Error ? error.name : 'Error',
      message: error instanceof Error ? error.message : String(error),
      ...where,
    };
  } finally {
    if (moduleUrl) URL.revokeObjectURL(moduleUrl);
    // Tensors and variables (model weights) the example made and did not dispose go with its run.
    tf.engine().endScope();
    for (const [name, variable] of Object.entries(tf.engine().registeredVariables)) {
      if (!variablesBefore.has(name)) variable.dispose();
    }
  }
  // What is left after the clean-up, so the page can tell a leak between runs.
  const tensors = tf.memory().numTensors;
  if (ending) reply({ ...ending, tensors });
  else reply({ id: request.id, type: 'done', ms: performance.now() - started, backend: backendLabel(tf.getBackend()), tensors });
}

self.addEventListener('message', (event: MessageEvent<RunRequest | AbortRequest>) => {
  if (event.data?.type === 'run') void run(event.data);
  else if (event.data?.type === 'abort' && event.data.id === currentId) currentAbort?.abort(new DOMException('The reader stopped the example.', 'AbortError'));
});
