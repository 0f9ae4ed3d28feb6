/**
 * The `live` module that every example on the site imports. Examples run in a
 * Web Worker; these functions send what they print and draw to the page, which
 * draws it with @attention-lab/viz. Readers see this module in every example:
 * keep it small and plain.
 */
import type {
  AttentionHeatmapData,
  AttentionHeatmapOptions,
  AttentionStepsData,
  AttentionStepsOptions,
  HeadViewData,
  HeadViewOptions,
  ImageAttentionOverlayData,
  ImageAttentionOverlayOptions,
  LineChartData,
  LineChartOptions,
  ModelViewData,
  ModelViewOptions,
  PositionalEncodingChartOptions,
  PositionalEncodingData,
  SoftmaxScalingChartOptions,
  SoftmaxScalingData,
  TokenSaliencyData,
  TokenSaliencyOptions,
} from '@attention-lab/viz';
import { EXAMPLE_TEXT, exampleTextKey } from '../i18n/example-messages';
import type { MessageLang } from '../i18n/messages';
import { formatTensor } from './format-tensor';

export { sentenceTokens, type SentenceTokensOptions } from './sentence-tokens';

/** A value the reader set with the example's controls (text, number or switch). */
export type LiveInput = string | number | boolean;

/** The charts of @attention-lab/viz an example can draw, with their data and options. */
export interface LiveCharts {
  attentionHeatmap: { data: AttentionHeatmapData; options: AttentionHeatmapOptions };
  headView: { data: HeadViewData; options: HeadViewOptions };
  modelView: { data: ModelViewData; options: ModelViewOptions };
  attentionSteps: { data: AttentionStepsData; options: AttentionStepsOptions };
  positionalEncodingChart: { data: PositionalEncodingData; options: PositionalEncodingChartOptions };
  softmaxScalingChart: { data: SoftmaxScalingData; options: SoftmaxScalingChartOptions };
  lineChart: { data: LineChartData; options: LineChartOptions };
  imageAttentionOverlay: { data: ImageAttentionOverlayData; options: ImageAttentionOverlayOptions };
  tokenSaliency: { data: TokenSaliencyData; options: TokenSaliencyOptions };
}

/** The name of a chart in {@link LiveCharts}. */
export type ChartName = keyof LiveCharts;

/** The chart names, for the page to check what a worker asks for. */
export const CHART_NAMES: readonly ChartName[] = [
  'attentionHeatmap',
  'headView',
  'modelView',
  'attentionSteps',
  'positionalEncodingChart',
  'softmaxScalingChart',
  'lineChart',
  'imageAttentionOverlay',
  'tokenSaliency',
];

/** A tensor as plain numbers, attached to a box of a {@link LiveFlow}. */
export interface LiveTensor {
  shape: number[];
  dtype: string;
  /** The values, row-major, as printed by `print` (summarised when large). */
  text: string;
  /** The values when the tensor is a matrix (or squeezes to one), for a heatmap. */
  matrix?: { data: Float32Array; shape: [number, number] };
}

/** A flow diagram: boxes joined by arrows; clicking a box shows its tensor. */
export interface LiveFlow {
  type: 'flow';
  title: string;
  nodes: Array<{ id: string; label: string; tensor?: LiveTensor }>;
  edges: Array<[from: string, to: string]>;
}

/** Draw chart `chart` (a new figure, named `id` for later calls). */
export interface LiveChart {
  type: 'chart';
  id: number;
  chart: ChartName;
  data: unknown;
  options: Record<string, unknown>;
}

/** Call `update` or `append` on the chart drawn as `id`. */
export interface LiveChartCall {
  type: 'chart-call';
  id: number;
  method: 'update' | 'append';
  args: unknown[];
}

/** Draw a heatmap with a slider over `frames` (see {@link replay}); the page moves between frames by itself. */
export interface LiveReplay {
  type: 'replay';
  id: number;
  frames: Array<{ label: string; values: { data: Float32Array; shape: [number, number] } }>;
  queryTokens: string[];
  keyTokens: string[];
  options: Pick<AttentionHeatmapOptions, 'title' | 'showValues' | 'colorScheme'>;
}

