import { format } from 'd3-format';
import { baseHandle, createFrame, hiddenTable, liveRegion, tooltip, type Frame, type Sel } from './chart-frame.js';
import type { FrameOptions, VizHandle } from './viz-handle.js';
import { colorScale, type ColorScale, type ColorScheme } from './color-scale.js';
import { motionDuration, type MotionOptions } from './motion.js';
import { setAttrs } from './set-attrs.js';
import { readChoice, readDomain, readInteger, readLabels, readMatrix, readNumber, readOptions, readText } from './read-data.js';
import { exact, px, truncate } from './round.js';
import type { MatrixInput } from './shaped.js';
import { joinInOrder } from './join-in-order.js';
import { fillText, type VizText } from './viz-text.js';

/** Data of {@link attentionHeatmap}. */
export interface AttentionHeatmapData {
  /** Weights or scores `[seqLenQ, seqLenK]`; `-Infinity` marks a masked score. */
  values: MatrixInput;
  /** One label per query row (`seqLenQ`). Default `"0", "1", ...`. Set as text, never HTML. */
  queryTokens?: readonly string[];
  /** One label per key column (`seqLenK`). Default `"0", "1", ...`. Set as text, never HTML. */
  keyTokens?: readonly string[];
  /** Which keys each query may attend to `[seqLenQ, seqLenK]`: nonzero = attend, 0 = masked. Default: all. */
  mask?: MatrixInput;
}

/** One heatmap cell, as passed to the click and hover callbacks. */
export interface HeatmapCell {
  /** Query index (row). */
  row: number;
  /** Key index (column). */
  col: number;
  /** The number drawn in the cell (`-Infinity` for a masked score). */
  value: number;
  /** Whether the cell is masked. */
  masked: boolean;
  /** The row's label. */
  queryToken: string;
  /** The column's label. */
  keyToken: string;
}

/** Options of {@link attentionHeatmap}. */
export interface AttentionHeatmapOptions extends FrameOptions, MotionOptions {
  /** `"sequential"` (viridis), `"diverging"` (red-blue around 0) or `"auto"` (diverging when a value is negative). Default `"auto"`. */
  colorScheme?: ColorScheme;
  /** Fixed colour domain `[min, max]`. Default: from the data (sequential starts at 0). */
  domain?: readonly [number, number];
  /** Side of a cell in pixels, from 1 to 256. Default: `512 / max(seqLenQ, seqLenK)`, clamped to [4, 32]. */
  cellSize?: number;
  /** Write each value in its cell. Default `false`. */
  showValues?: boolean;
  /** d3-format specifier for the numbers in cells. Default `".2f"`. */
  valueFormat?: string;
  /**
   * Largest matrix (seqLenQ × seqLenK) whose hidden table has one cell per
   * number; a larger one gets one row per query listing its `key: value`
   * pairs, which keeps updates fast. Default `1024`.
   */
  tableCellLimit?: number;
  /** Draw the colour legend. Default `true`. */
  legend?: boolean;
  /** Called when a cell is clicked, or Enter/Space on the keyboard-focused cell. */
  onCellClick?: (cell: HeatmapCell) => void;
  /** Called when the hovered or keyboard-focused cell changes (`null` when none). */
  onCellHover?: (cell: HeatmapCell | null) => void;
}

/** The handle of {@link attentionHeatmap}. */
export interface AttentionHeatmapHandle extends VizHandle<AttentionHeatmapData> {
  /** Highlights a cell as if hovered (row, column, tooltip); `null` clears it. */
  setActiveCell(cell: { row: number; col: number } | null): void;
}

interface State {
  rows: number;
  cols: number;
  values: Float64Array;
  masked: Uint8Array;
  queryTokens: string[];
  keyTokens: string[];
  scale: ColorScale;
  cell: number;
  left: number;
  top: number;
  width: number;
  height: number;
}

const FN = 'attentionHeatmap';
const LABEL_CHARS = 14;
/** The most cells (seqLenQ × seqLenK) a heatmap draws: 256 × 256. One SVG rect each; 512 × 512 took 22 s to draw. */
const MAX_CELLS = 65_536;

