// SVG snapshots of every chart from seeded data with rounded numbers. Each
// picture is drawn twice, by the Node renderer (linkedom) and in happy-dom,
// and both must give the same markup; the Node one is the checked-in file
// under test/__snapshots__/ (open it in a browser to look at it).
import { describe, expect, test } from 'vitest';
import {
  attentionHeatmap,
  attentionSteps,
  headView,
  imageAttentionOverlay,
  lineChart,
  modelView,
  positionalEncodingChart,
  softmaxScalingChart,
  tokenSaliency,
  type VizHandle,
} from '../src/index.js';
import { renderToSvg, type ChartFunction } from '../src/node/index.js';
import { SeededRandom } from './seeded-random.js';

const rng = new SeededRandom(20240601);
const words = ['The', 'animal', "didn't", 'cross', 'the', 'street'];
const causal = words.map((_, i) => words.map((_, j) => (j <= i ? 1 : 0)));

/** Draws in a fresh happy-dom document (so ids start at 1, as in Node) and returns toSVG(). */
function drawInHappyDom<D, O>(chart: ChartFunction<D, O>, data: D, options?: O): string {
  const doc = document.implementation.createHTMLDocument('snapshot');
  const el = doc.createElement('div');
  doc.body.appendChild(el);
  const h = (chart as unknown as (c: Element, d: D, o?: O) => VizHandle<D>)(el, data, { ...options, animate: false } as O);
  const svg = h.toSVG();
  h.destroy();
  return svg;
}

const cases: [string, () => string[]][] = [
  [
    'attention-heatmap',
    () => {
      const data = { values: { data: rng.weights(6, 6, 2), shape: [6, 6] as const }, queryTokens: words, keyTokens: words, mask: causal };
      return [renderToSvg(attentionHeatmap, data, { showValues: true }), drawInHappyDom(attentionHeatmap, data, { showValues: true })];
    },
  ],
  [
    'attention-heatmap-diverging',
    () => {
      const data = { values: { data: rng.array(20, -3, 3, 2), shape: [4, 5] as const } };
      return [renderToSvg(attentionHeatmap, data, { cellSize: 20 }), drawInHappyDom(attentionHeatmap, data, { cellSize: 20 })];
    },
  ],
  [
    'head-view',
    () => {
      const data = { attention: { data: rng.weights(2 * 3 * 5, 5, 2), shape: [2, 3, 5, 5] as const }, queryTokens: words.slice(0, 5) };
      return [renderToSvg(headView, data, { layer: 1 }), drawInHappyDom(headView, data, { layer: 1 })];
    },
  ],
  [
    'model-view',
    () => {
      const data = { attention: { data: rng.weights(3 * 4 * 6, 6, 2), shape: [3, 4, 6, 6] as const } };
      return [renderToSvg(modelView, data, { thumbnailSize: 36 }), drawInHappyDom(modelView, data, { thumbnailSize: 36 })];
    },
  ],
  [
    'attention-steps',
    () => {
      const m = (r: number, c: number): number[][] => Array.from({ length: r }, () => Array.from(rng.array(c, -1, 1, 2)));
      const data = { q: m(3, 4), k: m(3, 4), v: m(3, 2), causal: true, queryTokens: words.slice(0, 3) };
      return [renderToSvg(attentionSteps, data), drawInHappyDom(attentionSteps, data)];
    },
  ],
  [
    'positional-encoding-chart',
    () => [renderToSvg(positionalEncodingChart, { seqLen: 16, dModel: 16 }), drawInHappyDom(positionalEncodingChart, { seqLen: 16, dModel: 16 })],
  ],
  [
    'softmax-scaling-chart',
    () => {
      const data = { dims: [1, 4, 16, 64, 256], samples: 40, seed: 3 };
      return [renderToSvg(softmaxScalingChart, data), drawInHappyDom(softmaxScalingChart, data)];
    },
  ],
  [
    'line-chart',
    () => {
      const steps = Array.from({ length: 20 }, (_, i) => i * 10);
      const data = {
        series: [
          { name: 'train loss', x: steps, y: steps.map((s) => Math.round((2.3 * Math.exp(-s / 60) + 0.1) * 1000) / 1000) },
          { name: 'val loss', x: steps, y: steps.map((s) => Math.round((2.3 * Math.exp(-s / 80) + 0.2) * 1000) / 1000) },
        ],
      };
      const options = { xLabel: 'step', yLabel: 'loss' };
      return [renderToSvg(lineChart, data, options), drawInHappyDom(lineChart, data, options)];
    },
  ],
  [
    'image-attention-overlay',
    () => {
      const data = { image: { data: rng.array(64, 0, 255, 0), shape: [8, 8] as const }, attention: { data: rng.weights(1, 4, 2), shape: [2, 2] as const } };
      return [renderToSvg(imageAttentionOverlay, data, { pixelSize: 6 }), drawInHappyDom(imageAttentionOverlay, data, { pixelSize: 6 })];
    },
  ],
  [
    'token-saliency',
    () => {
      const data = { tokens: ['the', 'film', 'was', 'not', 'good', 'at', 'all'], weights: rng.array(7, -1, 1, 2) };
      return [renderToSvg(tokenSaliency, data), drawInHappyDom(tokenSaliency, data)];
    },
  ],
];

describe('SVG snapshots', () => {
  test.each(cases)('%s draws the same SVG in Node (linkedom) and happy-dom, matching its snapshot', async (name, draw) => {
    const [node, dom] = draw();
    expect(dom).toBe(node);
    await expect(node).toMatchFileSnapshot(`__snapshots__/${name}.svg`);
  });
});
