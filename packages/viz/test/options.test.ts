// Options every chart refuses at the call, each with a VizError naming the
// function, the option and what was given, before anything is drawn:
// negative or NaN sizes, NaN or reversed domains, unknown colour schemes and
// colours that are not plain CSS colours. Sizes past the documented limits
// are in limits.test.ts.
import { afterEach, describe, expect, test } from 'vitest';
import {
  attentionHeatmap,
  attentionSteps,
  headView,
  imageAttentionOverlay,
  lineChart,
  modelView,
  neuronView,
  positionalEncodingChart,
  softmaxScalingChart,
  tokenSaliency,
} from '../src/index.js';
import { container } from './dom.js';
import { expectRefusedIn } from './expect-refused.js';

afterEach(() => document.body.replaceChildren());

const expectRefused = expectRefusedIn(container);

const M = [[0.5, 0.5], [0.2, 0.8]];
const GRID = { data: [0.5, 0.5, 0.2, 0.8], shape: [1, 1, 2, 2] as const };

describe('options', () => {
  test('attentionHeatmap refuses a negative cellSize, a NaN or reversed domain, an unknown colour scheme and a NaN duration', () => {
    expectRefused((el) => attentionHeatmap(el, { values: M }, { cellSize: -4 }), 'attentionHeatmap', 'options.cellSize', 'number -4');
    expectRefused((el) => attentionHeatmap(el, { values: M }, { domain: [0, Number.NaN] }), 'attentionHeatmap', 'options.domain', '[0, NaN]');
    expectRefused((el) => attentionHeatmap(el, { values: M }, { domain: [1, 0] }), 'attentionHeatmap', 'options.domain', '[1, 0]');
    expectRefused((el) => attentionHeatmap(el, { values: M }, { colorScheme: 'rainbow' as never }), 'attentionHeatmap', 'options.colorScheme', '"rainbow"');
    expectRefused((el) => attentionHeatmap(el, { values: M }, { duration: Number.NaN }), 'attentionHeatmap', 'options.duration', 'number NaN');
    expect(() => attentionHeatmap(container(), { values: M }, null as never)).toThrow(new TypeError("attentionHeatmap: argument 'options' must be an object, got null"));
  });

  test('tokenSaliency refuses a NaN font size; imageAttentionOverlay a url(...) colour and an opacity above 1', () => {
    expectRefused((el) => tokenSaliency(el, { tokens: ['a'], weights: [1] }, { fontSize: Number.NaN }), 'tokenSaliency', 'options.fontSize', 'number NaN');
    const image = { image: [[0, 1], [1, 0]], attention: [[0.5, 0.5], [0.5, 0.5]] };
    expectRefused((el) => imageAttentionOverlay(el, image, { color: 'url(https://example.com/x.svg#p)' }), 'imageAttentionOverlay', 'options.color', '"url(https://example.com/x.svg#p)"');
    expectRefused((el) => imageAttentionOverlay(el, image, { color: 'red" onload="x' }), 'imageAttentionOverlay', 'options.color', '"red\\" onload=\\"x"');
    expectRefused((el) => imageAttentionOverlay(el, image, { maxOpacity: 2 }), 'imageAttentionOverlay', 'options.maxOpacity', 'number 2');
    for (const color of ['#f80', '#ff8800', 'rgb(255, 128, 0)', 'hsl(30 100% 50% / 0.5)', 'darkorange']) {
      expect(() => imageAttentionOverlay(container(), image, { color })).not.toThrow();
    }
  });

  test('neuronView, lineChart, headView, modelView, attentionSteps, positionalEncodingChart and softmaxScalingChart refuse sizes and domains out of range', () => {
    expectRefused((el) => neuronView(el, { query: [1, 0], keys: [[1, 0]] }, { cellSize: 0 }), 'neuronView', 'options.cellSize', 'number 0');
    expectRefused((el) => neuronView(el, { query: [1, 0], keys: [[1, 0]] }, { productDomain: [Number.NaN, 1] }), 'neuronView', 'options.productDomain', '[NaN, 1]');
    expectRefused((el) => lineChart(el, { series: [] }, { width: -1 }), 'lineChart', 'options.width', 'number -1');
    expectRefused((el) => lineChart(el, { series: [] }, { yDomain: [Number.NaN, 1] }), 'lineChart', 'options.yDomain', '[NaN, 1]');
    expectRefused((el) => headView(el, { attention: GRID }, { rowHeight: -20 }), 'headView', 'options.rowHeight', 'number -20');
    expectRefused((el) => modelView(el, { attention: GRID }, { normalize: 'layer' as never }), 'modelView', 'options.normalize', '"layer"');
    expectRefused((el) => attentionSteps(el, { q: M, k: M, v: M }, { cellWidth: Number.POSITIVE_INFINITY }), 'attentionSteps', 'options.cellWidth', 'number Infinity');
    expectRefused((el) => positionalEncodingChart(el, { encoding: M }, { heatmapHeight: -1 }), 'positionalEncodingChart', 'options.heatmapHeight', 'number -1');
    expectRefused((el) => softmaxScalingChart(el, {}, { height: Number.NaN }), 'softmaxScalingChart', 'options.height', 'number NaN');
  });
});
