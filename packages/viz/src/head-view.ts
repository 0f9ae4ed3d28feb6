import { select } from 'd3-selection';
import { schemeTableau10 } from 'd3-scale-chromatic';
import { baseHandle, createFrame, hiddenTable, type Sel } from './chart-frame.js';
import type { FrameOptions, VizHandle } from './viz-handle.js';
import { motionDuration, type MotionOptions } from './motion.js';
import { setAttrs } from './set-attrs.js';
import { readGrid, type ReadGrid, readInteger, readLabels, readNumber, readOptions, readText } from './read-data.js';
import { exact, px, truncate } from './round.js';
import type { AttentionGrid } from './shaped.js';
import { VizError } from './viz-error.js';
import { joinInOrder } from './join-in-order.js';
import { fillText } from './viz-text.js';

/** Data of {@link headView}. */
export interface HeadViewData {
  /** Weights of every layer and head `[layers, heads, seqLenQ, seqLenK]`. */
  attention: AttentionGrid;
  /** One label per query, drawn in the left column (`seqLenQ`). Default `"0", "1", ...`. */
  queryTokens?: readonly string[];
  /** One label per key, drawn in the right column (`seqLenK`). Default: `queryTokens` when the lengths match. */
  keyTokens?: readonly string[];
}

/** A focused token of a {@link headView}. */
export interface TokenFocus {
  /** `"query"` for the left column, `"key"` for the right. */
  side: 'query' | 'key';
  /** Token index. */
  index: number;
}

/** Options of {@link headView}. */
export interface HeadViewOptions extends FrameOptions, MotionOptions {
  /** Layer shown first. Default `0`. */
  layer?: number;
  /** Heads shown first. Default: all. */
  heads?: readonly number[];
  /** Vertical distance between tokens in pixels. Default `20`. */
  rowHeight?: number;
  /**
   * Lines of a smaller weight are left out of the picture (they would be all but transparent), which keeps
   * long sequences quick to draw; the figure's table still lists every weight. Default `0`: every line.
   */
  minWeight?: number;
  /** Horizontal distance between the two columns in pixels. Default `160`. */
  gap?: number;
  /** Called when a token gains or loses focus (hover or keyboard). */
  onTokenFocus?: (focus: TokenFocus | null) => void;
}

/** The handle of {@link headView}. */
export interface HeadViewHandle extends VizHandle<HeadViewData> {
  /** Shows another layer. */
  setLayer(layer: number): void;
  /** Shows these heads (each drawn in its own colour). */
  setHeads(heads: readonly number[]): void;
  /** Shows only the lines of one token, as hovering it does; `null` shows all. */
  focusToken(focus: TokenFocus | null): void;
}

const FN = 'headView';
const LEGEND = 30;

interface State extends ReadGrid {
  queryTokens: string[];
  keyTokens: string[];
}

interface Line {
  head: number;
  q: number;
  k: number;
}

function readData(data: HeadViewData): State {
  if (data == null || typeof data !== 'object') throw new TypeError(`${FN}: argument 'data' must be an object { attention, queryTokens?, keyTokens? }`);
  const g = readGrid(FN, 'data.attention', data.attention);
  const queryTokens = readLabels(FN, 'data.queryTokens', data.queryTokens, g.seqLenQ, 'seqLenQ');
  const keyTokens = readLabels(FN, 'data.keyTokens', data.keyTokens ?? (g.seqLenQ === g.seqLenK ? data.queryTokens : undefined), g.seqLenK, 'seqLenK');
  return { ...g, queryTokens, keyTokens };
}

function readHeads(heads: unknown, count: number): number[] {
  if (!Array.isArray(heads)) throw new TypeError(`${FN}: argument 'heads' must be an array of head indices`);
  heads.forEach((h, i) => readInteger(FN, `heads[${i}]`, h, 0, count - 1));
  return [...new Set(heads as number[])].sort((a, b) => a - b);
}

// The colour of head h: Tableau 10, repeating after ten heads.
function headColor(h: number): string {
  return schemeTableau10[h % schemeTableau10.length]!;
}

/**
 * Draws the bertviz-style head view: queries in a left column, keys in a
 * right column, and a line from each query to each key whose opacity is the
 * attention weight, one colour per head. Click a head's swatch to toggle it;
 * hover (or focus) a token to see only its lines.
 *
 * @param container - The element to draw into.
 * @param data - `{ attention [layers, heads, seqLenQ, seqLenK], queryTokens?, keyTokens? }`.
 * @param options - See {@link HeadViewOptions}.
 * @returns A handle with `update`, `destroy`, `toSVG`, `toPNG`, `setLayer`, `setHeads` and `focusToken`.
 * @example
 * const view = headView(document.querySelector('#heads')!, {
 *   attention: { data: await weights.data(), shape: [2, 4, 6, 6] }, // [layers, heads, seqLenQ, seqLenK]
 *   queryTokens: ['the', 'cat', 'sat', 'on', 'the', 'mat'],
 * }, { layer: 1, heads: [0, 2] });
 * view.focusToken({ side: 'query', index: 1 });
 */
