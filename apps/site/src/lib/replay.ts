import type { VizHandle } from '@attention-lab/viz';
import { langOf, t } from '../i18n/messages';
import { withVizText } from '../i18n/viz-text';
import { pictureBox } from './figure-fit';
import type { LiveReplay } from './live';
import { loadViz } from './load-viz';

let nextSliderId = 1;

/**
 * Draws a {@link LiveReplay} into `figure`: one attention heatmap of the last
 * frame, a labelled slider over the frames and the current frame's label.
 * Moving the slider (mouse, touch or arrow keys) redraws the same heatmap with
 * that frame through the chart's `update`; nothing goes back to the worker.
 *
 * @param figure - The figure to fill (its caption, if any, is already there).
 * @param message - The frames, labels and heatmap options an example sent.
 * @returns The heatmap's handle (for export and clean-up).
 * @example
 * const chart = await drawReplay(figure, { type: 'replay', id: 1, frames, queryTokens, keyTokens, options: {} });
 */
export async function drawReplay(figure: HTMLElement, message: LiveReplay): Promise<VizHandle<unknown>> {
  const { attentionHeatmap } = await loadViz();
  const last = message.frames.length - 1;
  const dataOf = (index: number) => ({
    values: message.frames[index]?.values ?? { data: new Float32Array(0), shape: [0, 0] as [number, number] },
    queryTokens: message.queryTokens,
    keyTokens: message.keyTokens,
  });
  const host = pictureBox(figure, 'replay');
  const chart = attentionHeatmap(host, dataOf(last), withVizText(langOf(figure), message.options)) as unknown as VizHandle<unknown>;

  const controls = document.createElement('div');
  controls.className = 'replay-controls';
  const id = `replay-slider-${nextSliderId++}`;
  const label = document.createElement('label');
  label.htmlFor = id;
  label.textContent = t(langOf(figure), 'live.replay.frame');
  const slider = document.createElement('input');
  slider.type = 'range';
  slider.id = id;
  slider.min = '0';
  slider.max = String(last);
  slider.step = '1';
  slider.value = String(last);
  slider.dataset.role = 'replay-slider';
  slider.disabled = last === 0;
  const shown = document.createElement('output');
  shown.htmlFor.add(id);
  shown.dataset.role = 'replay-label';
  controls.append(label, slider, shown);
  figure.append(controls);

  let showing = last;
  const show = (index: number): void => {
    const frame = message.frames[index];
    if (!frame) return;
    // Set as text: a frame's label comes from the example's code.
    shown.textContent = `${index + 1}/${message.frames.length}: ${frame.label}`;
    slider.setAttribute('aria-valuetext', frame.label);
    figure.dataset.frame = String(index);
    if (index === showing) return;
    showing = index;
    void chart.update(dataOf(index));
  };
  slider.addEventListener('input', () => show(slider.valueAsNumber));
  show(last);
  return chart;
}
