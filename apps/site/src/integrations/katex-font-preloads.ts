import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';

/**
 * The KaTeX fonts a page's formulas use, from the class names KaTeX writes
 * (katex.css maps them to font families). The most common faces only: the
 * rest load as the page asks for them.
 */
const FONTS_BY_CLASS: ReadonlyArray<[RegExp, string]> = [
  [/\bkatex\b/, 'KaTeX_Main-Regular'],
  [/\bmathnormal\b/, 'KaTeX_Math-Italic'],
  [/\b(?:mathit|textit)\b/, 'KaTeX_Main-Italic'],
  [/\b(?:mathbf|textbf)\b/, 'KaTeX_Main-Bold'],
  [/\b(?:amsrm|mathbb|textbb)\b/, 'KaTeX_AMS-Regular'],
  [/\bdelimsizing size1\b|\bsmall-op\b/, 'KaTeX_Size1-Regular'],
  [/\bdelimsizing size2\b|\blarge-op\b/, 'KaTeX_Size2-Regular'],
];

/**
 * Adds `<link rel="preload" as="font">` for the KaTeX fonts `html` uses,
 * before its first stylesheet. KaTeX's `font-display: block` hides formulas
 * until their font arrives and then lays them out again; a font the stylesheet
 * only discovers during layout arrives late and moves the text around it.
 *
 * @param html - A built page.
 * @param fontUrls - The woff2 URL of each font by name (`KaTeX_Main-Regular` →
 *   `/_astro/KaTeX_Main-Regular.B22Nviop.woff2`).
 * @returns The page with the preloads, and how many were added (0 for a page
 *   without formulas).
 * @example
 * addKatexFontPreloads(html, new Map([['KaTeX_Main-Regular', '/_astro/KaTeX_Main-Regular.x.woff2']])).added;
 */
export function addKatexFontPreloads(html: string, fontUrls: ReadonlyMap<string, string>): { html: string; added: number } {
  const body = html.slice(html.indexOf('<body'));
  if (!body.includes('class="katex"')) return { html, added: 0 };
  const links = FONTS_BY_CLASS.filter(([used]) => used.test(body))
    .map(([, font]) => fontUrls.get(font))
    .filter((url): url is string => url !== undefined && !html.includes(`href="${url}"`))
    .map((url) => `<link rel="preload" href="${url}" as="font" type="font/woff2" crossorigin>`);
  const at = html.search(/<link rel="stylesheet"/);
  if (links.length === 0 || at < 0) return { html, added: 0 };
  return { html: html.slice(0, at) + links.join('') + html.slice(at), added: links.length };
}

async function* htmlFiles(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* htmlFiles(path);
    else if (entry.name.endsWith('.html')) yield path;
  }
}

/**
 * Preloads, on every built page with formulas, the KaTeX fonts it uses (see
 * {@link addKatexFontPreloads}), so that formulas are typeset once, in their
 * font, instead of moving the page when the font arrives.
 *
 * @returns The integration, for `integrations` in `astro.config.mjs`.
 * @example
 * export default defineConfig({ integrations: [starlight({ title: 'x' }), katexFontPreloads()] });
 */
export function katexFontPreloads(): AstroIntegration {
  return {
    name: '@attention-lab/site:katex-font-preloads',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const root = fileURLToPath(dir);
        const fontUrls = new Map<string, string>();
        for (const name of await readdir(join(root, '_astro'))) {
          const font = /^(KaTeX_[A-Za-z0-9]+-[A-Za-z]+)\.[\w-]+\.woff2$/.exec(name)?.[1];
          if (font) fontUrls.set(font, `/_astro/${name}`);
        }
        let pages = 0;
        let preloads = 0;
        for await (const file of htmlFiles(root)) {
          const { html, added } = addKatexFontPreloads(await readFile(file, 'utf8'), fontUrls);
          if (added === 0) continue;
          await writeFile(file, html);
          pages += 1;
          preloads += added;
        }
        logger.info(`preloaded ${preloads} KaTeX fonts on ${pages} pages`);
      },
    },
  };
}
