import { baseHandle, createFrame, hiddenTable, tooltip, type Sel } from './chart-frame.js';
import type { FrameOptions, VizHandle } from './viz-handle.js';
import { motionDuration, type MotionOptions } from './motion.js';
import { setAttrs } from './set-attrs.js';
import { readColor, readMatrix, type ReadMatrix, readNumber, readOptions, readText, readVector } from './read-data.js';
import { exact, px } from './round.js';
import type { MatrixInput } from './shaped.js';
import { VizError } from './viz-error.js';
import { joinInOrder } from './join-in-order.js';
import { fillText } from './viz-text.js';

/** Data of {@link imageAttentionOverlay}. */
export interface ImageAttentionOverlayData {
  /** A grayscale image `[height, width]`, values in [0, 1] (or [0, 255] when any value exceeds 1). */
  image: MatrixInput;
  /**
   * Attention over the image: a grid of patches `[patchRows, patchCols]`
   * whose sizes divide the image's, or one weight per band of rows
   * (`number[]` / typed array of `patchRows`, e.g. `height` for every row).
   */
  attention: MatrixInput | ArrayLike<number>;
}

/** Options of {@link imageAttentionOverlay}. */
export interface ImageAttentionOverlayOptions extends FrameOptions, MotionOptions {
  /** Side of one image pixel on screen. Default: `280 / max(height, width)`, clamped to [1, 12]. */
  pixelSize?: number;
  /** Colour of the attention overlay. Default `"#ff7f0e"`. */
  color?: string;
  /** Opacity of the most attended patch. Default `0.7`. */
  maxOpacity?: number;
}

const FN = 'imageAttentionOverlay';

interface State {
  image: ReadMatrix;
  attention: ReadMatrix;
  bright: (v: number) => number;
}

function readData(data: ImageAttentionOverlayData): State {
  if (data == null || typeof data !== 'object') throw new TypeError(`${FN}: argument 'data' must be an object { image, attention }`);
  const image = readMatrix(FN, 'data.image', data.image, { rowName: 'height', colName: 'width' });
  const a = data.attention;
  const isVector = a != null && typeof a === 'object' && !('shape' in a) && (ArrayBuffer.isView(a) || (Array.isArray(a) && typeof a[0] !== 'object'));
  let attention: ReadMatrix;
  if (isVector) {
    const values = readVector(FN, 'data.attention', a);
    attention = { rows: values.length, cols: 1, values };
  } else {
    attention = readMatrix(FN, 'data.attention', a, { rowName: 'patchRows', colName: 'patchCols' });
  }
  if (attention.rows === 0 || attention.cols === 0 || image.rows % attention.rows !== 0 || image.cols % attention.cols !== 0) {
    throw new VizError(
      FN,
      'data.attention',
      `a [patchRows, patchCols] grid that divides the image [height=${image.rows}, width=${image.cols}]`,
      `[${attention.rows}, ${attention.cols}]`,
    );
  }
  let max = 0;
  for (const v of image.values) max = Math.max(max, v);
  const bright = max > 1 ? (v: number) => v / 255 : (v: number) => v;
  return { image, attention, bright };
}

/**
 * Draws a grayscale image with attention laid over it: each patch (or band of
 * rows) is tinted with an opacity proportional to its weight. Hovering a
 * patch shows its exact weight.
 *
 * @param container - The element to draw into.
 * @param data - `{ image [height, width], attention [patchRows, patchCols] | [patchRows] }`.
 * @param options - See {@link ImageAttentionOverlayOptions}.
 * @returns A handle with `update`, `destroy`, `toSVG` and `toPNG`.
 * @example
 * imageAttentionOverlay(document.querySelector('#digit')!, {
 *   image: { data: pixels, shape: [28, 28] },        // an MNIST digit, 0..255
 *   attention: { data: weights, shape: [7, 7] },     // attention over 4×4 patches
 * });
 */
