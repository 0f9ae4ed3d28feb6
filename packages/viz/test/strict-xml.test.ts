// @vitest-environment node
// Every SVG the package writes must be well-formed XML, whatever the labels
// hold: a file with a NUL or U+0001 in a token label is rejected by strict
// parsers (browsers opening the .svg, libxml2, Inkscape). happy-dom's and
// linkedom's parsers accept such files, so this test parses with Chromium's
// (libxml2), which the package's browser tests already use.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
// @ts-expect-error a plain .mjs helper shared with the browser tests, without type declarations
import { launchChromium } from '../e2e/browser.mjs';
import {
  renderAttentionHeatmapToSvg,
  renderHeadViewToSvg,
  renderLineChartToSvg,
  renderModelViewToSvg,
  renderTokenSaliencyToSvg,
} from '../src/node/index.js';

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = (await launchChromium()) as Browser;
  page = await browser.newPage();
});
afterAll(async () => {
  await browser?.close();
});

/** Chromium's DOMParser error for `svg` parsed as XML, or `null` when it is well formed. */
function parseError(svg: string): Promise<string | null> {
  return page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    return doc.querySelector('parsererror')?.textContent ?? null;
  }, svg);
}

// Labels a tokenizer or a user can produce: control characters, a lone
// surrogate, markup characters, a newline, an emoji.
const HOSTILE = ['nul\u0000', 'soh\u0001', 'esc\u001B[31m', 'lone\uD800', 'a<b>&"c\'', 'line\nbreak', '🐋', 'noncharacter\uFFFF'];

describe('SVG output parsed by a strict XML parser', () => {
  test('the parser is strict: a raw U+0001 in text is rejected', async () => {
    expect(await parseError('<svg xmlns="http://www.w3.org/2000/svg"><text>a\u0001b</text></svg>')).not.toBeNull();
  });

  test('renderAttentionHeatmapToSvg with control characters in the labels is well-formed XML and keeps a visible stand-in', async () => {
    const n = HOSTILE.length;
    const values = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
    const svg = renderAttentionHeatmapToSvg({ values, queryTokens: HOSTILE, keyTokens: HOSTILE }, { title: 'title with \u0000 NUL' });
    expect(await parseError(svg)).toBeNull();
    expect(svg).toContain('nul\u2400');
    expect(svg).toContain('soh\u2401');
  });

  test('renderTokenSaliencyToSvg, renderHeadViewToSvg, renderModelViewToSvg and renderLineChartToSvg with control characters are well-formed XML', async () => {
    const n = HOSTILE.length;
    const attention = { data: new Float64Array(n * n).fill(1 / n), shape: [1, 1, n, n] as const };
    const svgs = [
      renderTokenSaliencyToSvg({ tokens: HOSTILE, weights: HOSTILE.map(() => 1 / n) }),
      renderHeadViewToSvg({ attention, queryTokens: HOSTILE, keyTokens: HOSTILE }),
      renderModelViewToSvg({ attention, queryTokens: HOSTILE, keyTokens: HOSTILE }),
      renderLineChartToSvg({ series: HOSTILE.map((name, i) => ({ name, x: [0, 1], y: [i, i + 1] })) }, { xLabel: 'step\u0000', yLabel: 'loss\u0001' }),
    ];
    for (const svg of svgs) expect(await parseError(svg)).toBeNull();
  });

  test('renderAttentionHeatmapToSvg of an empty matrix draws an empty, well-formed chart', async () => {
    for (const values of [[], { data: [], shape: [0, 0] as const }, { data: [], shape: [3, 0] as const }]) {
      const svg = renderAttentionHeatmapToSvg({ values });
      expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      expect(await parseError(svg)).toBeNull();
    }
  });
});
