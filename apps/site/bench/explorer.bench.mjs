// @ts-check
// Explorer benchmark on the built site (`astro build` first): how long the
// shipped subword Transformer takes to load in the page's worker on wasm, and,
// once loaded, how long a changed text of 64 tokens takes to come back as
// redrawn views (head view, model view, next-token bars; the neuron view
// follows). Prints markdown; a benchmark, not a test.
//
//   pnpm --filter @attention-lab/site build
//   node bench/explorer.bench.mjs > bench/explorer-results.md      # inside apps/site: record
//   SITE_URL=http://localhost:4321/ node bench/explorer.bench.mjs   # against astro dev (slower, unbundled)
import os from 'node:os';
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { serveStatic } from '../e2e/serve.mjs';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const LOADS = 3;
const EDITS = 15;
const GOAL_MS = 100;
// Moby-Dick's first lines, more than 64 tokens: the model reads the last 64.
const BASE = 'Call me Ishmael. Some years ago, never mind how long precisely, having little or no money in my purse, and nothing particular to interest me on shore, I thought I would sail about a little and see the watery part of the world. It is a way I have of driving off the spleen and regulating the circulation.';
const WORDS = ['whale', 'sea', 'ship', 'harpoon', 'captain', 'wind', 'deck', 'night', 'boat', 'sail', 'oil', 'storm', 'rope', 'mast', 'wave', 'fish'];

const median = (/** @type {number[]} */ xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (/** @type {number} */ ms) => ms.toFixed(0);

const server = process.env.SITE_URL ? { url: process.env.SITE_URL.replace(/\/?$/, '/'), close: async () => {} } : await serveStatic(new URL('../dist', import.meta.url).pathname);
const browser = await chromium.launch({ executablePath: chromiumPath, args: FLAGS });
const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(', ');
/** @type {{ toReady: number, worker: number }[]} */
const loads = [];
/** @type {{ redraw: number, worker: number, typed: number, tokens: number }[]} */
const edits = [];
try {
  for (let run = 0; run < LOADS; run++) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const started = Date.now();
    await page.goto(`${server.url}explorer/`);
    await page.waitForFunction(() => Number(document.querySelector('[data-explorer]')?.getAttribute('data-draws') ?? 0) > 0, null, { timeout: 180_000 });
    const toReady = Date.now() - started;
    loads.push({ toReady, worker: Number(await page.getAttribute('[data-explorer]', 'data-load-ms')) });
    if (run === LOADS - 1) {
      // Once loaded: each edit changes the last word, so the model reads a new 64-token window.
      for (let i = 0; i < EDITS + 2; i++) {
        const before = Number(await page.getAttribute('[data-explorer]', 'data-draws'));
        const typedAt = Date.now();
        await page.locator('[data-role="text"]').fill(`${BASE} ${WORDS[i % WORDS.length]}`);
        await page.waitForFunction((n) => Number(document.querySelector('[data-explorer]')?.getAttribute('data-draws')) > n, before, { timeout: 60_000 });
        const typed = Date.now() - typedAt;
        const attrs = await page.evaluate(() => {
          const root = document.querySelector('[data-explorer]');
          return { redraw: Number(root?.getAttribute('data-redraw-ms')), worker: Number(root?.getAttribute('data-worker-ms')), tokens: Number(root?.getAttribute('data-tokens')) };
        });
        if (i >= 2) edits.push({ ...attrs, typed }); // the first two warm the views up
      }
    }
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}

const chromiumVersion = browser.version();
console.log('# The attention explorer: model load and redraw time');
console.log();
console.log(`Recorded ${new Date().toISOString()} with \`node bench/explorer.bench.mjs\` in apps/site, on the built site${process.env.SITE_URL ? ` at ${process.env.SITE_URL}` : ''}.`);
console.log();
console.log('| machine | |');
console.log('|---|---|');
console.log(`| CPU | ${os.cpus()[0]?.model ?? 'unknown'}, ${os.cpus().length} cores |`);
console.log(`| Chromium | ${chromiumVersion} (${chromiumPath}, headless, --disable-gpu) |`);
console.log(`| load average at start (/proc/loadavg) | ${load} |`);
console.log();
console.log('## Loading');
console.log();
console.log(`From navigation to the first drawn views, ${LOADS} fresh pages (each downloads the 5.3 MB of weights from the local server and compiles wasm again). "worker" is the worker's own time from its start to a model that has run once.`);
console.log();
console.log('| run | to first views ms | worker load ms |');
console.log('|---:|---:|---:|');
loads.forEach((l, i) => console.log(`| ${i + 1} | ${fmt(l.toReady)} | ${fmt(l.worker)} |`));
console.log(`| median | ${fmt(median(loads.map((l) => l.toReady)))} | ${fmt(median(loads.map((l) => l.worker)))} |`);
console.log();
console.log(`## A changed text of ${edits[0]?.tokens ?? 64} tokens, once loaded`);
console.log();
console.log(`${edits.length} edits after two warm-up edits. "worker" is tokenizing, the forward pass on wasm, reading 16 attention maps and the head-role scores; "request to views" runs from the page sending the text to the head view, model view and next-token bars being drawn (the neuron view follows with its own request); "typing to views" adds the page's ${120} ms pause that waits for the reader to stop typing, measured from the test's \`fill\`. Goal: request to views ≤ ${GOAL_MS} ms.`);
console.log();
console.log('| | median ms | min ms | max ms |');
console.log('|---|---:|---:|---:|');
for (const [name, key] of /** @type {const} */ ([['worker', 'worker'], ['request to views', 'redraw'], ['typing to views', 'typed']])) {
  const xs = edits.map((e) => e[key]);
  console.log(`| ${name} | ${fmt(median(xs))} | ${fmt(Math.min(...xs))} | ${fmt(Math.max(...xs))} |`);
}