/** Everything an example can send to the page. */
export type LiveMessage =
  | { type: 'log'; level: 'log' | 'warn' | 'error'; text: string }
  | LiveFlow
  | LiveChart
  | LiveChartCall
  | LiveReplay;

/** Where messages go: the worker connects this to `postMessage`. */
type Sink = (message: LiveMessage, transfer?: Transferable[]) => void;

let sink: Sink = () => {
  throw new Error('live: not connected to a page (examples run inside the site’s example runner)');
};
let nextChartId = 1;

/**
 * Sends messages to `post` from now on. Called by the example runner's worker,
 * not by examples.
 *
 * @param post - Receives every message and the buffers it may transfer.
 * @example
 * connectLive((message, transfer) => self.postMessage(message, { transfer }));
 */
export function connectLive(post: Sink): void {
  sink = post;
}

/** The reader's inputs for this run, by the names the example's controls give them. */
export const inputs: Record<string, LiveInput> = {};

/**
 * Aborts when the reader presses Stop or the run passes its time limit; a new
 * one for every run. A run that checks it (between training steps, say) has a
 * few seconds to finish by itself, printing what it has, before it is ended.
 * `train()` of @attention-lab/models takes it as its `signal` option.
 *
 * @example
 * while (!signal.aborted) await step();
 * print('stopped after', steps, 'steps');
 */
export let signal: AbortSignal = new AbortController().signal;

/**
 * Gives the next run a fresh {@link signal}. Called by the example runner's
 * worker before each run, not by examples.
 *
 * @returns The controller whose `abort()` aborts the new signal.
 * @example
 * const controller = nextSignal();
 * controller.abort(); // the reader pressed Stop
 */
export function nextSignal(): AbortController {
  const controller = new AbortController();
  signal = controller.signal;
  return controller;
}

/** What a tensor looks like here: tfjs tensors have all three. */
export interface TensorLike {
  shape: number[];
  dtype: string;
  dataSync(): ArrayLike<number>;
}

function isTensorLike(value: unknown): value is TensorLike {
  const t = value as Partial<TensorLike> | null;
  return typeof t === 'object' && t !== null && Array.isArray(t.shape) && typeof t.dtype === 'string' && typeof t.dataSync === 'function';
}

/** Numbers with at most 6 significant digits. */
function formatNumber(value: number): string {
  return Number.isInteger(value) || !Number.isFinite(value) ? String(value) : String(Number(value.toPrecision(6)));
}

/** Arrays as `[1, 2]`, objects as `{ a: 1 }`, numbers rounded; deep values are cut short. */
function formatPlain(value: unknown, depth = 0): string {
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'string') return depth === 0 ? value : JSON.stringify(value);
  if (typeof value !== 'object' || value === null) return String(value);
  if (depth > 4) return '…';
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return formatPlain(Array.from(value as unknown as ArrayLike<number>), depth);
  }
  if (Array.isArray(value)) return `[${value.map((item) => formatPlain(item, depth + 1)).join(', ')}]`;
  const entries = Object.entries(value).map(([key, inner]) => `${key}: ${formatPlain(inner, depth + 1)}`);
  return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
}

/** How {@link print} writes one value. */
function describe(value: unknown): string {
  if (isTensorLike(value)) {
    if (value.dtype === 'string') return `Tensor [${value.shape.join(', ')}] string`;
    return formatTensor(value.dataSync(), value.shape, value.dtype);
  }
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  return formatPlain(value);
}

let language: MessageLang = 'en';

/**
 * Sets the language `tr` writes in for the next run. Called by the example
 * runner's worker with the page's language, not by examples.
 *
 * @param lang - `'en'` or `'zh-CN'`.
 * @example
 * setLanguage('zh-CN');
 */
export function setLanguage(lang: MessageLang): void {
  language = lang === 'zh-CN' ? 'zh-CN' : 'en';
}

