/**
 * The frame every chart draws into: a wrapper `<div>` in the caller's
 * container holding the `<svg>` (with an accessible name and a `<title>`),
 * an optional visually hidden table of the numbers and an optional live
 * region. Internal.
 */
import { select, type Selection } from 'd3-selection';
import 'd3-transition'; // selection.interrupt()
import { serializeSvg } from './serialize-svg.js';
import { describe } from './read-data.js';
import { svgToPng } from './svg-to-png.js';
import type { VizHandle } from './viz-handle.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Sel<E extends Element = Element> = Selection<E, any, any, any>;

export interface Frame {
  doc: Document;
  wrapper: HTMLElement;
  svg: Sel<SVGSVGElement>;
  /** A prefix for ids inside this chart, unique in its document. */
  id: string;
  setTitle(text: string): void;
  setSize(width: number, height: number): void;
}

const counters = new WeakMap<Document, number>();

const VISUALLY_HIDDEN =
  'position:absolute;width:1px;height:1px;margin:-1px;padding:0;border:0;overflow:hidden;clip:rect(0 0 0 0);clip-path:inset(50%);white-space:nowrap';

// The data table sits in a box kept off screen as well as clipped, with
// content-visibility:auto (which tables themselves ignore), so the browser
// skips laying out and painting its (possibly thousands of) cells while
// screen readers still read them.
const HIDDEN_TABLE = `${VISUALLY_HIDDEN};left:-10000px;top:0;content-visibility:auto`;

