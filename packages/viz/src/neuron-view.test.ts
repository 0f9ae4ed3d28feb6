import { interpolateRdBu } from 'd3-scale-chromatic';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { container, key, mouse, setReducedMotion } from '../test/dom.js';
import { SeededRandom } from '../test/seeded-random.js';
import { neuronView, type NeuronViewData, type NeuronViewOptions } from './neuron-view.js';
import { renderToSvg } from './node/index.js';
import { VizError } from './viz-error.js';

let el: HTMLDivElement;
beforeEach(() => {
  setReducedMotion(true);
  el = container();
});
afterEach(() => el.remove());

// q = [1, 2] against three keys: q ⊙ k and q·k can be read off by eye.
const small: NeuronViewData = {
  query: [1, 2],
  keys: [
    [1, 0],
    [0, 1],
    [1, 1],
  ],
  keyTokens: ['a', 'b', 'c'],
  queryToken: 'q',
};

const row = (root: Element, i: number): Element => root.querySelector(`g.al-neuron-row[data-index="${i}"]`)!;
const texts = (root: Element, selector: string): string[] => [...root.querySelectorAll(selector)].map((t) => t.textContent ?? '');
const fills = (g: Element): string[] => [...g.querySelectorAll('g.al-cell rect')].map((r) => r.getAttribute('fill')!);