/**
 * Text for the reader, in the page's language: a template tag, so the code
 * reads as English and the Chinese edition prints the catalogue's text
 * (src/i18n/examples/), with the same numbers in the same places.
 *
 * @param strings - The template's text; with `{0}`, `{1}`, … for its values it is the catalogue key.
 * @param values - The template's values, written as a template literal writes them.
 * @returns The text in the page's language (English where the catalogue has none).
 * @example
 * print(tr`epoch ${epoch}: loss ${loss.toFixed(3)}`); // 第 3 轮：损失 0.412 on the Chinese page
 */
export function tr(strings: TemplateStringsArray, ...values: unknown[]): string {
  const translated = language === 'en' ? undefined : EXAMPLE_TEXT[language].get(exampleTextKey(strings));
  if (translated === undefined) return strings.reduce((text, part, i) => `${text}${String(values[i - 1])}${part}`);
  return translated.replace(/\{(\d+)\}/g, (_, i: string) => String(values[Number(i)]));
}

/**
 * Prints values below the example, like `console.log`: tensors with their
 * shape, dtype and values; arrays and objects with numbers rounded.
 *
 * @param values - Anything; separated by spaces.
 * @example
 * print('scores', tf.tensor2d([[1, 2]])); // scores Tensor [1, 2] float32 …
 */
export function print(...values: unknown[]): void {
  sink({ type: 'log', level: 'log', text: values.map(describe).join(' ') });
}

/** `T` where any field may also be a tensor. */
export type WithTensors<T> = T extends object ? { [P in keyof T]: T[P] | TensorLike } : T;

/**
 * Replaces tensors by plain numbers, deeply: a rank-1 tensor becomes a
 * `Float32Array`, a higher rank `{ data, shape }` (what viz takes).
 */
function plain(value: unknown, transfer: Transferable[], depth = 0): unknown {
  if (isTensorLike(value)) {
    const data = Float32Array.from(value.dataSync());
    transfer.push(data.buffer);
    return value.shape.length <= 1 ? data : { data, shape: [...value.shape] };
  }
  if (typeof value === 'function') return undefined; // callbacks cannot leave the worker
  if (typeof value !== 'object' || value === null || ArrayBuffer.isView(value) || depth > 6) return value;
  if (Array.isArray(value)) return value.map((item) => plain(item, transfer, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, plain(inner, transfer, depth + 1)]));
}

/** What {@link show} returns: more calls on the chart it drew. */
export interface ChartRef<K extends ChartName> {
  /** Redraws the chart with new data (animated unless the reader asked for less motion). */
  update(data: WithTensors<LiveCharts[K]['data']>): void;
  /** Line charts only: adds points to a series without redrawing the rest. */
  append(series: string, x: number | ArrayLike<number>, y: number | ArrayLike<number>): void;
}

type PlainOptions<O> = { [P in keyof O as O[P] extends ((...args: never[]) => unknown) | undefined ? never : P]: O[P] };

/**
 * Draws one of the @attention-lab/viz charts below the example from tensors or
 * plain numbers (tensors are read here and sent as numbers; callbacks in the
 * options are dropped, since the chart lives on the page).
 *
 * @param chart - The chart's name, e.g. `'attentionHeatmap'`, `'headView'`, `'lineChart'`.
 * @param data - The chart's data; any field may be a tensor.
 * @param options - The chart's options, without callbacks. Default none.
 * @returns A reference for `update` and (line charts) `append`.
 * @example
 * const curve = show('lineChart', { series: [{ name: 'loss', x: [], y: [] }] });
 * curve.append('loss', step, lossValue);
 */
export function show<K extends ChartName>(
  chart: K,
  data: WithTensors<LiveCharts[K]['data']>,
  options: PlainOptions<LiveCharts[K]['options']> = {} as PlainOptions<LiveCharts[K]['options']>,
): ChartRef<K> {
  const id = nextChartId++;
  const transfer: Transferable[] = [];
  sink({ type: 'chart', id, chart, data: plain(data, transfer), options: plain(options, transfer) as Record<string, unknown> }, transfer);
  const call = (method: LiveChartCall['method'], args: unknown[]): void => {
    const moved: Transferable[] = [];
    sink({ type: 'chart-call', id, method, args: args.map((arg) => plain(arg, moved)) }, moved);
  };
  return {
    update: (next) => call('update', [next]),
    append: (series, x, y) => {
      if (chart !== 'lineChart') throw new Error(`show: append is for line charts, not ${chart}`);
      call('append', [series, x, y]);
    },
  };
}