/** Checks the options once, at the call; every later draw reads them as given. Returns the chart's texts. */
function checkOptions(options: AttentionHeatmapOptions): VizText {
  const o = readOptions(FN, options);
  readChoice(FN, 'options.colorScheme', o.colorScheme, ['auto', 'sequential', 'diverging']);
  readDomain(FN, 'options.domain', o.domain);
  readNumber(FN, 'options.cellSize', o.cellSize, 1, 256);
  readInteger(FN, 'options.tableCellLimit', o.tableCellLimit, 0, MAX_CELLS);
  readNumber(FN, 'options.duration', o.duration, 0, 60_000);
  return readText(FN, 'options.text', o.text);
}

function readData(data: AttentionHeatmapData, options: AttentionHeatmapOptions): Omit<State, 'cell' | 'left' | 'top' | 'width' | 'height'> {
  if (data == null || typeof data !== 'object') throw new TypeError(`${FN}: argument 'data' must be an object { values, queryTokens?, keyTokens?, mask? }`);
  const m = readMatrix(FN, 'data.values', data.values, { rowName: 'seqLenQ', colName: 'seqLenK', allowNegativeInfinity: true, maxCells: MAX_CELLS });
  const queryTokens = readLabels(FN, 'data.queryTokens', data.queryTokens, m.rows, 'seqLenQ');
  const keyTokens = readLabels(FN, 'data.keyTokens', data.keyTokens, m.cols, 'seqLenK');
  const masked = new Uint8Array(m.values.length);
  if (data.mask !== undefined) {
    const mask = readMatrix(FN, 'data.mask', data.mask, { rowName: 'seqLenQ', colName: 'seqLenK', rows: m.rows, cols: m.cols });
    mask.values.forEach((x, i) => (masked[i] = x === 0 ? 1 : 0));
  }
  m.values.forEach((x, i) => {
    if (x === -Infinity) masked[i] = 1;
  });
  const visible = m.values.filter((_, i) => !masked[i]);
  const scale = colorScale(visible, options.colorScheme ?? 'auto', options.domain);
  return { rows: m.rows, cols: m.cols, values: m.values, masked, queryTokens, keyTokens, scale };
}

function layout(s: Omit<State, 'cell' | 'left' | 'top' | 'width' | 'height'>, options: AttentionHeatmapOptions): State {
  const n = Math.max(s.rows, s.cols, 1);
  const cell = options.cellSize ?? Math.min(32, Math.max(4, Math.floor(512 / n)));
  const chars = (tokens: string[]): number => tokens.reduce((m, t) => Math.max(m, Math.min(LABEL_CHARS, t.length)), 1);
  const left = Math.ceil(chars(s.queryTokens) * 6.6 + 12);
  const top = Math.ceil(chars(s.keyTokens) * 6.6 + 12);
  const legendHeight = options.legend === false ? 8 : 44;
  const width = Math.max(left + s.cols * cell + 12, options.legend === false ? 0 : left + 240);
  const height = top + s.rows * cell + legendHeight;
  return { ...s, cell, left, top, width, height };
}

/**
 * Draws attention as a heatmap: query rows × key columns with token labels,
 * up to 65,536 cells (256 × 256); a larger matrix throws a {@link VizError}
 * naming its shape and the limit (slice it, or draw a model's heads with
 * `modelView`).
 * Weights get a sequential (viridis) colour scale, signed scores a diverging
 * one; hovering or arrow-key focus shows the exact value and highlights the
 * row and column; masked cells are hatched. A visually hidden table carries
 * every number for screen readers.
 *
 * @param container - The element to draw into (the chart is appended to it).
 * @param data - `{ values [seqLenQ, seqLenK], queryTokens?, keyTokens?, mask? }`.
 * @param options - See {@link AttentionHeatmapOptions}.
 * @returns A handle with `update(data)`, `destroy()`, `toSVG()`, `toPNG()` and `setActiveCell()`.
 * @example
 * const chart = attentionHeatmap(document.querySelector('#fig')!, {
 *   values: { data: weights, shape: [3, 3] }, // e.g. await w.data() of a [seqLenQ, seqLenK] tensor
 *   queryTokens: ['the', 'cat', 'sat'],
 *   keyTokens: ['the', 'cat', 'sat'],
 * }, { title: 'Self-attention of layer 1', onCellClick: (c) => console.log(c.value) });
 * await chart.update({ values: next, queryTokens: tokens, keyTokens: tokens });
 */
