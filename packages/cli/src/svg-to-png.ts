import { Resvg } from '@resvg/resvg-js';
import { CliError } from './cli-error.js';

/** What {@link svgToPng} returns. */
export interface PngImage {
  /** The encoded PNG file. */
  png: Uint8Array;
  /** Its width in pixels. */
  width: number;
  /** Its height in pixels. */
  height: number;
}

/**
 * Rasterises SVG markup to a PNG with resvg (a Rust renderer shipped as a
 * native npm package), on a white background, using the system's fonts.
 *
 * @param svg - Standalone SVG markup with a width and height.
 * @param scale - Pixels per SVG unit. Default `2` (sharp in print and on high-density screens).
 * @returns `{ png, width, height }`.
 * @example
 * const { png, width } = svgToPng(renderAttentionHeatmapToSvg({ values: [[1]] }), 2);
 * writeFileSync('figure.png', png);
 */
export function svgToPng(svg: string, scale = 2): PngImage {
  if (!(scale > 0 && scale <= 16)) throw new RangeError(`svgToPng: argument 'scale' must be in (0, 16], got ${String(scale)}`);
  try {
    const image = new Resvg(svg, {
      fitTo: { mode: 'zoom', value: scale },
      background: 'white',
      font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
    }).render();
    return { png: new Uint8Array(image.asPng()), width: image.width, height: image.height };
  } catch (error) {
    throw new CliError(`cannot rasterise the figure to PNG: ${(error as Error).message}`);
  }
}
