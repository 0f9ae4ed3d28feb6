// @ts-check
// Lighthouse on two or more builds of the site, page by page and run by run in
// turn, so that a loaded machine slows all builds alike; prints each run and
// the median per page and build. Same Lighthouse settings as
// page-weight.bench.mjs. A benchmark, not a test.
//
//   node bench/lighthouse-compare.bench.mjs --runs=2 /path/to/before/dist dist -- '' mathematics/ trends/
import { readFileSync } from 'node:fs';
import { launch } from 'chrome-launcher';
import lighthouse from 'lighthouse';
// Lighthouse's own desktop preset: desktop screen and user agent, and its desktop
// throttling (40 ms round trip, 10 Mbps, no CPU slowdown), simulated.
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import { serveStatic } from '../e2e/serve.mjs';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const args = process.argv.slice(2);
const runs = Number(args.find((a) => a.startsWith('--runs='))?.slice('--runs='.length) ?? 3);
const split = args.indexOf('--');
const dists = args.slice(0, split < 0 ? args.length : split).filter((a) => !a.startsWith('--'));
const paths = split < 0 ? [''] : args.slice(split + 1);
if (dists.length === 0) throw new Error('usage: lighthouse-compare.bench.mjs [--runs=3] DIST... [-- PAGE...]');

const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
const median = (/** @type {number[]} */ xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const servers = await Promise.all(dists.map((dist) => serveStatic(dist)));
/** @type {Map<string, Array<{ performance: number, accessibility: number, tbt: number, cls: number, lcp: number, load: string }>>} */
const results = new Map();
try {
  for (let run = 0; run < runs; run++) {
    for (const path of paths) {
      for (const [i, server] of servers.entries()) {
        const load = loadAverage();
        const chrome = await launch({ chromePath: chromiumPath, chromeFlags: FLAGS });
        try {
          const result = await lighthouse(server.url + path, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility'] }, desktopConfig);
          const lhr = result?.lhr;
          if (!lhr) throw new Error(`Lighthouse returned no result for /${path}`);
          const row = {
            performance: Math.round((lhr.categories.performance?.score ?? 0) * 100),
            accessibility: Math.round((lhr.categories.accessibility?.score ?? 0) * 100),
            tbt: lhr.audits['total-blocking-time']?.numericValue ?? NaN,
            cls: lhr.audits['cumulative-layout-shift']?.numericValue ?? NaN,
            lcp: lhr.audits['largest-contentful-paint']?.numericValue ?? NaN,
            load,
          };
          const key = `/${path}\t${dists[i]}`;
          results.set(key, [...(results.get(key) ?? []), row]);
          console.log(`run ${run + 1} /${path} ${dists[i]}: performance ${row.performance}, accessibility ${row.accessibility}, TBT ${row.tbt.toFixed(0)} ms, CLS ${row.cls.toFixed(3)}, LCP ${row.lcp.toFixed(0)} ms, load average ${load}`);
        } finally {
          chrome.kill();
        }
      }
    }
  }
} finally {
  for (const server of servers) await server.close();
}

console.log('\n| page | build | performance | accessibility | TBT ms | CLS | LCP ms | load average |');
console.log('|---|---|---:|---:|---:|---:|---:|---:|');
for (const [key, rows] of results) {
  const [path, dist] = key.split('\t');
  const m = (/** @type {(r: typeof rows[number]) => number} */ pick) => median(rows.map(pick));
  console.log(`| ${path} | ${dist} | ${m((r) => r.performance).toFixed(0)} | ${m((r) => r.accessibility).toFixed(0)} | ${m((r) => r.tbt).toFixed(0)} | ${m((r) => r.cls).toFixed(3)} | ${m((r) => r.lcp).toFixed(0)} | ${rows.map((r) => r.load).join(', ')} |`);
}
