import { schemeTableau10 } from 'd3-scale-chromatic';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { container, key, mouse, setReducedMotion } from '../test/dom.js';
import { SeededRandom } from '../test/seeded-random.js';
import { renderToSvg } from './node/index.js';
import { percent, probabilityBars, visibleToken, type ProbabilityBarsData, type ProbabilityBarsOptions } from './probability-bars.js';
import { VizError } from './viz-error.js';

let el: HTMLDivElement;
beforeEach(() => {
  setReducedMotion(true);
  el = container();
});
afterEach(() => el.remove());

// Unsorted on purpose: the chart sorts descending.
const next: ProbabilityBarsData = {
  labels: [' dog', ' cat', '\n', ' the', 'x'],
  probabilities: [0.2, 0.5, 0.15, 0.1, 0.05],
};

const rows = (root: Element): Element[] => [...root.querySelectorAll('g.al-bar-row')];
const texts = (root: Element, selector: string): string[] => [...root.querySelectorAll(selector)].map((t) => t.textContent ?? '');

describe('visibleToken', () => {
  test('visibleToken shows whitespace and replaces every control character', () => {
    expect(visibleToken(' the\n')).toBe('␣the⏎');
    expect(visibleToken('a\tb\r\u0000\u001b\u007f')).toBe('a⇥b␍␀␛␡');
    expect(visibleToken('\u00a0\u0085\ufffe')).toBe('⍽\ufffd\ufffd');
    // A lone surrogate (e.g. half an emoji cut by truncation) becomes U+FFFD; a whole pair stays.
    expect(visibleToken('😀'.slice(0, 1))).toBe('\ufffd');
    expect(visibleToken('😀x')).toBe('😀x');
    expect(visibleToken('<b>&')).toBe('<b>&');
  });

  test('percent writes one decimal and marks tiny probabilities', () => {
    expect([percent(0), percent(0.0004), percent(0.0005), percent(0.4237), percent(1)]).toEqual(['0%', '<0.1%', '0.1%', '42.4%', '100.0%']);
  });
});

