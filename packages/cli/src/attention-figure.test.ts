import { renderAttentionHeatmapToSvg } from '@attention-lab/viz/node';
import { DOMParser } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { attentionFigure, attentionGrid } from './attention-figure.js';
import { CliError } from './cli-error.js';

const parse = (svg: string) => new DOMParser().parseFromString(svg, 'image/svg+xml');
const texts = (svg: string) => [...parse(svg).querySelectorAll('text')].map((t) => t.textContent);

describe('attentionFigure', () => {
  it('attentionFigure heatmap of a pooling map [1, 3] labels one pooled query and the three tokens', () => {
    const { svg, layers } = attentionFigure({ attention: { shape: [1, 3], values: new Float32Array([0.2, 0.5, 0.3]) } }, ['a', 'b', 'c']);
    expect(layers).toEqual(['attention']);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    for (const t of ['pooled', 'a', 'b', 'c']) expect(texts(svg)).toContain(t);
  });

  it('attentionFigure heatmap averages heads: two heads [1, 2, 2, 2] give the mean matrix', () => {
    // head 0 = [[1, 0], [0, 1]], head 1 = [[0, 1], [0.5, 0.5]] → mean [[0.5, 0.5], [0.25, 0.75]]
    const values = new Float32Array([1, 0, 0, 1, 0, 1, 0.5, 0.5]);
    const { svg } = attentionFigure({ mha: { shape: [1, 2, 2, 2], values } }, ['x', 'y']);
    const expected = renderAttentionHeatmapToSvg({ values: [[0.5, 0.5], [0.25, 0.75]], queryTokens: ['x', 'y'], keyTokens: ['x', 'y'] });
    const withoutIds = (markup: string) => markup.replace(/al-heatmap-\d+/g, 'al-heatmap');
    expect(withoutIds(svg)).toBe(withoutIds(expected));
  });

  it('attentionFigure head and model views stack maps of one shape as layers', () => {
    const one = { shape: [1, 2, 2, 2], values: new Float32Array([1, 0, 0, 1, 0, 1, 0.5, 0.5]) };
    const head = attentionFigure({ 'block_1/self': one, 'block_2/self': one, pool: { shape: [1, 2], values: new Float32Array([0.5, 0.5]) } }, ['x', 'y'], 'head');
    expect(head.layers).toEqual(['block_1/self', 'block_2/self']);
    expect(parse(head.svg).documentElement.tagName.toLowerCase()).toBe('svg');
    const model = attentionFigure({ 'block_1/self': one, 'block_2/self': one }, ['x', 'y'], 'model');
    expect(model.layers).toHaveLength(2);
    expect(parse(model.svg).documentElement.tagName.toLowerCase()).toBe('svg');
  });

  it('attentionFigure heatmap of a one-query map [1, 1, 1, 3] (key recall) is one row over the tokens, labelled by queryTokens', () => {
    const map = { shape: [1, 1, 1, 3], values: new Float32Array([0.2, 0.5, 0.3]) };
    const { svg } = attentionFigure({ attention: map }, ['a', 'b', 'c'], 'heatmap', ['c?']);
    const expected = renderAttentionHeatmapToSvg({ values: [[0.2, 0.5, 0.3]], queryTokens: ['c?'], keyTokens: ['a', 'b', 'c'] });
    const withoutIds = (markup: string) => markup.replace(/al-heatmap-\d+/g, 'al-heatmap');
    expect(withoutIds(svg)).toBe(withoutIds(expected));
    expect(attentionFigure({ attention: map }, ['a', 'b', 'c'], 'head', ['c?']).layers).toEqual(['attention']);
  });

  it('attentionFigure with no maps is a CliError', () => {
    expect(() => attentionFigure({}, ['a'])).toThrow(CliError);
  });
});

describe('attentionGrid', () => {
  it('attentionGrid reads ranks 2, 3 and 4 as [heads, seqLenQ, seqLenK] of the first batch item', () => {
    const values = new Float32Array(16).map((_, i) => i);
    expect(attentionGrid('pool', { shape: [2, 3], values })).toMatchObject({ heads: 1, seqLenQ: 1, seqLenK: 3, data: new Float32Array([0, 1, 2]) });
    expect(attentionGrid('one', { shape: [2, 2, 3], values })).toMatchObject({ heads: 1, seqLenQ: 2, seqLenK: 3, data: new Float32Array([0, 1, 2, 3, 4, 5]) });
    expect(attentionGrid('mha', { shape: [2, 2, 1, 3], values })).toMatchObject({ name: 'mha', heads: 2, seqLenQ: 1, seqLenK: 3, data: new Float32Array([0, 1, 2, 3, 4, 5]) });
  });

  it('attentionGrid squeezes leading dimensions of size 1: [1, 1, 1, 2, 2, 2] is two heads of 2 × 2', () => {
    const values = new Float32Array([1, 0, 0, 1, 0, 1, 0.5, 0.5]);
    expect(attentionGrid('deep', { shape: [1, 1, 1, 2, 2, 2], values })).toMatchObject({ heads: 2, seqLenQ: 2, seqLenK: 2, data: values });
  });

  it('attentionGrid rejects a rank-1 map, a leading dimension above 1, a size 0 and too few values with a CliError naming the map and its shape', () => {
    expect(() => attentionGrid('flat', { shape: [3], values: new Float32Array(3) })).toThrow(/attention map 'flat' has shape \[3\], which no view draws/);
    expect(() => attentionGrid('layers', { shape: [1, 2, 2, 2, 2], values: new Float32Array(16) })).toThrow(CliError);
    expect(() => attentionGrid('layers', { shape: [1, 2, 2, 2, 2], values: new Float32Array(16) })).toThrow(/'layers' has shape \[1, 2, 2, 2, 2\].*only leading dimensions of size 1/);
    expect(() => attentionGrid('empty', { shape: [1, 0], values: new Float32Array(0) })).toThrow(/'empty' has shape \[1, 0\]/);
    expect(() => attentionGrid('short', { shape: [1, 4], values: new Float32Array(3) })).toThrow(/holds 3 values, fewer than one batch item \(4\)/);
  });
});
