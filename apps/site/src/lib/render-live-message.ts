import { drawFlow } from './draw-flow';
import { drawHeatmap } from './draw-heatmap';
import type { LiveMessage } from './live';

/**
 * Shows one message from an example below it: text lines go into `console`
 * (always as text, never as HTML), pictures into `figures`.
 *
 * @param message - What the example printed or drew.
 * @param targets - The console element and the figures element of the example.
 * @example
 * renderLiveMessage({ type: 'log', level: 'log', text: 'hi' }, { console: pre, figures: div });
 */
export function renderLiveMessage(message: LiveMessage, targets: { console: HTMLElement; figures: HTMLElement }): void {
  if (message.type === 'log') {
    const line = document.createElement('div');
    line.className = `line ${message.level}`;
    line.dataset.level = message.level;
    line.textContent = message.text;
    targets.console.append(line);
    targets.console.hidden = false;
    return;
  }
  const figure = document.createElement('figure');
  figure.className = 'live-figure';
  figure.dataset.figure = message.type;
  if (message.title) {
    const caption = document.createElement('figcaption');
    caption.textContent = message.title;
    figure.append(caption);
  }
  targets.figures.append(figure);
  if (message.type === 'flow') {
    drawFlow(figure, message);
    return;
  }
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', message.title || 'attention weights');
  figure.append(svg);
  drawHeatmap(svg, { weights: message.weights, rows: message.rows, cols: message.cols });
}