describe('probabilityBars', () => {
  test('probabilityBars sorts descending, keeps the top k and labels each bar with its token and percentage', () => {
    const h = probabilityBars(el, next, { topK: 4 });
    expect(rows(el)).toHaveLength(4);
    expect(texts(el, '.al-bar-label')).toEqual(['␣cat', '␣dog', '⏎', '␣the']);
    expect(texts(el, '.al-bar-value')).toEqual(['50.0%', '20.0%', '15.0%', '10.0%']);
    expect(rows(el).map((r) => r.getAttribute('data-index'))).toEqual(['1', '0', '2', '3']);
    expect(h.bars).toEqual([
      { index: 1, rank: 0, label: ' cat', probability: 0.5, highlighted: false },
      { index: 0, rank: 1, label: ' dog', probability: 0.2, highlighted: false },
      { index: 2, rank: 2, label: '\n', probability: 0.15, highlighted: false },
      { index: 3, rank: 3, label: ' the', probability: 0.1, highlighted: false },
    ]);
    // Bar lengths are proportional to the probability, the largest filling the bar area.
    const widths = rows(el).map((r) => Number(r.querySelector('.al-bar')!.getAttribute('width')));
    expect(widths[1]! / widths[0]!).toBeCloseTo(0.4, 2);
    expect(widths[3]! / widths[0]!).toBeCloseTo(0.2, 2);
    expect(h.svg.getAttribute('aria-label')).toBe('Next-token probabilities: the 4 most probable of 5 tokens');
  });

  test('probabilityBars keeps 10 bars by default and breaks ties in label order', () => {
    const h = probabilityBars(el, { labels: Array.from({ length: 12 }, (_, i) => `t${i}`), probabilities: new Float32Array(12).fill(1 / 12) });
    expect(h.bars.map((b) => b.label)).toEqual(['t0', 't1', 't2', 't3', 't4', 't5', 't6', 't7', 't8', 't9']);
  });

  test('probabilityBars draws the highlighted token in the accent colour, below the top k when it is not among them', () => {
    const h = probabilityBars(el, { ...next, highlight: 0 }, { topK: 3 });
    const fills = rows(el).map((r) => r.querySelector('.al-bar')!.getAttribute('fill'));
    expect(fills).toEqual([schemeTableau10[0], schemeTableau10[2], schemeTableau10[0]]);
    expect(rows(el)[1]!.getAttribute('class')).toContain('al-highlight');
    expect(rows(el)[1]!.querySelector('.al-bar-label')!.getAttribute('font-weight')).toBe('bold');
    expect(el.querySelector('.al-bars-gap')!.getAttribute('visibility')).toBe('hidden');
    // The sampled token 'x' (rank 4) is outside the top 3: it gets a fourth bar after a gap.
    h.update({ ...next, highlight: 4 });
    expect(texts(el, '.al-bar-label')).toEqual(['␣cat', '␣dog', '⏎', 'x']);
    expect(h.bars[3]).toEqual({ index: 4, rank: 4, label: 'x', probability: 0.05, highlighted: true });
    expect(rows(el)[3]!.querySelector('.al-bar')!.getAttribute('fill')).toBe(schemeTableau10[2]);
    expect(el.querySelector('.al-bars-gap')!.getAttribute('visibility')).toBeNull();
    expect(rows(el)[3]!.getAttribute('transform')).toBe('translate(4,90)'); // 4 + 3 × (20 + 4) + a 14 px gap
    expect(rows(el)[3]!.getAttribute('aria-label')).toBe('5. x: 5.0% (highlighted)');
  });

  test('probabilityBars shows the exact probability on hover and keyboard focus', () => {
    probabilityBars(el, { labels: ['a', 'b', 'c'], probabilities: [0.123456789, 0.5, 0.25] });
    const tip = el.querySelector('.al-tooltip')!;
    mouse(rows(el)[2]!.querySelector('.al-bar')!, 'mouseover');
    expect(rows(el)[2]!.getAttribute('class')).toContain('al-active');
    expect(rows(el)[2]!.querySelector('.al-bar-hit')!.getAttribute('stroke')).toBe('#111111');
    expect(tip.getAttribute('visibility')).toBe('visible');
    expect(tip.querySelector('text')!.textContent).toBe('a: 0.123457');
    mouse(el.querySelector('.al-bars')!, 'mouseleave');
    expect(el.querySelectorAll('.al-active')).toHaveLength(0);
    expect(tip.getAttribute('visibility')).toBe('hidden');

    const first = rows(el)[0]!;
    expect(first.getAttribute('tabindex')).toBe('0');
    expect(first.getAttribute('role')).toBe('listitem');
    expect(first.getAttribute('aria-label')).toBe('1. b: 50.0%');
    first.dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
    expect(tip.querySelector('text')!.textContent).toBe('b: 0.5');
    expect(key(first, 'ArrowDown')).toBe(true);
    expect(rows(el)[1]!.getAttribute('class')).toContain('al-active');
    expect(tip.querySelector('text')!.textContent).toBe('c: 0.25');
    expect(key(rows(el)[1]!, 'End')).toBe(true);
    expect(tip.querySelector('text')!.textContent).toBe('a: 0.123457');
    expect(key(rows(el)[2]!, 'Home')).toBe(true);
    expect(rows(el)[0]!.getAttribute('class')).toContain('al-active');
    expect(key(rows(el)[0]!, 'ArrowUp')).toBe(true);
    expect(rows(el)[0]!.getAttribute('class')).toContain('al-active');
    key(rows(el)[0]!, 'Escape');
    expect(el.querySelectorAll('.al-active')).toHaveLength(0);
  });

  test('probabilityBars has a hidden table of the bars', () => {
    probabilityBars(el, { ...next, highlight: 2 }, { topK: 3, title: 'After "the"' });
    expect(el.querySelector('.al-data-table caption')!.textContent).toBe('After "the"');
    const body = [...el.querySelectorAll('.al-data-table tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent));
    expect(body).toEqual([
      ['1', '␣cat', '0.5'],
      ['2', '␣dog', '0.2'],
      ['3', '⏎ (highlighted)', '0.15'],
    ]);
  });

  test('probabilityBars update redraws the same bars with new numbers', async () => {
    const h = probabilityBars(el, next, { topK: 2 });
    const bar = rows(el)[0]!;
    await h.update({ labels: ['p', 'q', 'r'], probabilities: [0.1, 0.3, 0.6] });
    expect(rows(el)[0]).toBe(bar);
    expect(texts(el, '.al-bar-label')).toEqual(['r', 'q']);
    expect(texts(el, '.al-bar-value')).toEqual(['60.0%', '30.0%']);
    await h.update({ labels: ['only'], probabilities: [1] });
    expect(rows(el)).toHaveLength(1);
    h.destroy();
    expect(el.children).toHaveLength(0);
  });

  test('probabilityBars sets labels as text, truncated, with no control character in the SVG', () => {
    const h = probabilityBars(el, { labels: ['<img src=x onerror=alert(1)>', '\u0000\u0007\u001b', 'a\r\nb'], probabilities: [0.5, 0.3, 0.2] });
    expect(el.querySelector('img')).toBeNull();
    expect(texts(el, '.al-bar-label')).toEqual(['<img␣src=x␣oner…', '␀␇␛', 'a␍⏎b']);
    const svg = h.toSVG();
    for (let c = 0; c < 0x20; c++) expect(svg.includes(String.fromCharCode(c)), `U+${c.toString(16)} in the SVG`).toBe(false);
  });

  test('probabilityBars fits a 390 px wide screen', () => {
    const h = probabilityBars(el, next, { width: 390 });
    expect(Number(h.svg.getAttribute('width'))).toBeLessThanOrEqual(390);
    expect(h.svg.getAttribute('viewBox')).toBe(`0 0 ${h.svg.getAttribute('width')} ${h.svg.getAttribute('height')}`);
    expect(h.svg.getAttribute('style')).toBe('max-width:100%;height:auto');
    const right = Math.max(...rows(el).map((r) => Number(r.querySelector('.al-bar-value')!.getAttribute('x')) + 4 + 40));
    expect(right).toBeLessThanOrEqual(390);
  });

  test('probabilityBars rejects bad data with errors naming the function, the argument and the shapes', () => {
    expect(() => probabilityBars(el, { labels: ['a', 'b'], probabilities: [0.5, 1.5] })).toThrow("probabilityBars: argument 'data.probabilities' expected probabilities in [0, 1], got 1.5 at [1]");
    expect(() => probabilityBars(el, { labels: ['a', 'b'], probabilities: [-0.1, 0.5] })).toThrow("probabilityBars: argument 'data.probabilities' expected probabilities in [0, 1], got -0.1 at [0]");
    expect(() => probabilityBars(el, { labels: ['a', 'b'], probabilities: [NaN, 0.5] })).toThrow("probabilityBars: argument 'data.probabilities' expected finite numbers, got NaN at [0]");
    expect(() => probabilityBars(el, { labels: ['a', 'b'], probabilities: [Infinity, 0.5] })).toThrow(VizError);
    expect(() => probabilityBars(el, { labels: ['a'], probabilities: [0.5, 0.5] })).toThrow(
      "probabilityBars: argument 'data.labels' expected 2 labels (one per vocab: the numbers have vocab=2), got 1 labels",
    );
    expect(() => probabilityBars(el, { ...next, highlight: 5 })).toThrow("probabilityBars: argument 'data.highlight' expected an integer in [0, 4], got number 5");
    expect(() => probabilityBars(el, next, { topK: 0 })).toThrow("probabilityBars: argument 'options.topK' expected an integer in [1, 1000000], got number 0");
    expect(() => probabilityBars(el, next, { xMax: 2 })).toThrow("probabilityBars: argument 'options.xMax' expected a probability in (0, 1], got number 2");
    expect(() => probabilityBars(el, { probabilities: [1] } as unknown as ProbabilityBarsData)).toThrow(TypeError);
    expect(() => probabilityBars({} as Element, next)).toThrow("probabilityBars: argument 'container' must be a DOM element");
    expect(el.children).toHaveLength(0);
  });
});

/** Draws in a fresh happy-dom document (ids start at 1, as in Node) and returns toSVG(). */
function drawInHappyDom(data: ProbabilityBarsData, options: ProbabilityBarsOptions): string {
  const doc = document.implementation.createHTMLDocument('snapshot');
  const host = doc.body.appendChild(doc.createElement('div'));
  const h = probabilityBars(host, data, { ...options, animate: false });
  const svg = h.toSVG();
  h.destroy();
  return svg;
}

describe('probabilityBars SVG snapshot', () => {
  test('probabilityBars draws the same SVG in Node (linkedom) and happy-dom, matching its snapshot', async () => {
    const rng = new SeededRandom(20240608);
    const weights = rng.weights(1, 16, 4);
    const labels = [' the', ' a', ',', '.', '\n', ' cat', ' dog', ' of', ' and', ' to', ' in', ' is', ' was', ' it', ' on', '<eos>'];
    const data: ProbabilityBarsData = { labels, probabilities: Array.from(weights, (w) => Math.min(1, w)), highlight: 9 };
    // ' to' (index 9) is 8th: it is drawn after the top 6, below a gap.
    const options: ProbabilityBarsOptions = { topK: 6, title: 'Next token after "The"' };
    const node = renderToSvg(probabilityBars, data, options);
    expect(drawInHappyDom(data, options)).toBe(node);
    await expect(node).toMatchFileSnapshot('../test/__snapshots__/probability-bars.svg');
  });
});
