// @ts-check
// Section 2 in Chromium: the flow diagrams show, for the sentence typed, the
// tensor of the box that is clicked. Runs against the built site.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runsOf, usePage, waitForRun } from './site.mjs';

const ctx = usePage('concepts/');

describe('section 2, core concepts', () => {
  test('clicking a box of diagram (a) shows its tensor for the typed sentence', async () => {
    const { page } = ctx.site;
    const figure = page.locator('[data-live-example="flow-model"]');
    await figure.scrollIntoViewIfNeeded();
    await waitForRun(page, 'flow-model', 0);
    const runs = await runsOf(page, 'flow-model');
    await figure.locator('input[name="sentence"]').fill('one two three');
    const result = await waitForRun(page, 'flow-model', runs);
    assert.equal(result.state, 'done', result.status);
    // Three words, embedding width 8 (set in the example): by hand, [3, 8].
    await figure.locator('[data-node="embedding"]').click();
    assert.equal(await figure.locator('.flow-detail-title').textContent(), 'embedding: shape [3, 8], float32');
    await figure.locator('.flow-detail rect.al-cell').nth(23).waitFor();
    assert.equal(await figure.locator('.flow-detail rect.al-cell').count(), 24, 'a 3 × 8 heatmap');
    // The keyboard works too: the attention box holds one weight per word.
    await figure.locator('[data-node="attention"]').focus();
    await page.keyboard.press('Enter');
    assert.equal(await figure.locator('.flow-detail-title').textContent(), 'attention weights: shape [3], float32');
  });

  test('diagram (b) draws Q, K, V, scores, softmax and the weighted sum', async () => {
    const { page } = ctx.site;
    const figure = page.locator('[data-live-example="flow-qkv"]');
    await figure.scrollIntoViewIfNeeded();
    const result = await waitForRun(page, 'flow-qkv', 0);
    assert.equal(result.state, 'done', result.status);
    const nodes = await figure.locator('[data-node]').evaluateAll((els) => els.map((el) => el.getAttribute('data-node')));
    assert.deepEqual(nodes, ['q', 'k', 'v', 'scores', 'softmax', 'sum']);
    await figure.locator('[data-node="softmax"]').click();
    // "the film was not bad at all": 7 words, so the weights are [7, 7].
    assert.equal(await figure.locator('.flow-detail-title').textContent(), 'softmax: shape [7, 7], float32');
  });

  test('no page errors, console errors or failed requests', () => {
    assert.deepEqual(ctx.site.problems, []);
  });
});
