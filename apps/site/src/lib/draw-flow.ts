import type { LiveFlow, LiveTensor } from './live';
import { loadViz } from './load-viz';

const SVG = 'http://www.w3.org/2000/svg';
const BOX_W = 112;
const BOX_H = 40;
const GAP_X = 28;
const GAP_Y = 16;

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
  heading.textContent = tensor ? `${label}: shape [${tensor.shape.join(', ')}], ${tensor.dtype}` : `${label}: no tensor attached`;
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
        { title: `${label} [${rows}, ${cols}]`, colorScheme: 'auto', showValues: rows <= 12 && cols <= 12 },
      );
    });
  }
}

/**
 * Draws a {@link LiveFlow} as boxes and arrows, left to right, into `host`.
 * Each box with a tensor is a button: clicking it (or Enter/Space) shows the
 * tensor's shape, values and, for a matrix, a heatmap in a panel below.
 *
 * @param host - The element to fill.
 * @param flow - Boxes, arrows and tensors from an example.
 * @example
 * drawFlow(div, { type: 'flow', title: '', nodes: [{ id: 'a', label: 'input' }], edges: [] });
 */
export function drawFlow(host: HTMLElement, flow: LiveFlow): void {
  const layers = flowLayers(flow.nodes, flow.edges);
  const columns = new Map<number, string[]>();
  for (const node of flow.nodes) {
    const column = layers.get(node.id) ?? 0;
    columns.set(column, [...(columns.get(column) ?? []), node.id]);
  }
  const tallest = Math.max(1, ...[...columns.values()].map((ids) => ids.length));
  const height = tallest * BOX_H + (tallest - 1) * GAP_Y + 8;
  const width = columns.size * BOX_W + (columns.size - 1) * GAP_X + 8;
  const position = new Map<string, { x: number; y: number }>();
  for (const [column, ids] of columns) {
    const used = ids.length * BOX_H + (ids.length - 1) * GAP_Y;
    ids.forEach((id, i) => position.set(id, { x: 4 + column * (BOX_W + GAP_X), y: (height - used) / 2 + i * (BOX_H + GAP_Y) }));
  }

  const svg = element('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'group', 'aria-label': flow.title || 'flow diagram', class: 'flow' });
  const defs = element('defs', {});
  const marker = element('marker', { id: `arrow-${Math.random().toString(36).slice(2)}`, viewBox: '0 0 8 8', refX: 8, refY: 4, markerWidth: 8, markerHeight: 8, orient: 'auto' });
  marker.append(element('path', { d: 'M0,0 L8,4 L0,8 z', class: 'flow-arrowhead' }));
  defs.append(marker);
  svg.append(defs);
  for (const [from, to] of flow.edges) {
    const a = position.get(from);
    const b = position.get(to);
    if (!a || !b) continue;
    const [x1, y1, x2, y2] = [a.x + BOX_W, a.y + BOX_H / 2, b.x, b.y + BOX_H / 2];
    const mid = (x1 + x2) / 2;
    svg.append(element('path', { d: `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2 - 1},${y2}`, class: 'flow-edge', 'marker-end': `url(#${marker.id})` }));
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
