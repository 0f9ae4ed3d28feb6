import { format } from 'd3-format';
import { select } from 'd3-selection';
import { baseHandle, createFrame, hiddenTable, tooltip, type Sel } from './chart-frame.js';
import type { FrameOptions, VizHandle } from './viz-handle.js';
import { colorScale, type ColorScale } from './color-scale.js';
import { joinInOrder } from './join-in-order.js';
import { motionDuration, type MotionOptions } from './motion.js';
import { setAttrs } from './set-attrs.js';
import { percent, visibleToken } from './probability-bars.js';
import { describe, readDomain, readInteger, readLabels, readMatrix, readNumber, readOptions, readText, readVector } from './read-data.js';
import { exact, px, textWidth, truncate } from './round.js';
import type { MatrixInput } from './shaped.js';
import { VizError } from './viz-error.js';
import { fillText, type VizText } from './viz-text.js';

/**
 * Data of {@link neuronView}: one query of one head and every key it is scored against.
 *
 * @example
 * const data: NeuronViewData = { query: [1, 2], keys: [[1, 0], [0, 1]], keyTokens: ['a', 'b'], queryToken: 'b', mask: [false, false] };
 */
export interface NeuronViewData {
  /** The query vector of one token `[dHead]`. */
  query: ArrayLike<number>;
  /** The keys of the same head `[seqLenK, dHead]`. */
  keys: MatrixInput;
  /** One label per key (`seqLenK`), set as text with whitespace made visible. Default `"0", "1", ...`. */
  keyTokens?: readonly string[];
  /** The query's label. Default `"query"` (`text.neuronQuery` of the options). */
  queryToken?: string;
  /** The factor applied to q·k before the softmax, finite and > 0. Default `1 / √dHead`. */
  scale?: number;
  /** Keys hidden by a mask `[seqLenK]`, e.g. a causal one: `true` = masked (weight 0, drawn greyed). Default: none. */
  mask?: readonly boolean[];
}

/**
 * The numbers of one key row of a {@link neuronView}, all float64.
 *
 * @example
 * const [first] = view.rows; // { index: 0, keyToken: 'a', key, products, dot: 1, scaled: 0.707…, weight: 0.330…, masked: false }
 */
export interface NeuronRow {
  /** Key index, from 0. */
  index: number;
  /** The key's label, as given. */
  keyToken: string;
  /** The key vector `[dHead]`. */
  key: Float64Array;
  /** The element-wise product q ⊙ k `[dHead]`. */
  products: Float64Array;
  /** q·k, the sum of `products` in order. */
  dot: number;
  /** `dot × scale`, the score that enters the softmax. */
  scaled: number;
  /** The softmax of `scaled` over the keys not masked; 0 for a masked key (and for every key when all are masked). */
  weight: number;
  /** Whether the key is masked. */
  masked: boolean;
}

/**
 * Options of {@link neuronView}.
 *
 * @example
 * const options: NeuronViewOptions = { width: 390, showValues: true, productDomain: [-1, 1], onRowHover: (row) => console.log(row?.weight) };
 */
export interface NeuronViewOptions extends FrameOptions, MotionOptions {
  /** Width the rows wrap at, in pixels. Default: the container's width when it has one (measured once), else `640`. */
  width?: number;
  /** Width of one vector cell in pixels. Default: as wide as lets `dHead` cells fit the width, clamped to [3, 14] ([3, 32] with `showValues`). */
  cellSize?: number;
  /** Colour domain of the query and key cells; the scale is symmetric around 0 at the larger absolute end. Default: ± the largest absolute entry. */
  vectorDomain?: readonly [number, number];
  /** Colour domain of the q ⊙ k cells, as `vectorDomain`. Default: ± the largest absolute product of a key not masked. */
  productDomain?: readonly [number, number];
  /** Write each entry in its cell (only where cells are at least 24 px wide). Default `false`. */
  showValues?: boolean;
  /** d3-format specifier of the numbers written (cells, q·k, scaled score). Default `".2f"`. */
  valueFormat?: string;
  /** Called when the hovered or focused key row changes (`null` when none). */
  onRowHover?: (row: NeuronRow | null) => void;
}

