import type { VizHandle } from '@attention-lab/viz';
import { langOf } from '../i18n/messages';
import { withVizText } from '../i18n/viz-text';
import { consoleLineLayout } from './console-line-layout';
import { pictureBox } from './figure-fit';
import { CHART_NAMES, type LiveChart, type LiveMessage } from './live';

import { loadViz } from './load-viz';

type AnyChart = (container: HTMLElement, data: unknown, options: Record<string, unknown>) => VizHandle<unknown> & {
  append?: (...args: unknown[]) => void;
};

/** Where one example's output goes, and the charts it has drawn in this run. */
export interface LiveOutput {
  console: HTMLElement;
  figures: HTMLElement;
  charts: Map<number, VizHandle<unknown> & { append?: (...args: unknown[]) => void }>;
}

function newFigure(kind: string, title: string, targets: LiveOutput): HTMLElement {
  const figure = document.createElement('figure');
  figure.className = 'live-figure';
  figure.dataset.figure = kind;
  if (title) {
    const caption = document.createElement('figcaption');
    caption.textContent = title;
    figure.append(caption);
  }
  targets.figures.append(figure);
  return figure;
}

async function drawChart(message: LiveChart, figure: HTMLElement, targets: LiveOutput): Promise<void> {
  if (!CHART_NAMES.includes(message.chart)) throw new Error(`show: there is no chart called "${String(message.chart)}"`);
  const library = await loadViz();
  const draw = library[message.chart] as unknown as AnyChart;
  // The chart's own words in the page's language, under any the example's code chose.
  const options = withVizText(langOf(targets.figures), { ...message.options });
  // The step-by-step layout wraps its matrices to a width: the example's, unless the code chose one.
  if (message.chart === 'attentionSteps' && options.maxWidth === undefined && targets.figures.clientWidth > 0) {
    options.maxWidth = targets.figures.clientWidth - 8;
  }
  targets.charts.set(message.id, draw(pictureBox(figure, message.chart), message.data, options));
}

/**
 * Shows one message from an example below it: text lines go into `console`
 * (always as text, never as HTML, with their layout from
 * {@link consoleLineLayout} in `data-layout`), charts into `figures` (drawn by
 * @attention-lab/viz, loaded on first use). Messages are applied in order.
 *
 * @param message - What the example printed or drew.
 * @param targets - The example's console and figures elements, and its charts so far.
 * @returns When the message is on the page.
 * @example
 * await renderLiveMessage({ type: 'log', level: 'log', text: 'hi' }, output);
 */
export async function renderLiveMessage(message: LiveMessage, targets: LiveOutput): Promise<void> {
  switch (message.type) {
    case 'log': {
      const line = document.createElement('div');
      line.className = `line ${message.level}`;
      line.dataset.level = message.level;
      // Prose wraps; tensors and tables keep their columns (LiveExample.astro lays them out by this).
      line.dataset.layout = consoleLineLayout(message.text);
      line.textContent = message.text;
      targets.console.append(line);
      targets.console.hidden = false;
      return;
    }
    case 'flow': {
      const [{ drawFlow }, { addExportButtons, svgExportable }] = await Promise.all([import('./draw-flow'), import('./export-buttons')]);
      const figure = newFigure('flow', message.title, targets);
      // As wide as the example allows: a diagram too wide left to right is drawn top to bottom, labels at full size.
      drawFlow(pictureBox(figure, 'flow'), message, targets.figures.clientWidth > 0 ? { maxWidth: targets.figures.clientWidth } : {});
      const svg = figure.querySelector('svg');
      if (svg) addExportButtons(figure, svgExportable(svg));
      return;
    }
    case 'chart': {
      const title = typeof message.options.title === 'string' ? message.options.title : '';
      const figure = newFigure(message.chart, title, targets);
      const [{ addExportButtons }] = await Promise.all([import('./export-buttons'), drawChart(message, figure, targets)]);
      const chart = targets.charts.get(message.id);
      if (chart) addExportButtons(figure, chart);
      return;
    }
    case 'replay': {
      const [{ drawReplay }, { addExportButtons }] = await Promise.all([import('./replay'), import('./export-buttons')]);
      const figure = newFigure('replay', message.options.title ?? '', targets);
      const chart = await drawReplay(figure, message);
      targets.charts.set(message.id, chart);
      addExportButtons(figure, chart);
      return;
    }
    case 'chart-call': {
      const chart = targets.charts.get(message.id);
      if (!chart) return;
      if (message.method === 'update') await chart.update(message.args[0]);
      else chart.append?.(...message.args);
      return;
    }
  }
}
