type Viz = typeof import('@attention-lab/viz'); // eslint-disable-line @typescript-eslint/consistent-type-imports -- a lazily loaded module's type

let viz: Promise<Viz> | undefined;

/**
 * The @attention-lab/viz package, loaded the first time something on the page
 * draws a chart: pages do not pay for it before an example runs.
 *
 * @returns The package's module.
 * @example
 * const { attentionHeatmap } = await loadViz();
 */
export function loadViz(): Promise<Viz> {
  viz ??= import('@attention-lab/viz');
  return viz;
}
