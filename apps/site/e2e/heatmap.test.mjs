// @ts-check
// Browser test of the live self-attention heatmap on the built site (`astro build` first).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serveStatic } from './serve.mjs';

const siteDir = fileURLToPath(new URL('..', import.meta.url));
const distDir = join(siteDir, 'dist');
const resultsDir = join(siteDir, 'test-results');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Test an already running site (e.g. `astro dev`) instead of serving `dist/`. */
const siteUrl = process.env.SITE_URL;

const SENTENCE = 'attention lets every word look at every other word';
// Counted by hand: lowercase words split on spaces.
const SENTENCE_TOKENS = ['attention', 'lets', 'every', 'word', 'look', 'at', 'every', 'other', 'word'];
const ROW_SUM_TOLERANCE = 1e-3;
const MASKED_TOLERANCE = 1e-6;

/**
 * @typedef {{ row: number, col: number, weight: number }} Cell
 * @typedef {{ rows: string[], cols: string[], cells: Cell[], backend: string }} Heatmap
 */

/**
 * Reads what the page currently shows.
 * @param {import('playwright-core').Page} page
 * @returns {Promise<Heatmap>}
 */
function readHeatmap(page) {
  return page.evaluate(() => {
    /** @param {string} selector */
    const texts = (selector) => [...document.querySelectorAll(selector)].map((el) => el.textContent ?? '');
    return {
      rows: texts('[data-testid="heatmap"] text[data-axis="row"]'),
      cols: texts('[data-testid="heatmap"] text[data-axis="col"]'),
      cells: [...document.querySelectorAll('[data-testid="heatmap"] rect[data-row]')].map((rect) => ({
        row: Number(rect.getAttribute('data-row')),
        col: Number(rect.getAttribute('data-col')),
        weight: Number(rect.getAttribute('data-weight')),
      })),
      backend: document.querySelector('[data-testid="backend"]')?.textContent ?? '',
    };
  });
}

/**
 * Waits until the figure has finished drawing `sentence` with the given causal setting.
 * @param {import('playwright-core').Page} page
 * @param {string} sentence
 * @param {boolean} causal
 */
async function waitForDrawn(page, sentence, causal) {
  await page.waitForFunction(
    ([text, isCausal]) => {
      const figure = document.querySelector('[data-live-self-attention]');
      if (!(figure instanceof HTMLElement)) return false;
      if (figure.dataset.state === 'error') throw new Error(`example failed: ${figure.textContent}`);
      return figure.dataset.state === 'ready' && figure.dataset.sentence === text && figure.dataset.causal === isCausal;
    },
    [sentence, String(causal)],
    { timeout: 30_000 },
  );
}

/**
 * Replaces the sentence by typing it key by key, as a reader would.
 * @param {import('playwright-core').Page} page
 * @param {string} sentence
 */
async function typeSentence(page, sentence) {
  const input = page.getByTestId('sentence');
  await input.fill('');
  await input.pressSequentially(sentence, { delay: 5 });
}

/**
 * Row sums of an n×n heatmap.
 * @param {Cell[]} cells
 * @param {number} n
 */
function rowSums(cells, n) {
  const sums = new Array(n).fill(0);
  for (const { row, weight } of cells) sums[row] += weight;
  return sums;
}

/**
 * Checks the cells form a complete n×n grid with finite weights in [0, 1] and rows summing to 1.
 * @param {Heatmap} heatmap
 * @param {number} n
 */
function assertRowStochastic(heatmap, n) {
  assert.equal(heatmap.cells.length, n * n, `expected ${n}×${n} cells`);
  const seen = new Set(heatmap.cells.map(({ row, col }) => `${row},${col}`));
  assert.equal(seen.size, n * n, 'every (row, col) pair appears once');
  for (const { row, col, weight } of heatmap.cells) {
    assert.ok(Number.isFinite(weight) && weight >= 0 && weight <= 1 + MASKED_TOLERANCE, `weight (${row}, ${col}) = ${weight}`);
  }
  rowSums(heatmap.cells, n).forEach((sum, row) => {
    assert.ok(Math.abs(sum - 1) < ROW_SUM_TOLERANCE, `row ${row} sums to ${sum}, expected 1`);
  });
}

/** Flags for Debian's Chromium running headless in CI. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** @type {Awaited<ReturnType<typeof serveStatic>> | undefined} */
let server;
let baseUrl = '';

before(async () => {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Chromium not found at ${chromiumPath}. Install Debian's chromium (apt-get install chromium) ` +
        'or point CHROMIUM_PATH at a Chromium or Chrome executable.',
    );
  }
  if (siteUrl !== undefined) {
    baseUrl = siteUrl;
    return;
  }
  if (!existsSync(join(distDir, 'index.html'))) {
    throw new Error(`No built site at ${distDir}: run \`pnpm --filter @attention-lab/site build\` first.`);
  }
  server = await serveStatic(distDir);
  baseUrl = server.url;
});

after(async () => {
  await server?.close();
});

/**
 * Opens the site in a fresh Chromium. Every page error, console error, failed
 * request and HTTP error status is recorded in `problems`, and every `.wasm`
 * response in `wasmResponses`.
 *
 * @param {string[]} extraArgs - More Chromium flags.
 */
