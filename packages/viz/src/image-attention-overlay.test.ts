import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { container, mouse, setReducedMotion } from '../test/dom.js';
import { imageAttentionOverlay } from './image-attention-overlay.js';

let el: HTMLDivElement;
beforeEach(() => {
  setReducedMotion(true);
  el = container();
});
afterEach(() => el.remove());

// A 4×4 image with values 0..255 and attention over 2×2 patches.
const image = { data: Uint8Array.from({ length: 16 }, (_, i) => i * 17), shape: [4, 4] as const };

describe('imageAttentionOverlay', () => {
  test('imageAttentionOverlay draws grayscale pixels and one tinted patch per weight', () => {
    imageAttentionOverlay(el, { image, attention: [[0.1, 0.2], [0.3, 0.4]] }, { pixelSize: 10 });
    const pixels = [...el.querySelectorAll('.al-image rect')];
    expect(pixels).toHaveLength(16);
    expect(pixels[0]!.getAttribute('fill')).toBe('rgb(0,0,0)');
    expect(pixels[15]!.getAttribute('fill')).toBe('rgb(255,255,255)');
    const patches = [...el.querySelectorAll('rect.al-patch')];
    expect(patches.map((p) => [p.getAttribute('x'), p.getAttribute('y'), p.getAttribute('width')])).toEqual([
      ['0', '0', '20'],
      ['20', '0', '20'],
      ['0', '20', '20'],
      ['20', '20', '20'],
    ]);
    // Opacity is weight / max * 0.7.
    expect(patches.map((p) => Number(p.getAttribute('fill-opacity')))).toEqual([0.175, 0.35, 0.525, 0.7]);
    mouse(patches[2]!, 'mouseover');
    expect(el.querySelector('.al-tooltip text')!.textContent).toBe('patch (1, 0): 0.3');
  });

  test('imageAttentionOverlay accepts one weight per band of rows', () => {
    imageAttentionOverlay(el, { image, attention: new Float32Array([0, 1, 0, 0.5]) }, { pixelSize: 5 });
    const patches = [...el.querySelectorAll('rect.al-patch')];
    expect(patches.map((p) => [p.getAttribute('y'), p.getAttribute('width'), p.getAttribute('height')])).toEqual([
      ['0', '20', '5'],
      ['5', '20', '5'],
      ['10', '20', '5'],
      ['15', '20', '5'],
    ]);
    mouse(patches[1]!, 'mouseover');
    expect(el.querySelector('.al-tooltip text')!.textContent).toBe('row band 1: 1');
  });

  test('imageAttentionOverlay rejects a grid that does not divide the image', () => {
    expect(() => imageAttentionOverlay(el, { image, attention: [[1, 2, 3]] })).toThrow(
      "imageAttentionOverlay: argument 'data.attention' expected a [patchRows, patchCols] grid that divides the image [height=4, width=4], got [1, 3]",
    );
  });
});
