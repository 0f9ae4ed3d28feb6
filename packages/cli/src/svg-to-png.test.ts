import { describe, expect, it } from 'vitest';
import { decodePng } from '../test/decode-png.js';
import { svgToPng } from './svg-to-png.js';

const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="30" height="20"><rect x="0" y="0" width="10" height="20" fill="#ff0000"/></svg>';

describe('svgToPng', () => {
  it('svgToPng(svg, 2) is a PNG at twice the size: red on the left, white background on the right', () => {
    const { png, width, height } = svgToPng(SVG, 2);
    expect([width, height]).toEqual([60, 40]);
    const image = decodePng(png);
    expect([image.width, image.height]).toEqual([60, 40]);
    const pixel = (x: number, y: number) => Array.from(image.pixels.subarray((y * 60 + x) * image.channels, (y * 60 + x) * image.channels + 3));
    expect(pixel(5, 5)).toEqual([255, 0, 0]);
    expect(pixel(50, 30)).toEqual([255, 255, 255]);
  });

  it('svgToPng rejects a bad scale and markup that is not SVG', () => {
    expect(() => svgToPng(SVG, 0)).toThrow(/scale' must be in \(0, 16\], got 0/);
    expect(() => svgToPng('<html></html>')).toThrow(/cannot rasterise the figure to PNG/);
  });
});