async function openSite(extraArgs = []) {
  const browser = await chromium.launch({ executablePath: chromiumPath, args: [...CHROMIUM_ARGS, ...extraArgs] });
  const page = await browser.newPage({ viewport: { width: 1000, height: 1200 } });
  /** @type {string[]} */
  const problems = [];
  /** @type {Array<{ url: string, status: number, contentType: string }>} */
  const wasmResponses = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()} (${message.location().url})`);
  });
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
    if (new URL(response.url()).pathname.endsWith('.wasm')) {
      wasmResponses.push({ url: response.url(), status: response.status(), contentType: response.headers()['content-type'] ?? '' });
    }
  });
  await page.goto(baseUrl);
  return { browser, page, problems, wasmResponses };
}

describe('live self-attention heatmap', () => {
  /** @type {Awaited<ReturnType<typeof openSite>>} */
  let site;
  /** @type {import('playwright-core').Page} */
  let page;

  before(async () => {
    site = await openSite();
    page = site.page;
  });

  after(async () => {
    await site?.browser.close();
  });

  test('the page renders its title, the formula and the initial heatmap', async () => {
    assert.equal(await page.locator('main h1#_top').textContent(), 'Attention, live');
    assert.ok((await page.locator('.katex-display').count()) >= 1, 'the formula is typeset by KaTeX');
    await waitForDrawn(page, 'the cat sat on the mat', false);
    const heatmap = await readHeatmap(page);
    assert.deepEqual(heatmap.rows, ['the', 'cat', 'sat', 'on', 'the', 'mat']);
    assertRowStochastic(heatmap, 6);
    assert.match(heatmap.backend, /^(webgpu|webgl|wasm|cpu)$/, `backend shown: "${heatmap.backend}"`);
  });

  test('typing a sentence redraws an n×n heatmap labelled with its tokens', async () => {
    await typeSentence(page, SENTENCE);
    await waitForDrawn(page, SENTENCE, false);
    const heatmap = await readHeatmap(page);
    const n = SENTENCE_TOKENS.length;
    assert.deepEqual(heatmap.rows, SENTENCE_TOKENS);
    assert.deepEqual(heatmap.cols, SENTENCE_TOKENS);
    assertRowStochastic(heatmap, n);
    const aboveDiagonal = heatmap.cells.filter(({ row, col }) => col > row);
    assert.ok(aboveDiagonal.some(({ weight }) => weight > 1e-3), 'without the mask, queries attend to later keys');

    await mkdir(resultsDir, { recursive: true });
    await page.screenshot({ path: join(resultsDir, 'heatmap.png'), fullPage: true });
  });

  test('ticking causal zeroes every weight above the diagonal and keeps rows summing to 1', async () => {
    await page.getByTestId('causal').check();
    await waitForDrawn(page, SENTENCE, true);
    const heatmap = await readHeatmap(page);
    const n = SENTENCE_TOKENS.length;
    assert.deepEqual(heatmap.rows, SENTENCE_TOKENS);
    assertRowStochastic(heatmap, n);
    for (const { row, col, weight } of heatmap.cells) {
      if (col > row) assert.ok(weight < MASKED_TOLERANCE, `masked weight (${row}, ${col}) = ${weight}`);
    }
    await page.screenshot({ path: join(resultsDir, 'heatmap-causal.png'), fullPage: true });
  });

  test('two causal tokens: the first query can only attend to itself', async () => {
    // By hand: row 0 sees key 0 alone, so softmax over one score gives [1, 0].
    await typeSentence(page, 'hello world');
    await waitForDrawn(page, 'hello world', true);
    const heatmap = await readHeatmap(page);
    assert.deepEqual(heatmap.rows, ['hello', 'world']);
    const weight = (/** @type {number} */ row, /** @type {number} */ col) =>
      heatmap.cells.find((cell) => cell.row === row && cell.col === col)?.weight;
    assert.ok(Math.abs((weight(0, 0) ?? NaN) - 1) < MASKED_TOLERANCE, `weight (0, 0) = ${weight(0, 0)}`);
    assert.ok((weight(0, 1) ?? NaN) < MASKED_TOLERANCE, `weight (0, 1) = ${weight(0, 1)}`);
    assertRowStochastic(heatmap, 2);
  });

  test('no page errors, console errors or failed requests', () => {
    assert.deepEqual(site.problems, []);
  });
});

describe('live self-attention heatmap without WebGL', () => {
  /** @type {Awaited<ReturnType<typeof openSite>>} */
  let site;

  before(async () => {
    // With the GPU already disabled, turning off the software rasterizer (SwiftShader)
    // leaves Chromium with no WebGL at all, so the page must fall back to wasm.
    site = await openSite(['--disable-software-rasterizer']);
  });

  after(async () => {
    await site?.browser.close();
  });

  test('falls back to the wasm backend, fetching its binary from tfjs-wasm/', async () => {
    await waitForDrawn(site.page, 'the cat sat on the mat', false);
    const heatmap = await readHeatmap(site.page);
    assert.equal(heatmap.backend, 'wasm');
    assertRowStochastic(heatmap, 6);
    assert.ok(site.wasmResponses.length >= 1, 'a .wasm file was fetched');
    for (const { url, status, contentType } of site.wasmResponses) {
      assert.ok(url.startsWith(new URL('tfjs-wasm/', baseUrl).href), `${url} is served from tfjs-wasm/`);
      assert.equal(status, 200, url);
      assert.equal(contentType, 'application/wasm', url);
    }
  });

  test('causal weights on wasm vanish above the diagonal', async () => {
    await site.page.getByTestId('causal').check();
    await waitForDrawn(site.page, 'the cat sat on the mat', true);
    const heatmap = await readHeatmap(site.page);
    assertRowStochastic(heatmap, 6);
    for (const { row, col, weight } of heatmap.cells) {
      if (col > row) assert.ok(weight < MASKED_TOLERANCE, `masked weight (${row}, ${col}) = ${weight}`);
    }
  });

  test('no page errors, console errors or failed requests', () => {
    assert.deepEqual(site.problems, []);
  });
});
