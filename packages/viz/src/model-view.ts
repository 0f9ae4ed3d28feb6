import { select } from 'd3-selection';
import { interpolateViridis } from 'd3-scale-chromatic';
import { attentionHeatmap, type AttentionHeatmapHandle, type AttentionHeatmapOptions } from './attention-heatmap.js';
import { baseHandle, createFrame, hiddenTable, type Sel } from './chart-frame.js';
import type { FrameOptions, VizHandle } from './viz-handle.js';
import { motionDuration, type MotionOptions } from './motion.js';
import { setAttrs } from './set-attrs.js';
import { readChoice, readGrid, type ReadGrid, readInteger, readLabels, readNumber, readOptions, readText } from './read-data.js';
import { exact, px } from './round.js';
import type { AttentionGrid } from './shaped.js';
import { joinInOrder } from './join-in-order.js';
import { VizError } from './viz-error.js';
import { fillText } from './viz-text.js';

/** Data of {@link modelView}. */
export interface ModelViewData {
  /** Weights of every layer and head `[layers, heads, seqLenQ, seqLenK]`. */
  attention: AttentionGrid;
  /** One label per query (`seqLenQ`), used when a head is opened. Default `"0", "1", ...`. */
  queryTokens?: readonly string[];
  /** One label per key (`seqLenK`). Default: `queryTokens` when the lengths match, else `"0", "1", ...`. */
  keyTokens?: readonly string[];
  /**
   * A short badge per head `[layers][heads]` drawn in the corner of its thumbnail, e.g. a head's role
   * (`"prev"`, `"induction"`); `""` draws none. Read aloud with the thumbnail. Default: none.
   */
  headLabels?: readonly (readonly string[])[];
}

/** Which head is open in a {@link modelView}. */
export interface HeadSelection {
  /** Layer index, from 0. */
  layer: number;
  /** Head index, from 0. */
  head: number;
}

/** Options of {@link modelView}. */
export interface ModelViewOptions extends FrameOptions, MotionOptions {
  /** Side of a thumbnail in pixels. Default `56`. */
  thumbnailSize?: number;
  /**
   * Most cells drawn along each side of a thumbnail: a longer sequence is averaged in blocks of nearly equal
   * size, so a grid of many heads stays quick to draw (one cell per pixel says no more than one per two).
   * An opened head always shows every cell. Default: no limit.
   */
  maxCells?: number;
  /** Colour each head over its own `[0, max]` (`"head"`) or all heads over one (`"global"`). Default `"head"`. */
  normalize?: 'head' | 'global';
  /** Called when a thumbnail is opened (click, Enter or Space). */
  onOpen?: (selection: HeadSelection) => void;
  /**
   * Options of the heatmap that shows an opened head. Default `{ showValues: seqLen <= 12 }`, with this
   * view's `text` (keys of `heatmap.text` win over it).
   */
  heatmap?: AttentionHeatmapOptions;
}

/** The handle of {@link modelView}. */
export interface ModelViewHandle extends VizHandle<ModelViewData> {
  /** Opens one head as a full heatmap below the grid (as a click does). */
  open(layer: number, head: number): void;
  /** Closes the opened head, if any. */
  close(): void;
  /** The opened head, or `null`. */
  readonly opened: HeadSelection | null;
}

const FN = 'modelView';
const GAP = 4;

interface State extends ReadGrid {
  queryTokens: string[];
  keyTokens: string[];
  headLabels: string[][] | null;
  /** Per cell, its position on the colour scale in [0, 1]. */
  t: Float64Array;
}

function readData(data: ModelViewData, options: ModelViewOptions): State {
  if (data == null || typeof data !== 'object') throw new TypeError(`${FN}: argument 'data' must be an object { attention, queryTokens?, keyTokens? }`);
  const g = readGrid(FN, 'data.attention', data.attention);
  const queryTokens = readLabels(FN, 'data.queryTokens', data.queryTokens, g.seqLenQ, 'seqLenQ');
  const keyTokens = readLabels(FN, 'data.keyTokens', data.keyTokens ?? (g.seqLenQ === g.seqLenK ? data.queryTokens : undefined), g.seqLenK, 'seqLenK');
  const per = g.seqLenQ * g.seqLenK;
  const t = new Float64Array(g.values.length);
  const maxOf = (from: number, to: number): number => {
    let m = 0;
    for (let i = from; i < to; i++) if (g.values[i]! > m) m = g.values[i]!;
    return m || 1;
  };
  const global = options.normalize === 'global' ? maxOf(0, g.values.length) : 0;
  for (let h = 0; h < g.layers * g.heads; h++) {
    const max = global || maxOf(h * per, (h + 1) * per);
    for (let i = h * per; i < (h + 1) * per; i++) t[i] = Math.max(0, Math.min(1, g.values[i]! / max));
  }
  let headLabels: string[][] | null = null;
  if (data.headLabels !== undefined) {
    if (!Array.isArray(data.headLabels) || data.headLabels.length !== g.layers) {
      throw new VizError(FN, 'data.headLabels', `${g.layers} rows of labels (one per layer: the attention has layers=${g.layers})`, Array.isArray(data.headLabels) ? `${data.headLabels.length} rows` : typeof data.headLabels);
    }
    headLabels = data.headLabels.map((row, l) => readLabels(FN, `data.headLabels[${l}]`, row, g.heads, 'heads'));
  }
  return { ...g, queryTokens, keyTokens, headLabels, t };
}