describe('neuronView', () => {
  test('neuronView computes q ⊙ k, q·k, the score scaled by 1/√dHead and the softmax in float64', () => {
    const h = neuronView(el, small);
    expect(h.scale).toBe(1 / Math.sqrt(2));
    expect(h.query).toEqual(new Float64Array([1, 2]));
    const rows = h.rows;
    expect(rows.map((r) => r.keyToken)).toEqual(['a', 'b', 'c']);
    expect(rows.map((r) => Array.from(r.key))).toEqual([[1, 0], [0, 1], [1, 1]]);
    expect(rows.map((r) => Array.from(r.products))).toEqual([[1, 0], [0, 2], [1, 2]]);
    expect(rows.map((r) => r.dot)).toEqual([1, 2, 3]);
    // Scaled scores 1/√2, 2/√2, 3/√2 = 0.70711, 1.41421, 2.12132 (by hand).
    [0.7071068, 1.4142136, 2.1213203].forEach((v, i) => expect(rows[i]!.scaled).toBeCloseTo(v, 6));
    // exp of those: 2.02811, 4.11325, 8.34215; sum 14.48351.
    [0.1400292, 0.2839954, 0.5759753].forEach((v, i) => expect(rows[i]!.weight).toBeCloseTo(v, 6));
    const e = [1, 2, 3].map((d) => Math.exp(d / Math.SQRT2));
    rows.forEach((r, i) => expect(r.weight).toBeCloseTo(e[i]! / (e[0]! + e[1]! + e[2]!), 14));
    expect(rows.every((r) => !r.masked)).toBe(true);
    // What is drawn: the rounded numbers and the weight as a percentage and a bar.
    expect(texts(el, '.al-dot')).toEqual(['1.00', '2.00', '3.00']);
    expect(texts(el, '.al-scaled')).toEqual(['0.71', '1.41', '2.12']);
    expect(texts(el, '.al-weight')).toEqual(['14.0%', '28.4%', '57.6%']);
    expect(row(el, 2).querySelector('.al-weight-bar')!.getAttribute('width')).toBe(String(Math.round(0.5759753 * 80 * 100) / 100));
    expect(el.querySelectorAll('.al-query-cells g.al-cell')).toHaveLength(2);
    expect(row(el, 0).querySelectorAll('.al-key-cells g.al-cell')).toHaveLength(2);
    expect(row(el, 0).querySelectorAll('.al-product-cells g.al-cell')).toHaveLength(2);
  });

  test('neuronView takes a custom scale and gives masked keys weight 0, drawn greyed', () => {
    const h = neuronView(el, { ...small, scale: 0.5, mask: [false, true, false] });
    expect(h.scale).toBe(0.5);
    const rows = h.rows;
    expect(rows.map((r) => r.scaled)).toEqual([0.5, 1, 1.5]);
    expect(rows.map((r) => r.masked)).toEqual([false, true, false]);
    // softmax([0.5, 1.5]) = [1 / (1 + e), e / (1 + e)] = [0.268941, 0.731059].
    expect(rows[0]!.weight).toBeCloseTo(1 / (1 + Math.E), 14);
    expect(rows[1]!.weight).toBe(0);
    expect(rows[2]!.weight).toBeCloseTo(Math.E / (1 + Math.E), 14);
    expect(rows[0]!.weight).toBeCloseTo(0.268941, 6);
    expect(row(el, 1).getAttribute('class')).toContain('al-masked');
    expect(row(el, 1).getAttribute('opacity')).toBe('0.4');
    expect(row(el, 0).getAttribute('opacity')).toBeNull();
    expect(texts(el, '.al-weight')).toEqual(['26.9%', 'masked', '73.1%']);
    expect(row(el, 1).querySelector('.al-weight-bar')!.getAttribute('width')).toBe('0');
    expect(row(el, 1).getAttribute('aria-label')).toBe('key b: q·k 2, scaled 1, weight 0 (masked)');
  });

  test('neuronView gives every key weight 0 when all are masked', () => {
    const h = neuronView(el, { ...small, mask: [true, true, true] });
    expect(h.rows.map((r) => r.weight)).toEqual([0, 0, 0]);
    expect(h.rows.map((r) => r.dot)).toEqual([1, 2, 3]);
  });

  test('neuronView is stable for large scores (softmax shifted by the maximum)', () => {
    const h = neuronView(el, { query: [1], keys: [[1000], [999]], scale: 1 });
    // exp(1000) overflows; the weights are those of softmax([1, 0]) = [e / (1 + e), 1 / (1 + e)].
    expect(h.rows[0]!.weight).toBeCloseTo(Math.E / (1 + Math.E), 14);
    expect(h.rows[1]!.weight).toBeCloseTo(1 / (1 + Math.E), 14);
  });

  test('neuronView colours vectors and products on diverging scales, red positive and blue negative', () => {
    // Products [2, -2, 0]: domain ±2, so 2 is the red end, -2 the blue end and 0 the middle.
    neuronView(el, { query: [1, -1, 0.5], keys: [[2, 2, 0]] });
    expect(fills(row(el, 0).querySelector('.al-product-cells')!)).toEqual([interpolateRdBu(0), interpolateRdBu(1), interpolateRdBu(0.5)]);
    // Vectors: query and keys share one scale, ± the largest absolute entry (2).
    expect(fills(el.querySelector('.al-query-cells')!)).toEqual([interpolateRdBu(0.25), interpolateRdBu(0.75), interpolateRdBu(0.375)]);
    expect(fills(row(el, 0).querySelector('.al-key-cells')!)).toEqual([interpolateRdBu(0), interpolateRdBu(0), interpolateRdBu(0.5)]);
  });

  test('neuronView takes fixed colour domains', () => {
    neuronView(el, { query: [1, -1], keys: [[2, 2]] }, { productDomain: [-4, 4], vectorDomain: [-8, 8] });
    // 2 on ±4 sits at t = 0.75, drawn with interpolateRdBu(1 - t).
    expect(fills(row(el, 0).querySelector('.al-product-cells')!)).toEqual([interpolateRdBu(0.25), interpolateRdBu(0.75)]);
    expect(fills(row(el, 0).querySelector('.al-key-cells')!)).toEqual([interpolateRdBu(0.375), interpolateRdBu(0.375)]);
  });

  test('neuronView writes values in cells with showValues', () => {
    neuronView(el, { query: [0.5, -0.25], keys: [[1, 2]] }, { showValues: true });
    expect(texts(row(el, 0).querySelector('.al-product-cells')!, 'text')).toEqual(['0.50', '−0.50']); // d3-format writes a minus sign
    expect(texts(el.querySelector('.al-query-cells')!, 'text')).toEqual(['0.50', '−0.25']);
  });

  test('neuronView highlights a key row on hover and shows a cell’s numbers', () => {
    const onRowHover = vi.fn();
    const h = neuronView(el, small, { onRowHover });
    mouse(row(el, 1).querySelector('.al-product-cells g.al-cell[data-dim="1"] rect')!, 'mouseover');
    expect(h.activeRow).toBe(1);
    expect(row(el, 1).getAttribute('class')).toContain('al-active');
    expect(row(el, 1).querySelector('.al-row-bg')!.getAttribute('stroke')).toBe('#111111');
    expect(row(el, 1).querySelector('.al-neuron-label')!.getAttribute('font-weight')).toBe('bold');
    expect(el.querySelectorAll('g.al-neuron-row.al-active')).toHaveLength(1);
    const tip = el.querySelector('.al-tooltip')!;
    expect(tip.getAttribute('visibility')).toBe('visible');
    expect(tip.querySelector('text')!.textContent).toBe('b[1]: q 2 × k 1 = 2');
    expect(onRowHover).toHaveBeenLastCalledWith(expect.objectContaining({ index: 1, keyToken: 'b', dot: 2, masked: false }));
    mouse(el.querySelector('.al-neuron-rows')!, 'mouseleave');
    expect(h.activeRow).toBeNull();
    expect(el.querySelectorAll('.al-active')).toHaveLength(0);
    expect(tip.getAttribute('visibility')).toBe('hidden');
    expect(onRowHover).toHaveBeenLastCalledWith(null);
  });

  test('neuronView follows keyboard focus and moves it with the arrow keys', () => {
    const h = neuronView(el, small);
    const first = row(el, 0);
    expect(first.getAttribute('tabindex')).toBe('0');
    expect(first.getAttribute('role')).toBe('listitem');
    first.dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
    expect(h.activeRow).toBe(0);
    expect(key(first, 'ArrowDown')).toBe(true);
    expect(h.activeRow).toBe(1);
    expect(row(el, 1).getAttribute('class')).toContain('al-active');
    expect(key(row(el, 1), 'End')).toBe(true);
    expect(h.activeRow).toBe(2);
    expect(key(row(el, 2), 'ArrowDown')).toBe(true);
    expect(h.activeRow).toBe(2);
    expect(key(row(el, 2), 'Home')).toBe(true);
    expect(h.activeRow).toBe(0);
    expect(key(row(el, 0), 'x')).toBe(false);
    key(row(el, 0), 'Escape');
    expect(h.activeRow).toBeNull();
    h.setActiveRow(2);
    expect(row(el, 2).getAttribute('class')).toContain('al-active');
    row(el, 2).dispatchEvent(new FocusEvent('focusout', { bubbles: true }));
    expect(h.activeRow).toBeNull();
    expect(() => h.setActiveRow(3)).toThrow("neuronView: argument 'index' expected an integer in [0, 2], got number 3");
  });

  test('neuronView has an accessible name and a hidden table of every number', () => {
    const h = neuronView(el, small);
    expect(h.svg.getAttribute('aria-label')).toBe('Neuron view: query q against 3 keys, dHead 2; weight = softmax(q·k × 0.707107)');
    const rows = [...el.querySelectorAll('.al-data-table tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent));
    expect(rows).toEqual([
      ['query q', '1, 2', '', '', '', ''],
      ['key a', '1, 0', '1, 0', '1', '0.707107', '0.140029'],
      ['key b', '0, 1', '0, 2', '2', '1.41421', '0.283995'],
      ['key c', '1, 1', '1, 2', '3', '2.12132', '0.575975'],
    ]);
    expect(row(el, 2).getAttribute('aria-label')).toBe('key c: q·k 3, scaled 2.12132, weight 57.6%');
  });

  test('neuronView update recomputes the rows and redraws the same elements', async () => {
    const h = neuronView(el, small);
    const before = row(el, 0);
    await h.update({ ...small, query: [2, 0] });
    expect(row(el, 0)).toBe(before);
    expect(h.rows.map((r) => r.dot)).toEqual([2, 0, 2]);
    expect(texts(el, '.al-dot')).toEqual(['2.00', '0.00', '2.00']);
    await h.update({ query: [1, 1, 1], keys: { data: new Float32Array([1, 1, 1]), shape: [1, 3] } });
    expect(el.querySelectorAll('g.al-neuron-row')).toHaveLength(1);
    expect(row(el, 0).querySelectorAll('.al-key-cells g.al-cell')).toHaveLength(3);
    expect(h.rows[0]!.weight).toBe(1);
    h.destroy();
    expect(el.children).toHaveLength(0);
  });

  test('neuronView sets labels as text with whitespace and control characters made visible', () => {
    const h = neuronView(el, { query: [1], keys: [[1], [2], [3]], keyTokens: [' the', 'a\nb', '<img src=x onerror=alert(1)>'], queryToken: '\u0007\t' });
    expect(el.querySelector('img')).toBeNull();
    expect(texts(el, 'g.al-neuron-row .al-neuron-label')).toEqual(['␣the', 'a⏎b', '<img␣src=x␣…']);
    expect(el.querySelector('.al-neuron-query .al-neuron-label')!.textContent).toBe('␇⇥');
    const svg = h.toSVG();
    expect(svg).toContain('&lt;img␣src=x␣…');
    for (let c = 0; c < 0x20; c++) expect(svg.includes(String.fromCharCode(c)), `U+${c.toString(16)} in the SVG`).toBe(false);
  });

  test('neuronView wraps rows to fit a 390 px wide screen', () => {
    const wide = neuronView(el, small, { width: 640 });
    expect(wide.svg.querySelectorAll('.al-neuron-header text')[1]!.getAttribute('y')).toBe('10');
    wide.destroy();
    const rng = new SeededRandom(7);
    const narrow = neuronView(el, { query: rng.array(64, -1, 1), keys: { data: rng.array(6 * 64, -1, 1), shape: [6, 64] } }, { width: 390 });
    expect(Number(narrow.svg.getAttribute('width'))).toBeLessThanOrEqual(390);
    expect(narrow.svg.getAttribute('style')).toBe('max-width:100%;height:auto');
    // Three lines per key: the key cells, then q ⊙ k, then the numbers.
    const heads = [...narrow.svg.querySelectorAll('.al-neuron-header text')].map((t) => t.getAttribute('y'));
    expect(heads).toEqual(['10', '24', '38', '38', '38']);
    const cells = row(el, 0).querySelectorAll('.al-key-cells g.al-cell');
    expect(cells).toHaveLength(64);
  });

  test('neuronView rejects bad data with errors naming the function, the argument and the shapes', () => {
    expect(() => neuronView(el, { ...small, query: [1, NaN] })).toThrow("neuronView: argument 'data.query' expected finite numbers, got NaN at [1]");
    expect(() => neuronView(el, { ...small, query: [1, 2, 3] })).toThrow("neuronView: argument 'data.keys' expected shape [seqLenK, dHead=3], got shape [3, 2]");
    expect(() => neuronView(el, { ...small, keys: { data: [1, 2, 3], shape: [2, 2] } })).toThrow("neuronView: argument 'data.keys.data' expected 4 numbers for shape [2, 2], got 3 numbers");
    expect(() => neuronView(el, { ...small, keyTokens: ['a'] })).toThrow(
      "neuronView: argument 'data.keyTokens' expected 3 labels (one per seqLenK: the numbers have seqLenK=3), got 1 labels",
    );
    expect(() => neuronView(el, { ...small, mask: [true] })).toThrow("neuronView: argument 'data.mask' expected 3 booleans (one per seqLenK: the keys have seqLenK=3), got 1 booleans");
    expect(() => neuronView(el, { ...small, scale: 0 })).toThrow("neuronView: argument 'data.scale' expected a finite number > 0, got number 0");
    expect(() => neuronView(el, { ...small, query: [] })).toThrow("neuronView: argument 'data.query' expected [dHead] numbers with dHead ≥ 1, got [0]");
    expect(() => neuronView(el, { query: [1e300], keys: [[1e300]] })).toThrow(VizError);
    expect(() => neuronView(el, { ...small, mask: [0, 1, 0] as unknown as boolean[] })).toThrow(TypeError);
    expect(() => neuronView(null as unknown as Element, small)).toThrow("neuronView: argument 'container' must be a DOM element, got null");
    const err = (() => {
      try {
        neuronView(el, { ...small, keys: [[1, 2], [3]] });
      } catch (e) {
        return e;
      }
    })() as VizError;
    expect([err.fn, err.argument]).toEqual(['neuronView', 'data.keys']);
    expect(el.children).toHaveLength(0);
  });
});

/** Draws in a fresh happy-dom document (ids start at 1, as in Node) and returns toSVG(). */
function drawInHappyDom(data: NeuronViewData, options: NeuronViewOptions): string {
  const doc = document.implementation.createHTMLDocument('snapshot');
  const host = doc.body.appendChild(doc.createElement('div'));
  const h = neuronView(host, data, { ...options, animate: false });
  const svg = h.toSVG();
  h.destroy();
  return svg;
}

describe('neuronView SVG snapshot', () => {
  test('neuronView draws the same SVG in Node (linkedom) and happy-dom, matching its snapshot', async () => {
    const rng = new SeededRandom(20240607);
    const data: NeuronViewData = {
      query: rng.array(8, -1, 1, 2),
      keys: { data: rng.array(5 * 8, -1, 1, 2), shape: [5, 8] },
      keyTokens: ['The', ' animal', ' didn', "'t", ' cross'],
      queryToken: ' didn',
      mask: [false, false, false, true, true],
    };
    const node = renderToSvg(neuronView, data, {});
    expect(drawInHappyDom(data, {})).toBe(node);
    await expect(node).toMatchFileSnapshot('../test/__snapshots__/neuron-view.svg');
    const narrow = renderToSvg(neuronView, data, { width: 390 });
    expect(drawInHappyDom(data, { width: 390 })).toBe(narrow);
    await expect(narrow).toMatchFileSnapshot('../test/__snapshots__/neuron-view-narrow.svg');
  });
});
