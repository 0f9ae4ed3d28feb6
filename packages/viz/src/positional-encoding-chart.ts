import { scaleLinear } from 'd3-scale';
import { interpolateRdBu, schemeTableau10 } from 'd3-scale-chromatic';
import { line } from 'd3-shape';
import { baseHandle, createFrame, hiddenTable, type Sel } from './chart-frame.js';
import type { FrameOptions, VizHandle } from './viz-handle.js';
import { drawAxis } from './draw-axis.js';
import { motionDuration, type MotionOptions } from './motion.js';
import { setAttrs } from './set-attrs.js';
import { readInteger, readMatrix, type ReadMatrix, readNumber, readOptions, readText } from './read-data.js';
import { exact, px } from './round.js';
import type { MatrixInput } from './shaped.js';
import { VizError } from './viz-error.js';
import { joinInOrder } from './join-in-order.js';
import { fillText } from './viz-text.js';

/**
 * Data of {@link positionalEncodingChart}: either an encoding to draw
 * (`{ encoding [seqLen, dModel] }`, e.g. from core's
 * `sinusoidalPositionalEncoding`) or the sizes of the sinusoidal encoding of
 * "Attention Is All You Need" to compute here.
 */
export type PositionalEncodingData =
  | { /** The encoding `[seqLen, dModel]`. */ encoding: MatrixInput }
  | {
      /** Number of positions. */
      seqLen: number;
      /** Size of each position's vector. */
      dModel: number;
      /** Wavelength base. Default `10000`. */
      base?: number;
    };

/** Options of {@link positionalEncodingChart}. */
export interface PositionalEncodingChartOptions extends FrameOptions, MotionOptions {
  /** Dimensions drawn as curves below the heatmap. Default `[0, 2, 4, 6]` (those `< dModel`). */
  dimensions?: readonly number[];
  /** Width of the heatmap and the curves in pixels. Default `480`. */
  width?: number;
  /** Height of the heatmap in pixels. Default `200`. */
  heatmapHeight?: number;
  /** Height of the curves in pixels. Default `160`. */
  curveHeight?: number;
}

const FN = 'positionalEncodingChart';
const M = { left: 52, right: 16, top: 22, gap: 56, bottom: 40 };

function readData(data: PositionalEncodingData): ReadMatrix {
  if (data == null || typeof data !== 'object') throw new TypeError(`${FN}: argument 'data' must be { encoding } or { seqLen, dModel, base? }`);
  if ('encoding' in data) return readMatrix(FN, 'data.encoding', data.encoding, { rowName: 'seqLen', colName: 'dModel' });
  const seqLen = readInteger(FN, 'data.seqLen', data.seqLen, 1, 4096)!;
  const dModel = readInteger(FN, 'data.dModel', data.dModel, 1, 4096)!;
  const base = data.base ?? 10000;
  if (!(typeof base === 'number' && base > 0 && Number.isFinite(base))) throw new VizError(FN, 'data.base', 'a positive number', String(base));
  const values = new Float64Array(seqLen * dModel);
  for (let pos = 0; pos < seqLen; pos++) {
    for (let i = 0; i < dModel; i++) {
      // Dimensions 2k and 2k + 1 share the frequency 1 / base^(2k / dModel): sin on even, cos on odd.
      const angle = pos / Math.pow(base, (2 * Math.floor(i / 2)) / dModel);
      values[pos * dModel + i] = i % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
    }
  }
  return { rows: seqLen, cols: dModel, values };
}

/**
 * Draws a positional encoding: a heatmap of positions (rows) × dimensions
 * (columns) on a diverging scale, and the chosen dimensions as curves over
 * the positions, marked above the heatmap in the curves' colours.
 *
 * @param container - The element to draw into.
 * @param data - `{ encoding [seqLen, dModel] }` or `{ seqLen, dModel, base? }` (sinusoidal).
 * @param options - See {@link PositionalEncodingChartOptions}.
 * @returns A handle with `update`, `destroy`, `toSVG` and `toPNG`.
 * @example
 * positionalEncodingChart(document.querySelector('#pe')!, { seqLen: 50, dModel: 64 }, { dimensions: [0, 1, 10, 30] });
 */
