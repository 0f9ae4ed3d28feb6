/**
 * The `live` module that every example on the site imports. Examples run in a
 * Web Worker; these functions send what they show to the page, which draws it.
 * Readers see this module in every example: keep it small and plain.
 */
import { formatTensor } from './format-tensor';

/** A value the reader set with the example's controls (text, number or switch). */
export type LiveInput = string | number | boolean;

/** A heatmap an example asked the page to draw: `weights` is `[rows.length, cols.length]`, row-major. */
export interface LiveHeatmap {
  type: 'heatmap';
  title: string;
  weights: Float32Array;
  rows: string[];
  cols: string[];
}

/** A tensor as plain numbers, attached to a box of a {@link LiveFlow}. */
export interface LiveTensor {
  shape: number[];
  dtype: string;
  /** The values, row-major, as printed by `print` (summarised when large). */
  text: string;
  /** The values when the tensor is a matrix (or squeezes to one), for a heatmap. */
  matrix?: { values: Float32Array; rows: number; cols: number };
}

/** A flow diagram: boxes joined by arrows; clicking a box shows its tensor. */
export interface LiveFlow {
  type: 'flow';
  title: string;
  nodes: Array<{ id: string; label: string; tensor?: LiveTensor }>;
  edges: Array<[from: string, to: string]>;
}

/** Everything an example can send to the page. */
export type LiveMessage = { type: 'log'; level: 'log' | 'warn' | 'error'; text: string } | LiveHeatmap | LiveFlow;

/** Where messages go: the worker connects this to `postMessage`. */
type Sink = (message: LiveMessage, transfer?: Transferable[]) => void;

let sink: Sink = () => {
  throw new Error('live: not connected to a page (examples run inside the site’s example runner)');
};

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

/** What a tensor looks like to {@link print}: tfjs tensors have all three. */
interface TensorLike {
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

/** Arrays as `[1, 2]`, objects as `{ a: 1 }`, numbers rounded; cycles and depth are cut short. */
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

/**
 * Prints values below the example, like `console.log`: tensors with their
 * shape, dtype and values; arrays and objects as JSON with numbers rounded.
 *
 * @param values - Anything; separated by spaces.
 * @example
 * print('scores', tf.tensor2d([[1, 2]])); // scores Tensor [1, 2] float32 …
 */
export function print(...values: unknown[]): void {
  sink({ type: 'log', level: 'log', text: values.map(describe).join(' ') });
}

/** Options for {@link heatmap}. */
export interface HeatmapOptions {
  /** One label per row (query tokens). Default `0, 1, 2, …`. */
  rows?: readonly string[];
  /** One label per column (key tokens). Default `0, 1, 2, …`. */
  cols?: readonly string[];
  /** A caption above the picture. Default none. */
  title?: string;
}

function matrixOf(weights: TensorLike | ArrayLike<number>[]): { values: Float32Array; rows: number; cols: number } {
  if (isTensorLike(weights)) {
    if (weights.shape.length !== 2) {
      throw new Error(`heatmap: weights must be a matrix [rows, cols], got shape [${weights.shape.join(', ')}]`);
    }
    const [rows = 0, cols = 0] = weights.shape;
    return { values: Float32Array.from(weights.dataSync()), rows, cols };
  }
  const rows = weights.length;
  const cols = weights[0]?.length ?? 0;
  const values = new Float32Array(rows * cols);
  weights.forEach((row, r) => {
    if (row.length !== cols) throw new Error(`heatmap: weights row ${r} has ${row.length} entries, row 0 has ${cols}`);
    values.set(Array.from(row, Number), r * cols);
  });
  return { values, rows, cols };
}

function labels(given: readonly string[] | undefined, count: number, axis: 'rows' | 'cols'): string[] {
  if (given === undefined) return Array.from({ length: count }, (_, i) => String(i));
  if (given.length !== count) throw new Error(`heatmap: ${axis} has ${given.length} labels for ${count} ${axis}`);
  return given.map(String);
}

/**
 * Draws a matrix of attention weights below the example: one row per query,
 * one column per key.
 *
 * @param weights - A rank-2 tensor `[seqLenQ, seqLenK]` or an array of equal-length rows.
 * @param options - Row and column labels (default indices) and a title.
 * @example
 * heatmap(weights, { rows: tokens, cols: tokens, title: 'head 1' });
 */
export function heatmap(weights: TensorLike | ArrayLike<number>[], options: HeatmapOptions = {}): void {
  const { values, rows, cols } = matrixOf(weights);
  const message: LiveHeatmap = {
    type: 'heatmap',
    title: options.title ?? '',
    weights: values,
    rows: labels(options.rows, rows, 'rows'),
    cols: labels(options.cols, cols, 'cols'),
  };
  sink(message, [values.buffer]);
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
  const plain: LiveTensor = { shape: [...tensor.shape], dtype: tensor.dtype, text: formatTensor(values, tensor.shape, tensor.dtype) };
  if (core.length === 2 && tensor.dtype !== 'string') {
    plain.matrix = { values: Float32Array.from(values), rows: core[0] ?? 0, cols: core[1] ?? 0 };
  }
  return plain;
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
