/**
 * Node renderers: draw a chart into a linkedom document and return its SVG
 * markup, so the CLI (or any script) can write the same picture the browser
 * shows to a file. Only this entry (`@attention-lab/viz/node`) imports
 * linkedom; browser bundles of `@attention-lab/viz` never see it.
 */
import { parseHTML } from 'linkedom';
import { attentionHeatmap, type AttentionHeatmapData, type AttentionHeatmapOptions } from '../attention-heatmap.js';
import { attentionSteps, type AttentionStepsData, type AttentionStepsOptions } from '../attention-steps.js';
import type { VizHandle } from '../viz-handle.js';
import { headView, type HeadViewData, type HeadViewOptions } from '../head-view.js';
import { imageAttentionOverlay, type ImageAttentionOverlayData, type ImageAttentionOverlayOptions } from '../image-attention-overlay.js';
import { lineChart, type LineChartData, type LineChartOptions } from '../line-chart.js';
import { modelView, type ModelViewData, type ModelViewOptions } from '../model-view.js';
import type { MotionOptions } from '../motion.js';
import { positionalEncodingChart, type PositionalEncodingChartOptions, type PositionalEncodingData } from '../positional-encoding-chart.js';
import { softmaxScalingChart, type SoftmaxScalingChartOptions, type SoftmaxScalingData } from '../softmax-scaling-chart.js';
import { tokenSaliency, type TokenSaliencyData, type TokenSaliencyOptions } from '../token-saliency.js';

/** Any chart function of `@attention-lab/viz`. */
export type ChartFunction<D, O> = (container: Element, data: D, options?: O) => VizHandle<D>;

/**
 * Draws any chart of `@attention-lab/viz` in a fresh linkedom document, with
 * animation off, and returns its standalone SVG markup.
 *
 * @param chart - The chart function, e.g. `attentionHeatmap`.
 * @param data - The chart's data.
 * @param options - The chart's options (`animate` is forced off).
 * @returns The SVG markup, starting with `<svg xmlns="http://www.w3.org/2000/svg"`.
 * @example
 * import { writeFileSync } from 'node:fs';
 * import { tokenSaliency } from '@attention-lab/viz';
 * import { renderToSvg } from '@attention-lab/viz/node';
 * writeFileSync('saliency.svg', renderToSvg(tokenSaliency, { tokens: ['a', 'b'], weights: [0.3, 0.7] }));
 */
export function renderToSvg<D, O extends MotionOptions>(chart: ChartFunction<D, O>, data: D, options?: O): string {
  const { document } = parseHTML('<!doctype html><html><head></head><body><div id="chart"></div></body></html>');
  const container = document.getElementById('chart') as unknown as Element;
  const handle = chart(container, data, { ...options, animate: false } as O);
  try {
    return handle.toSVG();
  } finally {
    handle.destroy();
  }
}

/**
 * {@link attentionHeatmap} as an SVG string, in Node.
 *
 * @param data - `{ values [seqLenQ, seqLenK], queryTokens?, keyTokens?, mask? }`.
 * @param options - As for `attentionHeatmap`.
 * @returns The SVG markup.
 * @example
 * writeFileSync('weights.svg', renderAttentionHeatmapToSvg({ values: [[0.9, 0.1], [0.3, 0.7]], queryTokens: ['a', 'b'] }));
 */
export function renderAttentionHeatmapToSvg(data: AttentionHeatmapData, options?: AttentionHeatmapOptions): string {
  return renderToSvg(attentionHeatmap, data, options);
}

/**
 * {@link headView} as an SVG string, in Node.
 *
 * @param data - `{ attention [layers, heads, seqLenQ, seqLenK], queryTokens?, keyTokens? }`.
 * @param options - As for `headView` (`layer`, `heads` pick what is drawn).
 * @returns The SVG markup.
 * @example
 * writeFileSync('heads.svg', renderHeadViewToSvg({ attention: { data, shape: [2, 4, 6, 6] }, queryTokens: tokens }, { layer: 1 }));
 */
export function renderHeadViewToSvg(data: HeadViewData, options?: HeadViewOptions): string {
  return renderToSvg(headView, data, options);
}

