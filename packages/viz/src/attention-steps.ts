import { format } from 'd3-format';
import { select } from 'd3-selection';
import { interpolateBlues, interpolateRdBu } from 'd3-scale-chromatic';
import { baseHandle, createFrame, hiddenTable, type Sel } from './chart-frame.js';
import type { FrameOptions, VizHandle } from './viz-handle.js';
import { cellSources, computeAttentionSteps, STEP_NAMES, type Grid, type StepName, type Steps } from './compute-attention-steps.js';
import { motionDuration, type MotionOptions } from './motion.js';
import { setAttrs } from './set-attrs.js';
import { readLabels, readMatrix, readNumber, readOptions, readText } from './read-data.js';
import { exact, px, truncate } from './round.js';
import type { MatrixInput } from './shaped.js';
import { joinInOrder } from './join-in-order.js';
import { fillText, type VizText } from './viz-text.js';

/** Data of {@link attentionSteps}: the inputs of scaled dot-product attention. */
export interface AttentionStepsData {
  /** Queries `[seqLenQ, dHead]`. */
  q: MatrixInput;
  /** Keys `[seqLenK, dHead]`. */
  k: MatrixInput;
  /** Values `[seqLenK, dValue]`. */
  v: MatrixInput;
  /** Which keys each query may attend to `[seqLenQ, seqLenK]`: nonzero = attend. Default: all. */
  mask?: MatrixInput;
  /** Let query `i` see only keys `j <= i`. Default `false`. */
  causal?: boolean;
  /** One label per query (`seqLenQ`). Default `"0", "1", ...`. */
  queryTokens?: readonly string[];
  /** One label per key (`seqLenK`). Default: `queryTokens` when the lengths match. */
  keyTokens?: readonly string[];
}

/** A cell of one step, as passed to `onCellHover`. */
export interface StepCell {
  /** `"q"`, `"kT"`, `"scores"`, `"scaled"`, `"masked"`, `"weights"`, `"v"` or `"output"`. */
  step: StepName;
  /** Row of the cell in its matrix. */
  row: number;
  /** Column of the cell in its matrix. */
  col: number;
  /** The number in the cell (`-Infinity` for a masked score). */
  value: number;
}

/** Options of {@link attentionSteps}. */
export interface AttentionStepsOptions extends FrameOptions, MotionOptions {
  /** d3-format specifier of the numbers. Default `".2f"`. */
  valueFormat?: string;
  /** Cell width in pixels. Default `40`. */
  cellWidth?: number;
  /** Cell height in pixels. Default `20`. */
  cellHeight?: number;
  /** Width at which the row of matrices wraps. Default `960`. */
  maxWidth?: number;
  /** Called when the hovered cell changes (`null` when none). */
  onCellHover?: (cell: StepCell | null) => void;
}

/** The handle of {@link attentionSteps}. */
export interface AttentionStepsHandle extends VizHandle<AttentionStepsData> {
  /** Highlights a cell and every cell that produced it, as hovering does; `null` clears. */
  highlight(cell: { step: StepName; row: number; col: number } | null): void;
}

const FN = 'attentionSteps';
const TITLE_H = 30;
const GAP = 28;

interface State {
  steps: Steps;
  dHead: number;
  queryTokens: string[];
  keyTokens: string[];
}

interface CellDatum {
  step: StepName;
  row: number;
  col: number;
  index: number;
}

function readData(data: AttentionStepsData): State {
  if (data == null || typeof data !== 'object') throw new TypeError(`${FN}: argument 'data' must be an object { q, k, v, mask?, causal? }`);
  const q = readMatrix(FN, 'data.q', data.q, { rowName: 'seqLenQ', colName: 'dHead' });
  const k = readMatrix(FN, 'data.k', data.k, { rowName: 'seqLenK', colName: 'dHead', cols: q.cols });
  const v = readMatrix(FN, 'data.v', data.v, { rowName: 'seqLenK', colName: 'dValue', rows: k.rows });
  const keep = new Uint8Array(q.rows * k.rows).fill(1);
  if (data.mask !== undefined) {
    const m = readMatrix(FN, 'data.mask', data.mask, { rowName: 'seqLenQ', colName: 'seqLenK', rows: q.rows, cols: k.rows });
    m.values.forEach((x, i) => (keep[i] = x === 0 ? 0 : 1));
  }
  if (data.causal === true) for (let i = 0; i < q.rows; i++) for (let j = i + 1; j < k.rows; j++) keep[i * k.rows + j] = 0;
  const queryTokens = readLabels(FN, 'data.queryTokens', data.queryTokens, q.rows, 'seqLenQ');
  const keyTokens = readLabels(FN, 'data.keyTokens', data.keyTokens ?? (q.rows === k.rows ? data.queryTokens : undefined), k.rows, 'seqLenK');
  return { steps: computeAttentionSteps(q, k, v, keep), dHead: q.cols, queryTokens, keyTokens };
}

const title = (step: StepName, dHead: number, words: VizText): string =>
  ({ q: 'Q', kT: 'Kᵀ', scores: 'QKᵀ', scaled: `÷√${dHead}`, masked: words.stepsMask, weights: 'softmax', v: 'V', output: '×V' })[step];

