import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { useBestBackend } from './use-best-backend.js';

let start = 'cpu';
beforeAll(() => {
  start = tf.getBackend();
});
afterAll(async () => {
  await tf.setBackend(start);
});

test('useBestBackend() in Node picks the first available of tensorflow → wasm → cpu and says why', async () => {
  const nativeInstalled = await import(/* @vite-ignore */ ['@tensorflow', 'tfjs-node'].join('/')).then(() => true, () => false);
  const choice = await useBestBackend();
  expect(choice.tried[0]!.backend).toBe('tensorflow');
  if (!nativeInstalled) {
    expect(choice.backend).toBe('wasm');
    expect(choice.tried[0]!.ok).toBe(false);
    expect(choice.tried[0]!.reason).toMatch(/npm install @tensorflow\/tfjs-node-gpu@\^4.22.0 or npm install @tensorflow\/tfjs-node@\^4.22.0/);
  }
  expect(choice.reason).toMatch(/first backend available in Node \(order tensorflow → wasm → cpu\)/);
  expect(tf.getBackend()).toBe(choice.backend);
});

test("useBestBackend('tensorflow') throws an install hint when tfjs-node is absent", async () => {
  const nativeInstalled = await import(/* @vite-ignore */ ['@tensorflow', 'tfjs-node'].join('/')).then(() => true, () => false);
  if (nativeInstalled) return; // nothing to check where the binding exists
  await expect(useBestBackend('tensorflow')).rejects.toThrow(/useBestBackend: could not start tensorflow\..*npm install @tensorflow\/tfjs-node/);
});

test('useBestBackend([webgl, cpu]) falls back to cpu in Node', async () => {
  const choice = await useBestBackend(['webgl', 'cpu']);
  expect(choice.backend).toBe('cpu');
  expect(choice.tried.map((t) => [t.backend, t.ok])).toEqual([['webgl', false], ['cpu', true]]);
});

test('useBestBackend uses a given loader and reports a loader that fails', async () => {
  const choice = await useBestBackend(['webgpu', 'cpu'], { loaders: { webgpu: () => Promise.reject(new Error('nope')) } });
  expect(choice.tried[0]).toEqual({ backend: 'webgpu', ok: false, reason: expect.stringMatching(/the given loader is not installed or failed to load \(nope\)/) });
  expect(choice.backend).toBe('cpu');
});

test('useBestBackend rejects an unknown backend name', async () => {
  await expect(useBestBackend('tpu' as never)).rejects.toThrow(/useBestBackend: argument 'preference' names an unknown backend 'tpu'/);
});
