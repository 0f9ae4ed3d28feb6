// @ts-check
// The JavaScript a built page runs before any interaction, compressed: what
// bench/page-weight.bench.mjs reports for every page and e2e tests hold under
// the 150 KB budget. The example worker (tfjs and the packages) and the
// explorer's worker are listed apart: they load later.
import { Buffer } from 'node:buffer';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** The budget for a page's JavaScript before interaction, gzip. */
export const PAGE_WEIGHT_TARGET_KB = 150;

/** @param {Buffer} body */
const sizes = (body) => ({
  raw: body.length,
  gzip: gzipSync(body, { level: 9 }).length,
  brotli: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
});

/**
 * Loads `path` in a new page of `browser` without interacting, and sums its
 * scripts: the script files it fetched from the site and the inline scripts of
 * its HTML, each compressed with gzip -9 and brotli -11.
 *
 * @param {import('playwright-core').Browser} browser
 * @param {string} siteUrl - The served site's base URL, ending in `/`.
 * @param {string} dist - The built site's folder.
 * @param {string} path - The page, relative to the base (`''` for the home page, others ending in `/`).
 * @returns {Promise<{ scripts: number, raw: number, gzip: number, brotli: number, later: number, laterGzip: number }>} Bytes.
 */
export async function pageScriptWeight(browser, siteUrl, dist, path) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  /** @type {Set<string>} */
  const scriptUrls = new Set();
  page.on('response', (response) => {
    if (!response.url().startsWith(siteUrl)) return; // blob: modules are the reader's code, not downloads
    if (response.request().resourceType() === 'script' || /\.m?js(\?|$)/.test(new URL(response.url()).pathname)) scriptUrls.add(response.url());
  });
  try {
    await page.goto(siteUrl + path, { waitUntil: 'networkidle' });
    await page.waitForTimeout(1000);
  } finally {
    await page.close();
  }
  // Inline scripts count too: they are part of the HTML the page sends.
  const html = await readFile(join(dist, path, 'index.html'), 'utf8');
  const inline = Buffer.from([...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n'));
  const weight = { scripts: 0, raw: 0, gzip: 0, brotli: 0, later: 0, laterGzip: 0 };
  const add = (/** @type {Buffer} */ body, /** @type {boolean} */ isLater) => {
    const s = sizes(body);
    if (isLater) {
      weight.later += s.raw;
      weight.laterGzip += s.gzip;
    } else {
      weight.raw += s.raw;
      weight.gzip += s.gzip;
      weight.brotli += s.brotli;
      weight.scripts += 1;
    }
  };
  add(inline, false);
  for (const url of scriptUrls) {
    const file = join(dist, decodeURIComponent(new URL(url).pathname));
    // The example worker (tfjs and our packages) is fetched once an example scrolls into view; the
    // explorer's worker (the same, and the model it loads) starts as its page does, to fetch the model.
    add(await readFile(file), /(example|explorer)-worker/.test(url));
  }
  return weight;
}