const caption = (step: StepName, words: VizText): string =>
  ({
    q: words.stepsQueries,
    kT: words.stepsKeys,
    scores: words.stepsScores,
    scaled: words.stepsScaled,
    masked: words.stepsMasked,
    weights: words.stepsWeights,
    v: words.stepsValues,
    output: words.stepsOutput,
  })[step];

/**
 * Lays out scaled dot-product attention as small matrices with their numbers:
 * Q, Kᵀ, QKᵀ, ÷√dHead, the mask, softmax, V and ×V. Hovering (or
 * {@link AttentionStepsHandle.highlight | highlight}) a cell outlines every
 * cell that produced it, back to the inputs.
 *
 * @param container - The element to draw into.
 * @param data - `{ q [seqLenQ, dHead], k [seqLenK, dHead], v [seqLenK, dValue], mask?, causal?, queryTokens?, keyTokens? }`.
 * @param options - See {@link AttentionStepsOptions}.
 * @returns A handle with `update`, `destroy`, `toSVG`, `toPNG` and `highlight`.
 * @example
 * const steps = attentionSteps(document.querySelector('#steps')!, {
 *   q: [[0.3, 0.6]],
 *   k: [[0.8, 1.0], [1.6, 2.0], [0.4, 0.5]],
 *   v: [[1.2, 1.4], [2.4, 2.8], [0.6, 0.7]],
 * });
 * steps.highlight({ step: 'output', row: 0, col: 1 });
 */
