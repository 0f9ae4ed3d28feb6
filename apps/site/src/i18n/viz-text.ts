import type { VizText } from '@attention-lab/viz';
import { MESSAGES, type MessageId, type MessageLang } from './messages';

/**
 * The catalogue id of each text of the @attention-lab/viz charts: every key
 * of `VizText`, listed by hand so each id is quoted in src/ (messages.test.ts)
 * and a new key without an id fails to compile (viz-text.test.ts checks the
 * placeholders and the English).
 */
export const VIZ_MESSAGE_IDS = {
  masked: 'viz.masked',
  tableQueryKey: 'viz.tableQueryKey',
  tableQuery: 'viz.tableQuery',
  tableLayer: 'viz.tableLayer',
  tableHead: 'viz.tableHead',
  tableToken: 'viz.tableToken',
  tableWeight: 'viz.tableWeight',
  heatmapTitle: 'viz.heatmapTitle',
  heatmapRole: 'viz.heatmapRole',
  heatmapPairs: 'viz.heatmapPairs',
  heatmapLive: 'viz.heatmapLive',
  headTitle: 'viz.headTitle',
  headNone: 'viz.headNone',
  headLayer: 'viz.headLayer',
  headSwatch: 'viz.headSwatch',
  headQueryToken: 'viz.headQueryToken',
  headKeyToken: 'viz.headKeyToken',
  modelTitle: 'viz.modelTitle',
  modelOpen: 'viz.modelOpen',
  modelOpenLabelled: 'viz.modelOpenLabelled',
  modelDetail: 'viz.modelDetail',
  modelDetailTitle: 'viz.modelDetailTitle',
  modelClose: 'viz.modelClose',
  modelTableLabel: 'viz.modelTableLabel',
  modelTableStrongest: 'viz.modelTableStrongest',
  neuronTitle: 'viz.neuronTitle',
  neuronQuery: 'viz.neuronQuery',
  neuronQueryLabel: 'viz.neuronQueryLabel',
  neuronKeyLabel: 'viz.neuronKeyLabel',
  neuronMaskedWeight: 'viz.neuronMaskedWeight',
  neuronTableQuery: 'viz.neuronTableQuery',
  neuronTableKey: 'viz.neuronTableKey',
  neuronTableVector: 'viz.neuronTableVector',
  neuronTableWeight: 'viz.neuronTableWeight',
  lineTitle: 'viz.lineTitle',
  lineTitleY: 'viz.lineTitleY',
  lineTitleYX: 'viz.lineTitleYX',
  lineNoSeries: 'viz.lineNoSeries',
  lineTableSeries: 'viz.lineTableSeries',
  peTitle: 'viz.peTitle',
  peDimension: 'viz.peDimension',
  pePosition: 'viz.pePosition',
  peValue: 'viz.peValue',
  peTableDimension: 'viz.peTableDimension',
  barsTitle: 'viz.barsTitle',
  barsLabel: 'viz.barsLabel',
  barsLabelHighlighted: 'viz.barsLabelHighlighted',
  barsHighlighted: 'viz.barsHighlighted',
  barsTableRank: 'viz.barsTableRank',
  barsTableProbability: 'viz.barsTableProbability',
  scalingTitle: 'viz.scalingTitle',
  scalingAxis: 'viz.scalingAxis',
  scalingUnscaled: 'viz.scalingUnscaled',
  scalingScaled: 'viz.scalingScaled',
  saliencyTitle: 'viz.saliencyTitle',
  overlayTitle: 'viz.overlayTitle',
  overlayTitleRows: 'viz.overlayTitleRows',
  overlayPatch: 'viz.overlayPatch',
  overlayBand: 'viz.overlayBand',
  overlayTableRow: 'viz.overlayTableRow',
  overlayTableColumn: 'viz.overlayTableColumn',
  stepsTitle: 'viz.stepsTitle',
  stepsMask: 'viz.stepsMask',
  stepsQueries: 'viz.stepsQueries',
  stepsKeys: 'viz.stepsKeys',
  stepsScores: 'viz.stepsScores',
  stepsScaled: 'viz.stepsScaled',
  stepsMasked: 'viz.stepsMasked',
  stepsWeights: 'viz.stepsWeights',
  stepsValues: 'viz.stepsValues',
  stepsOutput: 'viz.stepsOutput',
  stepsDim: 'viz.stepsDim',
  stepsTableStep: 'viz.stepsTableStep',
  stepsTableRow: 'viz.stepsTableRow',
  stepsTableValues: 'viz.stepsTableValues',
} as const satisfies Record<keyof VizText, MessageId>;

/**
 * Every text of the viz charts in one language, from the catalogue, with its
 * `{placeholders}` left for the chart to fill: the `text` option of each chart
 * the site draws.
 *
 * @param lang - The page's language, e.g. `langOf(figure)`.
 * @returns A whole `VizText`.
 * @example
 * attentionHeatmap(el, data, { text: vizText(langOf(el)) });
 */
export function vizText(lang: MessageLang): VizText {
  const out = {} as Record<keyof VizText, string>;
  for (const [key, id] of Object.entries(VIZ_MESSAGE_IDS) as Array<[keyof VizText, MessageId]>) out[key] = MESSAGES[id][lang];
  return out;
}

/**
 * A chart's options with `text` in the page's language, under the texts the
 * options already choose (an example's code may set some): those keys win. A
 * `text` that is not an object is left as it is, for the chart to refuse.
 *
 * @param lang - The page's language.
 * @param options - The chart's options, unchanged.
 * @returns A copy of `options` with `text` set.
 * @example
 * draw(el, data, withVizText(langOf(el), message.options));
 */
export function withVizText<O extends object>(lang: MessageLang, options: O): O {
  const chosen = (options as { text?: unknown }).text;
  const text = vizText(lang);
  const merged = chosen === undefined ? text : chosen !== null && typeof chosen === 'object' && !Array.isArray(chosen) ? { ...text, ...chosen } : chosen;
  return { ...options, text: merged };
}
