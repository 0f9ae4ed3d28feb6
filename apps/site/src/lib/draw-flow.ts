import { langOf, t } from '../i18n/messages';
import { vizText } from '../i18n/viz-text';
import type { LiveFlow, LiveTensor } from './live';
import { loadViz } from './load-viz';

const SVG = 'http://www.w3.org/2000/svg';
const BOX_W = 112;
const BOX_H = 40;
const GAP_X = 28;
const GAP_Y = 16;
/** Room beside the boxes for arrows that skip a step and go around the boxes between. */
const DETOUR = 32;

/** Column of each node: the length of the longest path of arrows that reaches it. */
export function flowLayers(nodes: LiveFlow['nodes'], edges: LiveFlow['edges']): Map<string, number> {
  const layer = new Map(nodes.map((node) => [node.id, 0]));
  // Relax edges n times: enough for any acyclic graph; a cycle just stops growing.
  for (let pass = 0; pass < nodes.length; pass++) {
    let changed = false;
    for (const [from, to] of edges) {
      const next = (layer.get(from) ?? 0) + 1;
      if (next > (layer.get(to) ?? 0) && next < nodes.length) {
        layer.set(to, next);
        changed = true;
      }
    }
    if (!changed) break;
  }
  return layer;
}

function element<K extends keyof SVGElementTagNameMap>(name: K, attrs: Record<string, string | number>): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attrs)) el.setAttribute(key, String(value));
  return el;
}

function showTensor(panel: HTMLElement, label: string, tensor: LiveTensor | undefined): void {
  panel.replaceChildren();
  const heading = document.createElement('p');
  heading.className = 'flow-detail-title';
  const lang = langOf(panel);
  heading.textContent = tensor ? t(lang, 'live.flow.tensor', { label, shape: tensor.shape.join(', '), dtype: tensor.dtype }) : t(lang, 'live.flow.no-tensor', { label });
  panel.append(heading);
  if (!tensor) return;
  const values = document.createElement('pre');
  values.textContent = tensor.text;
  panel.append(values);
  if (tensor.matrix) {
    const matrix = tensor.matrix;
    const chart = document.createElement('div');
    panel.append(chart);
    void loadViz().then(({ attentionHeatmap }) => {
      if (!chart.isConnected) return; // another box was opened meanwhile
      const [rows, cols] = matrix.shape;
      attentionHeatmap(
        chart,
        { values: matrix, queryTokens: Array.from({ length: rows }, (_, i) => String(i)), keyTokens: Array.from({ length: cols }, (_, i) => String(i)) },
        { title: `${label} [${rows}, ${cols}]`, colorScheme: 'auto', showValues: rows <= 12 && cols <= 12, text: vizText(langOf(panel)) },
      );
    });
  }
}

/** Where {@link flowLayout} puts the boxes of a flow diagram. */
export interface FlowLayout {
  /** `'across'`: steps left to right, arrows between the sides of boxes; `'down'`: steps top to bottom. */
  direction: 'across' | 'down';
  /** The drawing's size in pixels, as drawn at full size. */
  width: number;
  height: number;
  /** The top-left corner of each box, by node id. */
  position: Map<string, { x: number; y: number }>;
  /** The step of each box, by node id (see {@link flowLayers}). */
  step: Map<string, number>;
}

/**
 * Lays out a flow diagram: one step per arrow from left to right, or from top
 * to bottom when left to right is wider than `maxWidth` and top to bottom is
 * narrower. Boxes are drawn at full size either way, so their labels keep
 * their size instead of being scaled down to fit. Arrows that skip a step go
 * around the boxes between them, below (left to right) or to the right (top
 * to bottom), in room kept for them.
 *
 * @param nodes - The boxes.
 * @param edges - Arrows as `[fromId, toId]`.
 * @param maxWidth - The width available in pixels. Default: unlimited (always left to right).
 * @returns The direction, the drawing's size and each box's position.
 * @example
 * flowLayout(nodes, edges, 600).direction; // 'down' for a chain of six boxes
 */
export function flowLayout(nodes: LiveFlow['nodes'], edges: LiveFlow['edges'], maxWidth = Infinity): FlowLayout {
  const layers = flowLayers(nodes, edges);
  const steps = new Map<number, string[]>();
  for (const node of nodes) {
    const step = layers.get(node.id) ?? 0;
    steps.set(step, [...(steps.get(step) ?? []), node.id]);
  }
  const widest = Math.max(1, ...[...steps.values()].map((ids) => ids.length));
  const detour = edges.some(([from, to]) => (layers.get(to) ?? 0) - (layers.get(from) ?? 0) > 1) ? DETOUR : 0;
  const across = { width: steps.size * BOX_W + (steps.size - 1) * GAP_X + 8, height: widest * BOX_H + (widest - 1) * GAP_Y + 8 + detour };
  const down = { width: widest * BOX_W + (widest - 1) * GAP_Y + 8 + detour, height: steps.size * BOX_H + (steps.size - 1) * GAP_X + 8 };
  const direction = across.width > maxWidth && down.width < across.width ? 'down' : 'across';
  const { width, height } = direction === 'across' ? across : down;
  const position = new Map<string, { x: number; y: number }>();
  for (const [step, ids] of steps) {
    if (direction === 'across') {
      const used = ids.length * BOX_H + (ids.length - 1) * GAP_Y;
      ids.forEach((id, i) => position.set(id, { x: 4 + step * (BOX_W + GAP_X), y: (height - detour - used) / 2 + i * (BOX_H + GAP_Y) }));
    } else {
      const used = ids.length * BOX_W + (ids.length - 1) * GAP_Y;
      ids.forEach((id, i) => position.set(id, { x: (width - detour - used) / 2 + i * (BOX_W + GAP_Y), y: 4 + step * (BOX_H + GAP_X) }));
    }
  }
  return { direction, width, height, position, step: layers };
}

