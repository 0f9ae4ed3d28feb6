import { interpolateBlues, max, scaleSequential, select } from 'd3';

/** What {@link drawHeatmap} draws: a matrix of weights and the labels of its axes. */
export interface HeatmapData {
  /** A `[rows.length, cols.length]` matrix, row-major. */
  weights: Float32Array | readonly number[];
  /** One label per row (the query tokens). */
  rows: readonly string[];
  /** One label per column (the key tokens). */
  cols: readonly string[];
}

/** Options for {@link drawHeatmap}. */
export interface DrawHeatmapOptions {
  /** Side of one cell in SVG units. Default 30. */
  cellSize?: number;
  /** Print each weight inside its cell when there are at most this many rows and columns. Default 12. */
  maxLabelledSize?: number;
}

interface Cell {
  row: number;
  col: number;
  weight: number;
}

/** Rough width of one label character at the label font size, in SVG units. */
const CHAR_WIDTH = 7.5;
/** Space taken by the "key" axis title and its padding. */
const AXIS_TITLE = 22;
/** Width of the "query ↓" title that sits above the row labels. */
const QUERY_TITLE_WIDTH = 60;
/** Angle of the column labels, in degrees. */
const COL_LABEL_ANGLE = -45;

function longest(labels: readonly string[]): number {
  return labels.reduce((widest, label) => Math.max(widest, label.length), 0) * CHAR_WIDTH;
}

/**
 * Draws an attention heatmap into an `<svg>`: query tokens as rows, key tokens
 * as columns, one `<rect>` per weight with `data-row`, `data-col`,
 * `data-weight` and a `<title>` tooltip. Redrawing the same element updates it
 * in place.
 *
 * @param svg - The element to draw into; its previous heatmap is replaced.
 * @param data - Weights `[seqLenQ, seqLenK]` as plain numbers, with row and column labels.
 * @param options - Cell size (default 30) and when to print values in cells (default up to 12×12).
 * @example
 * drawHeatmap(svg, { weights: [1, 0, 0.4, 0.6], rows: ['a', 'b'], cols: ['a', 'b'] });
 */
export function drawHeatmap(svg: SVGSVGElement, data: HeatmapData, options: DrawHeatmapOptions = {}): void {
  const { weights, rows, cols } = data;
  if (weights.length !== rows.length * cols.length) {
    throw new Error(
      `drawHeatmap: weights has ${weights.length} values, expected rows × cols = ${rows.length} × ${cols.length}`,
    );
  }
  const cellSize = options.cellSize ?? 30;
  const showValues = rows.length <= (options.maxLabelledSize ?? 12) && cols.length <= (options.maxLabelledSize ?? 12);

  const colLabelRise = longest(cols) * Math.sin((-COL_LABEL_ANGLE * Math.PI) / 180);
  const margin = {
    top: AXIS_TITLE + colLabelRise + 10,
    left: Math.max(longest(rows), QUERY_TITLE_WIDTH) + 10,
    right: colLabelRise + 8,
    bottom: 8,
  };
  const plotWidth = cols.length * cellSize;
  const plotHeight = rows.length * cellSize;
  const width = Math.ceil(margin.left + plotWidth + margin.right);
  const height = Math.ceil(margin.top + plotHeight + margin.bottom);

  const cells: Cell[] = [];
  rows.forEach((_, row) => {
    cols.forEach((_, col) => {
      cells.push({ row, col, weight: Number(weights[row * cols.length + col]) });
    });
  });
  const color = scaleSequential(interpolateBlues).domain([0, Math.max(max(cells, (c) => c.weight) ?? 0, 1e-6)]);
  const darkAbove = 0.55 * color.domain()[1]!;

  const root = select(svg)
    .attr('viewBox', `0 0 ${width} ${height}`)
    .attr('width', width)
    .attr('height', height)
    .attr('role', 'img')
    .attr('aria-label', `Attention weights: ${rows.length} query tokens by ${cols.length} key tokens`);

  const plot = root
    .selectAll<SVGGElement, null>('g.plot')
    .data([null])
    .join('g')
    .attr('class', 'plot')
    .attr('transform', `translate(${margin.left},${margin.top})`);

  plot
    .selectAll<SVGRectElement, Cell>('rect.cell')
    .data(cells)
    .join((enter) => {
      const rect = enter.append('rect').attr('class', 'cell');
      rect.append('title');
      return rect;
    })
    .attr('x', (d) => d.col * cellSize)
    .attr('y', (d) => d.row * cellSize)
    .attr('width', cellSize - 1)
    .attr('height', cellSize - 1)
    .attr('fill', (d) => color(d.weight))
    .attr('data-row', (d) => d.row)
    .attr('data-col', (d) => d.col)
    .attr('data-weight', (d) => d.weight.toPrecision(7))
    .select('title')
    .text((d) => `${rows[d.row]} → ${cols[d.col]}: ${d.weight.toFixed(3)}`);

  plot
    .selectAll<SVGTextElement, Cell>('text.value')
    .data(showValues ? cells : [])
    .join('text')
    .attr('class', 'value')
    .attr('x', (d) => d.col * cellSize + (cellSize - 1) / 2)
    .attr('y', (d) => d.row * cellSize + (cellSize - 1) / 2)
    .attr('text-anchor', 'middle')
    .attr('dominant-baseline', 'central')
    .attr('font-size', 9)
    .attr('pointer-events', 'none')
    .attr('fill', (d) => (d.weight > darkAbove ? 'white' : '#1f2937'))
    .text((d) => d.weight.toFixed(2).replace(/^0\./, '.'));

  plot
    .selectAll<SVGTextElement, string>('text.row-label')
    .data(rows)
    .join('text')
    .attr('class', 'row-label')
    .attr('data-axis', 'row')
    .attr('data-index', (_, i) => i)
    .attr('x', -6)
    .attr('y', (_, i) => i * cellSize + (cellSize - 1) / 2)
    .attr('text-anchor', 'end')
    .attr('dominant-baseline', 'central')
    .attr('font-size', 13)
    .text((d) => d);

  plot
    .selectAll<SVGTextElement, string>('text.col-label')
    .data(cols)
    .join('text')
    .attr('class', 'col-label')
    .attr('data-axis', 'col')
    .attr('data-index', (_, i) => i)
    .attr('transform', (_, i) => `translate(${i * cellSize + (cellSize - 1) / 2},-6) rotate(${COL_LABEL_ANGLE})`)
    .attr('text-anchor', 'start')
    .attr('font-size', 13)
    .text((d) => d);

  root
    .selectAll<SVGTextElement, string>('text.axis-title')
    .data(rows.length > 0 ? ['key', 'query'] : [])
    .join('text')
    .attr('class', 'axis-title')
    .attr('font-size', 12)
    .attr('font-style', 'italic')
    .attr('text-anchor', (d) => (d === 'key' ? 'middle' : 'end'))
    .attr('x', (d) => (d === 'key' ? margin.left + plotWidth / 2 : margin.left - 6))
    .attr('y', (d) => (d === 'key' ? 14 : margin.top - 6))
    .text((d) => (d === 'key' ? 'key →' : 'query ↓'));
}
