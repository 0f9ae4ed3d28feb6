import { interpolateOranges, interpolateRdBu } from 'd3-scale-chromatic';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { container, mouse, setReducedMotion } from '../test/dom.js';
import { tokenSaliency } from './token-saliency.js';

let el: HTMLDivElement;
beforeEach(() => {
  setReducedMotion(true);
  el = container();
});
afterEach(() => el.remove());

describe('tokenSaliency', () => {
  test('tokenSaliency shades each token by its weight', () => {
    tokenSaliency(el, { tokens: ['the', 'movie', 'was', 'great'], weights: [0, 0.2, 0.1, 0.4] });
    expect([...el.querySelectorAll('g.al-token text')].map((t) => t.textContent)).toEqual(['the', 'movie', 'was', 'great']);
    const fills = [...el.querySelectorAll('g.al-token rect')].map((r) => r.getAttribute('fill'));
    // t = weight / 0.4 on interpolateOranges(0.05 + 0.85 t).
    expect(fills).toEqual([0, 0.5, 0.25, 1].map((t) => interpolateOranges(0.05 + 0.85 * t)));
    mouse(el.querySelector('g.al-token[data-index="1"] rect')!, 'mouseover');
    expect(el.querySelector('.al-tooltip text')!.textContent).toBe('movie: 0.2');
  });

  test('tokenSaliency uses a diverging scale for signed weights and wraps long text', () => {
    tokenSaliency(el, { tokens: Array.from({ length: 30 }, (_, i) => `w${i}`), weights: Array.from({ length: 30 }, (_, i) => (i % 2 ? 1 : -1)) }, { width: 200 });
    expect(el.querySelector('g.al-token[data-index="0"] rect')!.getAttribute('fill')).toBe(interpolateRdBu(1));
    expect(el.querySelector('g.al-token[data-index="1"] rect')!.getAttribute('fill')).toBe(interpolateRdBu(0));
    const ys = new Set([...el.querySelectorAll('g.al-token')].map((g) => /,([\d.]+)\)/.exec(g.getAttribute('transform')!)![1]));
    expect(ys.size).toBeGreaterThan(1);
  });

  test('tokenSaliency sets tokens as text and rejects a length mismatch', () => {
    tokenSaliency(el, { tokens: ['<img src=x onerror=alert(1)>'], weights: [1] });
    expect(el.querySelector('img')).toBeNull();
    expect(() => tokenSaliency(el, { tokens: ['a', 'b'], weights: [1] })).toThrow("tokenSaliency: argument 'data.weights' expected [seqLen=2] numbers, got [1]");
  });
});
