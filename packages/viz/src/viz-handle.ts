/**
 * The types every chart shares in its signature: the options all accept and
 * the handle all return. They live apart from the frame that implements them
 * so that the published declarations never mention d3's types (users need no
 * `@types/d3-*`).
 */
import type { PngOptions } from './svg-to-png.js';
import type { VizText } from './viz-text.js';

/** Options every chart accepts. */
export interface FrameOptions {
  /** The chart's accessible name (also its SVG `<title>`). Default: a description of the data. */
  title?: string;
  /**
   * The chart's words in the reader's language: any keys of {@link VizText},
   * templates with the same `{placeholders}` as their English in `VIZ_TEXT`.
   * An explicit `title` still wins over the default title. Default: `VIZ_TEXT`
   * for every key not given.
   */
  text?: Partial<VizText>;
}

/** What every chart function returns. */
export interface VizHandle<D> {
  /** The wrapper element added to the container. */
  readonly element: HTMLElement;
  /** The chart's `<svg>`. */
  readonly svg: SVGSVGElement;
  /** Draws new data into the same elements, animated unless motion is reduced; resolves when drawn. */
  update(data: D): Promise<void>;
  /** Removes the chart and its listeners from the container. */
  destroy(): void;
  /** The chart as a standalone SVG string. */
  toSVG(): string;
  /** The chart as a PNG blob (browser only). */
  toPNG(options?: PngOptions): Promise<Blob>;
}
