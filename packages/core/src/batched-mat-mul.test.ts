import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, test } from 'vitest';
import { PER_SLICE_MAX_SLICES, PER_SLICE_MIN_FLOPS, setMatMulStrategy, usesPerSliceMatMul } from './batched-mat-mul.js';

afterEach(() => {
  setMatMulStrategy('auto');
});

describe('usesPerSliceMatMul', () => {
  test('usesPerSliceMatMul under auto goes per slice only on wasm, for few large slices', () => {
    const onWasm = tf.getBackend() === 'wasm';
    expect(usesPerSliceMatMul(8, PER_SLICE_MIN_FLOPS)).toBe(onWasm);
    expect(usesPerSliceMatMul(PER_SLICE_MAX_SLICES, 512 * 512 * 64)).toBe(onWasm);
    expect(usesPerSliceMatMul(8, PER_SLICE_MIN_FLOPS - 1)).toBe(false);
    expect(usesPerSliceMatMul(PER_SLICE_MAX_SLICES + 1, 512 * 512 * 64)).toBe(false);
  });

  test('usesPerSliceMatMul follows a forced strategy whatever the sizes', () => {
    setMatMulStrategy('per-slice');
    expect(usesPerSliceMatMul(1000, 1)).toBe(true);
    setMatMulStrategy('batched');
    expect(usesPerSliceMatMul(1, 2 ** 30)).toBe(false);
  });
});
