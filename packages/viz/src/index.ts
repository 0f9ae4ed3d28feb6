// The public surface of @attention-lab/viz, for browsers and Node alike (no
// linkedom here). Every export is named; test/exports.test.ts pins the sorted
// list. The Node SVG renderers live in ./node/index.ts (`@attention-lab/viz/node`).
export {
  attentionHeatmap,
  type AttentionHeatmapData,
  type AttentionHeatmapHandle,
  type AttentionHeatmapOptions,
  type HeatmapCell,
} from './attention-heatmap.js';
export {
  attentionSteps,
  type AttentionStepsData,
  type AttentionStepsHandle,
  type AttentionStepsOptions,
  type StepCell,
} from './attention-steps.js';
export { type FrameOptions, type VizHandle } from './viz-handle.js';
export { type ColorScheme } from './color-scale.js';
export { type StepName } from './compute-attention-steps.js';
export { headView, type HeadViewData, type HeadViewHandle, type HeadViewOptions, type TokenFocus } from './head-view.js';
export { imageAttentionOverlay, type ImageAttentionOverlayData, type ImageAttentionOverlayOptions } from './image-attention-overlay.js';
export { lineChart, type LineChartData, type LineChartHandle, type LineChartOptions, type LineSeries } from './line-chart.js';
export { modelView, type HeadSelection, type ModelViewData, type ModelViewHandle, type ModelViewOptions } from './model-view.js';
export { type MotionOptions } from './motion.js';
export { neuronView, type NeuronRow, type NeuronViewData, type NeuronViewHandle, type NeuronViewOptions } from './neuron-view.js';
export {
  positionalEncodingChart,
  type PositionalEncodingChartOptions,
  type PositionalEncodingData,
} from './positional-encoding-chart.js';
export {
  probabilityBars,
  type ProbabilityBar,
  type ProbabilityBarsData,
  type ProbabilityBarsHandle,
  type ProbabilityBarsOptions,
} from './probability-bars.js';
export { type AttentionGrid, type Matrix, type MatrixInput, type Shaped } from './shaped.js';
export { softmaxScalingChart, type SoftmaxScalingChartOptions, type SoftmaxScalingData } from './softmax-scaling-chart.js';
export { type PngOptions } from './svg-to-png.js';
export { tokenSaliency, type TokenSaliencyData, type TokenSaliencyOptions } from './token-saliency.js';
export { VizError } from './viz-error.js';
export { VIZ_TEXT, type VizText } from './viz-text.js';
