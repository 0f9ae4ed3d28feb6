// @ts-check
/* global document, window, performance, requestAnimationFrame */
/**
 * Browser benchmark of @attention-lab/viz in Chromium (not a test; it prints
 * figures). Bundles the browser entry with Vite, opens it in headless
 * Chromium through playwright-core and reports the median time of `update`:
 *
 *   - a 128 × 128 attentionHeatmap (16,384 cells, labels, hidden table);
 *   - a 12 layers × 12 heads modelView over 16 × 16 tokens (36,864 cells).
 *
 * Two columns per chart: "update()" is the synchronous call under
 * prefers-reduced-motion (the DOM work: data join, attributes, table);
 * "to next frame" adds the browser's style, layout and paint until the
 * following animation frame. A third figure times the animated path: the
 * call that schedules the transitions (motion allowed, 250 ms duration).
 * Last, the Node renderers of `@attention-lab/viz/node` (from dist/, so the
 * script builds first) draw the same two charts to SVG strings with linkedom.
 *
 *   pnpm --filter @attention-lab/viz bench        # tsc build, then node bench/update.bench.mjs [--runs=N]
 */
import os from 'node:os';
import { renderAttentionHeatmapToSvg, renderModelViewToSvg } from '../dist/node/index.js';
import { bundleViz, launchChromium, openPage } from '../e2e/browser.mjs';

const runs = Number(process.argv.find((a) => a.startsWith('--runs='))?.slice(7) ?? 30);
const warmup = 5;

/**
 * Runs in the page: builds the chart, then times `runs` updates alternating
 * between two seeded data sets.
 * @param {{ kind: 'heatmap' | 'model', runs: number, warmup: number, animate: boolean }} args
 */
async function measure({ kind, runs, warmup, animate }) {
  // mulberry32, seeded: the same numbers every run.
  const rng = (/** @type {number} */ seed) => () => {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  /** Rows of `n` positive numbers summing to 1. */
  const weights = (/** @type {number} */ rows, /** @type {number} */ n, /** @type {number} */ seed) => {
    const r = rng(seed);
    const out = new Float32Array(rows * n);
    for (let i = 0; i < rows; i++) {
      let sum = 0;
      for (let j = 0; j < n; j++) sum += out[i * n + j] = Math.exp(3 * r());
      for (let j = 0; j < n; j++) out[i * n + j] /= sum;
    }
    return out;
  };
  const el = /** @type {HTMLElement} */ (document.getElementById('chart'));
  // @ts-expect-error set by the bundle
  const { viz } = window;
  const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  let data;
  let chart;
  if (kind === 'heatmap') {
    const tokens = Array.from({ length: 128 }, (_, i) => `tok${i}`);
    data = [1, 2].map((s) => ({ values: { data: weights(128, 128, s), shape: [128, 128] }, queryTokens: tokens, keyTokens: tokens }));
    chart = viz.attentionHeatmap(el, data[0], { duration: 250 });
  } else {
    data = [1, 2].map((s) => ({ attention: { data: weights(12 * 12 * 16, 16, s), shape: [12, 12, 16, 16] } }));
    chart = viz.modelView(el, data[0], { thumbnailSize: 48, duration: 250 });
  }
  await frame();
  const call = [];
  const painted = [];
  for (let i = 0; i < warmup + runs; i++) {
    const t0 = performance.now();
    const done = chart.update(data[(i + 1) % 2]);
    const t1 = performance.now();
    await frame();
    const t2 = performance.now();
    if (animate) await done;
    if (i >= warmup) {
      call.push(t1 - t0);
      painted.push(t2 - t0);
    }
  }
  const median = (/** @type {number[]} */ xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  chart.destroy();
  return { call: median(call), painted: median(painted), cells: kind === 'heatmap' ? 128 * 128 : 12 * 12 * 16 * 16 };
}

const code = await bundleViz();
const browser = await launchChromium();
try {
  const rows = [];
  for (const kind of /** @type {const} */ (['heatmap', 'model'])) {
    const reducedPage = await openPage(browser, code, { reducedMotion: 'reduce' });
    const reduced = await reducedPage.evaluate(measure, { kind, runs, warmup, animate: false });
    await reducedPage.close();
    const animPage = await openPage(browser, code, { reducedMotion: 'no-preference' });
    const animated = await animPage.evaluate(measure, { kind, runs: Math.min(runs, 10), warmup: 2, animate: true });
    await animPage.close();
    rows.push({ kind, reduced, animated });
    process.stderr.write(`${kind} done\n`);
  }
  const f = (/** @type {number} */ ms) => ms.toFixed(1);
  console.log(`Chromium ${browser.version()}, ${os.cpus()[0]?.model ?? 'unknown CPU'} (${os.cpus().length} cores), median of ${runs} updates (${warmup} warm-up), bundle ${(code.length / 1024).toFixed(0)} KiB minified\n`);
  console.log('| chart | cells | update() (reduced motion) | update() to next frame | update() call, animated |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const { kind, reduced, animated } of rows) {
    const name = kind === 'heatmap' ? 'attentionHeatmap 128 × 128' : 'modelView 12 × 12 heads, 16 × 16 tokens';
    console.log(`| ${name} | ${reduced.cells} | ${f(reduced.call)} ms | ${f(reduced.painted)} ms | ${f(animated.call)} ms |`);
  }
} finally {
  await browser.close();
}

// Node: the same data sizes through the linkedom renderers, median of 5.
const nodeRows = [];
for (const [name, render] of /** @type {const} */ ([
  ['renderAttentionHeatmapToSvg 128 × 128', () => renderAttentionHeatmapToSvg({ values: { data: new Float32Array(128 * 128).fill(1 / 128), shape: [128, 128] } })],
  ['renderModelViewToSvg 12 × 12 heads, 16 × 16 tokens', () => renderModelViewToSvg({ attention: { data: new Float32Array(12 * 12 * 16 * 16).fill(1 / 16), shape: [12, 12, 16, 16] } })],
])) {
  const times = [];
  let bytes = 0;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    bytes = render().length;
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  nodeRows.push(`| ${name} | ${(bytes / 1e6).toFixed(1)} MB | ${times[2].toFixed(0)} ms |`);
}
console.log(`\nNode ${process.version}, linkedom renderers, median of 5:\n`);
console.log('| renderer | SVG size | time |');
console.log('| --- | ---: | ---: |');
for (const row of nodeRows) console.log(row);
