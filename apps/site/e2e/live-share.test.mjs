// @ts-check
// Browser test of links to an example's state: a crafted link restores the
// worked example's inputs and the backend, scrolls to it and runs it; the Link
// button writes such a link (with edited code when there is some); whatever a
// link carries is checked and never becomes markup. Runs against the built site.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { openPage, replaceCode, runsOf, usePage, waitForRun } from './site.mjs';

const ID = 'worked-example';
const FIGURE = `[data-live-example="${ID}"]`;
const ctx = usePage(`mathematics/#${ID}?x1=0&nope=%3Cb+id%3Dinjected%3Ex%3C%2Fb%3E&backend=cpu`);

/** @type {Array<Awaited<ReturnType<typeof openPage>>>} */
const opened = [];
after(async () => {
  for (const site of opened) await site.browser.close();
});

/** @param {import('playwright-core').Page} page */
const linesOf = (page) => page.locator(`${FIGURE} [data-role="console"] .line`).allTextContents();

describe('links to an example', () => {
  test('a link restores the inputs and the backend, scrolls to the example and runs it with them', async () => {
    const { page } = ctx.site;
    const result = await waitForRun(page, ID, 0);
    assert.equal(result.state, 'done', result.status);
    const figure = page.locator(FIGURE);
    assert.equal(await figure.locator('input[name="x1"]').inputValue(), '0');
    assert.equal(JSON.parse((await figure.getAttribute('data-ran-inputs')) ?? '{}').x1, '0');
    // q = 0 scores every key 0: the weights are uniform.
    const lines = await linesOf(page);
    assert.ok(lines.includes('weights (softmax)   = 0.3333, 0.3333, 0.3333'), lines.join('\n'));
    assert.match(result.status, / on cpu\.$/);
    const pickers = await page.locator('[data-role="backend"]').evaluateAll((selects) => selects.map((s) => /** @type {HTMLSelectElement} */ (s).value));
    assert.ok(pickers.length > 1 && pickers.every((value) => value === 'cpu'), pickers.join(', '));
    const box = await figure.boundingBox();
    const viewport = page.viewportSize();
    assert.ok(box && viewport && box.y < viewport.height && box.y + box.height > 0, 'the example is on screen');
    assert.equal(
      await figure.locator('[data-role="share-note"]').textContent(),
      'Restored from the link. Ignored what it gave for: nope.',
    );
    assert.equal(await page.locator('#injected').count(), 0, 'nothing from the link became markup');
  });

  test('the Link button puts the inputs and backend in the address and shows the link; opening it gives the same run', async () => {
    const { page } = ctx.site;
    const figure = page.locator(FIGURE);
    const runs = await runsOf(page, ID);
    await figure.locator('input[name="x1"]').fill('5');
    await waitForRun(page, ID, runs);
    await figure.getByRole('button', { name: 'Link' }).click();
    const field = figure.getByRole('textbox', { name: 'Link to this example' });
    await field.waitFor();
    const link = await field.inputValue();
    assert.match(link, /\/mathematics\/#worked-example\?x1=5&wq=0\.1%2C\+0\.2&y=2%2C\+4%2C\+1&wk=0\.4%2C\+0\.5&wv=0\.6%2C\+0\.7&backend=cpu$/);
    assert.equal(await page.evaluate(() => location.href), link);
    assert.match((await figure.locator('[data-role="share-note"]').textContent()) ?? '', /^(Copied to the clipboard\.|Copy the link from the field above\.)$/);
    const expected = await linesOf(page);

    const other = await openPage(link);
    opened.push(other);
    const result = await waitForRun(other.page, ID, 0);
    assert.equal(result.state, 'done', result.status);
    assert.equal(await other.page.locator(`${FIGURE} input[name="x1"]`).inputValue(), '5');
    assert.deepEqual(await linesOf(other.page), expected);
    assert.deepEqual(other.problems, []);
  });

  test('a link made after editing carries the code, which waits for Run', async () => {
    const { page } = ctx.site;
    const figure = page.locator(FIGURE);
    await replaceCode(page, figure, "import { inputs, print } from 'live';\nprint('shared code sees x1 =', inputs.x1);");
    await figure.getByRole('button', { name: 'Link' }).click();
    // The field still holds the previous test's link until the new one is written.
    const field = figure.getByRole('textbox', { name: 'Link to this example' });
    await page.waitForFunction((f) => /** @type {HTMLInputElement | null} */ (document.querySelector(f))?.value.includes('&code='), `${FIGURE} [data-role="share-url"]`, { timeout: 10_000 }).catch(() => undefined);
    const link = await field.inputValue();
    assert.match(link, /&code=[\w-]+$/);
    assert.match((await figure.locator('[data-role="share-note"]').textContent()) ?? '', /The link includes your edited code\.$/);

    const other = await openPage(link);
    opened.push(other);
    const shared = other.page.locator(FIGURE);
    await shared.locator('.cm-content').waitFor();
    assert.match((await shared.locator('.cm-content').textContent()) ?? '', /print\('shared code sees x1 =', inputs\.x1\);/);
    assert.match((await shared.locator('[data-role="status"]').textContent()) ?? '', /It carries edited code: read it, then press Run\.$/);
    await other.page.waitForTimeout(1000);
    assert.equal(await runsOf(other.page, ID), 0, 'code from a link does not run by itself');
    await shared.locator('[data-role="run"]').click();
    const result = await waitForRun(other.page, ID, 0);
    assert.equal(result.state, 'done', result.status);
    assert.deepEqual(await linesOf(other.page), ['shared code sees x1 = 5']);
    assert.deepEqual(other.problems, []);
  });

  test('markup in a link stays text: a changed address sets the input to it, and the example reports a bad number', async () => {
    const { page } = ctx.site;
    const figure = page.locator(FIGURE);
    await figure.locator('[data-role="reset"]').click();
    await waitForRun(page, ID, await runsOf(page, ID));
    const runs = await runsOf(page, ID);
    await page.evaluate((id) => {
      location.hash = `${id}?x1=${encodeURIComponent('<img id="injected" src=x>')}`;
    }, ID);
    const result = await waitForRun(page, ID, runs);
    assert.equal(result.state, 'error');
    assert.match(result.status, /x1 must be numbers separated by commas/);
    assert.equal(await figure.locator('input[name="x1"]').inputValue(), '<img id="injected" src=x>');
    assert.equal(await page.locator('#injected').count(), 0);
  });

  test('no page errors, console errors or failed requests', () => {
    assert.deepEqual(ctx.site.problems, []);
  });
});