export function imageAttentionOverlay(container: Element, data: ImageAttentionOverlayData, options: ImageAttentionOverlayOptions = {}): VizHandle<ImageAttentionOverlayData> {
  readOptions(FN, options);
  readColor(FN, 'options.color', options.color);
  readNumber(FN, 'options.pixelSize', options.pixelSize, 1, 256);
  readNumber(FN, 'options.maxOpacity', options.maxOpacity, 0, 1);
  readNumber(FN, 'options.duration', options.duration, 0, 60_000);
  const words = readText(FN, 'options.text', options.text);
  let s = readData(data);
  const frame = createFrame(FN, 'image-overlay', container);
  const gImage = frame.svg.append('g').attr('class', 'al-image').attr('shape-rendering', 'crispEdges');
  const gPatches = frame.svg.append('g').attr('class', 'al-patches');
  const tip = tooltip(frame);
  const table = hiddenTable(frame);
  const color = options.color ?? '#ff7f0e';
  const maxOpacity = options.maxOpacity ?? 0.7;
  let pixelIdx: number[] = [];
  let size = 1;

  function draw(animate: boolean): Promise<void> {
    const { image, attention } = s;
    size = options.pixelSize ?? Math.min(12, Math.max(1, Math.floor(280 / Math.max(1, image.rows, image.cols))));
    const bands = attention.cols === 1 && attention.rows > 1;
    const title =
      options.title ?? fillText(bands ? words.overlayTitleRows : words.overlayTitle, { height: image.rows, width: image.cols, patchRows: attention.rows, patchCols: attention.cols });
    frame.setTitle(title);
    frame.setSize(image.cols * size, image.rows * size);
    if (pixelIdx.length !== image.values.length) pixelIdx = Array.from({ length: image.values.length }, (_, i) => i);
    joinInOrder(gImage.selectAll<SVGRectElement, number>('rect').data(pixelIdx), (enter) => enter.append('rect'))
      .attr('x', (i) => (i % image.cols) * size)
      .attr('y', (i) => Math.floor(i / image.cols) * size)
      .attr('width', size)
      .attr('height', size)
      .attr('fill', (i) => {
        const g = Math.round(255 * Math.min(1, Math.max(0, s.bright(image.values[i]!))));
        return `rgb(${g},${g},${g})`;
      });
    const ph = (image.rows / attention.rows) * size;
    const pw = (image.cols / attention.cols) * size;
    let max = 0;
    for (const v of attention.values) max = Math.max(max, v);
    const patches = joinInOrder(
      gPatches.selectAll<SVGRectElement, number>('rect').data(Array.from({ length: attention.values.length }, (_, i) => i)),
      (enter) => enter.append('rect'),
    )
      .attr('class', 'al-patch')
      .attr('x', (i) => px((i % attention.cols) * pw))
      .attr('y', (i) => px(Math.floor(i / attention.cols) * ph))
      .attr('width', px(pw))
      .attr('height', px(ph))
      .attr('fill', color)
      .attr('data-row', (i) => Math.floor(i / attention.cols))
      .attr('data-col', (i) => i % attention.cols)
      .attr('data-value', (i) => exact(attention.values[i]!));
    const done = setAttrs(patches, animate ? motionDuration(frame.doc, options) : 0, {
      'fill-opacity': (i) => px((max > 0 ? Math.max(0, attention.values[i]!) / max : 0) * maxOpacity * 1000) / 1000,
    });
    table.set(
      title,
      [words.overlayTableRow, ...Array.from({ length: attention.cols }, (_, c) => fillText(words.overlayTableColumn, { col: c }))],
      Array.from({ length: attention.rows }, (_, r) => [String(r), ...Array.from(attention.values.subarray(r * attention.cols, (r + 1) * attention.cols), (v) => exact(v))]),
    );
    return done;
  }

  (gPatches as Sel<SVGGElement>)
    .on('mouseover', (e: Event) => {
      const el = e.target as Element;
      if (el.getAttribute?.('class') !== 'al-patch') return;
      const r = Number(el.getAttribute('data-row'));
      const c = Number(el.getAttribute('data-col'));
      const where = s.attention.cols === 1 && s.attention.rows > 1 ? fillText(words.overlayBand, { row: r }) : fillText(words.overlayPatch, { row: r, col: c });
      tip.show(Number(el.getAttribute('x')), Number(el.getAttribute('y')), `${where}: ${el.getAttribute('data-value')}`, {
        width: s.image.cols * size,
        height: s.image.rows * size,
      });
    })
    .on('mouseleave', () => tip.hide());

  void draw(false);
  return {
    ...baseHandle(FN, frame),
    update(next) {
      s = readData(next);
      return draw(true);
    },
  };
}