/** Options for {@link heatmap}. */
export interface HeatmapOptions {
  /** One label per row (query tokens). Default `0, 1, 2, …`. */
  rows?: readonly string[];
  /** One label per column (key tokens). Default `0, 1, 2, …`. */
  cols?: readonly string[];
  /** A caption above the picture. Default none. */
  title?: string;
  /** Write each value in its cell. Default: when there are at most 12 rows and 12 columns. */
  showValues?: boolean;
  /** `'sequential'`, `'diverging'` or `'auto'` (diverging when a value is negative). Default `'auto'`. */
  colorScheme?: AttentionHeatmapOptions['colorScheme'];
}

/** Reads a matrix from a rank-2 tensor (or one that squeezes to rank 2) or an array of equal-length rows. */
function matrixOf(weights: TensorLike | ArrayLike<number>[], what = 'heatmap: weights'): { data: Float32Array; shape: [number, number] } {
  if (isTensorLike(weights)) {
    const core = weights.shape.filter((size) => size !== 1);
    if (weights.shape.length !== 2 && core.length !== 2) {
      throw new Error(`${what} must be a matrix [rows, cols], got shape [${weights.shape.join(', ')}]`);
    }
    const [rows = 0, cols = 0] = weights.shape.length === 2 ? weights.shape : core;
    return { data: Float32Array.from(weights.dataSync()), shape: [rows, cols] };
  }
  const rows = weights.length;
  const cols = weights[0]?.length ?? 0;
  const data = new Float32Array(rows * cols);
  weights.forEach((row, r) => {
    if (row.length !== cols) throw new Error(`${what} row ${r} has ${row.length} entries, row 0 has ${cols}`);
    data.set(Array.from(row, Number), r * cols);
  });
  return { data, shape: [rows, cols] };
}

function labels(given: readonly string[] | undefined, count: number, axis: 'rows' | 'cols', fn = 'heatmap'): string[] {
  if (given === undefined) return Array.from({ length: count }, (_, i) => String(i));
  if (given.length !== count) throw new Error(`${fn}: ${axis} has ${given.length} labels for ${count} ${axis}`);
  return given.map(String);
}

/**
 * Draws a matrix below the example as an attention heatmap: one row per
 * query, one column per key. A shortcut for `show('attentionHeatmap', …)`.
 *
 * @param weights - A matrix tensor `[seqLenQ, seqLenK]` or an array of equal-length rows.
 * @param options - Row and column labels (default indices), a title, values in cells, colours.
 * @returns A reference for `update`.
 * @example
 * heatmap(weights, { rows: tokens, cols: tokens, title: 'head 1' });
 */
export function heatmap(weights: TensorLike | ArrayLike<number>[], options: HeatmapOptions = {}): ChartRef<'attentionHeatmap'> {
  const values = matrixOf(weights);
  const [rows, cols] = values.shape;
  return show(
    'attentionHeatmap',
    { values, queryTokens: labels(options.rows, rows, 'rows'), keyTokens: labels(options.cols, cols, 'cols') },
    {
      ...(options.title ? { title: options.title } : {}),
      showValues: options.showValues ?? (rows <= 12 && cols <= 12),
      colorScheme: options.colorScheme ?? 'auto',
    },
  );
}

/** One picture of {@link replay}. */
export interface ReplayFrame {
  /** Shown beside the slider, e.g. `'step 200, loss 0.41'`. */
  label: string;
  /** A matrix tensor `[seqLenQ, seqLenK]` (or one that squeezes to it) or an array of equal-length rows; every frame has the same shape. */
  values: TensorLike | ArrayLike<number>[];
}