export function attentionSteps(container: Element, data: AttentionStepsData, options: AttentionStepsOptions = {}): AttentionStepsHandle {
  readOptions(FN, options);
  readNumber(FN, 'options.cellWidth', options.cellWidth, 1, 1000);
  readNumber(FN, 'options.cellHeight', options.cellHeight, 1, 1000);
  readNumber(FN, 'options.maxWidth', options.maxWidth, 120, 100_000);
  readNumber(FN, 'options.duration', options.duration, 0, 60_000);
  const words = readText(FN, 'options.text', options.text);
  let s = readData(data);
  const frame = createFrame(FN, 'attention-steps', container);
  const { svg } = frame;
  svg.attr('role', 'group');
  const cw = options.cellWidth ?? 40;
  const ch = options.cellHeight ?? 20;
  const maxWidth = options.maxWidth ?? 960;
  const fmt = format(options.valueFormat ?? '.2f');
  const gBlocks = svg.append('g').attr('class', 'al-steps');
  const table = hiddenTable(frame);
  let hovered: { step: StepName; row: number; col: number } | null = null;

  const show = (v: number): string => (v === -Infinity ? '−∞' : fmt(v));
  const fillOf = (step: StepName, v: number, g: Grid): string => {
    if (v === -Infinity) return '#e6e6e6';
    if (step === 'weights') return interpolateBlues(0.05 + 0.5 * v);
    let m = 0;
    for (const x of g.values) if (Number.isFinite(x)) m = Math.max(m, Math.abs(x));
    return interpolateRdBu(0.5 - (m ? (0.3 * v) / m : 0));
  };

  function draw(animate: boolean): Promise<void> {
    const { steps, dHead } = s;
    const label = options.title ?? fillText(words.stepsTitle, { seqLenQ: steps.q.rows, seqLenK: steps.kT.cols, dHead });
    frame.setTitle(label);
    // Place the blocks left to right, wrapping at maxWidth.
    const origin: Record<string, [number, number]> = {};
    let x = 8;
    let y = 4;
    let lineH = 0;
    let width = 0;
    for (const name of STEP_NAMES) {
      const g = steps[name];
      const w = Math.max(g.cols * cw, 36);
      if (x > 8 && x + w > maxWidth) {
        x = 8;
        y += lineH + GAP;
        lineH = 0;
      }
      origin[name] = [x, y];
      x += w + GAP;
      width = Math.max(width, x);
      lineH = Math.max(lineH, TITLE_H + g.rows * ch);
    }
    frame.setSize(width, y + lineH + 8);

    const blocks = gBlocks
      .selectAll<SVGGElement, StepName>('g.al-step')
      .data(STEP_NAMES)
      .join((enter) => {
        const g = enter.append('g').attr('class', 'al-step');
        g.append('text').attr('class', 'al-step-title').attr('font-weight', 'bold').attr('font-size', 12);
        g.append('text').attr('class', 'al-step-caption').attr('fill', '#555555').attr('font-size', 9);
        g.append('g').attr('class', 'al-step-cells');
        return g;
      })
      .attr('data-step', (d) => d)
      .attr('transform', (d) => `translate(${origin[d]![0]},${origin[d]![1]})`);
    blocks.select('.al-step-title').attr('y', 12).text((d) => title(d, dHead, words));
    blocks.select('.al-step-caption').attr('y', 24).text((d) => caption(d, words));

    const dur = animate ? motionDuration(frame.doc, options) : 0;
    const done: Promise<void>[] = [];
    blocks.each(function (name) {
      const g = steps[name];
      const cells: CellDatum[] = Array.from({ length: g.values.length }, (_, index) => ({ step: name, row: Math.floor(index / g.cols), col: index % g.cols, index }));
      const cellG = joinInOrder((select(this).select('.al-step-cells') as Sel<SVGGElement>).selectAll<SVGGElement, CellDatum>('g.al-step-cell').data(cells), (enter) => {
          const c = enter.append('g').attr('class', 'al-step-cell');
          c.append('rect').attr('stroke', '#ffffff').attr('stroke-width', 1);
          c.append('text').attr('text-anchor', 'middle').attr('dy', '0.35em').attr('font-size', 10).attr('fill', '#111111').attr('pointer-events', 'none');
          return c;
        })
        .attr('data-row', (d) => d.row)
        .attr('data-col', (d) => d.col)
        .attr('transform', (d) => `translate(${d.col * cw},${TITLE_H + d.row * ch})`);
      const rects = cellG.select<SVGRectElement>('rect').attr('width', cw).attr('height', ch);
      done.push(setAttrs(rects, dur, { fill: (d) => fillOf(name, g.values[d.index]!, g) }));
      cellG.select('text').attr('x', px(cw / 2)).attr('y', px(ch / 2)).text((d) => show(g.values[d.index]!));
    });

    table.set(
      label,
      [words.stepsTableStep, words.stepsTableRow, words.stepsTableValues],
      STEP_NAMES.flatMap((name) => {
        const g = steps[name];
        const rowLabel = (i: number): string =>
          name === 'q' || name === 'scores' || name === 'scaled' || name === 'masked' || name === 'weights' || name === 'output'
            ? s.queryTokens[i]!
            : name === 'v'
              ? s.keyTokens[i]!
              : fillText(words.stepsDim, { dim: i });
        return Array.from({ length: g.rows }, (_, i) => [
          `${title(name, dHead, words)} (${caption(name, words)})`,
          truncate(rowLabel(i), 40),
          Array.from(g.values.subarray(i * g.cols, (i + 1) * g.cols), (v) => exact(v)).join(', '),
        ]);
      }),
    );
    if (hovered && hovered.row < steps[hovered.step].rows && hovered.col < steps[hovered.step].cols) mark(hovered);
    else if (hovered) unmark();
    return Promise.all(done).then(() => undefined);
  }

  function mark(cell: { step: StepName; row: number; col: number }): void {
    hovered = cell;
    const sources = cellSources(s.steps, cell.step, cell.row, cell.col);
    gBlocks.selectAll<SVGGElement, CellDatum>('g.al-step-cell').each(function (d) {
      const isTarget = d.step === cell.step && d.row === cell.row && d.col === cell.col;
      const isSource = sources.get(d.step)?.has(d.index) === true;
      const g = select(this);
      g.classed('al-target', isTarget).classed('al-source', isSource);
      g.select('rect')
        .attr('stroke', isTarget ? '#d62728' : isSource ? '#ff7f0e' : '#ffffff')
        .attr('stroke-width', isTarget || isSource ? 2 : 1);
    });
  }

  function unmark(): void {
    hovered = null;
    gBlocks.selectAll('g.al-step-cell').classed('al-target', false).classed('al-source', false).select('rect').attr('stroke', '#ffffff').attr('stroke-width', 1);
  }

  const cellOf = (target: EventTarget | null): { step: StepName; row: number; col: number } | null => {
    let el = target as Element | null;
    while (el && el.getAttribute?.('class') !== 'al-step-cell' && !String(el.getAttribute?.('class')).startsWith('al-step-cell ')) {
      if (el === gBlocks.node()) return null;
      el = el.parentNode as Element | null;
    }
    if (!el) return null;
    const step = (el.parentNode!.parentNode as Element).getAttribute('data-step') as StepName;
    return { step, row: Number(el.getAttribute('data-row')), col: Number(el.getAttribute('data-col')) };
  };
  (gBlocks as Sel<SVGGElement>)
    .on('mouseover', (e: Event) => {
      const c = cellOf(e.target);
      if (!c || (hovered && c.step === hovered.step && c.row === hovered.row && c.col === hovered.col)) return;
      mark(c);
      const g = s.steps[c.step];
      options.onCellHover?.({ ...c, value: g.values[c.row * g.cols + c.col]! });
    })
    .on('mouseleave', () => {
      unmark();
      options.onCellHover?.(null);
    });

  void draw(false);
  return {
    ...baseHandle(FN, frame),
    update(next) {
      s = readData(next);
      return draw(true);
    },
    highlight(cell) {
      if (cell === null) return unmark();
      const g = s.steps[cell.step];
      if (!g || !(cell.row >= 0 && cell.row < g.rows && cell.col >= 0 && cell.col < g.cols)) {
        throw new RangeError(`${FN}: highlight(${JSON.stringify(cell)}) is outside the steps (step one of ${STEP_NAMES.join(', ')}; ${cell.step} has shape [${g?.rows}, ${g?.cols}])`);
      }
      mark(cell);
    },
  };
}
