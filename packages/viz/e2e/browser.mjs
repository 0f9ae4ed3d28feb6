// @ts-check
// Shared by the browser tests and the benchmark: bundle the package's browser
// entry with Vite (in memory, no files written) and start Chromium through
// playwright-core. Nothing is fetched from the network.
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { build } from 'vite';

const entry = fileURLToPath(new URL('../src/index.ts', import.meta.url));

/**
 * Bundles `src/index.ts` (the browser entry) as one minified IIFE that sets
 * `window.viz`. Returns its code.
 * @returns {Promise<string>}
 */
export async function bundleViz() {
  const result = await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      write: false,
      minify: true,
      lib: { entry, formats: ['iife'], name: 'viz', fileName: () => 'viz.js' },
    },
  });
  const outputs = Array.isArray(result) ? result : [result];
  for (const out of outputs) {
    if (!('output' in out)) continue;
    for (const chunk of out.output) if (chunk.type === 'chunk') return chunk.code;
  }
  throw new Error('bundleViz: Vite produced no JavaScript chunk');
}

/** @returns {Promise<import('playwright-core').Browser>} */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * A page holding the bundle, with an empty `#chart` container.
 * @param {import('playwright-core').Browser} browser
 * @param {string} code the bundle from bundleViz()
 * @param {{ reducedMotion?: 'reduce' | 'no-preference' }} [options]
 */
export async function openPage(browser, code, options = {}) {
  const page = await browser.newPage({ reducedMotion: options.reducedMotion ?? 'no-preference', viewport: { width: 1400, height: 1000 } });
  // No network: any request the page tries to make fails the test loudly.
  await page.route('**/*', (route) => route.abort());
  await page.setContent('<!doctype html><html><head><meta charset="utf-8"></head><body><div id="chart"></div></body></html>');
  await page.addScriptTag({ content: code });
  return page;
}
