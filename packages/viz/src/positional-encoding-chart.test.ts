import { interpolateRdBu } from 'd3-scale-chromatic';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { container, setReducedMotion } from '../test/dom.js';
import { positionalEncodingChart } from './positional-encoding-chart.js';

let el: HTMLDivElement;
beforeEach(() => {
  setReducedMotion(true);
  el = container();
});
afterEach(() => el.remove());

describe('positionalEncodingChart', () => {
  test('positionalEncodingChart computes the sinusoidal encoding for { seqLen, dModel }', () => {
    positionalEncodingChart(el, { seqLen: 3, dModel: 4 }, { dimensions: [0, 1, 2] });
    expect(el.querySelectorAll('.al-pe-heatmap rect')).toHaveLength(12);
    // By hand: PE[pos, 0] = sin(pos), PE[pos, 1] = cos(pos), PE[pos, 2] = sin(pos / 100).
    const rows = [...el.querySelectorAll('.al-data-table tbody tr')].map((tr) => [...tr.children].map((c) => Number(c.textContent)));
    rows.forEach(([pos, d0, d1, d2]) => {
      expect(d0).toBeCloseTo(Math.sin(pos!), 5);
      expect(d1).toBeCloseTo(Math.cos(pos!), 5);
      expect(d2).toBeCloseTo(Math.sin(pos! / 100), 5);
    });
    expect(el.querySelectorAll('path.al-pe-curve')).toHaveLength(3);
  });

  test('positionalEncodingChart draws a given encoding on a diverging scale', () => {
    positionalEncodingChart(el, { encoding: [[1, -1], [0, 0.5]] }, { dimensions: [1] });
    const fills = [...el.querySelectorAll('.al-pe-heatmap rect')].map((r) => r.getAttribute('fill'));
    // max |value| = 1: value v maps to interpolateRdBu(0.5 - v / 2).
    expect(fills).toEqual([interpolateRdBu(0), interpolateRdBu(1), interpolateRdBu(0.5), interpolateRdBu(0.25)]);
    expect(el.querySelector('path.al-pe-curve')!.getAttribute('data-dimension')).toBe('1');
  });

  test('positionalEncodingChart rejects a dimension outside dModel', () => {
    expect(() => positionalEncodingChart(el, { seqLen: 4, dModel: 4 }, { dimensions: [4] })).toThrow(
      "positionalEncodingChart: argument 'options.dimensions[0]' expected an integer in [0, 3], got number 4",
    );
    expect(() => positionalEncodingChart(el, { encoding: [[1, 2], [3]] })).toThrow('ragged rows');
  });
});