/**
 * Draws a series of matrices as one attention heatmap with a slider, e.g.
 * attention snapshots taken while a model trains. The reader moves between
 * frames on the page, without running the example again; it opens at the last
 * frame. The frames are read and sent when `replay` is called.
 *
 * @param frames - At least one frame, all with the same shape.
 * @param options - Row and column labels (default indices), a title, values in cells, colours; as for {@link heatmap}.
 * @example
 * const frames = [];
 * for (let step = 0; step <= 1000; step += 100) {
 *   await trainSteps(100);
 *   frames.push({ label: `step ${step}, loss ${loss.toFixed(2)}`, values: attentionOf(batch) });
 * }
 * replay(frames, { rows: tokens, cols: tokens, title: 'attention while training' });
 */
export function replay(frames: readonly ReplayFrame[], options: HeatmapOptions = {}): void {
  if (frames.length === 0) throw new Error('replay: frames is empty; give at least one { label, values }');
  const matrices = frames.map((frame, i) => ({ label: String(frame.label), values: matrixOf(frame.values, `replay: frames[${i}].values`) }));
  const [rows, cols] = matrices[0]?.values.shape ?? [0, 0];
  matrices.forEach(({ values }, i) => {
    const [r, c] = values.shape;
    if (r !== rows || c !== cols) throw new Error(`replay: frames[${i}].values has shape [${r}, ${c}], frames[0] has [${rows}, ${cols}]`);
  });
  sink(
    {
      type: 'replay',
      id: nextChartId++,
      frames: matrices,
      queryTokens: labels(options.rows, rows, 'rows', 'replay'),
      keyTokens: labels(options.cols, cols, 'cols', 'replay'),
      options: {
        ...(options.title ? { title: options.title } : {}),
        showValues: options.showValues ?? (rows <= 12 && cols <= 12),
        colorScheme: options.colorScheme ?? 'auto',
      },
    },
    matrices.map(({ values }) => values.data.buffer),
  );
}

/** One box of {@link flow}. */
export interface FlowNode {
  /** Names the box in `edges`. */
  id: string;
  /** The text in the box. */
  label: string;
  /** A tensor to show when the reader clicks the box. Default none. */
  tensor?: TensorLike;
}

function plainTensor(tensor: TensorLike): LiveTensor {
  const values = tensor.dataSync();
  const core = tensor.shape.filter((size) => size !== 1);
  const result: LiveTensor = { shape: [...tensor.shape], dtype: tensor.dtype, text: formatTensor(values, tensor.shape, tensor.dtype) };
  if (core.length === 2 && tensor.dtype !== 'string') {
    result.matrix = { data: Float32Array.from(values), shape: [core[0] ?? 0, core[1] ?? 0] };
  }
  return result;
}

/**
 * Draws a flow diagram below the example: boxes laid out left to right along
 * the arrows. A reader who clicks a box sees its tensor (shape, values and,
 * for a matrix, a heatmap).
 *
 * @param nodes - The boxes, each with an optional tensor.
 * @param edges - Arrows as `[fromId, toId]`.
 * @param options - A title (default none).
 * @example
 * flow([{ id: 'x', label: 'input', tensor: x }, { id: 'y', label: 'output', tensor: y }], [['x', 'y']]);
 */
export function flow(nodes: readonly FlowNode[], edges: ReadonlyArray<readonly [string, string]>, options: { title?: string } = {}): void {
  const ids = new Set(nodes.map((node) => node.id));
  if (ids.size !== nodes.length) throw new Error('flow: two nodes share an id');
  for (const [from, to] of edges) {
    for (const id of [from, to]) if (!ids.has(id)) throw new Error(`flow: edge [${from}, ${to}] names no node "${id}"`);
  }
  sink({
    type: 'flow',
    title: options.title ?? '',
    nodes: nodes.map(({ id, label, tensor }) => (tensor ? { id, label, tensor: plainTensor(tensor) } : { id, label })),
    edges: edges.map(([from, to]) => [from, to]),
  });
}
