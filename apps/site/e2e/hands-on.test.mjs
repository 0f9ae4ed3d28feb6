// @ts-check
// Section 5 in Chromium: the shipped seq2seq weights load in the page's worker
// and translate, with the alignment drawn. Runs against the built site.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runsOf, usePage, waitForRun } from './site.mjs';

const ctx = usePage('hands-on/');

describe('section 5, hands-on models', () => {
  test('the shipped date translator turns "Saturday, January 3, 1998" into 1998-01-03 and draws its alignment', async () => {
    const figure = ctx.site.page.locator('[data-live-example="translate"]');
    await figure.scrollIntoViewIfNeeded();
    const result = await waitForRun(ctx.site.page, 'translate', 0, 90_000);
    assert.equal(result.state, 'done', result.status);
    const line = (await figure.locator('[data-role="console"] .line').first().textContent()) ?? '';
    assert.match(line, /^Saturday, January 3, 1998 {2}→ {2}1998-01-03 /);
    // 10 output characters plus <eos>, against the 25 input characters.
    assert.equal(await figure.locator('[data-figure="attentionHeatmap"] rect.al-cell').count(), 11 * 25);
  });

  test('the German number model writes 84 as vierundachtzig', async () => {
    const figure = ctx.site.page.locator('[data-live-example="translate"]');
    const runs = await runsOf(ctx.site.page, 'translate');
    await figure.locator('select[name="model"]').selectOption('number-words-de');
    await figure.locator('input[name="text"]').fill('84');
    await ctx.site.page.waitForFunction(
      (n) => {
        const el = document.querySelector('[data-live-example="translate"]');
        const ran = JSON.parse(el?.getAttribute('data-ran-inputs') ?? '{}');
        return Number(el?.getAttribute('data-runs')) > n && ran.text === '84' && ran.model === 'number-words-de' && el?.getAttribute('data-state') !== 'running';
      },
      runs,
      { timeout: 90_000 },
    );
    const line = (await figure.locator('[data-role="console"] .line').first().textContent()) ?? '';
    assert.match(line, /^84 {2}→ {2}vierundachtzig /);
  });

  test('no page errors, console errors or failed requests', () => {
    assert.deepEqual(ctx.site.problems, []);
  });
});
