/**
 * Every text a chart shows a reader (default titles, control labels,
 * accessible names, live-region lines, legend words and the header rows of
 * the hidden data tables), as templates with named `{placeholders}`. A chart
 * takes `options.text` (any of these keys) and falls back to
 * {@link VIZ_TEXT} for the rest. Numbers, token labels and mathematical
 * notation (`q·k`, `softmax`, `Kᵀ`, `L0`/`H0` badges) are not text and stay
 * as they are.
 *
 * @example
 * const text: Partial<VizText> = { heatmapTitle: '注意力热力图：{rows} 个查询 × {cols} 个键' };
 */
export interface VizText {
  // Shared by several charts
  /** A masked score or key, in tables, tooltips and the legend (`attentionHeatmap`, `neuronView`). */
  masked: string;
  /** Table header of the column of query labels with keys across (`attentionHeatmap`, `headView`). */
  tableQueryKey: string;
  /** Table header of a column of query labels (`attentionHeatmap` above `tableCellLimit`). */
  tableQuery: string;
  /** Table header of a column of layer indices (`modelView`). */
  tableLayer: string;
  /** Table header of a column of head indices (`headView`, `modelView`). */
  tableHead: string;
  /** Table header of a column of tokens (`neuronView`, `probabilityBars`, `tokenSaliency`). */
  tableToken: string;
  /** Table header of a column of weights (`modelView`, `tokenSaliency`). */
  tableWeight: string;

  // attentionHeatmap
  /** Default title. Placeholders: `{rows}` (seqLenQ), `{cols}` (seqLenK). */
  heatmapTitle: string;
  /** The heatmap's `aria-roledescription`. */
  heatmapRole: string;
  /** Table header of the `key: value` pairs of a matrix above `tableCellLimit`. */
  heatmapPairs: string;
  /** What the live region reads for the focused cell. Placeholders: `{row}`, `{rows}`, `{col}`, `{cols}` (counted from 1), `{cell}` (`query → key: value`). */
  heatmapLive: string;

  // headView
  /** Default title. Placeholders: `{layer}`, `{seqLenQ}`, `{seqLenK}`, `{heads}` (the heads shown, or `headNone`). */
  headTitle: string;
  /** Stands for `{heads}` in `headTitle` when no head is shown. */
  headNone: string;
  /** Label before the layer menu (its trailing space included). */
  headLayer: string;
  /** Accessible name of a head's swatch. Placeholder: `{head}`. */
  headSwatch: string;
  /** Accessible name of a token of the left column. Placeholder: `{token}`. */
  headQueryToken: string;
  /** Accessible name of a token of the right column. Placeholder: `{token}`. */
  headKeyToken: string;

  // modelView
  /** Default title. Placeholders: `{layers}`, `{heads}`, `{seqLenQ}`, `{seqLenK}`. */
  modelTitle: string;
  /** Accessible name of a thumbnail. Placeholders: `{layer}`, `{head}`. */
  modelOpen: string;
  /** Accessible name of a thumbnail with a badge. Placeholders: `{layer}`, `{head}`, `{label}`. */
  modelOpenLabelled: string;
  /** Heading of an opened head. Placeholders: `{layer}`, `{head}`. */
  modelDetail: string;
  /** Default title of an opened head's heatmap. Placeholders: `{layer}`, `{head}`, `{seqLenQ}`, `{seqLenK}`. */
  modelDetailTitle: string;
  /** The button that closes an opened head. */
  modelClose: string;
  /** Table header of the column of head badges. */
  modelTableLabel: string;
  /** Table header of the column of each head's strongest link. */
  modelTableStrongest: string;

  // neuronView
  /** Default title. Placeholders: `{query}` (its label), `{keys}` (seqLenK), `{dHead}`, `{scale}`. */
  neuronTitle: string;
  /** The query's label when `data.queryToken` is not given. */
  neuronQuery: string;
  /** Accessible name of the query's cells. Placeholders: `{token}`, `{values}`. */
  neuronQueryLabel: string;
  /** Accessible name of a key row. Placeholders: `{token}`, `{dot}`, `{scaled}`, `{weight}`. */
  neuronKeyLabel: string;
  /** A masked key's weight in its accessible name and the table. */
  neuronMaskedWeight: string;
  /** Table row header of the query. Placeholder: `{token}`. */
  neuronTableQuery: string;
  /** Table row header of a key. Placeholder: `{token}`. */
  neuronTableKey: string;
  /** Table header of the column of vectors. */
  neuronTableVector: string;
  /** Table header of the column of softmax weights. */
  neuronTableWeight: string;

