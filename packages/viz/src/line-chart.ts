import { scaleLinear } from 'd3-scale';
import { schemeTableau10 } from 'd3-scale-chromatic';
import { baseHandle, createFrame, hiddenTable, type Sel } from './chart-frame.js';
import type { FrameOptions, VizHandle } from './viz-handle.js';
import { drawAxis } from './draw-axis.js';
import { motionDuration, type MotionOptions } from './motion.js';
import { setAttrs } from './set-attrs.js';
import { checkLimit, describe, readDomain, readNumber, readOptions, readText, readVector } from './read-data.js';
import { exact, textWidth } from './round.js';
import { VizError } from './viz-error.js';
import { fillText } from './viz-text.js';

/** One line of a {@link lineChart}: points `(x[i], y[i])`. */
export interface LineSeries {
  /** The series' name, shown in the legend (set as text). */
  name: string;
  /** X coordinates, e.g. training steps. */
  x: ArrayLike<number>;
  /** Y coordinates, e.g. the loss; same length as `x`. */
  y: ArrayLike<number>;
}

/** Data of {@link lineChart}. */
export interface LineChartData {
  /** The lines, each in its own colour. */
  series: readonly LineSeries[];
}

/** Options of {@link lineChart}. */
export interface LineChartOptions extends FrameOptions, MotionOptions {
  /** Width in pixels, from 120 to 10,000. Default `480`. */
  width?: number;
  /** Height in pixels, from 80 to 10,000. Default `260`. */
  height?: number;
  /** Label under the x axis. Default none. */
  xLabel?: string;
  /** Label beside the y axis. Default none. */
  yLabel?: string;
  /** Fixed y domain, e.g. `[0, 1]` for accuracy. Default: grows to fit the data. */
  yDomain?: readonly [number, number];
}

/** The handle of {@link lineChart}. */
export interface LineChartHandle extends VizHandle<LineChartData> {
  /**
   * Adds points to a series (created if new) without redrawing what is
   * already drawn: the new stretch of line is a new path, and when the
   * domain grows only the plot's transform and the axes change.
   */
  append(name: string, x: number | ArrayLike<number>, y: number | ArrayLike<number>): void;
}

const FN = 'lineChart';
/** The most points a chart holds, over all its series and appends: each is a row of the hidden table (100,000 took 8 s to draw in Node). */
const MAX_POINTS = 20_000;
const M = { left: 52, right: 110, top: 12, bottom: 40 };

interface Series {
  name: string;
  color: string;
  last: [number, number] | null;
  group: Sel<SVGGElement>;
}

const num = (v: number): string => String(Number(v.toPrecision(6)));

function readSeries(argument: string, x: unknown, y: unknown): [Float64Array, Float64Array] {
  const xs = readVector(FN, `${argument}.x`, typeof x === 'number' ? [x] : x);
  const ys = readVector(FN, `${argument}.y`, typeof y === 'number' ? [y] : y, xs.length, 'points');
  return [xs, ys];
}

/**
 * Draws live training curves. `append` adds points as they arrive without
 * touching what is drawn: lines are drawn in data units inside one group
 * whose transform maps them to pixels, so a growing domain changes only that
 * transform and the axes. A chart holds at most 20,000 points over all its
 * series and appends; more throws a {@link VizError} naming the limit (append
 * every k-th step, or a running mean, for longer runs).
 *
 * @param container - The element to draw into.
 * @param data - `{ series: [{ name, x, y }] }` (may start empty).
 * @param options - See {@link LineChartOptions}.
 * @returns A handle with `append`, `update`, `destroy`, `toSVG` and `toPNG`.
 * @example
 * const chart = lineChart(document.querySelector('#loss')!, { series: [] }, { xLabel: 'step', yLabel: 'loss' });
 * model.fit(x, y, { callbacks: { onBatchEnd: (step, logs) => chart.append('loss', step, logs!.loss) } });
 */