export function attentionHeatmap(container: Element, data: AttentionHeatmapData, options: AttentionHeatmapOptions = {}): AttentionHeatmapHandle {
  const words = checkOptions(options);
  let s = layout(readData(data, options), options);
  const frame: Frame = createFrame(FN, 'heatmap', container);
  const { svg, id } = frame;
  svg
    .attr('role', 'application')
    .attr('aria-roledescription', words.heatmapRole)
    .attr('tabindex', 0)
    .attr('aria-keyshortcuts', 'ArrowUp ArrowDown ArrowLeft ArrowRight Home End Enter Escape');
  const pattern = svg
    .append('defs')
    .append('pattern')
    .attr('id', `${id}-masked`)
    .attr('width', 6)
    .attr('height', 6)
    .attr('patternUnits', 'userSpaceOnUse')
    .attr('patternTransform', 'rotate(45)');
  pattern.append('rect').attr('width', 6).attr('height', 6).attr('fill', '#eeeeee');
  pattern.append('line').attr('x1', 0).attr('y1', 0).attr('x2', 0).attr('y2', 6).attr('stroke', '#999999').attr('stroke-width', 2);
  const maskedFill = `url(#${id}-masked)`;

  const plot = svg.append('g').attr('class', 'al-plot');
  const gCells = plot.append('g').attr('class', 'al-cells').attr('shape-rendering', 'crispEdges');
  const gValues = plot.append('g').attr('class', 'al-values').attr('pointer-events', 'none').attr('text-anchor', 'middle');
  const rowBand = plot.append('rect').attr('class', 'al-row-highlight').attr('fill', 'none').attr('stroke', '#111111').attr('stroke-width', 1.5).attr('pointer-events', 'none').attr('visibility', 'hidden');
  const colBand = plot.append('rect').attr('class', 'al-col-highlight').attr('fill', 'none').attr('stroke', '#111111').attr('stroke-width', 1.5).attr('pointer-events', 'none').attr('visibility', 'hidden');
  const gRowLabels = svg.append('g').attr('class', 'al-row-labels').attr('text-anchor', 'end');
  const gColLabels = svg.append('g').attr('class', 'al-col-labels').attr('text-anchor', 'start');
  const gLegend = svg.append('g').attr('class', 'al-legend');
  const tip = tooltip(frame);
  const table = hiddenTable(frame);
  const live = liveRegion(frame);
  const fmt = format(options.valueFormat ?? '.2f');
  let active: { row: number; col: number } | null = null;
  let indices: number[] = [];
  let hadMask = false;

  const cellInfo = (row: number, col: number): HeatmapCell => {
    const i = row * s.cols + col;
    return { row, col, value: s.values[i]!, masked: s.masked[i] === 1, queryToken: s.queryTokens[row]!, keyToken: s.keyTokens[col]! };
  };
  const fill = (i: number): string => (s.masked[i] ? maskedFill : s.scale.color(s.values[i]!));

  function draw(animate: boolean): Promise<void> {
    const { rows, cols, cell } = s;
    const title = options.title ?? fillText(words.heatmapTitle, { rows, cols });
    frame.setTitle(title);
    frame.setSize(s.width, s.height);
    plot.attr('transform', `translate(${s.left},${s.top})`);
    if (indices.length !== rows * cols) indices = Array.from({ length: rows * cols }, (_, i) => i);

    const cells = joinInOrder(gCells.selectAll<SVGRectElement, number>('rect').data(indices), (enter) => enter.append('rect').attr('class', 'al-cell'));
    const geometry = cells.empty() || cells.attr('data-row') === null || gCells.attr('data-layout') !== `${rows}x${cols}@${cell}`;
    if (geometry) {
      gCells.attr('data-layout', `${rows}x${cols}@${cell}`);
      cells
        .attr('x', (i) => (i % cols) * cell)
        .attr('y', (i) => Math.floor(i / cols) * cell)
        .attr('width', cell)
        .attr('height', cell)
        .attr('data-row', (i) => Math.floor(i / cols))
        .attr('data-col', (i) => i % cols);
    }
    const duration = animate ? motionDuration(frame.doc, options) : 0;
    const hasMask = s.masked.some((m) => m === 1);
    if (hasMask || hadMask) cells.classed('al-masked', (i) => s.masked[i] === 1);
    hadMask = hasMask;
    const maskedCells = hasMask ? cells.filter((i) => s.masked[i] === 1) : null;
    maskedCells?.interrupt().attr('fill', maskedFill);
    const done = setAttrs(hasMask ? cells.filter((i) => s.masked[i] !== 1) : cells, duration, { fill });

    if (options.showValues) {
      joinInOrder(gValues.selectAll<SVGTextElement, number>('text').data(indices), (enter) => enter.append('text'))
        .attr('x', (i) => px((i % cols) * cell + cell / 2))
        .attr('y', (i) => px(Math.floor(i / cols) * cell + cell / 2))
        .attr('dy', '0.35em')
        .attr('font-size', Math.max(7, Math.min(11, Math.floor(cell / 2.8))))
        .attr('fill', (i) => (s.masked[i] ? '#555555' : s.scale.textColor(s.values[i]!)))
        .text((i) => (s.masked[i] ? '×' : fmt(s.values[i]!)));
    }

    const every = Math.max(1, Math.ceil(12 / cell));
    gRowLabels
      .selectAll<SVGTextElement, string>('text')
      .data(s.queryTokens)
      .join('text')
      .attr('x', s.left - 6)
      .attr('y', (_, i) => px(s.top + i * cell + cell / 2))
      .attr('dy', '0.35em')
      .attr('data-index', (_, i) => i)
      .attr('visibility', (_, i) => (i % every === 0 ? null : 'hidden'))
      .text((t) => truncate(t, LABEL_CHARS));
    gColLabels
      .selectAll<SVGTextElement, string>('text')
      .data(s.keyTokens)
      .join('text')
      .attr('transform', (_, i) => `translate(${px(s.left + i * cell + cell / 2)},${s.top - 6}) rotate(-90)`)
      .attr('dy', '0.35em')
      .attr('data-index', (_, i) => i)
      .attr('visibility', (_, i) => (i % every === 0 ? null : 'hidden'))
      .text((t) => truncate(t, LABEL_CHARS));

    drawLegend(hasMask);
    const text = (r: number, c: number): string => (s.masked[r * cols + c] ? words.masked : exact(s.values[r * cols + c]!));
    if (rows * cols <= (options.tableCellLimit ?? 1024)) {
      table.set(title, [words.tableQueryKey, ...s.keyTokens], s.queryTokens.map((q, r) => [q, ...s.keyTokens.map((_, c) => text(r, c))]));
    } else {
      // A large matrix gets one row per query listing "key: value" pairs: the
      // same numbers in far fewer elements, and fewer stops for a screen reader.
      table.set(title, [words.tableQuery, words.heatmapPairs], s.queryTokens.map((q, r) => [q, s.keyTokens.map((k, c) => `${k}: ${text(r, c)}`).join(', ')]));
    }
    if (active && (active.row >= rows || active.col >= cols)) active = null;
    if (active) activate(active.row, active.col, false);
    return done;
  }

  function drawLegend(hasMask: boolean): void {
    gLegend.selectAll('*').remove();
    if (options.legend === false) return;
    const y = s.top + s.rows * s.cell + 12;
    gLegend.attr('transform', `translate(${s.left},${y})`);
    const steps = 32;
    const w = 160 / steps;
    const [lo, hi] = s.scale.domain;
    gLegend
      .selectAll('rect.al-ramp')
      .data(Array.from({ length: steps }, (_, k) => lo + ((k + 0.5) / steps) * (hi - lo)))
      .join('rect')
      .attr('class', 'al-ramp')
      .attr('x', (_, k) => px(k * w))
      .attr('width', px(w + 0.3))
      .attr('height', 10)
      .attr('fill', (v) => s.scale.color(v));
    const tick = format('.3~g');
    gLegend.append('text').attr('y', 22).attr('dy', '0.35em').text(tick(lo));
    gLegend.append('text').attr('x', 160).attr('y', 22).attr('dy', '0.35em').attr('text-anchor', 'end').text(tick(hi));
    if (hasMask) {
      gLegend.append('rect').attr('x', 176).attr('width', 10).attr('height', 10).attr('fill', maskedFill).attr('stroke', '#999999');
      gLegend.append('text').attr('x', 190).attr('y', 5).attr('dy', '0.35em').text(words.masked);
    }
  }

  function activate(row: number, col: number, notify: boolean): void {
    active = { row, col };
    const { cell } = s;
    rowBand.attr('x', 0).attr('y', row * cell).attr('width', s.cols * cell).attr('height', cell).attr('visibility', 'visible');
    colBand.attr('x', col * cell).attr('y', 0).attr('width', cell).attr('height', s.rows * cell).attr('visibility', 'visible');
    gRowLabels.selectAll<SVGTextElement, string>('text').attr('font-weight', (_, i) => (i === row ? 'bold' : null)).classed('al-active', (_, i) => i === row);
    gColLabels.selectAll<SVGTextElement, string>('text').attr('font-weight', (_, i) => (i === col ? 'bold' : null)).classed('al-active', (_, i) => i === col);
    const c = cellInfo(row, col);
    const text = `${c.queryToken} → ${c.keyToken}: ${c.masked ? words.masked : exact(c.value)}`;
    tip.show(s.left + (col + 1) * cell, s.top + (row + 1) * cell, text, s);
    live.textContent = fillText(words.heatmapLive, { row: row + 1, rows: s.rows, col: col + 1, cols: s.cols, cell: text });
    if (notify) options.onCellHover?.(c);
  }

  function deactivate(): void {
    if (!active) return;
    active = null;
    rowBand.attr('visibility', 'hidden');
    colBand.attr('visibility', 'hidden');
    gRowLabels.selectAll('text').attr('font-weight', null).classed('al-active', false);
    gColLabels.selectAll('text').attr('font-weight', null).classed('al-active', false);
    tip.hide();
    options.onCellHover?.(null);
  }

  const cellOf = (target: EventTarget | null): { row: number; col: number } | null => {
    const el = target as Element | null;
    if (!el || typeof el.getAttribute !== 'function' || el.getAttribute('class')?.includes('al-cell') !== true) return null;
    return { row: Number(el.getAttribute('data-row')), col: Number(el.getAttribute('data-col')) };
  };

  (gCells as Sel<SVGGElement>)
    .on('mouseover', (event: Event) => {
      const c = cellOf(event.target);
      if (c && (c.row !== active?.row || c.col !== active?.col)) activate(c.row, c.col, true);
    })
    .on('mouseleave', () => deactivate())
    .on('click', (event: Event) => {
      const c = cellOf(event.target);
      if (c) options.onCellClick?.(cellInfo(c.row, c.col));
    });
  svg
    .on('focus', () => {
      if (s.rows > 0 && s.cols > 0) activate(active?.row ?? 0, active?.col ?? 0, true);
    })
    .on('blur', () => deactivate())
    .on('keydown', (event: KeyboardEvent) => {
      if (s.rows === 0 || s.cols === 0) return;
      const cur = active ?? { row: 0, col: 0 };
      let { row, col } = cur;
      switch (event.key) {
        case 'ArrowUp': row = Math.max(0, row - 1); break;
        case 'ArrowDown': row = Math.min(s.rows - 1, row + 1); break;
        case 'ArrowLeft': col = Math.max(0, col - 1); break;
        case 'ArrowRight': col = Math.min(s.cols - 1, col + 1); break;
        case 'Home': col = 0; break;
        case 'End': col = s.cols - 1; break;
        case 'Enter':
        case ' ':
          options.onCellClick?.(cellInfo(cur.row, cur.col));
          event.preventDefault();
          return;
        case 'Escape': deactivate(); return;
        default: return;
      }
      event.preventDefault();
      activate(row, col, true);
    });

  void draw(false);
  return {
    ...baseHandle(FN, frame),
    update(next) {
      s = layout(readData(next, options), options);
      return draw(true);
    },
    setActiveCell(cell) {
      if (cell === null) return deactivate();
      if (!(cell.row >= 0 && cell.row < s.rows && cell.col >= 0 && cell.col < s.cols)) {
        throw new RangeError(`${FN}: setActiveCell({ row: ${cell.row}, col: ${cell.col} }) is outside [seqLenQ=${s.rows}, seqLenK=${s.cols}]`);
      }
      activate(cell.row, cell.col, false);
    },
  };
}
