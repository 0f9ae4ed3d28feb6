import { renderAttentionHeatmapToSvg } from '@attention-lab/viz/node';
import { DOMParser } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { attentionFigure } from './attention-figure.js';
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

  it('attentionFigure with no maps or a rank-5 map is a CliError', () => {
    expect(() => attentionFigure({}, ['a'])).toThrow(CliError);
    expect(() => attentionFigure({ odd: { shape: [1, 1, 1, 1, 1], values: new Float32Array(1) } }, ['a'])).toThrow(/shape \[1, 1, 1, 1, 1\]/);
  });
});
