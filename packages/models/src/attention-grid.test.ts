import { describe, expect, test } from 'vitest';
import { attentionGrid } from './attention-grid.js';

/** A [1, heads, seqLen, seqLen] map whose value at (h, i, j) is 100 * layer + 10 * h + i + j / 10. */
const map = (layer: number, heads: number, seqLen: number) => ({
  shape: [1, heads, seqLen, seqLen],
  values: Float32Array.from({ length: heads * seqLen * seqLen }, (_, k) => {
    const [h, i, j] = [Math.floor(k / (seqLen * seqLen)), Math.floor(k / seqLen) % seqLen, k % seqLen];
    return 100 * layer + 10 * h + i + j / 10;
  }),
});

describe('attentionGrid', () => {
  test('attentionGrid stacks layers and cuts every head to the first length tokens', () => {
    const { data, shape } = attentionGrid([map(0, 2, 4), map(1, 2, 4)], 3);
    expect(shape).toEqual([2, 2, 3, 3]);
    for (let l = 0; l < 2; l++) for (let h = 0; h < 2; h++) for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
      expect(data[((l * 2 + h) * 3 + i) * 3 + j]).toBeCloseTo(100 * l + 10 * h + i + j / 10, 4);
    }
  });

  test('attentionGrid names the argument it rejects', () => {
    expect(() => attentionGrid([], 2)).toThrow(/attentionGrid: argument 'maps' must be a non-empty array/);
    expect(() => attentionGrid([map(0, 2, 4), map(1, 3, 4)], 2)).toThrow(/attentionGrid: argument 'maps\[1\]'/);
    expect(() => attentionGrid([map(0, 2, 4)], 5)).toThrow(/argument 'length' must be an integer in 1..seqLen = 4, got 5/);
    expect(() => attentionGrid([map(0, 2, 4)], 0)).toThrow(/attentionGrid: argument 'length'/);
  });
});
