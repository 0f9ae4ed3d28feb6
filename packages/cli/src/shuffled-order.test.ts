import { describe, expect, it } from 'vitest';
import { shuffledOrder } from './shuffled-order.js';

describe('shuffledOrder', () => {
  it('shuffledOrder(n) is a permutation of 0..n-1', () => {
    const order = shuffledOrder(1000, 3, 2);
    expect(order).toHaveLength(1000);
    expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });
  it('shuffledOrder repeats for the same seed and epoch and differs across epochs and seeds', () => {
    expect(shuffledOrder(50, 1, 0)).toEqual(shuffledOrder(50, 1, 0));
    expect(shuffledOrder(50, 1, 0)).not.toEqual(shuffledOrder(50, 1, 1));
    expect(shuffledOrder(50, 1, 0)).not.toEqual(shuffledOrder(50, 2, 0));
  });
  it('shuffledOrder(0) and shuffledOrder(1) are trivial', () => {
    expect(shuffledOrder(0, 0, 0)).toEqual(new Int32Array(0));
    expect(shuffledOrder(1, 0, 0)).toEqual(new Int32Array([0]));
  });
});
