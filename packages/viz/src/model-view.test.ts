import { interpolateViridis } from 'd3-scale-chromatic';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { container, key, mouse, setReducedMotion } from '../test/dom.js';
import { modelView } from './model-view.js';

// [layers=2, heads=3, seqLenQ=2, seqLenK=2]: head (l, h) holds [a, 1-a, b, 1-b].
function grid(offset = 0): Float32Array {
  const out: number[] = [];
  for (let l = 0; l < 2; l++) {
    for (let h = 0; h < 3; h++) {
      const a = ((l * 3 + h + offset) % 6) / 10 + 0.2; // 0.2 .. 0.7
      out.push(a, 1 - a, 0.5, 0.5);
    }
  }
  return new Float32Array(out);
}
const shape = [2, 3, 2, 2] as const;
const tokens = ['hi', 'there'];

let el: HTMLDivElement;
beforeEach(() => {
  setReducedMotion(true);
  el = container();
});
afterEach(() => el.remove());

describe('modelView', () => {
  test('modelView draws layers × heads thumbnails of seqLenQ × seqLenK cells', () => {
    const v = modelView(el, { attention: { data: grid(), shape }, queryTokens: tokens });
    expect(el.querySelectorAll('.al-grid-cells rect')).toHaveLength(2 * 3 * 2 * 2);
    const thumbs = [...el.querySelectorAll('rect.al-thumb')];
    expect(thumbs).toHaveLength(6);
    expect(thumbs[4]!.getAttribute('aria-label')).toBe('Open layer 1, head 1');
    expect([...el.querySelectorAll('.al-head-labels text')].map((t) => t.textContent)).toEqual(['H0', 'H1', 'H2']);
    expect([...el.querySelectorAll('.al-layer-labels text')].map((t) => t.textContent)).toEqual(['L0', 'L1']);
    expect(v.svg.getAttribute('aria-label')).toContain('2 layers × 3 heads');
    expect(el.querySelectorAll('.al-data-table tbody tr')).toHaveLength(6);
  });

  test('modelView draws data.headLabels as badges, reads them aloud and lists them in its table', () => {
    const headLabels = [['prev', '', 'sink'], ['', 'induction', '']];
    const v = modelView(el, { attention: { data: grid(), shape }, queryTokens: tokens, headLabels });
    expect([...el.querySelectorAll('.al-head-badges text')].map((t) => t.textContent)).toEqual(['prev', 'sink', 'induction']);
    const thumbs = [...el.querySelectorAll('rect.al-thumb')];
    expect(thumbs[4]!.getAttribute('aria-label')).toBe('Open layer 1, head 1 (induction)');
    expect(thumbs[1]!.getAttribute('aria-label')).toBe('Open layer 0, head 1');
    expect([...el.querySelectorAll('.al-data-table thead th')].map((t) => t.textContent)).toContain('label');
    v.update({ attention: { data: grid(), shape }, queryTokens: tokens });
    expect(el.querySelectorAll('.al-head-badges text')).toHaveLength(0);
    expect(() => modelView(el, { attention: { data: grid(), shape }, headLabels: [['a', 'b', 'c']] })).toThrow(
      "modelView: argument 'data.headLabels' expected 2 rows of labels (one per layer: the attention has layers=2), got 1 rows",
    );
    expect(() => modelView(el, { attention: { data: grid(), shape }, headLabels: [['a'], ['b', 'c', 'd']] })).toThrow(
      "modelView: argument 'data.headLabels[0]' expected 3 labels (one per heads: the numbers have heads=3), got 1 labels",
    );
  });

  test('modelView with maxCells averages blocks of cells in each thumbnail', () => {
    // [1 layer, 1 head, 4, 4] with values k / 10 (max 0.3): 2 x 2 blocks average to 0.05 / 0.3 and 0.25 / 0.3.
    const values = Float32Array.from({ length: 16 }, (_, i) => (i % 4) / 10);
    modelView(el, { attention: { data: values, shape: [1, 1, 4, 4] } }, { maxCells: 2 });
    const fills = [...el.querySelectorAll('.al-grid-cells rect')].map((r) => r.getAttribute('fill'));
    expect(fills).toEqual([0.05 / 0.3, 0.25 / 0.3, 0.05 / 0.3, 0.25 / 0.3].map((t) => interpolateViridis(t)));
    expect(() => modelView(el, { attention: { data: values, shape: [1, 1, 4, 4] } }, { maxCells: 0 })).toThrow(/modelView: argument 'options.maxCells' expected an integer/);
  });

  test('modelView colours each head over its own [0, max]', () => {
    modelView(el, { attention: { data: grid(), shape } });
    const cells = [...el.querySelectorAll('.al-grid-cells rect')];
    // Head (0, 0): a = 0.2 → [0.2, 0.8, 0.5, 0.5] in float32, max 0.8.
    const [a, b, c] = [0.2, 0.8, 0.5].map(Math.fround) as [number, number, number];
    expect(cells.slice(0, 4).map((x) => x.getAttribute('fill'))).toEqual([a / b, 1, c / b, c / b].map((t) => interpolateViridis(t)));
  });

  test('modelView opens a head as a heatmap on click and on Enter, and closes it', () => {
    const onOpen = vi.fn();
    const v = modelView(el, { attention: { data: grid(), shape }, queryTokens: tokens }, { onOpen });
    mouse(el.querySelector('rect.al-thumb[data-layer="1"][data-head="2"]')!, 'click');
    expect(onOpen).toHaveBeenCalledWith({ layer: 1, head: 2 });
    expect(v.opened).toEqual({ layer: 1, head: 2 });
    const detail = el.querySelector('.al-model-view-detail')!;
    expect(detail.querySelector('.al-detail-title')!.textContent).toBe('Layer 1, head 2');
    // Head (1, 2): a = (5 % 6) / 10 + 0.2 = 0.7.
    expect([...detail.querySelectorAll('.al-data-table td')].map((c) => c.textContent)).toEqual(['0.7', '0.3', '0.5', '0.5']);
    expect([...detail.querySelectorAll('.al-row-labels text')].map((t) => t.textContent)).toEqual(tokens);
    expect(key(el.querySelector('rect.al-thumb[data-layer="0"][data-head="0"]')!, 'Enter')).toBe(true);
    expect(v.opened).toEqual({ layer: 0, head: 0 });
    expect(detail.querySelectorAll('svg')).toHaveLength(1);
    expect([...detail.querySelectorAll('.al-data-table td')].map((c) => c.textContent)).toEqual(['0.2', '0.8', '0.5', '0.5']);
    mouse(detail.querySelector('button.al-detail-close')!, 'click');
    expect(v.opened).toBeNull();
    expect(detail.children).toHaveLength(0);
  });

  test('modelView update recolours the same cells and the opened head', async () => {
    const v = modelView(el, { attention: { data: grid(), shape } });
    v.open(0, 1);
    const before = [...el.querySelectorAll('.al-grid-cells rect')];
    await v.update({ attention: { data: grid(1), shape } });
    const after = [...el.querySelectorAll('.al-grid-cells rect')];
    after.forEach((n, i) => expect(n).toBe(before[i]));
    // Head (0, 1) with offset 1: a = 0.4.
    const detail = el.querySelector('.al-model-view-detail')!;
    expect([...detail.querySelectorAll('.al-data-table td')].map((c) => c.textContent)).toEqual(['0.4', '0.6', '0.5', '0.5']);
  });

  test('modelView rejects bad data and bad heads with clear errors', () => {
    expect(() => modelView(el, { attention: { data: new Float32Array(23), shape } })).toThrow(
      "modelView: argument 'data.attention.data' expected 24 numbers for shape [2, 3, 2, 2], got 23 numbers",
    );
    expect(() => modelView(el, { attention: { data: new Float32Array(4), shape: [2, 2] as never } })).toThrow(
      "modelView: argument 'data.attention.shape' expected [layers, heads, seqLenQ, seqLenK] of 4 non-negative integers, got [2, 2]",
    );
    expect(() => modelView(el, { attention: { data: grid(), shape }, queryTokens: ['a', 'b', 'c'] })).toThrow(
      "modelView: argument 'data.queryTokens' expected 2 labels (one per seqLenQ: the numbers have seqLenQ=2), got 3 labels",
    );
    const v = modelView(el, { attention: { data: grid(), shape } });
    expect(() => v.open(2, 0)).toThrow("modelView: argument 'layer' expected an integer in [0, 1], got number 2");
  });
});