export function lineChart(container: Element, data: LineChartData, options: LineChartOptions = {}): LineChartHandle {
  readOptions(FN, options);
  readNumber(FN, 'options.width', options.width, 120, 10_000);
  readNumber(FN, 'options.height', options.height, 80, 10_000);
  readDomain(FN, 'options.yDomain', options.yDomain);
  readNumber(FN, 'options.duration', options.duration, 0, 60_000);
  const words = readText(FN, 'options.text', options.text);
  const initial = readData(data);
  const frame = createFrame(FN, 'line-chart', container);
  const width = options.width ?? 480;
  const height = options.height ?? 260;
  frame.setSize(width, height);
  const x = scaleLinear().range([M.left, width - M.right]);
  const y = scaleLinear().range([height - M.bottom, M.top]);
  const gx = frame.svg.append('g').attr('transform', `translate(0,${height - M.bottom})`) as Sel<SVGGElement>;
  const gy = frame.svg.append('g').attr('transform', `translate(${M.left},0)`) as Sel<SVGGElement>;
  const clipId = `${frame.id}-clip`;
  frame.svg
    .append('clipPath')
    .attr('id', clipId)
    .append('rect')
    .attr('x', M.left)
    .attr('y', M.top)
    .attr('width', width - M.left - M.right)
    .attr('height', height - M.top - M.bottom);
  const plot = frame.svg.append('g').attr('clip-path', `url(#${clipId})`).append('g').attr('class', 'al-lines') as Sel<SVGGElement>;
  const legend = frame.svg.append('g').attr('class', 'al-legend').attr('transform', `translate(${width - M.right + 12},${M.top + 4})`);
  const table = hiddenTable(frame);
  const series = new Map<string, Series>();
  let domain = { x0: Infinity, x1: -Infinity, y0: Infinity, y1: -Infinity };
  let legendWidth = 0;
  let pending: Promise<void> = Promise.resolve();
  let points = 0;

  const defaultTitle = (): string => {
    const names = [...series.keys()].join(', ') || words.lineNoSeries;
    if (!options.yLabel) return fillText(words.lineTitle, { series: names });
    if (!options.xLabel) return fillText(words.lineTitleY, { series: names, y: options.yLabel });
    return fillText(words.lineTitleYX, { series: names, y: options.yLabel, x: options.xLabel });
  };
  const title = (): string => options.title ?? defaultTitle();

  function rescale(animate: boolean): void {
    const xd = domain.x0 <= domain.x1 ? (domain.x0 === domain.x1 ? [domain.x0 - 1, domain.x1 + 1] : [domain.x0, domain.x1]) : [0, 1];
    let yd = options.yDomain ? [options.yDomain[0], options.yDomain[1]] : domain.y0 <= domain.y1 ? [domain.y0, domain.y1] : [0, 1];
    if (yd[0] === yd[1]) yd = [yd[0]! - 1, yd[1]! + 1];
    x.domain(xd).nice();
    y.domain(yd).nice();
    const [a, b] = x.domain() as [number, number];
    const [c, d] = y.domain() as [number, number];
    const [r0, r1] = x.range() as [number, number];
    const [s0, s1] = y.range() as [number, number];
    const kx = (r1 - r0) / (b - a);
    const ky = (s1 - s0) / (d - c);
    const matrix = `matrix(${num(kx)},0,0,${num(ky)},${num(r0 - a * kx)},${num(s0 - c * ky)})`;
    if (plot.attr('transform') !== matrix) {
      pending = setAttrs(plot, animate ? motionDuration(frame.doc, options) : 0, { transform: matrix });
    }
    drawAxis(gx, x, 'bottom', { label: options.xLabel });
    drawAxis(gy, y, 'left', { label: options.yLabel });
  }

  function ensureSeries(name: string): Series {
    let s = series.get(name);
    if (s) return s;
    const color = schemeTableau10[series.size % schemeTableau10.length]!;
    const group = plot.append('g').attr('class', 'al-series').attr('data-series', name).attr('stroke', color) as Sel<SVGGElement>;
    const i = series.size;
    const item = legend.append('g').attr('transform', `translate(0,${i * 16})`);
    item.append('rect').attr('width', 10).attr('height', 10).attr('fill', color);
    item.append('text').attr('x', 14).attr('y', 5).attr('dy', '0.35em').text(name);
    // The legend keeps whole names: the picture widens past the right margin when a name needs it.
    legendWidth = Math.max(legendWidth, 14 + textWidth(name, 11) + 4);
    frame.setSize(width - M.right + 12 + Math.max(M.right - 12, legendWidth), height);
    s = { name, color, last: null, group };
    series.set(name, s);
    return s;
  }

  function addPoints(s: Series, xs: Float64Array, ys: Float64Array): void {
    if (xs.length === 0) return;
    points += xs.length;
    const parts: string[] = [];
    const start = s.last ?? [xs[0]!, ys[0]!];
    parts.push(`M${num(start[0])},${num(start[1])}`);
    for (let i = 0; i < xs.length; i++) parts.push(`L${num(xs[i]!)},${num(ys[i]!)}`);
    s.group
      .append('path')
      .attr('class', 'al-segment')
      .attr('d', parts.join(''))
      .attr('fill', 'none')
      .attr('stroke-width', 2)
      .attr('stroke-linecap', 'round')
      .attr('stroke-linejoin', 'round')
      .attr('vector-effect', 'non-scaling-stroke');
    s.last = [xs[xs.length - 1]!, ys[ys.length - 1]!];
    for (let i = 0; i < xs.length; i++) {
      domain = { x0: Math.min(domain.x0, xs[i]!), x1: Math.max(domain.x1, xs[i]!), y0: Math.min(domain.y0, ys[i]!), y1: Math.max(domain.y1, ys[i]!) };
    }
    table.append(Array.from(xs, (xv, i) => [s.name, exact(xv), exact(ys[i]!)]));
  }

  function drawAll(parsed: ReturnType<typeof readData>, animate: boolean): Promise<void> {
    plot.selectAll('*').remove();
    legend.selectAll('*').remove();
    legendWidth = 0;
    frame.setSize(width, height);
    series.clear();
    points = 0;
    domain = { x0: Infinity, x1: -Infinity, y0: Infinity, y1: -Infinity };
    table.set('', [words.lineTableSeries, 'x', 'y'], []);
    for (const p of parsed) addPoints(ensureSeries(p.name), p.x, p.y);
    rescale(animate);
    frame.setTitle(title());
    table.set(title(), [words.lineTableSeries, 'x', 'y'], parsed.flatMap((p) => Array.from(p.x, (xv, i) => [p.name, exact(xv), exact(p.y[i]!)])));
    return pending;
  }

  void drawAll(initial, false);
  return {
    ...baseHandle(FN, frame),
    update(next) {
      return drawAll(readData(next), true);
    },
    append(name, xs, ys) {
      if (typeof name !== 'string') throw new TypeError(`${FN}: argument 'name' must be a string, got ${describe(name)}`);
      const [px_, py] = readSeries(`append("${name}")`, xs, ys);
      checkLimit(FN, `append("${name}")`, `${points} points drawn and ${px_.length} more`, points + px_.length, MAX_POINTS, 'points');
      const isNew = !series.has(name);
      addPoints(ensureSeries(name), px_, py);
      rescale(true);
      if (isNew) frame.setTitle(title());
    },
  };
}

function readData(data: LineChartData): { name: string; x: Float64Array; y: Float64Array }[] {
  if (data == null || typeof data !== 'object' || !Array.isArray(data.series)) {
    throw new TypeError(`${FN}: argument 'data' must be { series: [{ name, x, y }] }, got ${describe(data)}`);
  }
  const names = new Set<string>();
  let total = 0;
  for (const s of data.series as unknown[]) {
    const length = (s as { x?: unknown } | null)?.x;
    total += typeof length === 'number' ? 1 : Array.isArray(length) || ArrayBuffer.isView(length) ? (length as ArrayLike<number>).length : 0;
  }
  checkLimit(FN, 'data.series', `${data.series.length} series`, total, MAX_POINTS, 'points');
  return data.series.map((s: LineSeries, i) => {
    if (s == null || typeof s.name !== 'string') throw new TypeError(`${FN}: argument 'data.series[${i}].name' must be a string`);
    if (names.has(s.name)) throw new VizError(FN, `data.series[${i}].name`, 'a name used by no other series', `"${s.name}" again`);
    names.add(s.name);
    const [x, y] = readSeries(`data.series[${i}]`, s.x, s.y);
    return { name: s.name, x, y };
  });
}
