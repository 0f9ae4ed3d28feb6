// @ts-check
// Section 4 in Chromium: the worked example's numbers, editing one of them,
// and the √d_k demonstration. Runs against the built site.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runsOf, usePage, waitForRun } from './site.mjs';

const ctx = usePage('mathematics/');

/** @param {string} id */
const linesOf = (id) => ctx.site.page.locator(`[data-live-example="${id}"] [data-role="console"] .line`).allTextContents();

describe('section 4, mathematics', () => {
  test('the worked example shows scores 0.84, 1.68, 0.42, weights 0.2814, 0.5096, 0.2091 and output 1.6861, 1.9671', async () => {
    await ctx.site.page.locator('[data-live-example="worked-example"]').scrollIntoViewIfNeeded();
    const result = await waitForRun(ctx.site.page, 'worked-example', 0);
    assert.equal(result.state, 'done', result.status);
    const lines = await linesOf('worked-example');
    // Computed by hand on this page's prose and checked with Python's math module.
    assert.ok(lines.includes('scores q·k_j        = 0.8400, 1.6800, 0.4200'), lines.join('\n'));
    assert.ok(lines.includes('weights (softmax)   = 0.2814, 0.5096, 0.2091'), lines.join('\n'));
    assert.ok(lines.includes('output Σ α_j v_j    = 1.6861, 1.9671'), lines.join('\n'));
    const cells = await ctx.site.page.locator('[data-live-example="worked-example"] svg rect.al-cell').count();
    assert.equal(cells, 3, 'one query row against three keys');
  });

  test('changing x₁ to 0 makes the query zero and the weights uniform', async () => {
    const figure = ctx.site.page.locator('[data-live-example="worked-example"]');
    const runs = await runsOf(ctx.site.page, 'worked-example');
    await figure.locator('input[name="x1"]').fill('0');
    await waitForRun(ctx.site.page, 'worked-example', runs);
    const lines = await linesOf('worked-example');
    // q = 0 scores every key 0, so each weight is 1/3; the output is the mean of the values.
    assert.ok(lines.includes('weights (softmax)   = 0.3333, 0.3333, 0.3333'), lines.join('\n'));
    assert.ok(lines.includes('output Σ α_j v_j    = 1.4000, 1.6333'), lines.join('\n'));
  });

  test('a bad number names the input', async () => {
    const figure = ctx.site.page.locator('[data-live-example="worked-example"]');
    const runs = await runsOf(ctx.site.page, 'worked-example');
    await figure.locator('input[name="wk"]').fill('0.4, oops');
    const result = await waitForRun(ctx.site.page, 'worked-example', runs);
    assert.equal(result.state, 'error');
    assert.match(result.status, /wk must be numbers separated by commas/);
    await figure.locator('input[name="wk"]').fill('0.4, 0.5');
  });

  test('the √d_k demonstration reports a score variance near d_k', async () => {
    await ctx.site.page.locator('[data-live-example="sqrt-dk"]').scrollIntoViewIfNeeded();
    const result = await waitForRun(ctx.site.page, 'sqrt-dk', 0);
    assert.equal(result.state, 'done', result.status);
    const [first = ''] = await linesOf('sqrt-dk');
    const match = /variance of q·k over \d+ pairs = ([\d.]+) \(theory: 64\)/.exec(first);
    assert.ok(match, first);
    assert.ok(Math.abs(Number(match[1]) - 64) < 64 * 0.25, `variance ${match[1]} within 25% of 64`);
  });

  test('no page errors, console errors or failed requests', () => {
    assert.deepEqual(ctx.site.problems, []);
  });
});