/**
 * The colour positions of every head averaged over blocks: `gq × gk` cells per
 * head, block `r` of the queries covering `[floor(r * seqLenQ / gq), floor((r + 1) * seqLenQ / gq))`.
 */
function pooled(s: State, gq: number, gk: number): Float64Array {
  const { layers, heads, seqLenQ, seqLenK, t } = s;
  const out = new Float64Array(layers * heads * gq * gk);
  for (let m = 0; m < layers * heads; m++) {
    for (let r = 0; r < gq; r++) {
      const [q0, q1] = [Math.floor((r * seqLenQ) / gq), Math.floor(((r + 1) * seqLenQ) / gq)];
      for (let c = 0; c < gk; c++) {
        const [k0, k1] = [Math.floor((c * seqLenK) / gk), Math.floor(((c + 1) * seqLenK) / gk)];
        let sum = 0;
        for (let q = q0; q < q1; q++) for (let k = k0; k < k1; k++) sum += t[(m * seqLenQ + q) * seqLenK + k]!;
        out[(m * gq + r) * gk + c] = sum / ((q1 - q0) * (k1 - k0));
      }
    }
  }
  return out;
}

/**
 * Draws every head of a model as a grid of thumbnails, layers down and heads
 * across (the bertviz model view); click a thumbnail (or focus it and press
 * Enter) to open that head as a full {@link attentionHeatmap} below the grid.
 *
 * @param container - The element to draw into.
 * @param data - `{ attention [layers, heads, seqLenQ, seqLenK], queryTokens?, keyTokens? }`.
 * @param options - See {@link ModelViewOptions}.
 * @returns A handle with `update`, `destroy`, `toSVG`, `toPNG`, `open(layer, head)`, `close()` and `opened`.
 * @example
 * const view = modelView(document.querySelector('#model')!, {
 *   attention: { data: await weights.data(), shape: [12, 12, 16, 16] }, // [layers, heads, seqLenQ, seqLenK]
 *   queryTokens: tokens,
 * }, { onOpen: ({ layer, head }) => console.log(layer, head) });
 * view.open(0, 3);
 */