export function positionalEncodingChart(container: Element, data: PositionalEncodingData, options: PositionalEncodingChartOptions = {}): VizHandle<PositionalEncodingData> {
  readOptions(FN, options);
  readNumber(FN, 'options.width', options.width, 120, 10_000);
  readNumber(FN, 'options.heatmapHeight', options.heatmapHeight, 10, 10_000);
  readNumber(FN, 'options.curveHeight', options.curveHeight, 10, 10_000);
  readNumber(FN, 'options.duration', options.duration, 0, 60_000);
  const words = readText(FN, 'options.text', options.text);
  let m = readData(data);
  const readDims = (): number[] => {
    const dims = options.dimensions ?? [0, 2, 4, 6].filter((d) => d < m.cols);
    dims.forEach((d, i) => readInteger(FN, `options.dimensions[${i}]`, d, 0, m.cols - 1));
    return [...dims];
  };
  let dims = readDims();
  const frame = createFrame(FN, 'positional-encoding', container);
  const width = options.width ?? 480;
  const hh = options.heatmapHeight ?? 200;
  const chh = options.curveHeight ?? 160;
  const innerW = width - M.left - M.right;
  frame.setSize(width, M.top + hh + M.gap + chh + M.bottom);
  const gHeat = frame.svg.append('g').attr('class', 'al-pe-heatmap').attr('transform', `translate(${M.left},${M.top})`);
  const gMarks = frame.svg.append('g').attr('class', 'al-pe-marks').attr('transform', `translate(${M.left},${M.top})`);
  const gHeatAxisX = frame.svg.append('g').attr('transform', `translate(0,${M.top + hh})`) as Sel<SVGGElement>;
  const gHeatAxisY = frame.svg.append('g').attr('transform', `translate(${M.left},0)`) as Sel<SVGGElement>;
  const curveTop = M.top + hh + M.gap;
  const gCurves = frame.svg.append('g').attr('class', 'al-pe-curves').attr('fill', 'none');
  const gCurveX = frame.svg.append('g').attr('transform', `translate(0,${curveTop + chh})`) as Sel<SVGGElement>;
  const gCurveY = frame.svg.append('g').attr('transform', `translate(${M.left},0)`) as Sel<SVGGElement>;
  const table = hiddenTable(frame);
  let indices: number[] = [];

  function draw(animate: boolean): Promise<void> {
    const { rows, cols, values } = m;
    const title = options.title ?? fillText(words.peTitle, { seqLen: rows, dModel: cols, dims: dims.join(', ') });
    frame.setTitle(title);
    let maxAbs = 0;
    for (const v of values) maxAbs = Math.max(maxAbs, Math.abs(v));
    maxAbs = maxAbs || 1;
    const color = (v: number): string => interpolateRdBu(0.5 - v / (2 * maxAbs));
    const cw = innerW / Math.max(1, cols);
    const ch = hh / Math.max(1, rows);
    if (indices.length !== rows * cols) indices = Array.from({ length: rows * cols }, (_, i) => i);
    const cells = joinInOrder(gHeat.selectAll<SVGRectElement, number>('rect').data(indices), (enter) => enter.append('rect'))
      .attr('x', (i) => px((i % cols) * cw))
      .attr('y', (i) => px(Math.floor(i / cols) * ch))
      .attr('width', px(cw + 0.05))
      .attr('height', px(ch + 0.05));
    const done = setAttrs(cells, animate ? motionDuration(frame.doc, options) : 0, { fill: (i) => color(values[i]!) });
    drawAxis(gHeatAxisX, scaleLinear().domain([0, cols]).range([M.left, M.left + innerW]), 'bottom', { label: words.peDimension });
    drawAxis(gHeatAxisY, scaleLinear().domain([0, rows]).range([M.top, M.top + hh]), 'left', { label: words.pePosition });
    gMarks
      .selectAll<SVGPathElement, number>('path')
      .data(dims)
      .join('path')
      .attr('d', (d) => `M${px((d + 0.5) * cw)},-2l-4,-7h8z`)
      .attr('fill', (_, k) => schemeTableau10[k % 10]!)
      .attr('data-dimension', (d) => d);

    const x = scaleLinear().domain([0, Math.max(1, rows - 1)]).range([M.left, M.left + innerW]);
    const y = scaleLinear().domain([-maxAbs, maxAbs]).range([curveTop + chh, curveTop]);
    const path = line<number>()
      .x((_, pos) => px(x(pos)))
      .y((v) => px(y(v)));
    gCurves
      .selectAll<SVGPathElement, number>('path')
      .data(dims)
      .join('path')
      .attr('class', 'al-pe-curve')
      .attr('data-dimension', (d) => d)
      .attr('stroke', (_, k) => schemeTableau10[k % 10]!)
      .attr('stroke-width', 1.5)
      .attr('d', (d) => path(Array.from({ length: rows }, (_, pos) => values[pos * cols + d]!)));
    drawAxis(gCurveX, x, 'bottom', { label: words.pePosition });
    drawAxis(gCurveY, y, 'left', { label: words.peValue });
    table.set(
      title,
      [words.pePosition, ...dims.map((d) => fillText(words.peTableDimension, { dim: d }))],
      Array.from({ length: rows }, (_, pos) => [String(pos), ...dims.map((d) => exact(values[pos * cols + d]!))]),
    );
    return done;
  }

  void draw(false);
  return {
    ...baseHandle(FN, frame),
    update(next) {
      const prev = m;
      m = readData(next);
      try {
        dims = readDims();
      } catch (e) {
        m = prev;
        throw e;
      }
      return draw(true);
    },
  };
}
