import { describe, expect, test } from 'vitest';
import { cellSources, computeAttentionSteps, type Grid } from './compute-attention-steps.js';

const g = (rows: number[][]): Grid => ({ rows: rows.length, cols: rows[0]?.length ?? 0, values: Float64Array.from(rows.flat()) });
const rows = (x: Grid): number[][] => Array.from({ length: x.rows }, (_, i) => Array.from(x.values.subarray(i * x.cols, (i + 1) * x.cols)));

describe('computeAttentionSteps', () => {
  test("computeAttentionSteps reproduces the article's worked example", () => {
    // One query, three keys, dHead = 2; the scores are worked by hand:
    // 0.3*0.8 + 0.6*1.0 = 0.84, 0.3*1.6 + 0.6*2.0 = 1.68, 0.3*0.4 + 0.6*0.5 = 0.42.
    const s = computeAttentionSteps(
      g([[0.3, 0.6]]),
      g([[0.8, 1.0], [1.6, 2.0], [0.4, 0.5]]),
      g([[1.2, 1.4], [2.4, 2.8], [0.6, 0.7]]),
      new Uint8Array([1, 1, 1]),
    );
    expect(rows(s.kT)).toEqual([[0.8, 1.6, 0.4], [1.0, 2.0, 0.5]]);
    rows(s.scores)[0]!.forEach((x, j) => expect(x).toBeCloseTo([0.84, 1.68, 0.42][j]!, 12));
    rows(s.scaled)[0]!.forEach((x, j) => expect(x).toBeCloseTo([0.84, 1.68, 0.42][j]! / Math.SQRT2, 12));
    rows(s.weights)[0]!.forEach((x, j) => expect(x).toBeCloseTo([0.2814, 0.5096, 0.2091][j]!, 3));
    rows(s.output)[0]!.forEach((x, j) => expect(x).toBeCloseTo([1.6861, 1.9671][j]!, 3));
  });

  test('computeAttentionSteps gives masked keys -Infinity and zero weight; a fully masked row is all zeros', () => {
    const s = computeAttentionSteps(g([[1, 0], [0, 1]]), g([[1, 0], [0, 1]]), g([[2], [4]]), new Uint8Array([1, 0, 0, 0]));
    expect(rows(s.masked)).toEqual([[1 / Math.SQRT2, -Infinity], [-Infinity, -Infinity]]);
    expect(rows(s.weights)).toEqual([[1, 0], [0, 0]]);
    expect(rows(s.output)).toEqual([[2], [0]]);
  });
});

describe('cellSources', () => {
  const s = computeAttentionSteps(g([[1, 2, 3], [4, 5, 6]]), g([[1, 0, 0], [0, 1, 0]]), g([[1, 2, 3, 4], [5, 6, 7, 8]]), new Uint8Array(4).fill(1));
  const sizes = (set: ReturnType<typeof cellSources>): Record<string, number> => Object.fromEntries([...set].map(([k, v]) => [k, v.size]));

  test('cellSources of a score is its query row and key column', () => {
    const src = cellSources(s, 'scores', 1, 0);
    expect([...src.get('q')!]).toEqual([3, 4, 5]); // q row 1 of [2, 3]
    expect([...src.get('kT')!]).toEqual([0, 2, 4]); // kT column 0 of [3, 2]
    expect(sizes(src)).toEqual({ q: 3, kT: 3 });
  });

  test('cellSources of an output cell reaches back to every input that produced it', () => {
    // seqLenQ = 2, seqLenK = 2, dHead = 3, dValue = 4: output (1, 2) uses q row 1 (3),
    // all of kT (6), row 1 of scores, scaled, masked and weights (2 each), v column 2 (2).
    const src = cellSources(s, 'output', 1, 2);
    expect(sizes(src)).toEqual({ weights: 2, masked: 2, scaled: 2, scores: 2, q: 3, kT: 6, v: 2 });
    expect([...src.get('v')!]).toEqual([2, 6]);
    expect(cellSources(s, 'q', 0, 0).size).toBe(0);
  });
});