/** Options for {@link drawFlow}. */
export interface DrawFlowOptions {
  /** The width available in pixels; a diagram wider left to right is drawn top to bottom. Default: unlimited. */
  maxWidth?: number;
}

/**
 * Draws a {@link LiveFlow} as boxes and arrows into `host`, left to right (top
 * to bottom where that does not fit `maxWidth`; see {@link flowLayout}).
 * Each box with a tensor is a button: clicking it (or Enter/Space) shows the
 * tensor's shape, values and, for a matrix, a heatmap in a panel below.
 *
 * @param host - The element to fill.
 * @param flow - Boxes, arrows and tensors from an example.
 * @param options - The width available (default unlimited).
 * @example
 * drawFlow(div, { type: 'flow', title: '', nodes: [{ id: 'a', label: 'input' }], edges: [] }, { maxWidth: div.clientWidth });
 */
export function drawFlow(host: HTMLElement, flow: LiveFlow, options: DrawFlowOptions = {}): void {
  const { direction, width, height, position, step } = flowLayout(flow.nodes, flow.edges, options.maxWidth);

  const svg = element('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'group', 'aria-label': flow.title || 'flow diagram', class: 'flow' });
  svg.dataset.direction = direction;
  const defs = element('defs', {});
  const marker = element('marker', { id: `arrow-${Math.random().toString(36).slice(2)}`, viewBox: '0 0 8 8', refX: 8, refY: 4, markerWidth: 8, markerHeight: 8, orient: 'auto' });
  marker.append(element('path', { d: 'M0,0 L8,4 L0,8 z', class: 'flow-arrowhead' }));
  defs.append(marker);
  svg.append(defs);
  for (const [from, to] of flow.edges) {
    const a = position.get(from);
    const b = position.get(to);
    if (!a || !b) continue;
    let d: string;
    const skips = (step.get(to) ?? 0) - (step.get(from) ?? 0) > 1;
    if (skips && direction === 'across') {
      // Out of the bottom of one box, under the boxes between, into the bottom of the other.
      const [x1, y1, x2, y2] = [a.x + BOX_W / 2, a.y + BOX_H, b.x + BOX_W / 2, b.y + BOX_H];
      const below = Math.max(y1, y2) + DETOUR + 4;
      d = `M${x1},${y1} C${x1},${below} ${x2},${below} ${x2},${y2 + 1}`;
    } else if (skips) {
      // Out of the right side of one box, past the boxes between, into the right side of the other.
      const [x1, y1, x2, y2] = [a.x + BOX_W, a.y + BOX_H / 2, b.x + BOX_W, b.y + BOX_H / 2];
      const beside = Math.max(x1, x2) + DETOUR + 4;
      d = `M${x1},${y1} C${beside},${y1} ${beside},${y2} ${x2 + 1},${y2}`;
    } else if (direction === 'across') {
      const [x1, y1, x2, y2] = [a.x + BOX_W, a.y + BOX_H / 2, b.x, b.y + BOX_H / 2];
      const mid = (x1 + x2) / 2;
      d = `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2 - 1},${y2}`;
    } else {
      const [x1, y1, x2, y2] = [a.x + BOX_W / 2, a.y + BOX_H, b.x + BOX_W / 2, b.y];
      const mid = (y1 + y2) / 2;
      d = `M${x1},${y1} C${x1},${mid} ${x2},${mid} ${x2},${y2 - 1}`;
    }
    svg.append(element('path', { d, class: 'flow-edge', 'marker-end': `url(#${marker.id})` }));
  }

  const panel = document.createElement('div');
  panel.className = 'flow-detail';
  panel.setAttribute('aria-live', 'polite');
  const boxes: SVGGElement[] = [];
  for (const node of flow.nodes) {
    const at = position.get(node.id) ?? { x: 0, y: 0 };
    const box = element('g', { transform: `translate(${at.x},${at.y})`, class: 'flow-node', 'data-node': node.id });
    box.append(element('rect', { width: BOX_W, height: BOX_H, rx: 6 }));
    const text = element('text', { x: BOX_W / 2, y: node.tensor ? BOX_H / 2 - 3 : BOX_H / 2 + 4, 'text-anchor': 'middle' });
    text.textContent = node.label;
    box.append(text);
    if (node.tensor) {
      const shape = element('text', { x: BOX_W / 2, y: BOX_H / 2 + 12, 'text-anchor': 'middle', class: 'flow-shape' });
      shape.textContent = `[${node.tensor.shape.join(', ')}]`;
      box.append(shape);
      box.setAttribute('role', 'button');
      box.setAttribute('tabindex', '0');
      box.setAttribute('aria-label', `${node.label}, shape [${node.tensor.shape.join(', ')}]: show the tensor`);
      const open = () => {
        for (const other of boxes) other.classList.toggle('selected', other === box);
        showTensor(panel, node.label, node.tensor);
      };
      box.addEventListener('click', open);
      box.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          open();
        }
      });
    }
    boxes.push(box);
    svg.append(box);
  }
  const scroller = document.createElement('div');
  scroller.className = 'flow-scroll';
  scroller.append(svg);
  host.append(scroller, panel);
}
