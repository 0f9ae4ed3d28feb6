// @ts-check
// Page-weight and Lighthouse benchmark for the built site (`astro build` first).
// For every page it prints the JavaScript the page loads before any
// interaction (raw, gzip and brotli sizes; the example worker and tfjs load
// later and are listed apart), then runs Lighthouse (performance and
// accessibility) with Debian's Chromium. A benchmark, not a test: it prints
// figures and fails only when it cannot measure.
//
//   pnpm --filter @attention-lab/site build && pnpm --filter @attention-lab/site bench
//   ... bench --no-lighthouse      page weight only
//   ... bench --mobile             Lighthouse's default (mobile) settings instead of its desktop preset
import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { launch } from 'chrome-launcher';
import lighthouse from 'lighthouse';
// Lighthouse's own desktop preset: desktop screen and user agent, and its desktop
// throttling (40 ms round trip, 10 Mbps, no CPU slowdown), simulated.
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import { chromium } from 'playwright-core';
import { PAGE_WEIGHT_TARGET_KB, pageScriptWeight } from '../e2e/page-weight.mjs';
import { serveStatic } from '../e2e/serve.mjs';

const siteDir = new URL('..', import.meta.url).pathname;
const dist = join(siteDir, 'dist');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const withLighthouse = !process.argv.includes('--no-lighthouse');
// Lighthouse's defaults: a phone's screen, 150 ms round trip, 1.6 Mbps and the CPU slowed 4x, simulated.
const mobile = process.argv.includes('--mobile');
const TARGET_KB = PAGE_WEIGHT_TARGET_KB;
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/**
 * Every built article page's URL path, '' for the home page, plus the API
 * reference's landing page (its ~200 symbol pages share one layout, so one stands for all).
 */
async function pages() {
  /** @type {string[]} */
  const found = [];
  /** @param {string} dir */
  const walk = async (dir) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) await walk(join(dir, entry.name));
      else if (entry.name === 'index.html') found.push(relative(dist, dir).split(sep).join('/'));
    }
  };
  await walk(dist);
  // The English fallbacks of the API under /zh-cn/api/ share the same layout too.
  return found.filter((p) => !/^(zh-cn\/)?api\//.test(p) || p === 'api').map((p) => (p ? `${p}/` : '')).sort();
}

const kb = (/** @type {number} */ bytes) => (bytes / 1024).toFixed(1);

const server = await serveStatic(dist);
const browser = await chromium.launch({ executablePath: chromiumPath, args: FLAGS });
const started = Date.now();
/** @type {Array<{ path: string, scripts: number, raw: number, gzip: number, brotli: number, later: number, laterGzip: number }>} */
const rows = [];
try {
  for (const path of await pages()) {
    const weight = await pageScriptWeight(browser, server.url, dist, path);
    rows.push({ path: `/${path}`, ...weight });
  }
} finally {
  await browser.close();
}

console.log(`# Site page weight\n\nMeasured ${new Date().toISOString()} on the built site, Chromium ${chromiumPath}, viewport 1280×800, no interaction.`);
console.log('JavaScript the page runs before any interaction: its script files and inline scripts; sizes compressed here with gzip -9 and brotli -11.');
console.log(`The example worker (TensorFlow.js and the packages) loads when an example first scrolls into view, and the explorer's worker as its page starts, to fetch the model; both are listed apart. Target: ≤ ${TARGET_KB} KB compressed before interaction (on /explorer/: before the model is fetched).\n`);
console.log('| page | scripts | raw KB | gzip KB | brotli KB | within target | worker loaded (raw / gzip KB) |');
console.log('|---|---:|---:|---:|---:|---|---:|');
for (const r of rows) {
  console.log(`| ${r.path} | ${r.scripts} | ${kb(r.raw)} | ${kb(r.gzip)} | ${kb(r.brotli)} | ${r.gzip / 1024 <= TARGET_KB ? 'yes' : 'no'} | ${r.later ? `${kb(r.later)} / ${kb(r.laterGzip)}` : 'not yet'} |`);
}

if (withLighthouse) {
  console.log('\n## Lighthouse\n\nLighthouse ' + (await import('lighthouse/package.json', { with: { type: 'json' } })).default.version + (mobile ? ', default (mobile) settings' : ', desktop preset') + ', performance and accessibility, one run per page. Targets: performance ≥ 90, accessibility ≥ 95.\n');
  console.log('| page | performance | accessibility | FCP ms | LCP ms | TBT ms | CLS |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const { path } of rows) {
    const chrome = await launch({ chromePath: chromiumPath, chromeFlags: FLAGS });
    try {
      const result = await lighthouse(server.url + path.slice(1), { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility'] }, mobile ? undefined : desktopConfig);
      const lhr = result?.lhr;
      if (!lhr) throw new Error(`Lighthouse returned no result for ${path}`);
      const score = (/** @type {string} */ id) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
      const metric = (/** @type {string} */ id) => lhr.audits[id]?.numericValue ?? NaN;
      console.log(`| ${path} | ${score('performance')} | ${score('accessibility')} | ${metric('first-contentful-paint').toFixed(0)} | ${metric('largest-contentful-paint').toFixed(0)} | ${metric('total-blocking-time').toFixed(0)} | ${metric('cumulative-layout-shift').toFixed(3)} |`);
      const failing = Object.values(lhr.audits).filter((a) => a.score !== null && a.score < 1 && lhr.categories.accessibility?.auditRefs.some((ref) => ref.id === a.id));
      for (const audit of failing) console.error(`  ${path} accessibility: ${audit.id}: ${audit.title}`);
    } finally {
      chrome.kill();
    }
  }
}
await server.close();
console.log(`\nTotal time ${((Date.now() - started) / 1000).toFixed(0)} s.`);
