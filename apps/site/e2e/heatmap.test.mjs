// @ts-check
// Browser test of the live self-attention heatmap on the built site (`astro build` first).
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openPage, resultsDir, startSite } from './site.mjs';

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
  // The heatmap's numbers as the page gives them to screen readers: viz's hidden data table.
  return page.evaluate(() => {
    const figure = document.querySelector('[data-live-example="self-attention"]');
    const table = figure?.querySelector('[data-role="figures"] table.al-data-table');
    const cols = [...(table?.querySelectorAll('thead th') ?? [])].slice(1).map((th) => th.textContent ?? '');
    const bodyRows = [...(table?.querySelectorAll('tbody tr') ?? [])];
    return {
      rows: bodyRows.map((tr) => tr.querySelector('th')?.textContent ?? ''),
      cols,
      cells: bodyRows.flatMap((tr, row) =>
        [...tr.querySelectorAll('td')].map((td, col) => ({ row, col, weight: td.textContent === 'masked' ? 0 : Number(td.textContent) })),
      ),
      backend: figure?.querySelector('[data-role="backend-used"]')?.textContent ?? '',
    };
  });
}

/**
 * Waits until the example has finished a run with this sentence and causal
 * setting in its inputs, and that run succeeded.
 * @param {import('playwright-core').Page} page
 * @param {string} sentence
 * @param {boolean} causal
 */
async function waitForDrawn(page, sentence, causal) {
  await page.waitForFunction(
    ([text, isCausal]) => {
      const figure = document.querySelector('[data-live-example="self-attention"]');
      if (!(figure instanceof HTMLElement)) return false;
      const ran = JSON.parse(figure.dataset.ranInputs ?? '{}');
      if (ran.sentence !== text || String(ran.causal) !== isCausal) return false;
      if (figure.dataset.state === 'error') throw new Error(`example failed: ${figure.querySelector('[data-role="status"]')?.textContent}`);
      return figure.dataset.state === 'done' && figure.querySelectorAll('[data-role="figures"] table.al-data-table tbody tr').length > 0;
    },
    [sentence, String(causal)],
    { timeout: 60_000 },
  );
}

/**
 * Replaces the sentence by typing it key by key, as a reader would.
 * @param {import('playwright-core').Page} page
 * @param {string} sentence
 */
async function typeSentence(page, sentence) {
  const input = page.locator('[data-live-example="self-attention"] input[name="sentence"]');
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

/** @type {Awaited<ReturnType<typeof startSite>> | undefined} */
let server;
let baseUrl = '';

before(async () => {
  server = await startSite();
  baseUrl = server.url;
});

after(async () => {
  await server?.close();
});

/** @param {string[]} [args] - More Chromium flags. */
/**
 * Section 2, scrolled to the example, which runs once it is in view.
 * @param {string[]} [args]
 */
const openSite = async (args = []) => {
  const site = await openPage(`${baseUrl}concepts/`, { args });
  await site.page.locator('[data-live-example="self-attention"]').scrollIntoViewIfNeeded();
  return site;
};

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

  test('the page renders its title, its mathematics and the initial heatmap', async () => {
    assert.equal(await page.locator('main h1#_top').textContent(), '2. Core concepts');
    assert.ok((await page.locator('.katex').count()) >= 1, 'the mathematics is typeset by KaTeX');
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
    await page.locator('[data-live-example="self-attention"] input[name="causal"]').check();
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

  test('on software-rendered WebGL, auto picks wasm and says why; asking for webgl still gets it', async () => {
    const figure = page.locator('[data-live-example="self-attention"]');
    const gl = await page.evaluate(() => {
      const ctx = new OffscreenCanvas(1, 1).getContext('webgl');
      const info = ctx?.getExtension('WEBGL_debug_renderer_info');
      return info ? String(ctx?.getParameter(info.UNMASKED_RENDERER_WEBGL)) : '';
    });
    // Headless Chromium with --disable-gpu renders WebGL with SwiftShader.
    if (/swiftshader/i.test(gl)) {
      assert.equal(await figure.locator('[data-role="backend-used"]').textContent(), 'wasm');
    }
    await figure.locator('[data-role="backend"]').selectOption('webgl');
    await page.waitForFunction(() => document.querySelector('[data-live-example="self-attention"] [data-role="backend-used"]')?.textContent === 'webgl', null, { timeout: 60_000 });
    await waitForDrawn(page, 'hello world', true);
    assertRowStochastic(await readHeatmap(page), 2);
    await figure.locator('[data-role="backend"]').selectOption('auto');
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
    await site.page.locator('[data-live-example="self-attention"] input[name="causal"]').check();
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
