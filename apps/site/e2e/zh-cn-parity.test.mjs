// @ts-check
// The two editions compute the same numbers: section 4's worked example run on
// the English page and on the Chinese page prints the same numbers, line for
// line, each edition in its own words, in Chromium against the built site.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openPage, startSite, waitForRun } from './site.mjs';

/** @type {Awaited<ReturnType<typeof startSite>>} */
let server;
before(async () => {
  server = await startSite();
});
after(async () => {
  await server?.close();
});

/** The worked example's console lines after its first run on the page at `path`. */
async function workedExampleLines(/** @type {string} */ path) {
  const site = await openPage(server.url + path);
  try {
    await site.page.locator('[data-live-example="worked-example"]').scrollIntoViewIfNeeded();
    const result = await waitForRun(site.page, 'worked-example', 0);
    assert.equal(result.state, 'done', `${path}: ${result.status}`);
    return await site.page.locator('[data-live-example="worked-example"] [data-role="console"] .line').allTextContents();
  } finally {
    await site.browser.close();
  }
}

/** The numbers of a line, as written (the subscripts of q·k_1 included). */
const numbersOf = (/** @type {string} */ line) => line.match(/-?\d+(?:\.\d+)?(?:e[-+]?\d+)?/g) ?? [];

describe('the English and Chinese editions', () => {
  test('section 4: the worked example prints the same numbers on /mathematics/ and /zh-cn/mathematics/, in Chinese there', async () => {
    const english = await workedExampleLines('mathematics/');
    const chinese = await workedExampleLines('zh-cn/mathematics/');
    assert.ok(english.some((line) => line.includes('0.2814, 0.5096, 0.2091')), english.join('\n'));
    assert.equal(chinese.length, english.length);
    assert.deepEqual(chinese.map(numbersOf), english.map(numbersOf));
    assert.ok(english.flatMap(numbersOf).length >= 20, 'the lines hold the numbers compared');
    // The Chinese page words them in Chinese: no line is the English one unless it holds nothing but numbers and symbols.
    assert.ok(chinese.some((line) => /[\u4e00-\u9fff]/.test(line)), chinese.join('\n'));
    chinese.forEach((line, i) => assert.ok(line !== english[i] || !/[A-Za-z]{3,}/.test(line), `line ${i} is still English: ${line}`));
  });
});
