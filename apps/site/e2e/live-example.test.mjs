// @ts-check
// Browser test of the live-example platform: edit, run, errors with line
// numbers, stop and time limit on a runaway loop, no DOM for user code, and
// edits kept until Reset. Runs against the built site (`astro build` first).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openPage, replaceCode, runsOf, startSite, waitForRun } from './site.mjs';

const ID = 'self-attention';
const FIGURE = `[data-live-example="${ID}"]`;

/** @type {Awaited<ReturnType<typeof startSite>>} */
let server;
/** @type {Awaited<ReturnType<typeof openPage>>} */
let site;
/** @type {import('playwright-core').Page} */
let page;

before(async () => {
  server = await startSite();
  site = await openPage(`${server.url}concepts/`);
  page = site.page;
  await page.locator(FIGURE).scrollIntoViewIfNeeded();
  await waitForRun(page, ID, 0);
});

after(async () => {
  await site?.browser.close();
  await server?.close();
});

/**
 * Replaces the code in the example's editor (opening it if needed) and runs it.
 * @param {string} code
 */
async function runCode(code) {
  const figure = page.locator(FIGURE);
  await replaceCode(page, figure, code);
  const before = await runsOf(page, ID);
  await figure.locator('[data-role="run"]').click();
  return waitForRun(page, ID, before);
}

/** The example's console lines. */
function consoleLines() {
  return page.locator(`${FIGURE} [data-role="console"] .line`).allTextContents();
}

