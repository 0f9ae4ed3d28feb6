import { interpolateRdBu, interpolateViridis } from 'd3-scale-chromatic';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { container, key, mouse, setReducedMotion } from '../test/dom.js';
import { attentionHeatmap } from './attention-heatmap.js';
import { VizError } from './viz-error.js';

const tokens3 = ['the', 'cat', 'sat'];
// Rows sum to 1; max is 0.8, so the sequential domain is [0, 0.8].
const weights = [
  [0.8, 0.1, 0.1],
  [0.2, 0.4, 0.4],
  [0.0, 0.6, 0.4],
];

let el: HTMLDivElement;
beforeEach(() => {
  setReducedMotion(true);
  el = container();
});
afterEach(() => el.remove());

const cellAt = (root: Element, row: number, col: number): SVGRectElement =>
  root.querySelector(`rect.al-cell[data-row="${row}"][data-col="${col}"]`)!;
/** The number the hidden table shows for (row, col). */
const tableValue = (root: Element, row: number, col: number): string =>
  root.querySelectorAll('.al-data-table tbody tr')[row]!.querySelectorAll('td')[col]!.textContent!;

describe('attentionHeatmap', () => {
  test('attentionHeatmap draws one cell per (query, key) and one label per token', () => {
    const h = attentionHeatmap(el, { values: weights, queryTokens: tokens3, keyTokens: ['a', 'b', 'c'] });
    expect(el.querySelectorAll('rect.al-cell')).toHaveLength(9);
    expect([...el.querySelectorAll('.al-row-labels text')].map((t) => t.textContent)).toEqual(tokens3);
    expect([...el.querySelectorAll('.al-col-labels text')].map((t) => t.textContent)).toEqual(['a', 'b', 'c']);
    expect(tableValue(el, 2, 1)).toBe('0.6');
    expect(h.svg.getAttribute('aria-label')).toBe('Attention heatmap: 3 queries × 3 keys');
    expect(h.svg.querySelector('title')!.textContent).toBe('Attention heatmap: 3 queries × 3 keys');
  });

  test('attentionHeatmap colours weights with viridis over [0, max]', () => {
    attentionHeatmap(el, { values: weights });
    // t = value / 0.8, computed by hand.
    expect(cellAt(el, 0, 0).getAttribute('fill')).toBe(interpolateViridis(1));
    expect(cellAt(el, 1, 0).getAttribute('fill')).toBe(interpolateViridis(0.25));
    expect(cellAt(el, 2, 0).getAttribute('fill')).toBe(interpolateViridis(0));
    expect(cellAt(el, 1, 1).getAttribute('fill')).toBe(interpolateViridis(0.5));
  });

  test('attentionHeatmap uses a diverging scale centred on 0 for signed scores', () => {
    attentionHeatmap(el, { values: { data: new Float32Array([-2, 0, 1, 2]), shape: [2, 2] } });
    // Domain [-2, 2]: -2 → blue end, 0 → middle, 2 → red end (positive = red).
    expect(cellAt(el, 0, 0).getAttribute('fill')).toBe(interpolateRdBu(1));
    expect(cellAt(el, 0, 1).getAttribute('fill')).toBe(interpolateRdBu(0.5));
    expect(cellAt(el, 1, 0).getAttribute('fill')).toBe(interpolateRdBu(0.25));
    expect(cellAt(el, 1, 1).getAttribute('fill')).toBe(interpolateRdBu(0));
  });

  test('attentionHeatmap hover shows the exact value and highlights the row and column', () => {
    const onCellHover = vi.fn();
    attentionHeatmap(el, { values: { data: new Float32Array([0.123456789, 0.5, 0.25, 0.125]), shape: [2, 2] }, queryTokens: ['q0', 'q1'], keyTokens: ['k0', 'k1'] }, { cellSize: 20, onCellHover });
    mouse(cellAt(el, 1, 0), 'mouseover');
    const tip = el.querySelector('.al-tooltip')!;
    expect(tip.getAttribute('visibility')).toBe('visible');
    expect(tip.querySelector('text')!.textContent).toBe('q1 → k0: 0.25');
    const row = el.querySelector('.al-row-highlight')!;
    const col = el.querySelector('.al-col-highlight')!;
    expect([row.getAttribute('y'), row.getAttribute('height'), row.getAttribute('visibility')]).toEqual(['20', '20', 'visible']);
    expect([col.getAttribute('x'), col.getAttribute('width'), col.getAttribute('height')]).toEqual(['0', '20', '40']);
    expect(el.querySelector('.al-row-labels text.al-active')!.textContent).toBe('q1');
    expect(el.querySelector('.al-col-labels text.al-active')!.textContent).toBe('k0');
    expect(onCellHover).toHaveBeenLastCalledWith({ row: 1, col: 0, value: 0.25, masked: false, queryToken: 'q1', keyToken: 'k0' });
    mouse(cellAt(el, 0, 0), 'mouseover');
    // float32 0.123456789 is 0.12345679104328156; six significant digits.
    expect(tip.querySelector('text')!.textContent).toBe('q0 → k0: 0.123457');
    mouse(el.querySelector('.al-cells')!, 'mouseleave');
    expect(tip.getAttribute('visibility')).toBe('hidden');
    expect(row.getAttribute('visibility')).toBe('hidden');
    expect(el.querySelectorAll('.al-active')).toHaveLength(0);
    expect(onCellHover).toHaveBeenLastCalledWith(null);
  });

  test('attentionHeatmap click calls onCellClick with the cell', () => {
    const onCellClick = vi.fn();
    attentionHeatmap(el, { values: weights, queryTokens: tokens3, keyTokens: tokens3 }, { onCellClick });
    mouse(cellAt(el, 2, 1), 'click');
    expect(onCellClick).toHaveBeenCalledWith({ row: 2, col: 1, value: 0.6, masked: false, queryToken: 'sat', keyToken: 'cat' });
  });

  test('attentionHeatmap arrow keys move the focused cell; Enter clicks it', () => {
    const onCellClick = vi.fn();
    const h = attentionHeatmap(el, { values: weights, queryTokens: tokens3, keyTokens: tokens3 }, { onCellClick });
    expect(h.svg.getAttribute('tabindex')).toBe('0');
    h.svg.dispatchEvent(new FocusEvent('focus'));
    const live = el.querySelector('[aria-live]')!;
    expect(live.textContent).toBe('Row 1 of 3, column 1 of 3. the → the: 0.8');
    expect(key(h.svg, 'ArrowRight')).toBe(true);
    expect(key(h.svg, 'ArrowDown')).toBe(true);
    expect(live.textContent).toBe('Row 2 of 3, column 2 of 3. cat → cat: 0.4');
    key(h.svg, 'ArrowUp');
    key(h.svg, 'ArrowUp'); // clamps at the top
    key(h.svg, 'End');
    expect(live.textContent).toBe('Row 1 of 3, column 3 of 3. the → sat: 0.1');
    key(h.svg, 'ArrowRight'); // clamps at the right edge
    key(h.svg, 'Home');
    key(h.svg, 'ArrowDown');
    key(h.svg, 'ArrowDown');
    key(h.svg, 'ArrowDown');
    key(h.svg, 'Enter');
    expect(onCellClick).toHaveBeenCalledWith({ row: 2, col: 0, value: 0, masked: false, queryToken: 'sat', keyToken: 'the' });
    expect(key(h.svg, 'a')).toBe(false);
    h.svg.dispatchEvent(new FocusEvent('blur'));
    expect(el.querySelector('.al-tooltip')!.getAttribute('visibility')).toBe('hidden');
  });

  test('attentionHeatmap draws masked cells (mask 0 or -Infinity) with a hatch pattern', () => {
    const h = attentionHeatmap(el, {
      values: { data: [1, -Infinity, 0.5, 0.25], shape: [2, 2] },
      mask: [[1, 1], [0, 1]],
    });
    const masked = [...el.querySelectorAll('rect.al-masked')].map((r) => [r.getAttribute('data-row'), r.getAttribute('data-col')]);
    expect(masked).toEqual([['0', '1'], ['1', '0']]);
    const pattern = el.querySelector('pattern')!;
    expect(cellAt(el, 0, 1).getAttribute('fill')).toBe(`url(#${pattern.id})`);
    expect(cellAt(el, 0, 0).getAttribute('fill')).toBe(interpolateViridis(1)); // domain [0, 1] from unmasked values
    mouse(cellAt(el, 1, 0), 'mouseover');
    expect(el.querySelector('.al-tooltip text')!.textContent).toBe('1 → 0: masked');
    expect(h.element.querySelector('.al-legend')!.textContent).toContain('masked');
  });

  test('attentionHeatmap writes the numbers in cells when showValues is set', () => {
    attentionHeatmap(el, { values: weights }, { showValues: true, valueFormat: '.1f' });
    expect([...el.querySelectorAll('.al-values text')].map((t) => t.textContent)).toEqual(['0.8', '0.1', '0.1', '0.2', '0.4', '0.4', '0.0', '0.6', '0.4']);
  });

  test('attentionHeatmap sets labels as text, never as HTML', () => {
    const evil = '<img src=x onerror=alert(1)>';
    attentionHeatmap(el, { values: [[1, 0]], queryTokens: [evil], keyTokens: ['<b>bold</b>', 'ok'] });
    expect(el.querySelector('img')).toBeNull();
    expect(el.querySelector('b')).toBeNull();
    expect(el.querySelector('.al-row-labels text')!.textContent).toBe('<img src=x on…');
    expect(el.querySelector('.al-data-table tbody th')!.textContent).toBe(evil);
  });

  test('attentionHeatmap carries every number in a visually hidden table', () => {
    attentionHeatmap(el, { values: weights, queryTokens: tokens3, keyTokens: tokens3 }, { title: 'Weights' });
    const table = el.querySelector('table.al-data-table')!;
    expect(table.parentElement!.getAttribute('style')).toContain('clip-path:inset(50%)');
    expect(table.querySelector('caption')!.textContent).toBe('Weights');
    expect([...table.querySelectorAll('thead th')].map((t) => t.textContent)).toEqual(['query \\ key', 'the', 'cat', 'sat']);
    const rows = [...table.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent));
    expect(rows).toEqual([
      ['the', '0.8', '0.1', '0.1'],
      ['cat', '0.2', '0.4', '0.4'],
      ['sat', '0', '0.6', '0.4'],
    ]);
  });

  test('attentionHeatmap update recolours the same cell elements', async () => {
    const h = attentionHeatmap(el, { values: weights });
    const before = [...el.querySelectorAll('rect.al-cell')];
    await h.update({ values: weights.map((r) => [...r].reverse()) });
    const after = [...el.querySelectorAll('rect.al-cell')];
    expect(after).toHaveLength(9);
    after.forEach((node, i) => expect(node).toBe(before[i]));
    expect(cellAt(el, 0, 2).getAttribute('fill')).toBe(interpolateViridis(1));
    expect(tableValue(el, 0, 2)).toBe('0.8');
  });

  test('attentionHeatmap update animates to the new colours when motion is allowed', async () => {
    setReducedMotion(false);
    const h = attentionHeatmap(el, { values: [[0, 1]] }, { duration: 30 });
    const cell = cellAt(el, 0, 0);
    const pending = h.update({ values: [[1, 0]] });
    expect(cell.getAttribute('fill')).toBe(interpolateViridis(0)); // not yet changed: a transition is scheduled
    await pending;
    expect(cell.getAttribute('fill')).toBe('rgb(253, 231, 37)'); // viridis(1) = #fde725, as d3-interpolate writes it
  });

  test('attentionHeatmap update redraws for a new shape', async () => {
    const h = attentionHeatmap(el, { values: weights, queryTokens: tokens3, keyTokens: tokens3 });
    await h.update({ values: [[0.5, 0.5]], queryTokens: ['x'], keyTokens: ['y', 'z'] });
    expect(el.querySelectorAll('rect.al-cell')).toHaveLength(2);
    expect([...el.querySelectorAll('.al-col-labels text')].map((t) => t.textContent)).toEqual(['y', 'z']);
    expect(el.querySelectorAll('.al-data-table tbody tr')).toHaveLength(1);
  });

  test('attentionHeatmap rejects bad data with errors naming the function, argument and shapes', () => {
    expect(() => attentionHeatmap(el, { values: [[1, 2], [3]] })).toThrow("attentionHeatmap: argument 'data.values' expected rows of equal length (row 0 has 2 entries), got row 1 with 1 entries (ragged rows)");
    expect(() => attentionHeatmap(el, { values: [[1, NaN]] })).toThrow("attentionHeatmap: argument 'data.values' expected finite numbers or -Infinity (masked), got NaN at [0, 1]");
    expect(() => attentionHeatmap(el, { values: [[1, 2]], keyTokens: ['a'] })).toThrow(
      "attentionHeatmap: argument 'data.keyTokens' expected 2 labels (one per seqLenK: the numbers have seqLenK=2), got 1 labels",
    );
    expect(() => attentionHeatmap(el, { values: { data: new Float32Array(5), shape: [2, 3] } })).toThrow(
      "attentionHeatmap: argument 'data.values.data' expected 6 numbers for shape [2, 3], got 5 numbers",
    );
    expect(() => attentionHeatmap(el, { values: [[1, 2]], mask: [[1]] })).toThrow("attentionHeatmap: argument 'data.mask' expected shape [seqLenQ=1, seqLenK=2], got shape [1, 1]");
    expect(() => attentionHeatmap(el, { values: { data: [1], shape: [1] as unknown as [number, number] } })).toThrow(VizError);
    expect(() => attentionHeatmap(null as unknown as Element, { values: [[1]] })).toThrow("attentionHeatmap: argument 'container' must be a DOM element, got null");
    expect(el.children).toHaveLength(0); // nothing half-drawn
  });

  test('attentionHeatmap update with bad data throws and keeps the picture', async () => {
    const h = attentionHeatmap(el, { values: weights });
    expect(() => h.update({ values: [[Infinity]] })).toThrow('got Infinity at [0, 0]');
    expect(el.querySelectorAll('rect.al-cell')).toHaveLength(9);
  });

  test('attentionHeatmap destroy removes the chart; toPNG needs a browser', async () => {
    const h = attentionHeatmap(el, { values: weights });
    await expect(h.toPNG()).rejects.toThrow('attentionHeatmap: toPNG() needs a browser');
    h.destroy();
    expect(el.children).toHaveLength(0);
    h.destroy(); // twice is harmless
  });
});