/** Checks the container and builds the frame. */
export function createFrame(fn: string, kind: string, container: unknown): Frame {
  const c = container as Element | null;
  if (c == null || typeof c !== 'object' || c.nodeType !== 1 || !c.ownerDocument || typeof c.appendChild !== 'function') {
    throw new TypeError(`${fn}: argument 'container' must be a DOM element, got ${describe(container)}`);
  }
  const doc = c.ownerDocument;
  const n = (counters.get(doc) ?? 0) + 1;
  counters.set(doc, n);
  const id = `al-${kind}-${n}`;
  const wrapper = select(c).append('div').attr('class', `al-viz al-${kind}`).style('position', 'relative');
  const svg = wrapper
    .append('svg')
    .attr('xmlns', 'http://www.w3.org/2000/svg')
    .attr('id', id)
    .attr('role', 'img')
    .attr('font-family', 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif')
    .attr('font-size', 11);
  svg.append('title').attr('id', `${id}-title`);
  svg.attr('aria-labelledby', `${id}-title`);
  return {
    doc,
    wrapper: wrapper.node() as HTMLElement,
    svg: svg as Sel<SVGSVGElement>,
    id,
    setTitle(text) {
      svg.select('title').text(text);
      svg.attr('aria-label', text);
    },
    setSize(width, height) {
      const w = Math.round(width);
      const h = Math.round(height);
      svg.attr('width', w).attr('height', h).attr('viewBox', `0 0 ${w} ${h}`);
    },
  };
}

/** The generic parts of a handle: element, svg, destroy, toSVG, toPNG. */
export function baseHandle(fn: string, frame: Frame, onDestroy?: () => void): Omit<VizHandle<never>, 'update'> {
  const svgNode = frame.svg.node()!;
  let destroyed = false;
  return {
    element: frame.wrapper,
    svg: svgNode,
    destroy() {
      if (destroyed) return;
      destroyed = true;
      frame.svg.selectAll('*').interrupt();
      onDestroy?.();
      frame.wrapper.remove();
    },
    toSVG: () => serializeSvg(svgNode),
    toPNG: (options) => svgToPng(fn, svgNode, options),
  };
}

/**
 * A visually hidden `<table>` of the numbers for screen readers. `set`
 * rewrites only the cells' text when the table keeps its shape.
 */
export interface HiddenTable {
  set(caption: string, header: readonly string[], rows: ReadonlyArray<readonly string[]>): void;
  /** Appends rows without touching the existing ones. */
  append(rows: ReadonlyArray<readonly string[]>): void;
  readonly element: HTMLTableElement;
}

export function hiddenTable(frame: Frame): HiddenTable {
  const { doc } = frame;
  const table = doc.createElement('table');
  table.className = 'al-data-table';
  const box = doc.createElement('div');
  box.className = 'al-data';
  box.setAttribute('style', HIDDEN_TABLE);
  box.appendChild(table);
  const caption = table.appendChild(doc.createElement('caption'));
  const thead = table.appendChild(doc.createElement('thead'));
  const tbody = table.appendChild(doc.createElement('tbody'));
  frame.wrapper.appendChild(box);
  // Cell elements are kept here: linkedom and happy-dom lack `rows`/`cells`.
  let headCells: HTMLElement[] = [];
  let bodyCells: HTMLElement[][] = [];
  // The text each cell holds, so an update compares strings, not DOM reads.
  let headText: string[] = [];
  let bodyText: string[][] = [];
  const row = (cells: readonly string[], isHeader: boolean): [HTMLTableRowElement, HTMLElement[]] => {
    const tr = doc.createElement('tr');
    const els = cells.map((text, j) => {
      const cell = doc.createElement(isHeader || j === 0 ? 'th' : 'td');
      if (isHeader) cell.setAttribute('scope', 'col');
      else if (j === 0) cell.setAttribute('scope', 'row');
      cell.textContent = text;
      tr.appendChild(cell);
      return cell;
    });
    return [tr, els];
  };
  const appendRows = (rows: ReadonlyArray<readonly string[]>): void => {
    for (const r of rows) {
      const [tr, els] = row(r, false);
      tbody.appendChild(tr);
      bodyCells.push(els);
      bodyText.push([...r]);
    }
  };
  return {
    element: table,
    set(captionText, header, rows) {
      caption.textContent = captionText;
      const sameShape =
        headCells.length === header.length && bodyCells.length === rows.length && rows.every((r, i) => bodyCells[i]!.length === r.length);
      if (sameShape) {
        header.forEach((t, j) => {
          if (headText[j] !== t) headCells[j]!.textContent = headText[j] = t;
        });
        rows.forEach((r, i) => {
          const cells = bodyCells[i]!;
          const text = bodyText[i]!;
          r.forEach((t, j) => {
            if (text[j] !== t) cells[j]!.textContent = text[j] = t;
          });
        });
        return;
      }
      const [tr, els] = row(header, true);
      thead.replaceChildren(tr);
      headCells = els;
      headText = [...header];
      tbody.replaceChildren();
      bodyCells = [];
      bodyText = [];
      appendRows(rows);
    },
    append: appendRows,
  };
}

/** A visually hidden polite live region (announces the focused cell). */
export function liveRegion(frame: Frame): HTMLElement {
  const el = frame.doc.createElement('div');
  el.className = 'al-live';
  el.setAttribute('aria-live', 'polite');
  el.setAttribute('style', VISUALLY_HIDDEN);
  frame.wrapper.appendChild(el);
  return el;
}

/** Options of {@link tooltip}. */
export interface Tooltip {
  show(x: number, y: number, text: string, bounds: { width: number; height: number }): void;
  hide(): void;
  readonly node: SVGGElement;
}

/** An SVG tooltip (a rounded box with one line of text), hidden until shown. */
export function tooltip(frame: Frame): Tooltip {
  const g = frame.svg.append('g').attr('class', 'al-tooltip').attr('pointer-events', 'none').attr('visibility', 'hidden');
  const box = g.append('rect').attr('rx', 3).attr('fill', '#111111').attr('fill-opacity', 0.88);
  const label = g.append('text').attr('fill', '#ffffff').attr('font-size', 12).attr('dy', '1em');
  return {
    node: g.node() as SVGGElement,
    show(x, y, text, bounds) {
      label.text(text);
      const w = Math.round(text.length * 7 + 12);
      const h = 22;
      const left = Math.max(0, Math.min(x + 10, bounds.width - w));
      const top = y + 10 + h > bounds.height ? Math.max(0, y - h - 4) : y + 10;
      g.attr('transform', `translate(${Math.round(left)},${Math.round(top)})`).attr('visibility', 'visible');
      box.attr('width', w).attr('height', h);
      label.attr('x', 6).attr('y', 4);
    },
    hide() {
      g.attr('visibility', 'hidden');
    },
  };
}