/**
 * The handle of {@link neuronView}.
 *
 * @example
 * view.setActiveRow(2);
 * console.log(view.activeRow, view.scale, view.rows[2]!.weight);
 */
export interface NeuronViewHandle extends VizHandle<NeuronViewData> {
  /** Every key row's numbers, computed by the chart in float64 (copies). */
  readonly rows: readonly NeuronRow[];
  /** The query vector `[dHead]` (a copy). */
  readonly query: Float64Array;
  /** The scale used: `data.scale`, or `1 / √dHead`. */
  readonly scale: number;
  /** The highlighted key row, or `null`. */
  readonly activeRow: number | null;
  /** Highlights a key row as hovering does; `null` clears. */
  setActiveRow(index: number | null): void;
}

const FN = 'neuronView';
const PAD = 8;
const GAP = 12;
const NUM_W = 56;
const PCT_W = 46;
const HEAD_H = 14;
const CELL_H = 16;
const LINE_H = 20;
const LABEL_CHARS = 12;
const BAR = '#4e79a7';

interface State {
  query: Float64Array;
  rows: NeuronRow[];
  dHead: number;
  scale: number;
  queryToken: string;
  vectors: ColorScale;
  products: ColorScale;
}

/** Where each part of a row goes: a line within the row and an x. */
interface Layout {
  cell: number;
  labelW: number;
  key: { line: number; x: number };
  product: { line: number; x: number };
  numbers: { line: number; x: number };
  barW: number;
  lines: number;
  rowH: number;
  width: number;
}

/** q ⊙ k, q·k, the scaled score and the masked softmax of every key, in float64. */
function computeRows(query: Float64Array, keys: Float64Array, keyTokens: string[], scale: number, masked: Uint8Array): NeuronRow[] {
  const dHead = query.length;
  const rows = keyTokens.map((keyToken, index): NeuronRow => {
    const key = keys.slice(index * dHead, (index + 1) * dHead); // row `index` of [seqLenK, dHead]
    const products = key.map((k, t) => query[t]! * k);
    let dot = 0;
    for (const p of products) dot += p;
    const scaled = dot * scale;
    if (!Number.isFinite(scaled)) throw new VizError(FN, 'data.keys', 'keys whose scaled score q·k × scale is finite in float64', `${scaled} for key [${index}]`);
    return { index, keyToken, key, products, dot, scaled, weight: 0, masked: masked[index] === 1 };
  });
  let max = -Infinity;
  for (const r of rows) if (!r.masked && r.scaled > max) max = r.scaled;
  if (max === -Infinity) return rows; // every key masked: all weights stay 0
  let sum = 0;
  for (const r of rows) if (!r.masked) sum += Math.exp(r.scaled - max);
  for (const r of rows) if (!r.masked) r.weight = Math.exp(r.scaled - max) / sum;
  return rows;
}

