// Seeded test data: a tiny PRNG and helpers that build nested number (or
// boolean) arrays of a given shape, and turn them into tf tensors. The same
// seed always gives the same data, on every backend and every run.
import * as tf from '@tensorflow/tfjs';
import { type Nested, shapeOf } from './reference.js';

/**
 * mulberry32: a 32-bit state PRNG with a full 2^32 period, plenty for test
 * data. Returns a function giving floats in [0, 1).
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seeded source of test numbers. */
export class SeededRandom {
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  /** A float in [0, 1). */
  float(): number {
    return this.next();
  }

  /** A float in [lo, hi). */
  uniform(lo = -1, hi = 1): number {
    return lo + (hi - lo) * this.next();
  }

  /** A standard normal sample (Box-Muller). */
  normal(): number {
    const u = 1 - this.next(); // (0, 1], so log(u) is finite
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** An integer in [lo, hi] (both inclusive). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** `true` with probability `p`. */
  bool(p = 0.5): boolean {
    return this.next() < p;
  }

  /** A random permutation of 0..n-1 (Fisher-Yates). */
  permutation(n: number): number[] {
    const p = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(0, i);
      [p[i], p[j]] = [p[j]!, p[i]!];
    }
    return p;
  }
}

/** Builds a nested array of `shape` whose leaves come from `leaf()`, in row-major order. */
export function fill<T>(shape: readonly number[], leaf: () => T): Nested<T> {
  if (shape.length === 0) return leaf();
  const [n, ...rest] = shape as [number, ...number[]];
  return Array.from({ length: n }, () => fill(rest, leaf));
}

/**
 * Random floats of `shape`, uniform in [lo, hi). Every value is rounded to
 * float32 (`Math.fround`), so a float64 reference sees exactly the numbers a
 * float32 tensor holds and any difference is the code's own rounding.
 */
export function randomArray<T extends Nested = Nested>(rng: SeededRandom, shape: readonly number[], lo = -1, hi = 1): T {
  return fill(shape, () => Math.fround(rng.uniform(lo, hi))) as T;
}

/** Random standard-normal floats of `shape`, rounded to float32, times `scale`. */
export function randomNormalArray<T extends Nested = Nested>(rng: SeededRandom, shape: readonly number[], scale = 1): T {
  return fill(shape, () => Math.fround(rng.normal() * scale)) as T;
}

/** A random boolean mask of `shape`: each entry is `true` (attend) with probability `pKeep`. */
export function randomMask<T extends Nested<boolean> = Nested<boolean>>(rng: SeededRandom, shape: readonly number[], pKeep = 0.7): T {
  return fill(shape, () => rng.bool(pKeep)) as T;
}

/**
 * A tf tensor from a nested array: `float32` for numbers, `bool` for booleans,
 * or the dtype given. The caller owns (and disposes) the tensor.
 */
export function toTensor(x: Nested<number> | Nested<boolean>, dtype?: tf.DataType): tf.Tensor {
  const shape = shapeOf(x);
  // An empty dimension hides the leaves' type: pass no values with the shape.
  const values = shape.includes(0) ? [] : x;
  return tf.tensor(values as tf.TensorLike, shape, dtype);
}
