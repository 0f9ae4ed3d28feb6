/**
 * How a figure in an example's output meets a box narrower than its picture
 * (a phone is about 390 px wide, an example's box about 324 px there):
 *
 * - `scale`: the picture shrinks with its viewBox to the box's width. For
 *   charts whose labels stay readable at the size they reach (line charts,
 *   images, diagrams that already lay themselves out for the width).
 * - `scroll`: the picture keeps its size in a box that scrolls sideways with
 *   the scroll hint's edge shadows (`.scroll-hint` in site.css). For charts of
 *   one label per token (heatmaps, head views), whose labels would be
 *   unreadable below about 70 %.
 */
export type FigureFit = 'scale' | 'scroll';

/** The kinds drawn in a `scale` figure; every other kind scrolls. */
const SCALED: ReadonlySet<string> = new Set(['lineChart', 'softmaxScalingChart', 'positionalEncodingChart', 'imageAttentionOverlay', 'flow']);

/**
 * The fit for a figure of one kind: a chart name of @attention-lab/viz,
 * `flow` or `replay`.
 *
 * @param kind - What the figure shows (its `data-figure`).
 * @returns `scale` for line charts, images and flow diagrams; `scroll` for the rest.
 * @example
 * figureFit('attentionHeatmap'); // 'scroll'
 */
export function figureFit(kind: string): FigureFit {
  return SCALED.has(kind) ? 'scale' : 'scroll';
}

/**
 * Adds the box a figure's picture is drawn into, fitted for its kind (see
 * {@link figureFit}): `data-fit` says how, and a `scroll` box carries the
 * `scroll-hint` class.
 *
 * @param figure - The figure (its caption, if any, is already there).
 * @param kind - What the figure shows.
 * @returns The box, appended to `figure`.
 * @example
 * attentionHeatmap(pictureBox(figure, 'attentionHeatmap'), data, {});
 */
export function pictureBox(figure: HTMLElement, kind: string): HTMLElement {
  const fit = figureFit(kind);
  const box = figure.ownerDocument.createElement('div');
  box.className = fit === 'scroll' ? 'picture scroll-hint' : 'picture';
  box.dataset.fit = fit;
  figure.append(box);
  return box;
}