function readData(data: NeuronViewData, options: NeuronViewOptions, words: VizText): State {
  if (data == null || typeof data !== 'object') {
    throw new TypeError(`${FN}: argument 'data' must be an object { query, keys, keyTokens?, queryToken?, scale?, mask? }, got ${describe(data)}`);
  }
  const query = readVector(FN, 'data.query', data.query, undefined, 'dHead');
  const dHead = query.length;
  if (dHead === 0) throw new VizError(FN, 'data.query', '[dHead] numbers with dHead ≥ 1', '[0]');
  const keys = readMatrix(FN, 'data.keys', data.keys, { rowName: 'seqLenK', colName: 'dHead', cols: dHead });
  const keyTokens = readLabels(FN, 'data.keyTokens', data.keyTokens, keys.rows, 'seqLenK');
  const queryToken = data.queryToken === undefined ? words.neuronQuery : data.queryToken;
  if (typeof queryToken !== 'string' && typeof queryToken !== 'number') {
    throw new TypeError(`${FN}: argument 'data.queryToken' must be a string, got ${describe(queryToken)}`);
  }
  const scale = data.scale ?? 1 / Math.sqrt(dHead);
  if (typeof scale !== 'number' || !Number.isFinite(scale) || scale <= 0) throw new VizError(FN, 'data.scale', 'a finite number > 0', describe(scale));
  const masked = new Uint8Array(keys.rows);
  if (data.mask !== undefined) {
    if (!Array.isArray(data.mask)) throw new TypeError(`${FN}: argument 'data.mask' must be an array of booleans (true = masked), got ${describe(data.mask)}`);
    if (data.mask.length !== keys.rows) {
      throw new VizError(FN, 'data.mask', `${keys.rows} booleans (one per seqLenK: the keys have seqLenK=${keys.rows})`, `${data.mask.length} booleans`);
    }
    data.mask.forEach((m: unknown, i) => {
      if (typeof m !== 'boolean') throw new TypeError(`${FN}: argument 'data.mask' must hold booleans, got ${describe(m)} at [${i}]`);
      masked[i] = m ? 1 : 0;
    });
  }
  const rows = computeRows(query, keys.values, keyTokens, scale, masked);
  const visible = rows.filter((r) => !r.masked);
  const productValues = (visible.length ? visible : rows).flatMap((r) => Array.from(r.products));
  return {
    query,
    rows,
    dHead,
    scale,
    queryToken: String(queryToken),
    vectors: colorScale([...query, ...keys.values], 'diverging', options.vectorDomain),
    products: colorScale(productValues, 'diverging', options.productDomain),
  };
}

/**
 * Lays a row out at `width`: label and key cells on the first line, then the
 * q ⊙ k cells and the numbers (q·k, scaled score, weight bar) after them on
 * the same line while they fit, otherwise each on a new line under the keys.
 */
function layout(s: State, width: number, options: NeuronViewOptions): Layout {
  const labels = [s.queryToken, ...s.rows.map((r) => r.keyToken)];
  const labelW = Math.ceil(labels.reduce((m, t) => Math.max(m, textWidth(visibleToken(truncate(t, LABEL_CHARS)), 11)), textWidth('query', 11)) + 10);
  const x0 = PAD + labelW;
  const room = width - PAD;
  const cell = options.cellSize ?? Math.min(options.showValues ? 32 : 14, Math.max(3, Math.floor((room - x0) / s.dHead)));
  const vectorW = s.dHead * cell;
  let line = 0;
  let x = x0 + vectorW;
  const key = { line: 0, x: x0 };
  let product: Layout['product'];
  if (x + GAP + vectorW <= room) {
    product = { line, x: x + GAP };
    x += GAP + vectorW;
  } else {
    product = { line: ++line, x: x0 };
    x = x0 + vectorW;
  }
  let barW = 80;
  let numbers: Layout['numbers'];
  if (x + GAP + 2 * NUM_W + barW + PCT_W <= room) {
    numbers = { line, x: x + GAP };
    x += GAP + 2 * NUM_W + barW + PCT_W;
  } else {
    barW = Math.max(30, Math.min(80, room - x0 - 2 * NUM_W - PCT_W));
    numbers = { line: ++line, x: x0 };
    x = Math.max(x0 + vectorW, x0 + 2 * NUM_W + barW + PCT_W);
  }
  const lines = line + 1;
  const right = Math.max(x, key.x + vectorW, product.x + vectorW);
  return { cell, labelW, key, product, numbers, barW, lines, rowH: lines * LINE_H + 6, width: Math.ceil(right + PAD) };
}

