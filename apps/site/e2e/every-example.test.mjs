// @ts-check
// Every page of the built site loads without a console error, and every live
// example on it runs to completion and shows something. Runs against `dist/`.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { articlePages, openPage, startSite, waitForRun, withoutCancelledRequests } from './site.mjs';


// The API reference (/api/) has no live examples; e2e/api-reference.test.mjs loads a sample of it.
// Translated pages (/zh-cn/…) are included as soon as they exist; their English fallbacks are not.
const pages = await articlePages();

/** @type {Awaited<ReturnType<typeof startSite>>} */
let server;
before(async () => {
  server = await startSite();
});
after(async () => {
  await server?.close();
});

describe('every page and every live example', () => {
  test('the site has the article pages', () => {
    assert.ok(pages.includes(''), 'the home page');
    assert.ok(pages.includes('mathematics/'), 'section 4');
  });

  for (const path of pages) {
    test(`/${path}: loads, and each live example runs and shows output`, async () => {
      const site = await openPage(server.url + path);
      try {
        const ids = await site.page.locator('[data-live-example]').evaluateAll((els) => els.map((el) => el.getAttribute('data-live-example') ?? ''));
        for (const id of ids) {
          await site.page.locator(`[data-live-example="${id}"]`).scrollIntoViewIfNeeded();
          const result = await waitForRun(site.page, id, 0, 90_000);
          assert.equal(result.state, 'done', `${path}#${id}: ${result.status}`);
          const shown = await site.page
            .locator(`[data-live-example="${id}"] [data-role="console"] .line, [data-live-example="${id}"] [data-role="figures"] > *`)
            .count();
          assert.ok(shown > 0, `${path}#${id} printed or drew something`);
        }
        // An example that scrolls by while the next one starts can have its run replaced, which ends that
        // worker and cancels its downloads (ERR_ABORTED); that is the platform working, not a failure.
        assert.deepEqual(withoutCancelledRequests(site.problems), [], `problems on /${path}`);
      } finally {
        await site.browser.close();
      }
    });
  }
});
