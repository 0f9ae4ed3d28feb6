// Activates the backend this vitest project runs on (TFJS_BACKEND: cpu or wasm)
// and registers our wasm kernels, as an app training on wasm would.
import * as tf from '@tensorflow/tfjs';
import { useBestBackend } from '@attention-lab/core';
import { beforeAll } from 'vitest';
import { registerWasmKernels } from '../src/register-wasm-kernels.js';

tf.env().set('PROD', true); // no debug checks or deprecation noise in tests

beforeAll(async () => {
  const wanted = (process.env.TFJS_BACKEND ?? 'cpu') as 'cpu' | 'wasm';
  const choice = await useBestBackend(wanted);
  registerWasmKernels(); // after the wasm package is loaded, so its slow kernels exist to be replaced
  if (tf.getBackend() !== wanted) throw new Error(`test setup: wanted ${wanted}, got ${choice.backend}`);
});
