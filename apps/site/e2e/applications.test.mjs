// @ts-check
// Section 6 in Chromium: the applications on the reader's own input — a
// sentence's sentiment with per-word attention, translation, a digit drawn
// with the mouse, and text generation. Runs against the built site.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runsOf, usePage, waitForRun } from './site.mjs';

const ctx = usePage('applications/');
const figureOf = (/** @type {string} */ id) => ctx.site.page.locator(`[data-live-example="${id}"]`);
const linesOf = (/** @type {string} */ id) => figureOf(id).locator('[data-role="console"] .line').allTextContents();

/** Fills one text input and waits for the run it triggers. */
async function runWithText(/** @type {string} */ id, /** @type {string} */ name, /** @type {string} */ value) {
  const runs = await runsOf(ctx.site.page, id);
  await figureOf(id).locator(`[name="${name}"]`).fill(value);
  const result = await waitForRun(ctx.site.page, id, runs, 90_000);
  assert.equal(result.state, 'done', result.status);
  return linesOf(id);
}

describe('section 6, applications', () => {
  test('sentiment: a plainly positive and a plainly negative sentence, with one attention weight per word', async () => {
    await figureOf('sentiment').scrollIntoViewIfNeeded();
    assert.equal((await waitForRun(ctx.site.page, 'sentiment', 0, 90_000)).state, 'done');
    let lines = await runWithText('sentiment', 'sentence', 'great food and wonderful friendly service');
    assert.match(lines[0] ?? '', /^positive /, lines.join('\n'));
    lines = await runWithText('sentiment', 'sentence', 'the worst and most boring movie, a total waste of time');
    assert.match(lines[0] ?? '', /^negative /, lines.join('\n'));
    // tokenSaliency draws one group per token of the sentence (11 words, maybe the comma too)
    assert.ok((await figureOf('sentiment').locator('[data-figure="tokenSaliency"] g.al-token').count()) >= 11);
  });

  test('translation: "14 July 1989" becomes 1989-07-14', async () => {
    await figureOf('translate-app').scrollIntoViewIfNeeded();
    assert.equal((await waitForRun(ctx.site.page, 'translate-app', 0, 90_000)).state, 'done');
    assert.match((await linesOf('translate-app'))[0] ?? '', /^14 July 1989 {2}→ {2}1989-07-14 /);
  });

  test('a digit drawn with the mouse: a vertical stroke reads as 1, with attention over the drawing', async () => {
    const figure = figureOf('digit');
    await figure.scrollIntoViewIfNeeded();
    await waitForRun(ctx.site.page, 'digit', 0, 90_000);
    assert.match((await linesOf('digit'))[0] ?? '', /^Draw a digit/);
    const runs = await runsOf(ctx.site.page, 'digit');
    await figure.locator('canvas').scrollIntoViewIfNeeded();
    const box = await figure.locator('canvas').boundingBox();
    assert.ok(box);
    const x = box.x + box.width / 2;
    await ctx.site.page.mouse.move(x, box.y + box.height * 0.15);
    await ctx.site.page.mouse.down();
    for (let i = 1; i <= 20; i++) await ctx.site.page.mouse.move(x + i * 0.3, box.y + box.height * (0.15 + i * 0.035));
    await ctx.site.page.mouse.up();
    const result = await waitForRun(ctx.site.page, 'digit', runs, 90_000);
    assert.equal(result.state, 'done', result.status);
    assert.match((await linesOf('digit'))[0] ?? '', /^it reads 1 /);
    assert.equal(await figure.locator('[data-figure="imageAttentionOverlay"]').count(), 1);
    // Clear empties the drawing again
    const after = await runsOf(ctx.site.page, 'digit');
    await figure.locator('[data-role="clear-drawing"]').click();
    await waitForRun(ctx.site.page, 'digit', after, 60_000);
    assert.match((await linesOf('digit'))[0] ?? '', /^Draw a digit/);
  });

  test('generation: the text continues the prompt, and the same seed gives the same text', async () => {
    await figureOf('generate').scrollIntoViewIfNeeded();
    assert.equal((await waitForRun(ctx.site.page, 'generate', 0, 90_000)).state, 'done');
    const first = await linesOf('generate');
    const text = first.find((l) => l.startsWith('the whale ')) ?? '';
    assert.ok(text.length > 'the whale '.length + 100, first.join('\n'));
    const again = await runWithText('generate', 'prompt', 'the whale ');
    assert.equal(again.find((l) => l.startsWith('the whale ')), text);
    const other = await runWithText('generate', 'seed', '2');
    assert.notEqual(other.find((l) => l.startsWith('the whale ')), text);
  });

  test('no page errors, console errors or failed requests', () => {
    assert.deepEqual(ctx.site.problems, []);
  });
});
