import { type BackendChoice, useBestBackend } from '@attention-lab/core';
import { registerWasmKernels } from '@attention-lab/models';
import { CliError } from './cli-error.js';

/**
 * The backends the command offers: `wasm` (default), `cpu` (the reference) and `tensorflow` (tfjs-node-gpu or tfjs-node).
 *
 * @example
 * BACKENDS.includes('wasm'); // true
 */
export const BACKENDS = ['wasm', 'cpu', 'tensorflow'] as const;

/**
 * One of {@link BACKENDS}.
 *
 * @example
 * const backend: CliBackend = 'cpu';
 */
export type CliBackend = (typeof BACKENDS)[number];

/**
 * What `--backend tensorflow` prints when neither native package is installed: how to install them and what the GPU build needs.
 *
 * @example
 * console.error(TENSORFLOW_INSTALL_HINT);
 */
export const TENSORFLOW_INSTALL_HINT =
  'the tensorflow backend needs @tensorflow/tfjs-node (CPU) or @tensorflow/tfjs-node-gpu (NVIDIA GPU) installed next to @attention-lab/cli: ' +
  'run `npm install @tensorflow/tfjs-node@4.22.0`, or `npm install @tensorflow/tfjs-node-gpu@4.22.0` on Linux x64 with an NVIDIA GPU, its driver, CUDA 11.2 and cuDNN 8.1 ' +
  '(both download libtensorflow from storage.googleapis.com when installed); or use --backend wasm';

/**
 * Activates a TensorFlow.js backend for the command through core's
 * `useBestBackend`, with the packages resolved from this package: `wasm`
 * (with the models package's extra wasm kernels, so embeddings train),
 * `cpu`, or `tensorflow` (`@tensorflow/tfjs-node-gpu`, then
 * `@tensorflow/tfjs-node`). A backend that cannot start is a {@link CliError}
 * that says how to get it.
 *
 * @param backend - The backend to use.
 * @returns core's `{ backend, reason, tried }`.
 * @example
 * const { backend } = await selectBackend('wasm'); // 'wasm'
 */
export async function selectBackend(backend: CliBackend): Promise<BackendChoice> {
  try {
    const choice = await useBestBackend(backend, {
      loaders: {
        wasm: () => import('@tensorflow/tfjs-backend-wasm'),
        tensorflow: loadTensorflow,
      },
    });
    // After the wasm package is loaded: its Tile and BatchMatMul must exist to be replaced.
    if (choice.backend === 'wasm') registerWasmKernels();
    return choice;
  } catch (error) {
    if (backend === 'tensorflow') throw new CliError(TENSORFLOW_INSTALL_HINT);
    throw new CliError(`could not start the ${backend} backend: ${(error as Error).message}`);
  }
}

/** Imports tfjs-node-gpu, else tfjs-node; rejects when neither is installed. */
async function loadTensorflow(): Promise<unknown> {
  const names = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'];
  const failures: string[] = [];
  for (const name of names) {
    try {
      return await import(/* @vite-ignore */ name);
    } catch (error) {
      failures.push(`${name}: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  throw new Error(failures.join('; '));
}
