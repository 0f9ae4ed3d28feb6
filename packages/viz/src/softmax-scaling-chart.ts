import { scaleLinear, scaleLog } from 'd3-scale';
import { schemeTableau10 } from 'd3-scale-chromatic';
import { line } from 'd3-shape';
import { baseHandle, createFrame, hiddenTable, type Sel } from './chart-frame.js';
import type { FrameOptions, VizHandle } from './viz-handle.js';
import { drawAxis } from './draw-axis.js';
import { motionDuration, type MotionOptions } from './motion.js';
import { setAttrs } from './set-attrs.js';
import { describe, readInteger, readNumber, readOptions, readText } from './read-data.js';
import { exact, px } from './round.js';
import { softmaxSharpness, type SharpnessPoint } from './softmax-sharpness.js';
import { VizError } from './viz-error.js';
import { fillText } from './viz-text.js';

/** Data of {@link softmaxScalingChart}: what to simulate. */
export interface SoftmaxScalingData {
  /** The `dHead` values on the x axis. Default `[1, 2, 4, ..., 1024]`. */
  dims?: readonly number[];
  /** Keys per query. Default `16`. */
  seqLenK?: number;
  /** Random queries per `dHead`. Default `200`. */
  samples?: number;
  /** Seed of the random numbers (same seed, same picture). Default `1`. */
  seed?: number;
}

/** Options of {@link softmaxScalingChart}. */
export interface SoftmaxScalingChartOptions extends FrameOptions, MotionOptions {
  /** Width in pixels. Default `480`. */
  width?: number;
  /** Height in pixels. Default `260`. */
  height?: number;
}

const FN = 'softmaxScalingChart';
const M = { left: 52, right: 16, top: 34, bottom: 40 };
const SERIES = [
  { key: 'unscaled', label: 'softmax(q·k)' },
  { key: 'scaled', label: 'softmax(q·k / √dHead)' },
] as const;

function readData(data: SoftmaxScalingData): { points: SharpnessPoint[]; seqLenK: number } {
  if (data == null || typeof data !== 'object') throw new TypeError(`${FN}: argument 'data' must be an object { dims?, seqLenK?, samples?, seed? }, got ${describe(data)}`);
  const dims = data.dims ?? Array.from({ length: 11 }, (_, i) => 2 ** i);
  if (!Array.isArray(dims) || dims.length === 0) throw new VizError(FN, 'data.dims', 'a non-empty array of dHead values', describe(dims));
  dims.forEach((d, i) => readInteger(FN, `data.dims[${i}]`, d, 1, 65536));
  const seqLenK = readInteger(FN, 'data.seqLenK', data.seqLenK, 1, 4096) ?? 16;
  const samples = readInteger(FN, 'data.samples', data.samples, 1, 100000) ?? 200;
  const seed = readInteger(FN, 'data.seed', data.seed, 0, 2 ** 32 - 1) ?? 1;
  return { points: softmaxSharpness([...dims].sort((a, b) => a - b), seqLenK, samples, seed), seqLenK };
}

/**
 * Shows why attention divides scores by √dHead: for random queries and keys,
 * the mean largest softmax weight of the raw scores climbs towards 1 (one
 * key takes all) as dHead grows, while the scaled scores stay as soft as at
 * dHead = 1. A dashed line marks uniform attention, 1 / seqLenK.
 *
 * @param container - The element to draw into.
 * @param data - `{ dims?, seqLenK?, samples?, seed? }`; `{}` uses the defaults.
 * @param options - See {@link SoftmaxScalingChartOptions}.
 * @returns A handle with `update`, `destroy`, `toSVG` and `toPNG`.
 * @example
 * const chart = softmaxScalingChart(document.querySelector('#scaling')!, { seqLenK: 8 });
 * await chart.update({ seqLenK: 64 });
 */
