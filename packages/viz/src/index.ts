// The public surface of @attention-lab/viz (browser and Node, no linkedom).
// Every export is named here; test/exports.test.ts pins the sorted list.
// The Node renderers live in ./node/index.ts (`@attention-lab/viz/node`).
export {
  attentionHeatmap,
  type AttentionHeatmapData,
  type AttentionHeatmapHandle,
  type AttentionHeatmapOptions,
  type HeatmapCell,
} from './attention-heatmap.js';
export { type FrameOptions, type VizHandle } from './chart-frame.js';
export { type ColorScheme } from './color-scale.js';
export { type MotionOptions } from './motion.js';
export { type AttentionGrid, type Matrix, type MatrixInput, type Shaped } from './shaped.js';
export { type PngOptions } from './svg-to-png.js';
export { VizError } from './viz-error.js';
