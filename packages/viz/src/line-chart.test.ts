import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { container, setReducedMotion } from '../test/dom.js';
import { lineChart } from './line-chart.js';

let el: HTMLDivElement;
beforeEach(() => {
  setReducedMotion(true);
  el = container();
});
afterEach(() => el.remove());

const segments = (name: string): Element[] => [...el.querySelectorAll(`g.al-series[data-series="${name}"] path.al-segment`)];

/** Maps a data point to pixels through the plot group's `matrix(a,0,0,d,e,f)`. */
function toPixels(transform: string, x: number, y: number): [number, number] {
  const [a, , , d, e, f] = /matrix\(([^)]*)\)/.exec(transform)![1]!.split(',').map(Number) as number[];
  return [a! * x + e!, d! * y + f!];
}

describe('lineChart', () => {
  test('lineChart draws each series in data units inside one transformed group', () => {
    lineChart(el, { series: [{ name: 'loss', x: [0, 10], y: [2, 1] }] }, { width: 400, height: 200 });
    expect(segments('loss').map((p) => p.getAttribute('d'))).toEqual(['M0,2L0,2L10,1']);
    const t = el.querySelector('g.al-lines')!.getAttribute('transform')!;
    // Margins left 52, right 110, top 12, bottom 40: x [0, 10] → [52, 290], y [1, 2] → [160, 12].
    expect(toPixels(t, 0, 2).map((v) => Math.round(v * 1000) / 1000)).toEqual([52, 12]);
    expect(toPixels(t, 10, 1).map((v) => Math.round(v * 1000) / 1000)).toEqual([290, 160]);
    expect(el.querySelector('g.al-legend text')!.textContent).toBe('loss');
  });

  test('lineChart append adds a path and leaves the existing ones untouched', () => {
    const chart = lineChart(el, { series: [] });
    chart.append('loss', [0, 1, 2], [3, 2.5, 2]);
    const first = segments('loss');
    const firstD = first.map((p) => p.getAttribute('d'));
    chart.append('loss', 3, 1.5);
    chart.append('loss', [4, 5], [1.2, 0.9]);
    const after = segments('loss');
    expect(after).toHaveLength(3);
    expect(after[0]).toBe(first[0]);
    expect(after[0]!.getAttribute('d')).toBe(firstD[0]);
    // Each new stretch starts at the last point drawn.
    expect(after[1]!.getAttribute('d')).toBe('M2,2L3,1.5');
    expect(after[2]!.getAttribute('d')).toBe('M3,1.5L4,1.2L5,0.9');
    chart.append('accuracy', 5, 0.5);
    expect(segments('loss')[0]).toBe(first[0]);
    expect([...el.querySelectorAll('g.al-legend text')].map((t) => t.textContent)).toEqual(['loss', 'accuracy']);
    expect(el.querySelectorAll('.al-data-table tbody tr')).toHaveLength(7);
  });

  test('lineChart append grows the domain by changing only the transform and axes', () => {
    const chart = lineChart(el, { series: [{ name: 'loss', x: [0, 1], y: [1, 0.5] }] });
    const plot = el.querySelector('g.al-lines')!;
    const before = plot.getAttribute('transform');
    chart.append('loss', 100, 0.1);
    expect(plot.getAttribute('transform')).not.toBe(before);
    expect([...el.querySelectorAll('.al-axis-bottom text')].map((t) => t.textContent)).toContain('100');
  });

  test('lineChart update redraws one path per series', async () => {
    const chart = lineChart(el, { series: [{ name: 'a', x: [0], y: [0] }] });
    chart.append('a', 1, 1);
    await chart.update({ series: [{ name: 'b', x: new Float32Array([0, 1, 2]), y: new Float32Array([1, 2, 3]) }] });
    expect(segments('a')).toHaveLength(0);
    expect(segments('b').map((p) => p.getAttribute('d'))).toEqual(['M0,1L0,1L1,2L2,3']);
  });

  test('lineChart rejects mismatched lengths, NaN and duplicate names', () => {
    expect(() => lineChart(el, { series: [{ name: 'a', x: [0, 1], y: [0] }] })).toThrow("lineChart: argument 'data.series[0].y' expected [points=2] numbers, got [1]");
    const chart = lineChart(el, { series: [] });
    expect(() => chart.append('a', 1, NaN)).toThrow('lineChart: argument \'append("a").y\' expected finite numbers, got NaN at [0]');
    expect(() => lineChart(el, { series: [{ name: 'a', x: [], y: [] }, { name: 'a', x: [], y: [] }] })).toThrow(
      "lineChart: argument 'data.series[1].name' expected a name used by no other series, got \"a\" again",
    );
  });

  test('lineChart keeps long series names whole in its legend and widens to fit them', () => {
    const chart = lineChart(el, { series: [{ name: 'loss', x: [0], y: [1] }] }, { width: 480 });
    expect(chart.svg.getAttribute('width')).toBe('480');
    chart.append('memory-efficient attention', [0, 1], [2, 3]);
    expect([...el.querySelectorAll('g.al-legend text')].map((t) => t.textContent)).toEqual(['loss', 'memory-efficient attention']);
    expect(Number(chart.svg.getAttribute('width'))).toBeGreaterThan(480);
  });
});
