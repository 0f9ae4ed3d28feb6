// @ts-check
// Real-browser tests in Chromium: PNG export (which happy-dom cannot do),
// hover and keyboard with real events, reduced motion, and labels as text.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bundleViz, launchChromium, openPage } from './browser.mjs';

/** @type {import('playwright-core').Browser} */
let browser;
/** @type {string} */
let code;

before(async () => {
  [code, browser] = await Promise.all([bundleViz(), launchChromium()]);
});
after(async () => {
  await browser?.close();
});

describe('@attention-lab/viz in Chromium', () => {
  test('toPNG returns a PNG of the chart at the requested scale with the cell colours', async () => {
    const page = await openPage(browser, code);
    const result = await page.evaluate(async () => {
      const el = /** @type {HTMLElement} */ (document.getElementById('chart'));
      // @ts-expect-error window.viz is set by the bundle
      const h = window.viz.attentionHeatmap(el, { values: [[1, 0], [0, 1]] }, { cellSize: 40, legend: false });
      const blob = await h.toPNG({ scale: 2 });
      const bytes = new Uint8Array(await blob.arrayBuffer());
      const bitmap = await createImageBitmap(blob);
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const ctx = /** @type {OffscreenCanvasRenderingContext2D} */ (canvas.getContext('2d'));
      ctx.drawImage(bitmap, 0, 0);
      const left = Number(h.svg.querySelector('.al-plot').getAttribute('transform').match(/translate\(([\d.]+),([\d.]+)\)/)[1]);
      const top = Number(h.svg.querySelector('.al-plot').getAttribute('transform').match(/translate\(([\d.]+),([\d.]+)\)/)[2]);
      const at = (/** @type {number} */ x, /** @type {number} */ y) => Array.from(ctx.getImageData(x * 2, y * 2, 1, 1).data);
      return {
        type: blob.type,
        signature: Array.from(bytes.slice(0, 8)),
        size: [bitmap.width, bitmap.height],
        svgSize: [Number(h.svg.getAttribute('width')), Number(h.svg.getAttribute('height'))],
        hot: at(left + 20, top + 20), // value 1: viridis(1) = #fde725
        cold: at(left + 60, top + 20), // value 0: viridis(0) = #440154
      };
    });
    assert.equal(result.type, 'image/png');
    assert.deepEqual(result.signature, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.deepEqual(result.size, [result.svgSize[0] * 2, result.svgSize[1] * 2]);
    const close = (/** @type {number[]} */ got, /** @type {number[]} */ want) => want.every((v, i) => Math.abs(v - (got[i] ?? -99)) <= 3);
    assert.ok(close(result.hot, [0xfd, 0xe7, 0x25, 255]), `hot cell ${result.hot}`);
    assert.ok(close(result.cold, [0x44, 0x01, 0x54, 255]), `cold cell ${result.cold}`);
    await page.close();
  });

  test('hovering a cell with the mouse shows its value; arrow keys move the focus', async () => {
    const page = await openPage(browser, code);
    await page.evaluate(() => {
      // @ts-expect-error window.viz is set by the bundle
      window.viz.attentionHeatmap(document.getElementById('chart'), { values: [[0.25, 0.75], [0.5, 0.5]], queryTokens: ['q0', 'q1'], keyTokens: ['k0', 'k1'] }, { cellSize: 40 });
    });
    await page.hover('rect.al-cell[data-row="0"][data-col="1"]');
    assert.equal(await page.textContent('.al-tooltip text'), 'q0 → k1: 0.75');
    assert.equal(await page.getAttribute('.al-tooltip', 'visibility'), 'visible');
    await page.mouse.move(1300, 900);
    assert.equal(await page.getAttribute('.al-tooltip', 'visibility'), 'hidden');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.tagName.toLowerCase()), 'svg');
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.textContent('.al-live'), 'Row 2 of 2, column 1 of 2. q1 → k0: 0.5');
    await page.close();
  });

  test('hovering an attentionSteps output cell outlines every cell that produced it', async () => {
    const page = await openPage(browser, code);
    await page.evaluate(() => {
      // @ts-expect-error window.viz is set by the bundle
      window.viz.attentionSteps(document.getElementById('chart'), { q: [[0.3, 0.6]], k: [[0.8, 1.0], [1.6, 2.0], [0.4, 0.5]], v: [[1.2, 1.4], [2.4, 2.8], [0.6, 0.7]] });
    });
    await page.hover('g.al-step[data-step="output"] g.al-step-cell[data-col="1"] rect');
    // Q row (2) + all of Kᵀ (6) + one row of QKᵀ, ÷√d, mask and softmax (4 × 3) + V column 1 (3).
    assert.equal(await page.locator('.al-source').count(), 23);
    assert.equal(await page.locator('.al-target').count(), 1);
    await page.close();
  });

  test('update animates by default and applies at once under prefers-reduced-motion', async () => {
    for (const reducedMotion of /** @type {const} */ (['no-preference', 'reduce'])) {
      const page = await openPage(browser, code, { reducedMotion });
      const r = await page.evaluate(async () => {
        // @ts-expect-error window.viz is set by the bundle
        const h = window.viz.attentionHeatmap(document.getElementById('chart'), { values: [[0, 1]] }, { duration: 200 });
        const cell = /** @type {Element} */ (document.querySelector('rect.al-cell'));
        const start = cell.getAttribute('fill');
        const done = h.update({ values: [[1, 0]] });
        const right = cell.getAttribute('fill');
        await done;
        return { start, right, end: cell.getAttribute('fill') };
      });
      assert.equal(r.start, '#440154');
      if (reducedMotion === 'reduce') assert.equal(r.right, '#fde725');
      else assert.equal(r.right, '#440154');
      assert.match(String(r.end), /^(#fde725|rgb\(253, 231, 37\))$/);
      await page.close();
    }
  });

  test('labels are text: an <img onerror> label makes no element and runs nothing', async () => {
    const page = await openPage(browser, code);
    const r = await page.evaluate(async () => {
      const evil = '<img src=x onerror="window.__pwned = true">';
      const el = /** @type {HTMLElement} */ (document.getElementById('chart'));
      // @ts-expect-error window.viz is set by the bundle
      const { viz } = window;
      viz.attentionHeatmap(el, { values: [[1]], queryTokens: [evil], keyTokens: [evil] });
      viz.headView(el, { attention: { data: [1], shape: [1, 1, 1, 1] }, queryTokens: [evil] });
      viz.tokenSaliency(el, { tokens: [evil], weights: [1] });
      viz.lineChart(el, { series: [{ name: evil, x: [0], y: [0] }] });
      await new Promise((r) => setTimeout(r, 100));
      // @ts-expect-error set only if an injected handler ran
      return { imgs: document.querySelectorAll('img').length, pwned: window.__pwned === true, table: document.querySelector('.al-data-table tbody th')?.textContent };
    });
    assert.deepEqual(r, { imgs: 0, pwned: false, table: '<img src=x onerror="window.__pwned = true">' });
    await page.close();
  });
});