export function modelView(container: Element, data: ModelViewData, options: ModelViewOptions = {}): ModelViewHandle {
  readOptions(FN, options);
  readNumber(FN, 'options.thumbnailSize', options.thumbnailSize, 4, 1000);
  readChoice(FN, 'options.normalize', options.normalize, ['head', 'global']);
  readNumber(FN, 'options.duration', options.duration, 0, 60_000);
  const words = readText(FN, 'options.text', options.text);
  // The opened head's heatmap speaks this view's language unless its own options say otherwise.
  const heatmapWords = readText(FN, 'options.heatmap.text', options.heatmap?.text, words);
  let s = readData(data, options);
  const frame = createFrame(FN, 'model-view', container);
  const { svg } = frame;
  svg.attr('role', 'group');
  const size = options.thumbnailSize ?? 56;
  const maxCells = readInteger(FN, 'options.maxCells', options.maxCells, 1, Number.MAX_SAFE_INTEGER) ?? Infinity;
  const left = 34;
  const top = 22;
  const gCols = svg.append('g').attr('class', 'al-head-labels').attr('text-anchor', 'middle');
  const gRows = svg.append('g').attr('class', 'al-layer-labels').attr('text-anchor', 'end');
  const gCells = svg.append('g').attr('class', 'al-grid-cells').attr('transform', `translate(${left},${top})`).attr('pointer-events', 'none').attr('shape-rendering', 'crispEdges');
  const gThumbs = svg.append('g').attr('class', 'al-thumbs').attr('transform', `translate(${left},${top})`);
  const table = hiddenTable(frame);
  const detail = select(frame.wrapper).append('div').attr('class', 'al-model-view-detail');
  let opened: HeadSelection | null = null;
  let heatmap: AttentionHeatmapHandle | null = null;
  let indices: number[] = [];

  const headSlice = (layer: number, head: number): Float64Array => {
    const per = s.seqLenQ * s.seqLenK;
    const from = (layer * s.heads + head) * per;
    return s.values.subarray(from, from + per);
  };

  function draw(animate: boolean): Promise<void> {
    const { layers, heads, seqLenQ, seqLenK } = s;
    const title = options.title ?? fillText(words.modelTitle, { layers, heads, seqLenQ, seqLenK });
    frame.setTitle(title);
    frame.setSize(left + heads * (size + GAP) + 4, top + layers * (size + GAP) + 4);
    // Drawn cells per side: every query and key, or blocks of them above maxCells.
    const gq = Math.min(seqLenQ, maxCells);
    const gk = Math.min(seqLenK, maxCells);
    const shade = gq === seqLenQ && gk === seqLenK ? s.t : pooled(s, gq, gk);
    const cw = size / Math.max(1, gk);
    const ch = size / Math.max(1, gq);
    const per = gq * gk;
    const n = layers * heads * per;
    if (indices.length !== n) indices = Array.from({ length: n }, (_, i) => i);
    const cells = joinInOrder(gCells.selectAll<SVGRectElement, number>('rect').data(indices), (enter) => enter.append('rect'));
    const layoutKey = `${layers}x${heads}x${gq}x${gk}@${size}`;
    if (gCells.attr('data-layout') !== layoutKey) {
      gCells.attr('data-layout', layoutKey);
      cells
        .attr('x', (i) => {
          const h = Math.floor(i / per) % heads;
          return px(h * (size + GAP) + (i % gk) * cw);
        })
        .attr('y', (i) => {
          const l = Math.floor(i / (per * heads));
          return px(l * (size + GAP) + (Math.floor(i / gk) % gq) * ch);
        })
        .attr('width', px(cw))
        .attr('height', px(ch));
    }
    const done = setAttrs(cells, animate ? motionDuration(frame.doc, options) : 0, { fill: (i) => interpolateViridis(shade[i]!) });

    const thumbs = Array.from({ length: layers * heads }, (_, k) => ({ layer: Math.floor(k / heads), head: k % heads }));
    const badge = (d: HeadSelection): string => s.headLabels?.[d.layer]?.[d.head] ?? '';
    gThumbs
      .selectAll<SVGRectElement, HeadSelection>('rect')
      .data(thumbs)
      .join('rect')
      .attr('class', 'al-thumb')
      .attr('x', (d) => d.head * (size + GAP))
      .attr('y', (d) => d.layer * (size + GAP))
      .attr('width', size)
      .attr('height', size)
      .attr('fill', 'transparent')
      .attr('stroke', (d) => (opened && d.layer === opened.layer && d.head === opened.head ? '#111111' : '#cccccc'))
      .attr('stroke-width', (d) => (opened && d.layer === opened.layer && d.head === opened.head ? 2 : 1))
      .attr('data-layer', (d) => d.layer)
      .attr('data-head', (d) => d.head)
      .attr('tabindex', 0)
      .attr('role', 'button')
      .attr('aria-label', (d) =>
        badge(d) ? fillText(words.modelOpenLabelled, { layer: d.layer, head: d.head, label: badge(d) }) : fillText(words.modelOpen, { layer: d.layer, head: d.head }),
      )
      .attr('cursor', 'pointer');
    // The badges' group exists only while some head has a label.
    const labelled = thumbs.filter((d) => badge(d) !== '');
    let gBadges = svg.select<SVGGElement>('g.al-head-badges');
    if (labelled.length === 0) gBadges.remove();
    else if (gBadges.empty()) gBadges = svg.append('g').attr('class', 'al-head-badges').attr('transform', `translate(${left},${top})`).attr('pointer-events', 'none').attr('text-anchor', 'end');
    gBadges
      .selectAll<SVGTextElement, HeadSelection>('text')
      .data(labelled)
      .join('text')
      .attr('x', (d) => d.head * (size + GAP) + size - 3)
      .attr('y', (d) => d.layer * (size + GAP) + 11)
      .attr('font-size', 10)
      .attr('fill', '#111111')
      .attr('stroke', '#ffffff')
      .attr('stroke-width', 3)
      .attr('paint-order', 'stroke')
      .text((d) => badge(d));
    gCols
      .selectAll<SVGTextElement, number>('text')
      .data(Array.from({ length: heads }, (_, h) => h))
      .join('text')
      .attr('x', (h) => px(left + h * (size + GAP) + size / 2))
      .attr('y', top - 8)
      .text((h) => `H${h}`);
    gRows
      .selectAll<SVGTextElement, number>('text')
      .data(Array.from({ length: layers }, (_, l) => l))
      .join('text')
      .attr('x', left - 6)
      .attr('y', (l) => px(top + l * (size + GAP) + size / 2))
      .attr('dy', '0.35em')
      .text((l) => `L${l}`);

    table.set(
      title,
      [words.tableLayer, words.tableHead, ...(s.headLabels ? [words.modelTableLabel] : []), words.modelTableStrongest, words.tableWeight],
      thumbs.map(({ layer, head }) => {
        const w = headSlice(layer, head);
        let best = 0;
        for (let i = 1; i < w.length; i++) if (w[i]! > w[best]!) best = i;
        const link = w.length ? `${s.queryTokens[Math.floor(best / seqLenK)]} → ${s.keyTokens[best % seqLenK]}` : '';
        return [String(layer), String(head), ...(s.headLabels ? [badge({ layer, head })] : []), link, w.length ? exact(w[best]!) : ''];
      }),
    );
    if (opened && (opened.layer >= layers || opened.head >= heads)) close();
    else if (opened) showDetail(opened, animate);
    return done;
  }

  function showDetail(sel: HeadSelection, animate: boolean): void {
    const heatmapData = {
      values: { data: headSlice(sel.layer, sel.head), shape: [s.seqLenQ, s.seqLenK] as const },
      queryTokens: s.queryTokens,
      keyTokens: s.keyTokens,
    };
    detail.select('.al-detail-title').text(fillText(words.modelDetail, { layer: sel.layer, head: sel.head }));
    if (heatmap && animate) {
      void heatmap.update(heatmapData);
      return;
    }
    heatmap?.destroy();
    const host = detail.select<HTMLDivElement>('.al-detail-chart').node()!;
    heatmap = attentionHeatmap(host, heatmapData, {
      showValues: Math.max(s.seqLenQ, s.seqLenK) <= 12,
      title: fillText(words.modelDetailTitle, { layer: sel.layer, head: sel.head, seqLenQ: s.seqLenQ, seqLenK: s.seqLenK }),
      animate: options.animate,
      duration: options.duration,
      ...options.heatmap,
      text: heatmapWords,
    });
  }

  function open(layer: number, head: number): void {
    readInteger(FN, 'layer', layer, 0, s.layers - 1);
    readInteger(FN, 'head', head, 0, s.heads - 1);
    if (!opened) {
      detail.selectAll('*').remove();
      const bar = detail.append('div').attr('class', 'al-detail-bar');
      bar.append('strong').attr('class', 'al-detail-title');
      bar.append('button').attr('type', 'button').attr('class', 'al-detail-close').text(words.modelClose).on('click', () => close());
      detail.append('div').attr('class', 'al-detail-chart');
    }
    const same = opened?.layer === layer && opened.head === head;
    opened = { layer, head };
    if (!same) {
      heatmap?.destroy();
      heatmap = null;
      showDetail(opened, false);
    }
    gThumbs
      .selectAll<SVGRectElement, HeadSelection>('rect')
      .attr('stroke', (d) => (d.layer === layer && d.head === head ? '#111111' : '#cccccc'))
      .attr('stroke-width', (d) => (d.layer === layer && d.head === head ? 2 : 1))
      .attr('aria-pressed', (d) => (d.layer === layer && d.head === head ? 'true' : 'false'));
    options.onOpen?.({ layer, head });
  }

  function close(): void {
    heatmap?.destroy();
    heatmap = null;
    opened = null;
    detail.selectAll('*').remove();
    gThumbs.selectAll<SVGRectElement, HeadSelection>('rect').attr('stroke', '#cccccc').attr('stroke-width', 1).attr('aria-pressed', 'false');
  }

  const thumbOf = (target: EventTarget | null): HeadSelection | null => {
    const el = target as Element | null;
    if (!el || typeof el.getAttribute !== 'function' || el.getAttribute('class') !== 'al-thumb') return null;
    return { layer: Number(el.getAttribute('data-layer')), head: Number(el.getAttribute('data-head')) };
  };
  (gThumbs as Sel<SVGGElement>)
    .on('click', (event: Event) => {
      const t = thumbOf(event.target);
      if (t) open(t.layer, t.head);
    })
    .on('keydown', (event: KeyboardEvent) => {
      const t = thumbOf(event.target);
      if (t && (event.key === 'Enter' || event.key === ' ')) {
        event.preventDefault();
        open(t.layer, t.head);
      }
    });

  void draw(false);
  return {
    ...baseHandle(FN, frame, () => heatmap?.destroy()),
    update(next) {
      s = readData(next, options);
      return draw(true);
    },
    open,
    close,
    get opened() {
      return opened ? { ...opened } : null;
    },
  };
}