export function softmaxScalingChart(container: Element, data: SoftmaxScalingData = {}, options: SoftmaxScalingChartOptions = {}): VizHandle<SoftmaxScalingData> {
  readOptions(FN, options);
  readNumber(FN, 'options.width', options.width, 120, 10_000);
  readNumber(FN, 'options.height', options.height, 80, 10_000);
  readNumber(FN, 'options.duration', options.duration, 0, 60_000);
  const words = readText(FN, 'options.text', options.text);
  let s = readData(data);
  const frame = createFrame(FN, 'softmax-scaling', container);
  const width = options.width ?? 480;
  const height = options.height ?? 260;
  frame.setSize(width, height);
  const gx = frame.svg.append('g').attr('transform', `translate(0,${height - M.bottom})`) as Sel<SVGGElement>;
  const gy = frame.svg.append('g').attr('transform', `translate(${M.left},0)`) as Sel<SVGGElement>;
  const uniform = frame.svg.append('path').attr('class', 'al-uniform').attr('stroke', '#888888').attr('stroke-dasharray', '4 3');
  const gLines = frame.svg.append('g').attr('class', 'al-lines').attr('fill', 'none');
  const gDots = frame.svg.append('g').attr('class', 'al-dots');
  const legend = frame.svg.append('g').attr('class', 'al-legend').attr('transform', `translate(${M.left + 8},12)`);
  SERIES.forEach((ser, k) => {
    const item = legend.append('g').attr('transform', `translate(${k * 170},0)`);
    item.append('rect').attr('width', 10).attr('height', 10).attr('fill', schemeTableau10[k]!);
    item.append('text').attr('x', 14).attr('y', 5).attr('dy', '0.35em').text(ser.label);
  });
  const table = hiddenTable(frame);

  function draw(animate: boolean): Promise<void> {
    const { points, seqLenK } = s;
    const title = options.title ?? fillText(words.scalingTitle, { seqLenK });
    frame.setTitle(title);
    const d0 = points[0]!.dHead;
    const d1 = points[points.length - 1]!.dHead;
    const x = scaleLog().base(2).domain(d0 === d1 ? [d0 / 2, d1 * 2] : [d0, d1]).range([M.left, width - M.right]);
    const y = scaleLinear().domain([0, 1]).range([height - M.bottom, M.top]);
    drawAxis(gx, x, 'bottom', { label: 'dHead', format: '~s' });
    drawAxis(gy, y, 'left', { label: words.scalingAxis });
    uniform.attr('d', `M${M.left},${px(y(1 / seqLenK))}H${width - M.right}`);
    const dur = animate ? motionDuration(frame.doc, options) : 0;
    const lines = gLines
      .selectAll<SVGPathElement, (typeof SERIES)[number]>('path')
      .data(SERIES)
      .join('path')
      .attr('data-series', (d) => d.key)
      .attr('stroke', (_, k) => schemeTableau10[k]!)
      .attr('stroke-width', 2);
    const path = (key: 'scaled' | 'unscaled'): string =>
      line<SharpnessPoint>()
        .x((p) => px(x(p.dHead)))
        .y((p) => px(y(p[key])))(points) ?? '';
    const done = [setAttrs(lines, dur, { d: (d) => path(d.key) })];
    const dots = gDots
      .selectAll<SVGCircleElement, { key: 'scaled' | 'unscaled'; p: SharpnessPoint; k: number }>('circle')
      .data(SERIES.flatMap((ser, k) => points.map((p) => ({ key: ser.key, p, k }))))
      .join('circle')
      .attr('r', 3)
      .attr('fill', (d) => schemeTableau10[d.k]!)
      .attr('data-series', (d) => d.key)
      .attr('data-dhead', (d) => d.p.dHead);
    done.push(setAttrs(dots, dur, { cx: (d) => px(x(d.p.dHead)), cy: (d) => px(y(d.p[d.key])) }));
    table.set(
      title,
      ['dHead', words.scalingUnscaled, words.scalingScaled],
      points.map((p) => [String(p.dHead), exact(p.unscaled), exact(p.scaled)]),
    );
    return Promise.all(done).then(() => undefined);
  }

  void draw(false);
  return {
    ...baseHandle(FN, frame),
    update(next) {
      s = readData(next);
      return draw(true);
    },
  };
}