describe('live example platform', () => {
  test('editing the code and pressing Run shows the new output', async () => {
    const result = await runCode("import { print } from 'live';\nprint('edited', 6 * 7);");
    assert.equal(result.state, 'done', result.status);
    assert.deepEqual(await consoleLines(), ['edited 42']);
    assert.equal(await page.locator(`${FIGURE} [data-role="figures"] svg`).count(), 0, 'the old heatmap is gone');
  });

  test('print shows a tensor with its shape, dtype and values', async () => {
    const result = await runCode(
      "import * as tf from '@tensorflow/tfjs';\nimport { print } from 'live';\nprint(tf.tensor2d([[1, 2], [3, 4]], [2, 2], 'int32'));",
    );
    assert.equal(result.state, 'done', result.status);
    assert.deepEqual(await consoleLines(), ['Tensor [2, 2] int32\n[[1, 2],\n [3, 4]]']);
  });

  test('a runtime error is shown with its line number', async () => {
    const result = await runCode("import { print } from 'live';\nprint('first');\nconst box = null;\nbox.open();");
    assert.equal(result.state, 'error');
    assert.equal(result.errorLine, '4');
    assert.match(result.status, /^Line 4: TypeError/);
    assert.deepEqual(await consoleLines(), ['first'], 'output printed before the error stays');
  });

  test('a syntax error is shown with its line number', async () => {
    const result = await runCode('const a = 1;\nconst b = ;');
    assert.equal(result.state, 'error');
    assert.equal(result.errorLine, '2');
    assert.match(result.status, /^Line 2: SyntaxError/);
  });

  test('importing a module the page does not offer names the ones it does', async () => {
    const result = await runCode("import { x } from 'lodash';");
    assert.equal(result.state, 'error');
    assert.match(result.status, /Cannot import 'lodash' here\. Examples can import: '@tensorflow\/tfjs', '@attention-lab\/core', '@attention-lab\/datasets', '@attention-lab\/models', 'live'/);
  });

  test('user code cannot reach the page: no document, no window', async () => {
    const result = await runCode("import { print } from 'live';\nprint(typeof document, typeof window, typeof self.importScripts);");
    assert.equal(result.state, 'done', result.status);
    assert.deepEqual(await consoleLines(), ['undefined undefined function']);
  });

  test('Stop ends an infinite loop and the page keeps responding', async () => {
    const figure = page.locator(FIGURE);
    const before = await runsOf(page, ID);
    const running = runCode('while (true) {}');
    await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-state') === 'running', FIGURE);
    // The page's own thread is free: it answers and accepts typing while the loop spins.
    assert.equal(await page.evaluate(() => 1 + 1), 2);
    await figure.locator('input[name="sentence"]').fill('still responsive');
    assert.equal(await figure.locator('input[name="sentence"]').inputValue(), 'still responsive');
    // Typing asked for a re-run, which supersedes the loop: the loop is being stopped, the re-run waits.
    await page.waitForTimeout(400);
    await figure.locator('[data-role="stop"]').click();
    const result = await running;
    assert.ok(result.runs > before);
    assert.equal(result.state, 'stopped');
    // Stop ends the superseded loop at once (a synchronous loop never sees its signal), and the waiting re-run never starts.
    assert.equal(result.status, 'Stopped.');
    await page.waitForTimeout(500);
    assert.equal(await figure.getAttribute('data-state'), 'stopped', 'nothing else was left to run');
    assert.equal(await page.evaluate(() => 2 + 2), 4, 'the page still answers');
  });

  test('after Stop, a run that watches signal ends by itself and prints its last line', async () => {
    const figure = page.locator(FIGURE);
    const running = runCode(
      [
        "import { print, signal } from 'live';",
        "print('started', signal.aborted);",
        'while (!signal.aborted) await new Promise((resolve) => setTimeout(resolve, 10));',
        "print('finished cleanly', signal.reason.name);",
      ].join('\n'),
    );
    await page.waitForFunction((sel) => document.querySelector(sel)?.querySelector('.line')?.textContent === 'started false', FIGURE);
    await figure.locator('[data-role="stop"]').click();
    const result = await running;
    assert.equal(result.state, 'stopped');
    assert.equal(result.status, 'Stopped; it finished by itself.');
    assert.deepEqual(await consoleLines(), ['started false', 'finished cleanly AbortError']);
  });

  test('every run gets a fresh signal', async () => {
    const result = await runCode("import { print, signal } from 'live';\nprint('aborted:', signal.aborted);");
    assert.equal(result.state, 'done', result.status);
    assert.deepEqual(await consoleLines(), ['aborted: false']);
  });

  test('the time limit aborts the signal too, and the run can still print', async () => {
    await page.locator(FIGURE).evaluate((el) => el.setAttribute('data-time-limit-ms', '1500'));
    const result = await runCode(
      "import { print, signal } from 'live';\nlet ticks = 0;\nwhile (!signal.aborted) { ticks++; await new Promise((r) => setTimeout(r, 10)); }\nprint('ticked', ticks > 10);",
    );
    await page.locator(FIGURE).evaluate((el) => el.setAttribute('data-time-limit-ms', '20000'));
    assert.equal(result.state, 'stopped');
    assert.match(result.status, /^Stopped after 1\.\d s: the example passed its time limit; it finished by itself\.$/);
    assert.deepEqual(await consoleLines(), ['ticked true']);
  });

  test('a run that passes its time limit is stopped, and the next run works', async () => {
    await page.locator(FIGURE).evaluate((el) => el.setAttribute('data-time-limit-ms', '1500'));
    const result = await runCode('for (;;) {}');
    assert.equal(result.state, 'stopped');
    assert.match(result.status, /^Stopped after 1\.\d s: the example passed its time limit; it did not finish within 5 s and was ended\.$/);
    await page.locator(FIGURE).evaluate((el) => el.setAttribute('data-time-limit-ms', '20000'));
    const next = await runCode("import { print } from 'live';\nprint('alive');");
    assert.equal(next.state, 'done', next.status);
    assert.deepEqual(await consoleLines(), ['alive']);
  });

  test('an edit survives a reload, and Reset brings back the original code and its heatmap', async () => {
    await runCode("import { print } from 'live';\nprint('kept');");
    await page.reload();
    const figure = page.locator(FIGURE);
    await figure.scrollIntoViewIfNeeded();
    await waitForRun(page, ID, 0);
    assert.equal(await figure.getAttribute('data-edited'), 'true');
    assert.match((await figure.locator('.cm-content').textContent()) ?? '', /print\('kept'\)/);
    assert.deepEqual(await consoleLines(), ['kept']);

    const runs = await runsOf(page, ID);
    await figure.locator('[data-role="reset"]').click();
    const result = await waitForRun(page, ID, runs);
    assert.equal(result.state, 'done', result.status);
    assert.equal(await figure.getAttribute('data-edited'), 'false');
    assert.match((await figure.locator('.cm-content').textContent()) ?? '', /scaledDotProductAttention/);
    assert.ok((await page.locator(`${FIGURE} [data-role="figures"] svg rect.al-cell`).count()) > 0, 'the heatmap is back');
  });

  test('no page errors, console errors or failed requests', () => {
    assert.deepEqual(site.problems, []);
  });
});