/**
 * Draws bertviz's neuron view of one query against every key of one head, as
 * the worked example of scaled dot-product attention: the query vector once
 * at the top, then for each key its vector, the element-wise product q ⊙ k
 * (blue negative, red positive), the dot product q·k, the scaled score
 * `q·k × scale` and the softmax weight as a bar. The chart computes those
 * numbers itself in float64 and exposes them as `handle.rows`; masked keys
 * get weight 0 and are drawn greyed. Hover or focus a key row (Tab, then the
 * arrow keys) to highlight it; hover a cell to read its exact numbers. Rows
 * wrap to fit `options.width`.
 *
 * @param container - The element to draw into.
 * @param data - `{ query [dHead], keys [seqLenK, dHead], keyTokens? [seqLenK], queryToken?, scale? (default 1/√dHead), mask? [seqLenK] }`.
 * @param options - See {@link NeuronViewOptions}.
 * @returns A handle with `update`, `destroy`, `toSVG`, `toPNG`, `rows`, `query`, `scale`, `activeRow` and `setActiveRow`.
 * @example
 * const view = neuronView(document.querySelector('#neurons')!, {
 *   query: await q.slice([0, 0, 2, 0], [1, 1, 1, -1]).data(), // query of token 2, head 0: [dHead]
 *   keys: { data: await k.slice([0, 0, 0, 0], [1, 1, -1, -1]).data(), shape: [5, 8] }, // [seqLenK, dHead]
 *   keyTokens: ['the', ' cat', ' sat', ' on', ' the'],
 *   queryToken: ' sat',
 *   mask: [false, false, false, true, true], // causal: token 2 sees keys 0..2
 * });
 * console.log(view.rows.map((r) => r.weight)); // softmax weights, 0 for the masked keys
 */
