/**
 * PNG export in the browser: SVG markup → Image → canvas → `canvas.toBlob`.
 * Internal; reached through every handle's `toPNG()`.
 */
import { serializeSvg } from './serialize-svg.js';

/** Options of a handle's `toPNG`. */
export interface PngOptions {
  /** Pixels per SVG unit (2 for a sharp picture on a high-density screen). Default `2`. */
  scale?: number;
  /** Fill behind the picture; `"transparent"` for none. Default `"#ffffff"`. */
  background?: string;
}

/** Rasterizes `svg` to a PNG blob; rejects outside a browser (use `toSVG()` there). */
export async function svgToPng(fn: string, svg: SVGSVGElement, options: PngOptions = {}): Promise<Blob> {
  const doc = svg.ownerDocument;
  const win = doc.defaultView as (Window & typeof globalThis) | null;
  const canvas = doc.createElement('canvas');
  const ctx = typeof canvas.getContext === 'function' ? canvas.getContext('2d') : null;
  if (!win || typeof win.Image !== 'function' || !ctx || typeof canvas.toBlob !== 'function') {
    throw new Error(`${fn}: toPNG() needs a browser with Image and a 2D canvas; in Node, write toSVG() or the renderers of @attention-lab/viz/node`);
  }
  const scale = options.scale ?? 2;
  if (!(scale > 0) || !Number.isFinite(scale)) throw new RangeError(`${fn}: toPNG option 'scale' must be a positive number, got ${scale}`);
  const width = Number(svg.getAttribute('width'));
  const height = Number(svg.getAttribute('height'));
  const image = new win.Image();
  const loaded = new Promise<void>((resolve, reject) => {
    image.onload = () => resolve();
    image.onerror = () => reject(new Error(`${fn}: toPNG() could not load the SVG as an image`));
  });
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(serializeSvg(svg))}`;
  await loaded;
  canvas.width = Math.max(1, Math.round(width * scale));
  canvas.height = Math.max(1, Math.round(height * scale));
  const background = options.background ?? '#ffffff';
  if (background !== 'transparent') {
    ctx.fillStyle = background;
    ctx.fillRect(0, 0, canvas.width, canvas.height);
  }
  ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error(`${fn}: toPNG() got no blob from the canvas`))), 'image/png'),
  );
}