  // lineChart
  /** Default title without axis labels. Placeholder: `{series}` (the names, or `lineNoSeries`). */
  lineTitle: string;
  /** Default title with `yLabel`. Placeholders: `{series}`, `{y}`. */
  lineTitleY: string;
  /** Default title with `yLabel` and `xLabel`. Placeholders: `{series}`, `{y}`, `{x}`. */
  lineTitleYX: string;
  /** Stands for `{series}` before any series is drawn. */
  lineNoSeries: string;
  /** Table header of the column of series names. */
  lineTableSeries: string;

  // positionalEncodingChart
  /** Default title. Placeholders: `{seqLen}`, `{dModel}`, `{dims}` (the dimensions drawn as curves). */
  peTitle: string;
  /** Label of the heatmap's x axis. */
  peDimension: string;
  /** Label of the position axes, and table header of the positions. */
  pePosition: string;
  /** Label of the curves' y axis. */
  peValue: string;
  /** Table header of one dimension's column. Placeholder: `{dim}`. */
  peTableDimension: string;

  // probabilityBars
  /** Default title. Placeholders: `{topK}` (bars drawn), `{vocab}`. */
  barsTitle: string;
  /** Accessible name of a bar. Placeholders: `{rank}` (from 1), `{token}`, `{probability}`. */
  barsLabel: string;
  /** Accessible name of the highlighted bar. Placeholders: `{rank}`, `{token}`, `{probability}`. */
  barsLabelHighlighted: string;
  /** The highlighted token in the table. Placeholder: `{token}`. */
  barsHighlighted: string;
  /** Table header of the column of ranks. */
  barsTableRank: string;
  /** Table header of the column of probabilities. */
  barsTableProbability: string;

  // softmaxScalingChart
  /** Default title. Placeholder: `{seqLenK}`. */
  scalingTitle: string;
  /** Label of the y axis. */
  scalingAxis: string;
  /** Table header of the unscaled column. */
  scalingUnscaled: string;
  /** Table header of the scaled column. */
  scalingScaled: string;

  // tokenSaliency
  /** Default title. Placeholder: `{tokens}` (seqLen). */
  saliencyTitle: string;

  // imageAttentionOverlay
  /** Default title with a grid of patches. Placeholders: `{height}`, `{width}`, `{patchRows}`, `{patchCols}`. */
  overlayTitle: string;
  /** Default title with one weight per band of rows. Placeholders: `{height}`, `{width}`, `{patchRows}`, `{patchCols}`. */
  overlayTitleRows: string;
  /** A patch in its tooltip. Placeholders: `{row}`, `{col}`. */
  overlayPatch: string;
  /** A band of rows in its tooltip. Placeholder: `{row}`. */
  overlayBand: string;
  /** Table header of the column of patch rows. */
  overlayTableRow: string;
  /** Table header of one patch column. Placeholder: `{col}`. */
  overlayTableColumn: string;

  // attentionSteps
  /** Default title. Placeholders: `{seqLenQ}`, `{seqLenK}`, `{dHead}`. */
  stepsTitle: string;
  /** Heading of the mask step (the others are notation: Q, Kᵀ, QKᵀ, ÷√dHead, softmax, V, ×V). */
  stepsMask: string;
  /** Caption of Q. */
  stepsQueries: string;
  /** Caption of Kᵀ. */
  stepsKeys: string;
  /** Caption of QKᵀ. */
  stepsScores: string;
  /** Caption of ÷√dHead. */
  stepsScaled: string;
  /** Caption of the mask step. */
  stepsMasked: string;
  /** Caption of softmax. */
  stepsWeights: string;
  /** Caption of V. */
  stepsValues: string;
  /** Caption of ×V. */
  stepsOutput: string;
  /** Table row header of a row of Kᵀ. Placeholder: `{dim}`. */
  stepsDim: string;
  /** Table header of the column of steps. */
  stepsTableStep: string;
  /** Table header of the column of row labels. */
  stepsTableRow: string;
  /** Table header of the column of a row's values. */
  stepsTableValues: string;
}

/**
 * The English texts of every chart: the default of each key of
 * {@link VizText}. Frozen; copy it to start a translation.
 *
 * @example
 * attentionHeatmap(el, data, { text: { ...VIZ_TEXT, heatmapTitle: 'Weights: {rows} × {cols}' } });
 */