export function neuronView(container: Element, data: NeuronViewData, options: NeuronViewOptions = {}): NeuronViewHandle {
  readOptions(FN, options);
  readNumber(FN, 'options.cellSize', options.cellSize, 1, 256);
  readDomain(FN, 'options.vectorDomain', options.vectorDomain);
  readDomain(FN, 'options.productDomain', options.productDomain);
  readNumber(FN, 'options.duration', options.duration, 0, 60_000);
  const words = readText(FN, 'options.text', options.text);
  let s = readData(data, options, words);
  const measured = Number((container as Partial<HTMLElement> | null)?.clientWidth) || 0;
  const width = readInteger(FN, 'options.width', options.width, 120, 100000) ?? (measured > 0 ? Math.max(120, Math.floor(measured)) : 640);
  let l = layout(s, width, options);
  const frame = createFrame(FN, 'neuron-view', container);
  const { svg } = frame;
  // Never wider than the container: the picture scales down with its viewBox.
  svg.attr('role', 'group').attr('style', 'max-width:100%;height:auto');
  const fmt = format(options.valueFormat ?? '.2f');
  const gHeader = svg.append('g').attr('class', 'al-neuron-header').attr('fill', '#555555').attr('font-size', 10);
  const gQuery = svg.append('g').attr('class', 'al-neuron-query');
  const rule = svg.append('path').attr('class', 'al-neuron-rule').attr('stroke', '#cccccc');
  const gRows = svg.append('g').attr('class', 'al-neuron-rows').attr('role', 'list');
  const tip = tooltip(frame);
  const table = hiddenTable(frame);
  let active: number | null = null;
  let height = 0;

  const headerH = (): number => l.lines * HEAD_H + 4;
  const queryY = (): number => headerH();
  const rowsY = (): number => queryY() + LINE_H + 10; // the query takes one line: its cells sit where the keys' do
  const lineY = (line: number): number => 3 + line * LINE_H;
  const cellsOf = (g: Sel<SVGGElement>, values: Float64Array, scale: ColorScale, dur: number, dimmed: boolean): Promise<void> => {
    const dims = Array.from(values, (_, t) => t);
    const cells = joinInOrder(g.selectAll<SVGGElement, number>('g.al-cell').data(dims), (enter) => {
        const c = enter.append('g').attr('class', 'al-cell');
        c.append('rect');
        return c;
      })
      .attr('data-dim', (t) => t)
      .attr('transform', (t) => `translate(${px(t * l.cell)},0)`);
    cells.select('rect').attr('width', px(Math.max(1, l.cell - (l.cell > 6 ? 1 : 0)))).attr('height', CELL_H);
    const writeValues = options.showValues === true && l.cell >= 24;
    cells
      .selectAll<SVGTextElement, number>('text')
      .data((t) => (writeValues ? [t] : []))
      .join((enter) => enter.append('text').attr('text-anchor', 'middle').attr('dy', '0.35em').attr('font-size', 9).attr('pointer-events', 'none'))
      .attr('x', px((l.cell - 1) / 2))
      .attr('y', CELL_H / 2)
      .attr('fill', (t) => (dimmed ? '#555555' : scale.textColor(values[t]!)))
      .text((t) => fmt(values[t]!));
    return setAttrs(cells.select<SVGRectElement>('rect'), dur, { fill: (t) => scale.color(values[t]!) });
  };

  function draw(animate: boolean): Promise<void> {
    const dur = animate ? motionDuration(frame.doc, options) : 0;
    const { rows, dHead } = s;
    const qLabel = visibleToken(s.queryToken);
    const title =
      options.title ?? fillText(words.neuronTitle, { query: qLabel, keys: rows.length, dHead, scale: exact(s.scale) });
    frame.setTitle(title);
    height = rowsY() + rows.length * l.rowH + 4;
    frame.setSize(l.width, height);

    // Header: what each part of a row is, placed where the rows put it.
    const heads = [
      { text: 'q, k', line: l.key.line, x: l.key.x, anchor: 'start' },
      { text: 'q ⊙ k', line: l.product.line, x: l.product.x, anchor: 'start' },
      { text: 'q·k', line: l.numbers.line, x: l.numbers.x + NUM_W - 6, anchor: 'end' },
      { text: `× ${fmt(s.scale)}`, line: l.numbers.line, x: l.numbers.x + 2 * NUM_W - 6, anchor: 'end' },
      { text: 'softmax', line: l.numbers.line, x: l.numbers.x + 2 * NUM_W, anchor: 'start' },
    ];
    gHeader
      .selectAll<SVGTextElement, (typeof heads)[number]>('text')
      .data(heads)
      .join('text')
      .attr('x', (d) => px(d.x))
      .attr('y', (d) => d.line * HEAD_H + 10)
      .attr('text-anchor', (d) => d.anchor)
      .text((d) => d.text);

    // The query, once, above the keys it multiplies.
    gQuery.attr('transform', `translate(0,${queryY()})`).attr('aria-label', fillText(words.neuronQueryLabel, { token: qLabel, values: Array.from(s.query, (v) => exact(v)).join(', ') }));
    gQuery
      .selectAll<SVGTextElement, string>('text.al-neuron-label')
      .data([qLabel])
      .join('text')
      .attr('class', 'al-neuron-label')
      .attr('x', PAD + l.labelW - 6)
      .attr('y', px(lineY(0) + CELL_H / 2))
      .attr('dy', '0.35em')
      .attr('text-anchor', 'end')
      .attr('font-weight', 'bold')
      .text(visibleToken(truncate(s.queryToken, LABEL_CHARS)));
    const qCells = gQuery
      .selectAll<SVGGElement, number>('g.al-neuron-cells')
      .data([0])
      .join('g')
      .attr('class', 'al-neuron-cells al-query-cells')
      .attr('transform', `translate(${l.key.x},${lineY(l.key.line)})`);
    const done: Promise<void>[] = [cellsOf(qCells as Sel<SVGGElement>, s.query, s.vectors, dur, false)];
    rule.attr('d', `M${PAD},${px(rowsY() - 3)}H${l.width - PAD}`);

    const sel = joinInOrder(gRows.selectAll<SVGGElement, NeuronRow>('g.al-neuron-row').data(rows), (enter) => {
        const g = enter.append('g').attr('class', 'al-neuron-row').attr('role', 'listitem').attr('tabindex', 0);
        g.append('rect').attr('class', 'al-row-bg').attr('fill', 'transparent').attr('rx', 3);
        g.append('text').attr('class', 'al-neuron-label').attr('text-anchor', 'end').attr('dy', '0.35em');
        g.append('g').attr('class', 'al-neuron-cells al-key-cells');
        g.append('g').attr('class', 'al-neuron-cells al-product-cells');
        g.append('text').attr('class', 'al-dot').attr('text-anchor', 'end').attr('dy', '0.35em');
        g.append('text').attr('class', 'al-scaled').attr('text-anchor', 'end').attr('dy', '0.35em');
        g.append('rect').attr('class', 'al-weight-track').attr('fill', '#eeeeee');
        g.append('rect').attr('class', 'al-weight-bar').attr('fill', BAR).attr('width', 0);
        g.append('text').attr('class', 'al-weight').attr('dy', '0.35em');
        return g;
      })
      .attr('data-index', (r) => r.index)
      .attr('transform', (r) => `translate(0,${px(rowsY() + r.index * l.rowH)})`)
      .classed('al-masked', (r) => r.masked)
      .attr('opacity', (r) => (r.masked ? 0.4 : null))
      .attr('aria-label', (r) =>
        fillText(words.neuronKeyLabel, { token: visibleToken(r.keyToken), dot: exact(r.dot), scaled: exact(r.scaled), weight: r.masked ? words.neuronMaskedWeight : percent(r.weight) }),
      );
    sel.select('.al-row-bg').attr('x', 2).attr('y', 0).attr('width', l.width - 4).attr('height', l.rowH - 2);
    sel
      .select('.al-neuron-label')
      .attr('x', PAD + l.labelW - 6)
      .attr('y', px(lineY(0) + CELL_H / 2))
      .text((r) => visibleToken(truncate(r.keyToken, LABEL_CHARS)));
    sel.select('.al-key-cells').attr('transform', `translate(${l.key.x},${lineY(l.key.line)})`);
    sel.select('.al-product-cells').attr('transform', `translate(${l.product.x},${lineY(l.product.line)})`);
    sel.each(function (r) {
      const g = select(this);
      done.push(cellsOf(g.select('.al-key-cells') as Sel<SVGGElement>, r.key, s.vectors, dur, r.masked));
      done.push(cellsOf(g.select('.al-product-cells') as Sel<SVGGElement>, r.products, s.products, dur, r.masked));
    });
    const ny = px(lineY(l.numbers.line) + CELL_H / 2);
    sel.select('.al-dot').attr('x', l.numbers.x + NUM_W - 6).attr('y', ny).text((r) => fmt(r.dot));
    sel.select('.al-scaled').attr('x', l.numbers.x + 2 * NUM_W - 6).attr('y', ny).text((r) => fmt(r.scaled));
    const barX = l.numbers.x + 2 * NUM_W;
    sel.select('.al-weight-track').attr('x', barX).attr('y', lineY(l.numbers.line) + 2).attr('width', l.barW).attr('height', CELL_H - 4);
    const bars = sel.select<SVGRectElement>('.al-weight-bar').attr('x', barX).attr('y', lineY(l.numbers.line) + 2).attr('height', CELL_H - 4);
    done.push(setAttrs(bars, dur, { width: (r) => px(r.weight * l.barW) }));
    sel
      .select('.al-weight')
      .attr('x', barX + l.barW + 4)
      .attr('y', ny)
      .text((r) => (r.masked ? words.masked : percent(r.weight)));

    const vector = (v: Float64Array): string => Array.from(v, (x) => exact(x)).join(', ');
    table.set(
      title,
      [words.tableToken, words.neuronTableVector, 'q ⊙ k', 'q·k', `q·k × ${exact(s.scale)}`, words.neuronTableWeight],
      [
        [fillText(words.neuronTableQuery, { token: qLabel }), vector(s.query), '', '', '', ''],
        ...rows.map((r) => [
          fillText(words.neuronTableKey, { token: visibleToken(r.keyToken) }),
          vector(r.key),
          vector(r.products),
          exact(r.dot),
          exact(r.scaled),
          r.masked ? words.neuronMaskedWeight : exact(r.weight),
        ]),
      ],
    );
    if (active !== null && active >= rows.length) active = null;
    if (active !== null) mark(active);
    return Promise.all(done).then(() => undefined);
  }

  const rowCopy = (r: NeuronRow): NeuronRow => ({ ...r, key: r.key.slice(), products: r.products.slice() });
  const rowsSel = (): Sel<SVGGElement> => gRows.selectAll<SVGGElement, NeuronRow>('g.al-neuron-row');

  function mark(index: number): void {
    const rows = rowsSel();
    rows.classed('al-active', (r) => r.index === index);
    rows.select('.al-row-bg').attr('fill', (r) => (r.index === index ? '#f1f3f5' : 'transparent')).attr('stroke', (r) => (r.index === index ? '#111111' : null));
    rows.select('.al-neuron-label').attr('font-weight', (r) => (r.index === index ? 'bold' : null));
  }

  function activate(index: number, notify: boolean): void {
    if (index === active) return;
    active = index;
    mark(index);
    if (notify) options.onRowHover?.(rowCopy(s.rows[index]!));
  }

  function deactivate(notify: boolean): void {
    if (active === null) return;
    active = null;
    const rows = rowsSel();
    rows.classed('al-active', false);
    rows.select('.al-row-bg').attr('fill', 'transparent').attr('stroke', null);
    rows.select('.al-neuron-label').attr('font-weight', null);
    tip.hide();
    if (notify) options.onRowHover?.(null);
  }

  /** The key row holding `target`, and the cell (part and dimension) when it is one. */
  const hit = (target: EventTarget | null): { row: number; part: 'key' | 'product' | null; dim: number } | null => {
    let el = target as Element | null;
    let dim = -1;
    let part: 'key' | 'product' | null = null;
    while (el && el !== gRows.node() && typeof el.getAttribute === 'function') {
      const cls = el.getAttribute('class') ?? '';
      if (cls === 'al-cell') dim = Number(el.getAttribute('data-dim'));
      else if (cls.includes('al-key-cells')) part = 'key';
      else if (cls.includes('al-product-cells')) part = 'product';
      else if (cls.split(' ').includes('al-neuron-row')) return { row: Number(el.getAttribute('data-index')), part: dim >= 0 ? part : null, dim };
      el = el.parentNode as Element | null;
    }
    return null;
  };

  (gRows as Sel<SVGGElement>)
    .on('mouseover', (e: Event) => {
      const h = hit(e.target);
      if (!h) return;
      activate(h.row, true);
      if (h.part === null) return tip.hide();
      const r = s.rows[h.row]!;
      const at = h.part === 'key' ? l.key : l.product;
      const text = `${visibleToken(r.keyToken)}[${h.dim}]: q ${exact(s.query[h.dim]!)} × k ${exact(r.key[h.dim]!)} = ${exact(r.products[h.dim]!)}`;
      tip.show(at.x + (h.dim + 1) * l.cell, rowsY() + h.row * l.rowH + lineY(at.line) + CELL_H - 10, text, { width: l.width, height });
    })
    .on('mouseleave', () => deactivate(true))
    .on('focusin', (e: Event) => {
      const h = hit(e.target);
      if (h) activate(h.row, true);
    })
    .on('focusout', () => deactivate(true))
    .on('keydown', (e: KeyboardEvent) => {
      const h = hit(e.target);
      if (!h) return;
      const n = s.rows.length;
      let next: number;
      switch (e.key) {
        case 'ArrowDown': next = Math.min(n - 1, h.row + 1); break;
        case 'ArrowUp': next = Math.max(0, h.row - 1); break;
        case 'Home': next = 0; break;
        case 'End': next = n - 1; break;
        case 'Escape': deactivate(true); return;
        default: return;
      }
      e.preventDefault();
      (rowsSel().nodes()[next] as unknown as HTMLElement | undefined)?.focus?.();
      activate(next, true);
    });

  void draw(false);
  return {
    ...baseHandle(FN, frame),
    update(next) {
      s = readData(next, options, words);
      l = layout(s, width, options);
      return draw(true);
    },
    get rows() {
      return s.rows.map(rowCopy);
    },
    get query() {
      return s.query.slice();
    },
    get scale() {
      return s.scale;
    },
    get activeRow() {
      return active;
    },
    setActiveRow(index) {
      if (index === null) return deactivate(false);
      readInteger(FN, 'index', index, 0, s.rows.length - 1);
      activate(index, false);
    },
  };
}
