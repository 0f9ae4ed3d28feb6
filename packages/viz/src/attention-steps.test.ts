import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { container, mouse, setReducedMotion } from '../test/dom.js';
import { attentionSteps } from './attention-steps.js';

// The article's worked example: one query, three keys, dHead = 2.
const example = {
  q: [[0.3, 0.6]],
  k: [[0.8, 1.0], [1.6, 2.0], [0.4, 0.5]],
  v: [[1.2, 1.4], [2.4, 2.8], [0.6, 0.7]],
};

let el: HTMLDivElement;
beforeEach(() => {
  setReducedMotion(true);
  el = container();
});
afterEach(() => el.remove());

const texts = (step: string): string[] => [...el.querySelectorAll(`g.al-step[data-step="${step}"] g.al-step-cell text`)].map((t) => t.textContent ?? '');
const cell = (step: string, row: number, col: number): Element =>
  el.querySelector(`g.al-step[data-step="${step}"] g.al-step-cell[data-row="${row}"][data-col="${col}"]`)!;

describe('attentionSteps', () => {
  test('attentionSteps lays out Q, Kᵀ, QKᵀ, ÷√d, mask, softmax, V and ×V with their numbers', () => {
    attentionSteps(el, example);
    expect([...el.querySelectorAll('.al-step-title')].map((t) => t.textContent)).toEqual(['Q', 'Kᵀ', 'QKᵀ', '÷√2', 'mask', 'softmax', 'V', '×V']);
    expect(texts('q')).toEqual(['0.30', '0.60']);
    expect(texts('kT')).toEqual(['0.80', '1.60', '0.40', '1.00', '2.00', '0.50']);
    // Worked by hand: 0.84, 1.68, 0.42; divided by √2: 0.594, 1.188, 0.297.
    expect(texts('scores')).toEqual(['0.84', '1.68', '0.42']);
    expect(texts('scaled')).toEqual(['0.59', '1.19', '0.30']);
    expect(texts('weights')).toEqual(['0.28', '0.51', '0.21']);
    expect(texts('output')).toEqual(['1.69', '1.97']);
  });

  test('attentionSteps shows masked scores as −∞ and their weights as 0', () => {
    attentionSteps(el, { q: [[1], [1]], k: [[1], [1]], v: [[1], [3]], causal: true });
    expect(texts('masked')).toEqual(['1.00', '−∞', '1.00', '1.00']);
    expect(texts('weights')).toEqual(['1.00', '0.00', '0.50', '0.50']);
    expect(texts('output')).toEqual(['1.00', '2.00']);
  });

  test('attentionSteps hovering an output cell highlights every cell that produced it', () => {
    const onCellHover = vi.fn();
    attentionSteps(el, example, { onCellHover });
    mouse(cell('output', 0, 1).querySelector('rect')!, 'mouseover');
    expect(el.querySelectorAll('.al-target')).toHaveLength(1);
    expect(cell('output', 0, 1).getAttribute('class')).toContain('al-target');
    // Q row (2) + all of Kᵀ (6) + one row of QKᵀ, ÷√d, mask and softmax (3 each) + V column 1 (3).
    expect(el.querySelectorAll('.al-source')).toHaveLength(2 + 6 + 4 * 3 + 3);
    const sourceRows = [...el.querySelectorAll('g.al-step[data-step="v"] .al-source')].map((c) => [c.getAttribute('data-row'), c.getAttribute('data-col')]);
    expect(sourceRows).toEqual([['0', '1'], ['1', '1'], ['2', '1']]);
    expect(onCellHover).toHaveBeenCalledWith({ step: 'output', row: 0, col: 1, value: expect.closeTo(1.9671, 3) });
    mouse(el.querySelector('.al-steps')!, 'mouseleave');
    expect(el.querySelectorAll('.al-source, .al-target')).toHaveLength(0);
  });

  test('attentionSteps highlight of a score marks its query row and key column', () => {
    const h = attentionSteps(el, example);
    h.highlight({ step: 'scores', row: 0, col: 2 });
    const marked = [...el.querySelectorAll('.al-source')].map((c) => `${(c.parentNode!.parentNode as Element).getAttribute('data-step')}:${c.getAttribute('data-row')},${c.getAttribute('data-col')}`);
    expect(marked).toEqual(['q:0,0', 'q:0,1', 'kT:0,2', 'kT:1,2']);
    expect(() => h.highlight({ step: 'output', row: 1, col: 0 })).toThrow('attentionSteps: highlight');
  });

  test('attentionSteps update rewrites the numbers in place', async () => {
    const h = attentionSteps(el, example);
    const before = cell('scores', 0, 0);
    await h.update({ ...example, q: [[1, 0]] });
    expect(cell('scores', 0, 0)).toBe(before);
    expect(texts('scores')).toEqual(['0.80', '1.60', '0.40']);
  });

  test('attentionSteps rejects mismatched shapes naming the argument', () => {
    expect(() => attentionSteps(el, { ...example, k: [[1, 2, 3]] })).toThrow("attentionSteps: argument 'data.k' expected shape [seqLenK, dHead=2], got shape [1, 3]");
    expect(() => attentionSteps(el, { ...example, v: [[1]] })).toThrow("attentionSteps: argument 'data.v' expected shape [seqLenK=3, dValue], got shape [1, 1]");
    expect(() => attentionSteps(el, { ...example, mask: [[1, 1]] })).toThrow("attentionSteps: argument 'data.mask' expected shape [seqLenQ=1, seqLenK=3], got shape [1, 2]");
  });
});
