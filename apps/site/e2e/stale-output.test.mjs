// @ts-check
// Browser test: changing an input while a slow example still runs leaves only
// the new run's output, and the status line never claims a run has finished
// while the newest one is still going. One slow example of each kind:
// generation, training in the page, shipped weights. Runs against the built
// site (`astro build` first).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openPage, runsOf, startSite, waitForRun } from './site.mjs';

/** @type {Awaited<ReturnType<typeof startSite>>} */
let server;
before(async () => {
  server = await startSite();
});
after(async () => {
  await server?.close();
});

/**
 * Starts a run of `id` with `first` inputs, changes them to `second` while it
 * runs, and waits for the newest run to end, watching the status line on the
 * way. Returns the printed lines, the number of figures and the ran inputs.
 *
 * @param {string} path
 * @param {string} id
 * @param {Record<string, string>} first - Input name → value for the slow run.
 * @param {Record<string, string>} second - The change made while it runs.
 */
async function changeMidRun(path, id, first, second) {
  const site = await openPage(server.url + path);
  try {
    const { page } = site;
    const figure = page.locator(`[data-live-example="${id}"]`);
    await figure.scrollIntoViewIfNeeded();
    await waitForRun(page, id, 0, 120_000);
    const set = async (/** @type {Record<string, string>} */ values) => {
      for (const [name, value] of Object.entries(values)) {
        const control = figure.locator(`[name="${name}"]`);
        if ((await control.evaluate((el) => el.tagName)) === 'SELECT') await control.selectOption(value);
        else await control.fill(value);
      }
    };
    const runs = await runsOf(page, id);
    await set(first);
    await page.waitForFunction((i) => document.querySelector(`[data-live-example="${i}"]`)?.getAttribute('data-state') === 'running', id, { timeout: 30_000 });
    await page.waitForTimeout(300); // well into the slow run
    await set(second);
    // Until the newest run has finished, the status must not say that a run has.
    /** @type {string[]} */
    const wrong = [];
    const deadline = Date.now() + 120_000;
    for (;;) {
      const now = await page.evaluate((i) => {
        const el = document.querySelector(`[data-live-example="${i}"]`);
        return { state: el?.getAttribute('data-state'), status: el?.querySelector('[data-role="status"]')?.textContent ?? '', ran: el?.getAttribute('data-ran-inputs') ?? '{}', runs: Number(el?.getAttribute('data-runs')) };
      }, id);
      const ranNewest = Object.entries(second).every(([name, value]) => String(JSON.parse(now.ran)[name]) === value);
      if (now.runs > runs && ranNewest && !['queued', 'running', 'stopping'].includes(now.state ?? '')) break;
      if (/^Ran in/.test(now.status) && ['queued', 'running', 'stopping'].includes(now.state ?? '')) wrong.push(`${now.state}: ${now.status}`);
      assert.ok(Date.now() < deadline, `the newest run of ${id} did not finish`);
      await page.waitForTimeout(100);
    }
    assert.deepEqual(wrong, [], 'the status said a run had finished while the newest was still going');
    await page.waitForTimeout(500); // any late output of the old run would land now
    return {
      state: await figure.getAttribute('data-state'),
      lines: await figure.locator('[data-role="console"] .line').allTextContents(),
      figures: await figure.locator('[data-role="figures"] > *').count(),
      problems: site.problems.filter((p) => !/net::ERR_ABORTED/.test(p)),
    };
  } finally {
    await site.browser.close();
  }
}

describe('a run superseded by a new input leaves no output', () => {
  test('generation: changing the seed mid-run leaves one text and one heatmap, of the new seed', async () => {
    const result = await changeMidRun('applications/', 'generate', { length: '600', seed: '5' }, { seed: '6' });
    assert.equal(result.state, 'done');
    const headers = result.lines.filter((l) => /seed \d+:$/.test(l));
    assert.deepEqual(headers, [headers[0]]);
    assert.match(headers[0] ?? '', /seed 6:$/);
    assert.equal(result.figures, 1, result.lines.join('\n'));
    assert.deepEqual(result.problems, []);
  });

  test('training: changing the epochs mid-training leaves only the new run', async () => {
    const result = await changeMidRun('hands-on/', 'seq2seq-train', { epochs: '6' }, { epochs: '1' });
    assert.equal(result.state, 'done');
    assert.equal(result.lines.filter((l) => /held-out dates translated exactly/.test(l)).length, 1, result.lines.join('\n'));
    assert.deepEqual(result.problems, []);
  });

  test('shipped weights: changing the text mid-run translates only the newest text', async () => {
    const result = await changeMidRun('hands-on/', 'translate', { text: 'Saturday, January 3, 1998' }, { text: '14 July 1989' });
    assert.equal(result.state, 'done');
    const answers = result.lines.filter((l) => l.includes('→'));
    assert.equal(answers.length, 1, result.lines.join('\n'));
    assert.match(answers[0] ?? '', /^14 July 1989 {2}→ /);
  });
});
