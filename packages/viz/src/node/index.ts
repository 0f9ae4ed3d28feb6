// The public surface of @attention-lab/viz/node: every chart as a function
// returning SVG markup, drawn with linkedom. Every export is named here;
// test/exports.test.ts pins the sorted list.
export {
  renderAttentionHeatmapToSvg,
  renderAttentionStepsToSvg,
  renderHeadViewToSvg,
  renderImageAttentionOverlayToSvg,
  renderLineChartToSvg,
  renderModelViewToSvg,
  renderPositionalEncodingChartToSvg,
  renderSoftmaxScalingChartToSvg,
  renderToSvg,
  renderTokenSaliencyToSvg,
  type ChartFunction,
} from './render-to-svg.js';
