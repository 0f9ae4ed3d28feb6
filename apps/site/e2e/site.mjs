// @ts-check
// What every browser test of the site shares: the built site served on
// 127.0.0.1 (or SITE_URL), and a fresh Debian Chromium page that records every
// page error, console error, failed request and HTTP error.
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serveStatic } from './serve.mjs';

export const siteDir = fileURLToPath(new URL('..', import.meta.url));
export const resultsDir = join(siteDir, 'test-results');
const distDir = join(siteDir, 'dist');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

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

/**
 * Serves `dist/` (after `astro build`), or uses SITE_URL (e.g. a running
 * `astro dev`) when it is set.
 *
 * @returns {Promise<{ url: string, close: () => Promise<void> }>} The base URL, ending in `/`.
 */
export async function startSite() {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Chromium not found at ${chromiumPath}. Install Debian's chromium (apt-get install chromium) ` +
        'or point CHROMIUM_PATH at a Chromium or Chrome executable.',
    );
  }
  if (process.env.SITE_URL !== undefined) {
    const url = process.env.SITE_URL.endsWith('/') ? process.env.SITE_URL : `${process.env.SITE_URL}/`;
    return { url, close: async () => {} };
  }
  if (!existsSync(join(distDir, 'index.html'))) {
    throw new Error(`No built site at ${distDir}: run \`pnpm --filter @attention-lab/site build\` first.`);
  }
  return serveStatic(distDir);
}

/**
 * Opens `url` in a fresh Chromium. Problems (page errors, console errors,
 * failed requests, HTTP errors) are collected in `problems`; `.wasm`
 * responses in `wasmResponses`.
 *
 * @param {string} url
 * @param {{ args?: string[], viewport?: { width: number, height: number } }} [options]
 */
export async function openPage(url, options = {}) {
  const browser = await chromium.launch({ executablePath: chromiumPath, args: [...CHROMIUM_ARGS, ...(options.args ?? [])] });
  const page = await browser.newPage({ viewport: options.viewport ?? { width: 1000, height: 1200 } });
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
  await page.goto(url);
  return { browser, page, problems, wasmResponses };
}

/**
 * The recorded problems less the requests the page itself cancelled
 * (`net::ERR_ABORTED`): leaving a page, or replacing a run (which ends its
 * worker), cancels the downloads in flight, and that is no failure.
 *
 * @param {readonly string[]} problems - A page's `problems`.
 * @returns {string[]} The others.
 */
export function withoutCancelledRequests(problems) {
  return problems.filter((problem) => !/^request failed: .* \(net::ERR_ABORTED\)$/.test(problem));
}

/**
 * Opens the code editor of a live example (unless it is open) and replaces its
 * code with `code`, typed as a reader would (select all, delete, insert).
 *
 * @param {import('playwright-core').Page} page
 * @param {import('playwright-core').Locator} figure - The example's `[data-live-example]` element.
 * @param {string} code
 */
export async function replaceCode(page, figure, code) {
  if ((await figure.getAttribute('data-editing')) !== 'true') await figure.locator('[data-role="edit"]').click();
  const content = figure.locator('.cm-content');
  await content.waitFor();
  await content.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(code);
}

/**
 * Waits until the live example `id` has finished at least `afterRuns + 1`
 * runs and is no longer busy; returns its state and status line.
 *
 * @param {import('playwright-core').Page} page
 * @param {string} id
 * @param {number} afterRuns
 * @returns {Promise<{ state: string, status: string, runs: number, errorLine: string | undefined }>}
 */
export async function waitForRun(page, id, afterRuns, timeout = 60_000) {
  await page.waitForFunction(
    ([exampleId, previous]) => {
      const figure = document.querySelector(`[data-live-example="${exampleId}"]`);
      if (!(figure instanceof HTMLElement)) return false;
      const done = ['done', 'error', 'stopped'].includes(figure.dataset.state ?? '');
      return done && Number(figure.dataset.runs ?? 0) > Number(previous);
    },
    [id, afterRuns],
    { timeout },
  );
  return page.evaluate((exampleId) => {
    const figure = /** @type {HTMLElement} */ (document.querySelector(`[data-live-example="${exampleId}"]`));
    return {
      state: figure.dataset.state ?? '',
      status: figure.querySelector('[data-role="status"]')?.textContent ?? '',
      runs: Number(figure.dataset.runs ?? 0),
      errorLine: figure.dataset.errorLine,
    };
  }, id);
}

/**
 * How many runs the live example `id` has finished.
 * @param {import('playwright-core').Page} page
 * @param {string} id
 */
export function runsOf(page, id) {
  return page.evaluate((exampleId) => Number(document.querySelector(`[data-live-example="${exampleId}"]`)?.getAttribute('data-runs') ?? 0), id);
}

/**
 * For a `describe` block that tests one page: before its tests, serves the site
 * and opens `path` in a fresh Chromium; after them, closes both. Read `.site`
 * inside tests (it is set once the `before` hook has run).
 *
 * @param {string} path - The page, relative to the site's base, e.g. `'mathematics/'`.
 * @returns {{ site: Awaited<ReturnType<typeof openPage>> }}
 */
export function usePage(path) {
  /** @type {Awaited<ReturnType<typeof startSite>> | undefined} */
  let server;
  const state = /** @type {{ site: Awaited<ReturnType<typeof openPage>> }} */ ({});
  before(async () => {
    server = await startSite();
    state.site = await openPage(server.url + path);
  });
  after(async () => {
    await state.site?.browser.close();
    await server?.close();
  });
  return state;
}

/**
 * URL paths of every built page (`''` for the home page, others ending in `/`), sorted.
 *
 * @returns {Promise<string[]>}
 */
export async function builtPages() {
  const dist = join(siteDir, 'dist');
  /** @type {string[]} */
  const pages = [];
  /** @param {string} dir */
  const walk = async (dir) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.name === 'index.html') pages.push(relative(dist, dir).split(sep).join('/'));
    }
  };
  await walk(dist);
  return pages.map((page) => (page ? `${page}/` : '')).sort();
}

/** The site's locales other than the root (English), as URL prefixes. */
export const LOCALES = ['zh-cn'];

/**
 * URL paths of the built pages that can hold live examples: every page but the
 * API reference (in any locale), and, under a locale prefix such as `zh-cn/`,
 * only pages translated there (a `src/content/docs/zh-cn/<slug>.mdx` exists);
 * Starlight's English fallback copies of the others hold nothing the English
 * pages do not.
 *
 * @returns {Promise<string[]>}
 */
export async function articlePages() {
  const docs = join(siteDir, 'src', 'content', 'docs');
  return (await builtPages()).filter((page) => {
    const locale = LOCALES.find((prefix) => page.startsWith(`${prefix}/`));
    const rest = locale ? page.slice(locale.length + 1) : page;
    if (rest.startsWith('api/')) return false;
    if (!locale) return true;
    const slug = rest.replace(/\/$/, '') || 'index';
    return ['.mdx', '.md'].some((ext) => existsSync(join(docs, locale, slug + ext)));
  });
}
