import { describe, expect, test } from 'vitest';
import { inductionProbe } from './induction-probe.js';

describe('inductionProbe', () => {
  test('inductionProbe gives prefix, a span of distinct allowed ids, the same span again', () => {
    const probe = inductionProbe({ vocabSize: 12, period: 5, exclude: [0, 1, 2], prefix: [1], seed: 3 });
    expect(probe.start).toBe(1);
    expect(probe.period).toBe(5);
    expect(probe.ids).toHaveLength(1 + 2 * 5);
    expect(probe.ids[0]).toBe(1);
    const span = probe.ids.slice(1, 6);
    expect(probe.ids.slice(6)).toEqual(span);
    expect(new Set(span).size).toBe(5);
    for (const id of span) expect(id >= 3 && id < 12 && Number.isInteger(id)).toBe(true);
    expect(inductionProbe({ vocabSize: 3, period: 3 }).ids.slice(0, 3).sort()).toEqual([0, 1, 2]); // every id, once
  });

  test('inductionProbe is repeatable: the same seed gives the same ids, another seed other ids', () => {
    const probe = (seed: number) => inductionProbe({ vocabSize: 50, period: 8, seed }).ids;
    expect(probe(4)).toEqual(probe(4));
    expect(probe(5)).not.toEqual(probe(4));
    expect(inductionProbe({ vocabSize: 50, period: 8 }).ids).toEqual(probe(0));
  });

  test('inductionProbe draws each allowed id with probability period / allowed, never an excluded one', () => {
    // vocabSize 6 minus id 0 leaves 5 ids; a span of 3 distinct ids holds each with probability 3/5.
    const n = 4000; // standard error of a frequency ~0.008; tolerance 0.04
    const counts = new Array<number>(6).fill(0);
    for (let seed = 0; seed < n; seed++) for (const id of inductionProbe({ vocabSize: 6, period: 3, exclude: [0], seed }).ids.slice(0, 3)) counts[id]!++;
    expect(counts[0]).toBe(0);
    for (let id = 1; id < 6; id++) expect(Math.abs(counts[id]! / n - 3 / 5)).toBeLessThan(0.04);
  });

  test('inductionProbe names the option it rejects', () => {
    expect(() => inductionProbe(null as never)).toThrow(/inductionProbe: argument 'options' must be an object with vocabSize and period/);
    expect(() => inductionProbe({ vocabSize: 0, period: 3 })).toThrow(/inductionProbe: argument 'options.vocabSize' must be an integer >= 1, got 0/);
    expect(() => inductionProbe({ vocabSize: 10, period: 2 })).toThrow(/inductionProbe: argument 'options.period' must be an integer >= 3, got 2/);
    expect(() => inductionProbe({ vocabSize: 10, period: 3, seed: -1 })).toThrow(/'options.seed'/);
    expect(() => inductionProbe({ vocabSize: 5, period: 3, exclude: [0, 1, 2] })).toThrow(
      /inductionProbe: argument 'options.vocabSize' \(5\) minus 3 excluded ids leaves 2 ids, fewer than the 3 distinct ids 'options.period' needs/,
    );
    expect(() => inductionProbe({ vocabSize: 5, period: 3, exclude: [5] })).toThrow(/inductionProbe: argument 'options.exclude\[0\]' must be an id in 0..4 \(vocabSize 5\), got 5/);
    expect(() => inductionProbe({ vocabSize: 5, period: 3, prefix: [1, 2.5] })).toThrow(/'options.prefix\[1\]'/);
    expect(() => inductionProbe({ vocabSize: 5, period: 3, prefix: 1 as never })).toThrow(/'options.prefix' must be an array of ids/);
  });
});