export function headView(container: Element, data: HeadViewData, options: HeadViewOptions = {}): HeadViewHandle {
  readOptions(FN, options);
  readNumber(FN, 'options.rowHeight', options.rowHeight, 1, 1000);
  readNumber(FN, 'options.gap', options.gap, 0, 10_000);
  readNumber(FN, 'options.duration', options.duration, 0, 60_000);
  const words = readText(FN, 'options.text', options.text);
  let s = readData(data);
  let layer = readInteger(FN, 'options.layer', options.layer, 0, s.layers - 1) ?? 0;
  let heads = options.heads ? readHeads(options.heads, s.heads) : Array.from({ length: s.heads }, (_, h) => h);
  const rowHeight = options.rowHeight ?? 20;
  const gap = options.gap ?? 160;
  const minWeight = options.minWeight ?? 0;
  if (typeof minWeight !== 'number' || !(minWeight >= 0 && minWeight <= 1)) throw new VizError(FN, 'options.minWeight', 'a number in [0, 1]', String(minWeight));
  const frame = createFrame(FN, 'head-view', container);
  const { svg } = frame;
  svg.attr('role', 'group');
  const controls = select(frame.wrapper).insert('div', 'svg').attr('class', 'al-head-view-controls');
  const label = controls.append('label');
  label.append('span').text(words.headLayer);
  const layerSelect = label.append('select').attr('class', 'al-layer-select');
  const gLegend = svg.append('g').attr('class', 'al-head-legend');
  const gLines = svg.append('g').attr('class', 'al-lines').attr('fill', 'none');
  const gQuery = svg.append('g').attr('class', 'al-query-tokens').attr('text-anchor', 'end');
  const gKey = svg.append('g').attr('class', 'al-key-tokens').attr('text-anchor', 'start');
  const table = hiddenTable(frame);
  let focus: TokenFocus | null = null;
  let left = 0;

  const weight = (d: Line): number => s.values[((layer * s.heads + d.head) * s.seqLenQ + d.q) * s.seqLenK + d.k]!;
  const shown = (d: Line): boolean => !focus || (focus.side === 'query' ? d.q === focus.index : d.k === focus.index);

  function draw(animate: boolean): Promise<void> {
    const { seqLenQ, seqLenK } = s;
    const chars = (t: string[]): number => t.reduce((m, x) => Math.max(m, Math.min(16, x.length)), 1);
    left = Math.ceil(chars(s.queryTokens) * 7 + 14);
    const width = left + gap + Math.ceil(chars(s.keyTokens) * 7 + 14);
    const height = LEGEND + Math.max(seqLenQ, seqLenK) * rowHeight + 8;
    const title = options.title ?? fillText(words.headTitle, { layer, seqLenQ, seqLenK, heads: heads.join(', ') || words.headNone });
    frame.setTitle(title);
    frame.setSize(Math.max(width, 24 + s.heads * 22), height);
    const y = (i: number): number => px(LEGEND + i * rowHeight + rowHeight / 2);

    layerSelect
      .selectAll<HTMLOptionElement, number>('option')
      .data(Array.from({ length: s.layers }, (_, l) => l))
      .join('option')
      .attr('value', (l) => l)
      .property('selected', (l) => l === layer)
      .text((l) => String(l));
    controls.attr('hidden', s.layers > 1 ? null : '');

    gLegend
      .selectAll<SVGRectElement, number>('rect')
      .data(Array.from({ length: s.heads }, (_, h) => h))
      .join((enter) => enter.append('rect').attr('class', 'al-head-swatch').attr('role', 'button').attr('tabindex', 0).attr('cursor', 'pointer'))
      .attr('x', (h) => 4 + h * 22)
      .attr('y', 4)
      .attr('width', 18)
      .attr('height', 18)
      .attr('rx', 3)
      .attr('data-head', (h) => h)
      .attr('fill', (h) => headColor(h))
      .attr('fill-opacity', (h) => (heads.includes(h) ? 1 : 0.2))
      .attr('aria-pressed', (h) => (heads.includes(h) ? 'true' : 'false'))
      .attr('aria-label', (h) => fillText(words.headSwatch, { head: h }));

    const lines: Line[] = [];
    for (const head of heads) {
      for (let q = 0; q < seqLenQ; q++) for (let k = 0; k < seqLenK; k++) if (minWeight === 0 || weight({ head, q, k }) >= minWeight) lines.push({ head, q, k });
    }
    // Lines are keyed and always listed head by head, so the DOM order never needs fixing.
    const sel = joinInOrder(
      gLines.selectAll<SVGLineElement, Line>('line').data(lines, (d) => `${d.head}:${d.q}:${d.k}`),
      (enter) => enter.append('line').attr('stroke-opacity', 0),
    )
      .attr('x1', left)
      .attr('x2', left + gap)
      .attr('y1', (d) => y(d.q))
      .attr('y2', (d) => y(d.k))
      .attr('stroke', (d) => headColor(d.head))
      .attr('stroke-width', 2)
      .attr('data-head', (d) => d.head)
      .attr('data-query', (d) => d.q)
      .attr('data-key', (d) => d.k)
      .attr('visibility', (d) => (shown(d) ? null : 'hidden'));
    const done = setAttrs(sel, animate ? motionDuration(frame.doc, options) : 0, { 'stroke-opacity': (d) => px(weight(d) * 1000) / 1000 });

    const tokens = (g: Sel<SVGGElement>, list: string[], side: 'query' | 'key', x: number): void => {
      g.selectAll<SVGTextElement, string>('text')
        .data(list)
        .join((enter) => enter.append('text').attr('tabindex', 0).attr('cursor', 'default'))
        .attr('x', x)
        .attr('y', (_, i) => y(i))
        .attr('dy', '0.35em')
        .attr('data-index', (_, i) => i)
        .attr('font-weight', (_, i) => (focus?.side === side && focus.index === i ? 'bold' : null))
        .classed('al-active', (_, i) => focus?.side === side && focus.index === i)
        .attr('aria-label', (t) => fillText(side === 'query' ? words.headQueryToken : words.headKeyToken, { token: t }))
        .text((t) => truncate(t, 16));
    };
    tokens(gQuery as Sel<SVGGElement>, s.queryTokens, 'query', left - 8);
    tokens(gKey as Sel<SVGGElement>, s.keyTokens, 'key', left + gap + 8);

    table.set(
      title,
      [words.tableHead, words.tableQueryKey, ...s.keyTokens],
      heads.flatMap((head) => s.queryTokens.map((q, i) => [String(head), q, ...s.keyTokens.map((_, k) => exact(weight({ head, q: i, k })))])),
    );
    return done;
  }

  function setFocus(next: TokenFocus | null): void {
    if (next?.side === focus?.side && next?.index === focus?.index) return;
    focus = next;
    gLines.selectAll<SVGLineElement, Line>('line').attr('visibility', (d) => (shown(d) ? null : 'hidden'));
    const mark = (g: typeof gQuery, side: 'query' | 'key'): void => {
      g.selectAll<SVGTextElement, string>('text')
        .attr('font-weight', (_, i) => (focus?.side === side && focus.index === i ? 'bold' : null))
        .classed('al-active', (_, i) => focus?.side === side && focus.index === i);
    };
    mark(gQuery, 'query');
    mark(gKey, 'key');
    options.onTokenFocus?.(focus ? { ...focus } : null);
  }

  const tokenOf = (target: EventTarget | null, side: 'query' | 'key'): TokenFocus | null => {
    const el = target as Element | null;
    if (!el || typeof el.getAttribute !== 'function' || el.getAttribute('data-index') === null) return null;
    return { side, index: Number(el.getAttribute('data-index')) };
  };
  for (const [g, side] of [[gQuery, 'query'], [gKey, 'key']] as const) {
    (g as Sel<SVGGElement>)
      .on('mouseover', (e: Event) => setFocus(tokenOf(e.target, side)))
      .on('focusin', (e: Event) => setFocus(tokenOf(e.target, side)))
      .on('mouseleave', () => setFocus(null))
      .on('focusout', () => setFocus(null));
  }
  const toggle = (target: EventTarget | null): void => {
    const el = target as Element | null;
    const h = el?.getAttribute?.('data-head');
    if (h == null) return;
    const head = Number(h);
    heads = heads.includes(head) ? heads.filter((x) => x !== head) : [...heads, head].sort((a, b) => a - b);
    void draw(false);
  };
  (gLegend as Sel<SVGGElement>)
    .on('click', (e: Event) => toggle(e.target))
    .on('keydown', (e: KeyboardEvent) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        toggle(e.target);
      }
    });
  layerSelect.on('change', (e: Event) => {
    layer = Number((e.target as HTMLSelectElement).value);
    void draw(true);
  });

  void draw(false);
  return {
    ...baseHandle(FN, frame),
    update(next) {
      const n = readData(next);
      if (layer >= n.layers) layer = 0;
      heads = heads.filter((h) => h < n.heads);
      s = n;
      if (focus && focus.index >= (focus.side === 'query' ? s.seqLenQ : s.seqLenK)) focus = null;
      return draw(true);
    },
    setLayer(l) {
      layer = readInteger(FN, 'layer', l, 0, s.layers - 1)!;
      void draw(true);
    },
    setHeads(h) {
      heads = readHeads(h, s.heads);
      void draw(false);
    },
    focusToken(f) {
      if (f !== null) {
        if (f.side !== 'query' && f.side !== 'key') throw new VizError(FN, 'focus.side', '"query" or "key"', String(f.side));
        readInteger(FN, 'focus.index', f.index, 0, (f.side === 'query' ? s.seqLenQ : s.seqLenK) - 1);
      }
      setFocus(f);
    },
  };
}