/**
 * {@link modelView} as an SVG string (the grid of thumbnails), in Node.
 *
 * @param data - `{ attention [layers, heads, seqLenQ, seqLenK], queryTokens?, keyTokens? }`.
 * @param options - As for `modelView`.
 * @returns The SVG markup.
 * @example
 * writeFileSync('model.svg', renderModelViewToSvg({ attention: { data, shape: [12, 12, 16, 16] } }));
 */
export function renderModelViewToSvg(data: ModelViewData, options?: ModelViewOptions): string {
  return renderToSvg(modelView, data, options);
}

/**
 * {@link attentionSteps} as an SVG string, in Node.
 *
 * @param data - `{ q [seqLenQ, dHead], k [seqLenK, dHead], v [seqLenK, dValue], mask?, causal? }`.
 * @param options - As for `attentionSteps`.
 * @returns The SVG markup.
 * @example
 * writeFileSync('steps.svg', renderAttentionStepsToSvg({ q: [[0.3, 0.6]], k: [[0.8, 1], [1.6, 2]], v: [[1], [2]] }));
 */
export function renderAttentionStepsToSvg(data: AttentionStepsData, options?: AttentionStepsOptions): string {
  return renderToSvg(attentionSteps, data, options);
}

/**
 * {@link positionalEncodingChart} as an SVG string, in Node.
 *
 * @param data - `{ encoding [seqLen, dModel] }` or `{ seqLen, dModel, base? }`.
 * @param options - As for `positionalEncodingChart`.
 * @returns The SVG markup.
 * @example
 * writeFileSync('pe.svg', renderPositionalEncodingChartToSvg({ seqLen: 50, dModel: 64 }));
 */
export function renderPositionalEncodingChartToSvg(data: PositionalEncodingData, options?: PositionalEncodingChartOptions): string {
  return renderToSvg(positionalEncodingChart, data, options);
}

/**
 * {@link softmaxScalingChart} as an SVG string, in Node.
 *
 * @param data - `{ dims?, seqLenK?, samples?, seed? }`.
 * @param options - As for `softmaxScalingChart`.
 * @returns The SVG markup.
 * @example
 * writeFileSync('scaling.svg', renderSoftmaxScalingChartToSvg({ seqLenK: 16 }));
 */
export function renderSoftmaxScalingChartToSvg(data: SoftmaxScalingData = {}, options?: SoftmaxScalingChartOptions): string {
  return renderToSvg(softmaxScalingChart, data, options);
}

/**
 * {@link lineChart} as an SVG string, in Node.
 *
 * @param data - `{ series: [{ name, x, y }] }`.
 * @param options - As for `lineChart`.
 * @returns The SVG markup.
 * @example
 * writeFileSync('loss.svg', renderLineChartToSvg({ series: [{ name: 'loss', x: steps, y: losses }] }, { xLabel: 'step' }));
 */
export function renderLineChartToSvg(data: LineChartData, options?: LineChartOptions): string {
  return renderToSvg(lineChart, data, options);
}

/**
 * {@link imageAttentionOverlay} as an SVG string, in Node.
 *
 * @param data - `{ image [height, width], attention [patchRows, patchCols] | [patchRows] }`.
 * @param options - As for `imageAttentionOverlay`.
 * @returns The SVG markup.
 * @example
 * writeFileSync('digit.svg', renderImageAttentionOverlayToSvg({ image: { data: pixels, shape: [28, 28] }, attention: { data: w, shape: [7, 7] } }));
 */
export function renderImageAttentionOverlayToSvg(data: ImageAttentionOverlayData, options?: ImageAttentionOverlayOptions): string {
  return renderToSvg(imageAttentionOverlay, data, options);
}

/**
 * {@link tokenSaliency} as an SVG string, in Node.
 *
 * @param data - `{ tokens [seqLen], weights [seqLen] }`.
 * @param options - As for `tokenSaliency`.
 * @returns The SVG markup.
 * @example
 * writeFileSync('saliency.svg', renderTokenSaliencyToSvg({ tokens: ['a', 'good', 'film'], weights: [0.1, 0.7, 0.2] }));
 */
export function renderTokenSaliencyToSvg(data: TokenSaliencyData, options?: TokenSaliencyOptions): string {
  return renderToSvg(tokenSaliency, data, options);
}
