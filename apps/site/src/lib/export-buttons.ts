import { langOf, t } from '../i18n/messages';

/** A picture that can be saved: a @attention-lab/viz chart's handle, or {@link svgExportable} of any SVG. */
export interface Exportable {
  /** Standalone SVG markup. */
  toSVG(): string;
  /** The picture as a PNG blob. */
  toPNG(): Promise<Blob>;
}

/** The properties the page's stylesheet sets on SVG drawn by the site (flow diagrams), copied into an export. */
const STYLED = ['fill', 'stroke', 'stroke-width', 'stroke-dasharray', 'opacity', 'font-family', 'font-size', 'font-weight'] as const;

/**
 * Makes an SVG element drawn on the page (styled by the page's CSS) saveable:
 * the copy carries the computed fill, stroke and font of every element, so the
 * file looks the same without the stylesheet.
 *
 * @param svg - An `<svg>` in the document.
 * @param background - The PNG's background colour. Default the page's.
 * @returns `toSVG` and `toPNG` for {@link addExportButtons}.
 * @example
 * addExportButtons(figure, svgExportable(figure.querySelector('svg')!));
 */
export function svgExportable(svg: SVGSVGElement, background?: string): Exportable {
  const toSVG = (): string => {
    const copy = svg.cloneNode(true) as SVGSVGElement;
    const from = [svg, ...svg.querySelectorAll('*')];
    const to = [copy, ...copy.querySelectorAll('*')];
    from.forEach((element, i) => {
      const target = to[i];
      if (!target) return;
      const computed = getComputedStyle(element);
      const style = STYLED.map((name) => `${name}:${computed.getPropertyValue(name)}`).join(';');
      target.setAttribute('style', style);
    });
    copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
    return new XMLSerializer().serializeToString(copy);
  };
  const toPNG = async (): Promise<Blob> => {
    const width = Number(svg.getAttribute('width')) || svg.getBoundingClientRect().width;
    const height = Number(svg.getAttribute('height')) || svg.getBoundingClientRect().height;
    const image = new Image();
    const loaded = new Promise<void>((resolve, reject) => {
      image.addEventListener('load', () => resolve(), { once: true });
      image.addEventListener('error', () => reject(new Error('could not read the SVG as an image')), { once: true });
    });
    image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(toSVG())}`;
    await loaded;
    const scale = 2;
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(width * scale));
    canvas.height = Math.max(1, Math.round(height * scale));
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2D canvas to draw the PNG');
    context.fillStyle = background ?? pageBackground(svg);
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the canvas gave no PNG'))), 'image/png'));
  };
  return { toSVG, toPNG };
}

/** The first opaque background behind `element`, so text keeps its contrast in dark mode. */
function pageBackground(element: Element): string {
  for (let at: Element | null = element; at; at = at.parentElement) {
    const colour = getComputedStyle(at).backgroundColor;
    if (colour && colour !== 'transparent' && !/^rgba\(.*,\s*0\)$/.test(colour)) return colour;
  }
  return '#ffffff';
}

/** Saves `blob` as a file called `name` through a temporary link. */
function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * The file name of a figure's export: the example's id and the figure's
 * 1-based position among the example's figures, e.g. `translate-1.svg`.
 *
 * @param figure - A figure below a live example.
 * @param extension - `'svg'` or `'png'`.
 * @returns The name.
 * @example
 * exportName(figure, 'png'); // 'worked-example-2.png'
 */
export function exportName(figure: HTMLElement, extension: 'svg' | 'png'): string {
  const example = figure.closest<HTMLElement>('[data-live-example]')?.dataset.liveExample ?? 'figure';
  const siblings = figure.parentElement ? Array.from(figure.parentElement.querySelectorAll(':scope > .live-figure')) : [];
  const index = Math.max(0, siblings.indexOf(figure)) + 1;
  return `${example.replace(/[^\w-]+/g, '-')}-${index}.${extension}`;
}

/**
 * Adds small "SVG" and "PNG" buttons to a figure that download `picture`,
 * named after the example and the figure's position ({@link exportName}).
 *
 * @param figure - The figure holding the picture.
 * @param picture - What to save.
 * @example
 * addExportButtons(figure, chartHandle);
 */
export function addExportButtons(figure: HTMLElement, picture: Exportable): void {
  const group = document.createElement('div');
  group.className = 'figure-export';
  group.setAttribute('role', 'group');
  const lang = langOf(figure);
  group.setAttribute('aria-label', t(lang, 'export.group'));
  for (const kind of ['svg', 'png'] as const) {
    const button = document.createElement('button');
    button.type = 'button';
    button.dataset.export = kind;
    button.textContent = kind.toUpperCase();
    button.setAttribute('aria-label', t(lang, 'export.as', { format: kind.toUpperCase() }));
    button.addEventListener('click', () => {
      const name = exportName(figure, kind);
      button.disabled = true;
      const blob = kind === 'svg' ? Promise.resolve(new Blob([picture.toSVG()], { type: 'image/svg+xml' })) : picture.toPNG();
      void blob
        .then((file) => download(file, name))
        .catch((error: unknown) => {
          button.title = t(lang, 'export.failed', { message: error instanceof Error ? error.message : String(error) });
        })
        .finally(() => {
          button.disabled = false;
        });
    });
    group.append(button);
  }
  figure.append(group);
}
