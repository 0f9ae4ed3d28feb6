import * as tf from '@tensorflow/tfjs';
import { expect, test } from 'vitest';
import { readFloats, readsInPlace, writeFloats } from './tensor-io.js';

const onWasm = tf.getBackend() === 'wasm';

test('readFloats gives the values of dataSync(); on wasm it reads the heap in place', () => {
  const t = tf.tensor3d(Float32Array.from({ length: 24 }, (_, i) => i * 0.5 - 3), [2, 3, 4]);
  const values = readFloats(t);
  expect(Array.from(values as Float32Array)).toEqual(Array.from(t.dataSync()));
  expect(readsInPlace(t)).toBe(true); // cpu hands out its own array, wasm a heap view
  if (onWasm) {
    // A view, not a copy: it sees a write the backend makes to the same memory.
    const again = readFloats(t) as Float32Array;
    expect(again.buffer).toBe((values as Float32Array).buffer);
    expect(again.byteOffset).toBe((values as Float32Array).byteOffset);
  }
  t.dispose();
});

test('readFloats of an int32 tensor falls back to dataSync() and keeps the numbers', () => {
  const t = tf.tensor1d([3, -2, 7], 'int32');
  expect(Array.from(readFloats(t) as Int32Array)).toEqual([3, -2, 7]);
  t.dispose();
});

test('writeFloats makes a float32 tensor of the values written, and leaks nothing', () => {
  const before = tf.memory().numTensors;
  const t = writeFloats([2, 5], (out) => {
    expect(out.length).toBe(10);
    for (let i = 0; i < out.length; i++) out[i] = i * i;
  });
  expect(t.shape).toEqual([2, 5]);
  expect(t.dtype).toBe('float32');
  expect(Array.from(t.dataSync())).toEqual(Array.from({ length: 10 }, (_, i) => i * i));
  // Two tensors made one after the other do not share memory.
  const u = writeFloats([2, 5], (out) => out.fill(-1));
  expect(Array.from(t.dataSync())).toEqual(Array.from({ length: 10 }, (_, i) => i * i));
  expect(Array.from(u.dataSync())).toEqual(new Array(10).fill(-1));
  tf.dispose([t, u]);
  expect(tf.memory().numTensors).toBe(before);
});

test('writeFloats leaks nothing when fill throws', () => {
  const before = tf.memory().numTensors;
  const fail = () => {
    throw new Error('fill failed');
  };
  expect(() => writeFloats([3], fail)).toThrow('fill failed');
  expect(tf.memory().numTensors).toBe(before);
});
