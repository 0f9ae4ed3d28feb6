import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { container, setReducedMotion } from '../test/dom.js';
import { softmaxScalingChart } from './softmax-scaling-chart.js';

let el: HTMLDivElement;
beforeEach(() => {
  setReducedMotion(true);
  el = container();
});
afterEach(() => el.remove());

describe('softmaxScalingChart', () => {
  test('softmaxScalingChart draws both curves, a dot per dHead and the uniform line', () => {
    const h = softmaxScalingChart(el, { dims: [1, 16, 256], seqLenK: 8, samples: 50 });
    expect([...el.querySelectorAll('.al-lines path')].map((p) => p.getAttribute('data-series'))).toEqual(['unscaled', 'scaled']);
    expect(el.querySelectorAll('.al-dots circle')).toHaveLength(6);
    // y = 1/8 on [0, 1] mapped to [220, 34]: 220 - 0.125 * 186.
    expect(el.querySelector('.al-uniform')!.getAttribute('d')).toBe('M52,196.75H464');
    const rows = [...el.querySelectorAll('.al-data-table tbody tr')].map((tr) => [...tr.children].map((c) => Number(c.textContent)));
    expect(rows.map((r) => r[0])).toEqual([1, 16, 256]);
    expect(rows[2]![1]).toBeGreaterThan(rows[2]![2]!); // unscaled is sharper at large dHead
    expect(rows[0]![1]).toBe(rows[0]![2]); // at dHead = 1 scaling changes nothing
    expect(h.svg.getAttribute('aria-label')).toContain('over 8 keys');
  });

  test('softmaxScalingChart rejects bad sizes', () => {
    expect(() => softmaxScalingChart(el, { dims: [0] })).toThrow("softmaxScalingChart: argument 'data.dims[0]' expected an integer in [1, 65536], got number 0");
    expect(() => softmaxScalingChart(el, { dims: [] })).toThrow("softmaxScalingChart: argument 'data.dims' expected a non-empty array of dHead values");
  });
});
