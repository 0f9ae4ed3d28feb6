// Activates the backend this vitest project runs on (TFJS_BACKEND: cpu or wasm).
import * as tf from '@tensorflow/tfjs';
import { beforeAll } from 'vitest';
import { useBestBackend } from '../src/use-best-backend.js';

tf.env().set('PROD', true); // no debug checks or deprecation noise in tests

beforeAll(async () => {
  const wanted = (process.env.TFJS_BACKEND ?? 'cpu') as 'cpu' | 'wasm';
  const choice = await useBestBackend(wanted);
  if (tf.getBackend() !== wanted) throw new Error(`test setup: wanted ${wanted}, got ${choice.backend}`);
});