export const VIZ_TEXT: Readonly<VizText> = Object.freeze({
  masked: 'masked',
  tableQueryKey: 'query \\ key',
  tableQuery: 'query',
  tableLayer: 'layer',
  tableHead: 'head',
  tableToken: 'token',
  tableWeight: 'weight',

  heatmapTitle: 'Attention heatmap: {rows} queries × {cols} keys',
  heatmapRole: 'heatmap',
  heatmapPairs: 'key: value, ...',
  heatmapLive: 'Row {row} of {rows}, column {col} of {cols}. {cell}',

  headTitle: 'Head view of layer {layer}: lines from {seqLenQ} queries (left) to {seqLenK} keys (right), weighted by attention, heads {heads}',
  headNone: 'none',
  headLayer: 'Layer ',
  headSwatch: 'Head {head}',
  headQueryToken: 'query {token}',
  headKeyToken: 'key {token}',

  modelTitle: 'Model view: {layers} layers × {heads} heads of attention over {seqLenQ} × {seqLenK} tokens',
  modelOpen: 'Open layer {layer}, head {head}',
  modelOpenLabelled: 'Open layer {layer}, head {head} ({label})',
  modelDetail: 'Layer {layer}, head {head}',
  modelDetailTitle: 'Layer {layer}, head {head}: attention of {seqLenQ} queries over {seqLenK} keys',
  modelClose: 'Close',
  modelTableLabel: 'label',
  modelTableStrongest: 'strongest query → key',

  neuronTitle: 'Neuron view: query {query} against {keys} keys, dHead {dHead}; weight = softmax(q·k × {scale})',
  neuronQuery: 'query',
  neuronQueryLabel: 'query {token}: {values}',
  neuronKeyLabel: 'key {token}: q·k {dot}, scaled {scaled}, weight {weight}',
  neuronMaskedWeight: '0 (masked)',
  neuronTableQuery: 'query {token}',
  neuronTableKey: 'key {token}',
  neuronTableVector: 'vector',
  neuronTableWeight: 'softmax weight',

  lineTitle: 'Line chart of {series}',
  lineTitleY: 'Line chart of {series} ({y})',
  lineTitleYX: 'Line chart of {series} ({y} by {x})',
  lineNoSeries: 'no series yet',
  lineTableSeries: 'series',

  peTitle: 'Positional encoding: {seqLen} positions × {dModel} dimensions, with dimensions {dims} as curves',
  peDimension: 'dimension',
  pePosition: 'position',
  peValue: 'value',
  peTableDimension: 'dimension {dim}',

  barsTitle: 'Next-token probabilities: the {topK} most probable of {vocab} tokens',
  barsLabel: '{rank}. {token}: {probability}',
  barsLabelHighlighted: '{rank}. {token}: {probability} (highlighted)',
  barsHighlighted: '{token} (highlighted)',
  barsTableRank: 'rank',
  barsTableProbability: 'probability',

  scalingTitle: 'Softmax sharpness: mean largest weight over {seqLenK} keys as dHead grows, with and without scaling by 1/√dHead',
  scalingAxis: 'largest weight',
  scalingUnscaled: 'largest weight, unscaled',
  scalingScaled: 'largest weight, scaled by 1/√dHead',

  saliencyTitle: 'Token saliency of {tokens} tokens, shaded by weight',

  overlayTitle: 'Image of {height} × {width} pixels with attention over {patchRows} × {patchCols} patches',
  overlayTitleRows: 'Image of {height} × {width} pixels with attention over {patchRows} × {patchCols} rows',
  overlayPatch: 'patch ({row}, {col})',
  overlayBand: 'row band {row}',
  overlayTableRow: 'patch row',
  overlayTableColumn: 'patch column {col}',

  stepsTitle: 'Scaled dot-product attention step by step: {seqLenQ} queries, {seqLenK} keys, dHead {dHead}',
  stepsMask: 'mask',
  stepsQueries: 'queries',
  stepsKeys: 'keys, transposed',
  stepsScores: 'scores',
  stepsScaled: 'scaled scores',
  stepsMasked: 'masked scores',
  stepsWeights: 'attention weights',
  stepsValues: 'values',
  stepsOutput: 'output',
  stepsDim: 'dim {dim}',
  stepsTableStep: 'step',
  stepsTableRow: 'row',
  stepsTableValues: 'values',
});

/** The `{name}` placeholders of a template, in order of appearance. Internal. */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
}

/**
 * Fills the `{name}` placeholders of `template` from `values`; a placeholder
 * without a value stays as written. The one such helper of the package. Internal.
 *
 * @example
 * fillText('Head {head}', { head: 2 }); // 'Head 2'
 */
export function fillText(template: string, values: Readonly<Record<string, string | number>> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(values, name) ? String(values[name]) : whole));
}
