import { createRequire } from 'node:module';
import { dirname } from 'node:path';
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

test('useBestBackend refuses an options.wasmPaths that names an unknown binary or is not a URL', async () => {
  await expect(useBestBackend('cpu', { wasmPaths: { 'tfjs-backend-wasm-simd.wsam': 'x' } as never })).rejects.toThrow(
    /useBestBackend: argument 'options.wasmPaths' names an unknown binary 'tfjs-backend-wasm-simd.wsam'; use 'tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'/,
  );
  await expect(useBestBackend('cpu', { wasmPaths: 42 as never })).rejects.toThrow(/useBestBackend: argument 'options.wasmPaths' must be a folder URL or a map/);
  await expect(useBestBackend('cpu', { wasmPaths: { 'tfjs-backend-wasm.wasm': '' } })).rejects.toThrow(/argument 'options.wasmPaths\['tfjs-backend-wasm.wasm'\]' must be a URL string/);
});

test('useBestBackend(wasm, { wasmPaths }) without the binary this runtime needs says which one, and falls back', async () => {
  await import('@tensorflow/tfjs-backend-wasm');
  const choice = await useBestBackend(['wasm', 'cpu'], { wasmPaths: { 'tfjs-backend-wasm-threaded-simd.wasm': 'https://example.invalid/t.wasm' } });
  expect(choice.backend).toBe('cpu');
  expect(choice.tried[0]!.reason).toMatch(/^options.wasmPaths gives no URL for tfjs-backend-wasm(-simd)?\.wasm, the binary this runtime needs \(.+\); add it$/);
});

test("useBestBackend(wasm, { wasmPaths }) reports a loader that returns no module with setWasmPaths", async () => {
  await import('@tensorflow/tfjs-backend-wasm');
  const choice = await useBestBackend(['wasm', 'cpu'], { loaders: { wasm: async () => ({}) }, wasmPaths: '/wasm/' });
  expect(choice.tried[0]!.reason).toMatch(/options.wasmPaths needs @tensorflow\/tfjs-backend-wasm's setWasmPaths, but options.loaders.wasm returned no module that has it; return the import itself/);
});

test('useBestBackend(wasm, { wasmPaths }) starts wasm from a folder given without its trailing slash', async () => {
  const dist = dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm'));
  const choice = await useBestBackend('wasm', { loaders: { wasm: () => import('@tensorflow/tfjs-backend-wasm') }, wasmPaths: dist });
  expect(choice.backend).toBe('wasm');
  expect(tf.getBackend()).toBe('wasm');
});
