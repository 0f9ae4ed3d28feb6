import { schemeTableau10 } from 'd3-scale-chromatic';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { container, key, mouse, setReducedMotion } from '../test/dom.js';
import { headView } from './head-view.js';

// [layers=2, heads=2, seqLenQ=3, seqLenK=3]; entry value encodes its index so
// each line's expected opacity is known by hand: w = (l*18 + h*9 + q*3 + k) / 100.
const shape = [2, 2, 3, 3] as const;
const data = Float64Array.from({ length: 36 }, (_, i) => i / 100);
const tokens = ['a', 'b', 'c'];

let el: HTMLDivElement;
beforeEach(() => {
  setReducedMotion(true);
  el = container();
});
afterEach(() => el.remove());

const lines = (): Element[] => [...el.querySelectorAll('.al-lines line')];
const visibleLines = (): Element[] => lines().filter((l) => l.getAttribute('visibility') !== 'hidden');

describe('headView', () => {
  test('headView draws tokens in two columns and one line per (head, query, key) weighted by attention', () => {
    headView(el, { attention: { data, shape }, queryTokens: tokens });
    expect([...el.querySelectorAll('.al-query-tokens text')].map((t) => t.textContent)).toEqual(tokens);
    expect([...el.querySelectorAll('.al-key-tokens text')].map((t) => t.textContent)).toEqual(tokens);
    expect(lines()).toHaveLength(2 * 3 * 3);
    const l = el.querySelector('line[data-head="1"][data-query="2"][data-key="0"]')!;
    expect(l.getAttribute('stroke-opacity')).toBe(String((9 + 6 + 0) / 100));
    expect(l.getAttribute('stroke')).toBe(schemeTableau10[1]);
    expect(el.querySelector('line[data-head="0"]')!.getAttribute('stroke')).toBe(schemeTableau10[0]);
  });

  test('headView with minWeight leaves out lighter lines but keeps every weight in its table', () => {
    // Layer 0 holds i / 100 for i in 0..17: weights 0.00 .. 0.17; 0.1 and above is i >= 10, all in head 1.
    headView(el, { attention: { data, shape }, queryTokens: tokens }, { minWeight: 0.1 });
    expect(lines()).toHaveLength(8);
    expect(lines().every((l) => l.getAttribute('data-head') === '1')).toBe(true);
    expect(el.querySelectorAll('.al-data-table tbody tr')).toHaveLength(6);
    expect(() => headView(el, { attention: { data, shape } }, { minWeight: -1 })).toThrow("headView: argument 'options.minWeight' expected a number in [0, 1], got -1");
  });

  test('headView setLayer and the layer select show another layer', async () => {
    const v = headView(el, { attention: { data, shape } });
    v.setLayer(1);
    expect(el.querySelector('line[data-head="0"][data-query="0"][data-key="1"]')!.getAttribute('stroke-opacity')).toBe('0.19');
    const select = el.querySelector('select')!;
    expect([...select.options].map((o) => o.textContent)).toEqual(['0', '1']);
    select.value = '0';
    select.dispatchEvent(new Event('change'));
    expect(el.querySelector('line[data-head="0"][data-query="0"][data-key="1"]')!.getAttribute('stroke-opacity')).toBe('0.01');
  });

  test('headView chooses heads by their colour swatches', () => {
    const v = headView(el, { attention: { data, shape } }, { heads: [1] });
    expect(new Set(lines().map((l) => l.getAttribute('data-head')))).toEqual(new Set(['1']));
    const swatch0 = el.querySelector('rect.al-head-swatch[data-head="0"]')!;
    expect(swatch0.getAttribute('aria-pressed')).toBe('false');
    mouse(swatch0, 'click');
    expect(lines()).toHaveLength(18);
    // Head 0's lines are inserted before head 1's: the DOM keeps head order.
    expect(lines().map((l) => l.getAttribute('data-head')).join('')).toBe('0'.repeat(9) + '1'.repeat(9));
    expect(el.querySelector('rect.al-head-swatch[data-head="0"]')!.getAttribute('aria-pressed')).toBe('true');
    v.setHeads([]);
    expect(lines()).toHaveLength(0);
    expect(() => v.setHeads([2])).toThrow("headView: argument 'heads[0]' expected an integer in [0, 1], got number 2");
  });

  test('headView hovering a token shows only its lines', () => {
    const onTokenFocus = vi.fn();
    headView(el, { attention: { data, shape }, queryTokens: tokens }, { onTokenFocus });
    mouse(el.querySelector('.al-query-tokens text[data-index="1"]')!, 'mouseover');
    expect(visibleLines()).toHaveLength(2 * 3);
    expect(visibleLines().every((l) => l.getAttribute('data-query') === '1')).toBe(true);
    expect(el.querySelector('.al-query-tokens text.al-active')!.textContent).toBe('b');
    expect(onTokenFocus).toHaveBeenLastCalledWith({ side: 'query', index: 1 });
    mouse(el.querySelector('.al-key-tokens text[data-index="2"]')!, 'mouseover');
    expect(visibleLines().every((l) => l.getAttribute('data-key') === '2')).toBe(true);
    mouse(el.querySelector('.al-key-tokens')!, 'mouseleave');
    expect(visibleLines()).toHaveLength(18);
    expect(onTokenFocus).toHaveBeenLastCalledWith(null);
  });

  test('headView follows keyboard focus on tokens and toggles heads with Enter', () => {
    headView(el, { attention: { data, shape }, queryTokens: tokens });
    const token = el.querySelector('.al-key-tokens text[data-index="0"]')!;
    expect(token.getAttribute('tabindex')).toBe('0');
    token.dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
    expect(visibleLines()).toHaveLength(2 * 3);
    expect(visibleLines().every((l) => l.getAttribute('data-key') === '0')).toBe(true);
    token.dispatchEvent(new FocusEvent('focusout', { bubbles: true }));
    expect(visibleLines()).toHaveLength(18);
    expect(key(el.querySelector('rect.al-head-swatch[data-head="1"]')!, 'Enter')).toBe(true);
    expect(new Set(lines().map((l) => l.getAttribute('data-head')))).toEqual(new Set(['0']));
  });

  test('headView sets tokens as text, never HTML', () => {
    headView(el, { attention: { data: new Float32Array([1]), shape: [1, 1, 1, 1] }, queryTokens: ['<img src=x onerror=alert(1)>'] });
    expect(el.querySelector('img')).toBeNull();
    expect(el.querySelector('.al-query-tokens text')!.textContent).toBe('<img src=x oner…');
  });

  test('headView rejects bad data and options with clear errors', () => {
    expect(() => headView(el, { attention: { data, shape } }, { layer: 2 })).toThrow("headView: argument 'options.layer' expected an integer in [0, 1], got number 2");
    expect(() => headView(el, { attention: { data: [NaN], shape: [1, 1, 1, 1] } })).toThrow("headView: argument 'data.attention' expected finite numbers, got NaN at [0, 0, 0, 0]");
    expect(() => headView(el, { attention: { data, shape }, keyTokens: ['x'] })).toThrow(
      "headView: argument 'data.keyTokens' expected 3 labels (one per seqLenK: the numbers have seqLenK=3), got 1 labels",
    );
  });
});
