// @ts-check
// The example worker reports its tensor count after each run's clean-up
// (data-tensors): running the worked example again and again must not grow it.
// Runs against the built site.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runsOf, usePage, waitForRun } from './site.mjs';

const ctx = usePage('mathematics/');
const ID = 'worked-example';

describe('tensors in the example worker', () => {
  test('ten runs of the worked example leave as many tensors as one', async () => {
    const { page } = ctx.site;
    const figure = page.locator(`[data-live-example="${ID}"]`);
    await figure.scrollIntoViewIfNeeded();
    await waitForRun(page, ID, 0);
    /** @type {number[]} */
    const counts = [];
    for (let run = 1; run <= 10; run++) {
      const before = await runsOf(page, ID);
      await figure.locator('[data-role="run"]').click();
      const result = await waitForRun(page, ID, before);
      assert.equal(result.state, 'done', result.status);
      counts.push(Number(await figure.getAttribute('data-tensors')));
    }
    assert.ok(counts.every(Number.isInteger), `counts: ${counts.join(', ')}`);
    assert.equal(counts[9], counts[0], `tensors after each run: ${counts.join(', ')}`);
  });

  test('no page errors, console errors or failed requests', () => {
    assert.deepEqual(ctx.site.problems, []);
  });
});
