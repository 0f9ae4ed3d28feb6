// @ts-check
// Layout stability in Chromium at Lighthouse's desktop size (1350×940): every
// article page, loaded without interaction, shifts by less than 0.1 in all
// (the Core Web Vitals "good" limit) once the examples in its first screen
// have run; and the table of contents sits at the right from the first paint,
// even when the browser paints before the article is parsed.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openPage, startSite, withoutCancelledRequests } from './site.mjs';

const VIEWPORT = { width: 1350, height: 940 };
const PAGES = ['', 'background/', 'concepts/', 'algorithm/', 'mathematics/', 'hands-on/', 'tools/', 'trends/', 'faq/', 'references/'];

/** Sums every layout shift not caused by input, from the start of the page, as CLS does over a load. */
function recordLayoutShifts() {
  const shifts = /** @type {Array<{ value: number, nodes: string[] }>} */ ([]);
  /** @type {any} */ (window).__layoutShifts = shifts;
  new PerformanceObserver((list) => {
    for (const entry of /** @type {any[]} */ (list.getEntries())) {
      if (entry.hadRecentInput) continue;
      const nodes = entry.sources.map((/** @type {any} */ source) => {
        const node = source.node;
        return node instanceof Element ? `${node.localName}.${[...node.classList].join('.')}` : String(node?.nodeName);
      });
      shifts.push({ value: entry.value, nodes });
    }
  }).observe({ type: 'layout-shift', buffered: true });
}

/** @type {Awaited<ReturnType<typeof startSite>>} */
let server;
/** @type {Awaited<ReturnType<typeof openPage>>} */
let site;

before(async () => {
  server = await startSite();
  site = await openPage('about:blank', { viewport: VIEWPORT });
  await site.page.addInitScript(recordLayoutShifts);
});
after(async () => {
  await site?.browser.close();
  await server?.close();
});

describe('layout stability', () => {
  for (const path of PAGES) {
    test(`/${path} shifts by less than 0.1 while it loads and its first examples run`, async () => {
      const { page } = site;
      await page.goto(server.url + path, { waitUntil: 'load' });
      // Examples near the first screen start on their own; wait until none is queued or running.
      await page.waitForTimeout(1500);
      await page.waitForFunction(
        () => [...document.querySelectorAll('[data-live-example]')].every((figure) => !['queued', 'running'].includes(figure.getAttribute('data-state') ?? '')),
        undefined,
        { timeout: 150_000, polling: 250 },
      );
      await page.waitForTimeout(500);
      const shifts = /** @type {Array<{ value: number, nodes: string[] }>} */ (await page.evaluate(() => /** @type {any} */ (window).__layoutShifts));
      const total = shifts.reduce((sum, shift) => sum + shift.value, 0);
      assert.ok(total < 0.1, `/${path}: layout shift ${total.toFixed(3)}: ${JSON.stringify(shifts.filter((shift) => shift.value >= 0.001))}`);
    });
  }

  test('the table of contents is at the right before the article is parsed', async () => {
    const { page } = site;
    const url = `${server.url}background/`;
    await page.goto(url);
    const whole = await page.locator('.right-sidebar').boundingBox();
    // The same page cut off just before the article, as a browser may paint it while parsing.
    const html = await (await fetch(url)).text();
    const cut = html.indexOf('<div class="main-pane');
    assert.ok(cut > 0, 'the page has a main pane');
    await page.route(url, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: html.slice(0, cut) }));
    await page.goto(url);
    const partial = await page.locator('.right-sidebar').boundingBox();
    await page.unroute(url);
    assert.ok(whole && partial, 'the right sidebar is shown at this width');
    assert.equal(partial.x, whole.x);
  });

  test('no page errors, console errors or failed requests', () => {
    // Going to the next page cancels the last one's downloads in flight; that is no failure.
    assert.deepEqual(withoutCancelledRequests(site.problems), []);
  });
});
