// @ts-check
// The site's Content-Security-Policy and its handling of text from readers and
// examples. Runs against the built site (`astro build` first).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openPage, runsOf, startSite, waitForRun } from './site.mjs';

/** @type {Awaited<ReturnType<typeof startSite>>} */
let server;
/** @type {Awaited<ReturnType<typeof openPage>>} */
let site;

before(async () => {
  server = await startSite();
  site = await openPage(`${server.url}concepts/`);
});

after(async () => {
  await site?.browser.close();
  await server?.close();
});

describe('content security policy', () => {
  test('every page carries a CSP whose script-src has no unsafe-inline or unsafe-eval', async () => {
    const policy = await site.page.locator('meta[http-equiv="content-security-policy"]').getAttribute('content');
    assert.ok(policy, 'the page has a CSP <meta>');
    const scriptSrc = policy.split(';').map((part) => part.trim()).find((part) => part.startsWith('script-src'));
    assert.ok(scriptSrc, `script-src in "${policy}"`);
    assert.doesNotMatch(scriptSrc, /'unsafe-inline'|'unsafe-eval'/);
    assert.match(policy, /object-src 'none'/);
  });

  test('an inline script injected into the page does not run', async () => {
    const ran = await site.page.evaluate(async () => {
      const script = document.createElement('script');
      script.textContent = 'window.__injected = true;';
      document.body.append(script);
      await new Promise((resolve) => setTimeout(resolve, 100));
      return /** @type {{ __injected?: boolean }} */ (window).__injected === true;
    });
    assert.equal(ran, false);
    // The browser reported the blocked script; that is the policy working, not a page problem.
    site.problems.splice(0, site.problems.length, ...site.problems.filter((p) => !p.includes('Content Security Policy')));
  });
});

describe('text from examples', () => {
  test('markup printed by an example is shown as text, not parsed', async () => {
    const { page } = site;
    const figure = page.locator('[data-live-example="self-attention"]');
    await figure.scrollIntoViewIfNeeded();
    await waitForRun(page, 'self-attention', 0);
    await figure.locator('[data-role="edit"]').click();
    await figure.locator('.cm-content').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    const markup = '<img src=x onerror="window.__pwned = true">';
    await page.keyboard.insertText(`import { print, heatmap } from 'live';\nprint(${JSON.stringify(markup)});\nheatmap([[1]], { rows: [${JSON.stringify(markup)}], cols: ['k'] });`);
    const runs = await runsOf(page, 'self-attention');
    await figure.locator('[data-role="run"]').click();
    const result = await waitForRun(page, 'self-attention', runs);
    assert.equal(result.state, 'done', result.status);
    assert.equal(await figure.locator('[data-role="console"] .line').first().textContent(), markup);
    // viz shortens long labels in the picture; its data table keeps the whole text.
    assert.equal(await figure.locator('[data-role="figures"] table.al-data-table tbody th').first().textContent(), markup);
    assert.equal(await figure.locator('img').count(), 0, 'no element was made from the text');
    assert.equal(await page.evaluate(() => /** @type {{ __pwned?: boolean }} */ (window).__pwned === true), false);
    // Leave the page as a reader would find it.
    await figure.locator('[data-role="reset"]').click();
  });

  test('no page errors, console errors or failed requests', () => {
    assert.deepEqual(site.problems, []);
  });
});
