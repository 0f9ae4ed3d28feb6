// @ts-check
// Browser test of what examples draw, beyond a single chart: replay (a heatmap
// with a frame slider that redraws on the page, no re-run) and the SVG/PNG
// download buttons under every picture. Runs against the built site, driving
// section 2's self-attention example through its editor.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';
import { replaceCode, runsOf, usePage, waitForRun } from './site.mjs';

const ctx = usePage('concepts/');
const ID = 'self-attention';
const FIGURE = `[data-live-example="${ID}"]`;

/**
 * Replaces the example's code (opening the editor if needed) and runs it.
 * @param {string} code
 */
async function runCode(code) {
  const { page } = ctx.site;
  const figure = page.locator(FIGURE);
  await replaceCode(page, figure, code);
  const before = await runsOf(page, ID);
  await figure.locator('[data-role="run"]').click();
  return waitForRun(page, ID, before);
}

const REPLAY = `import { replay } from 'live';
const frames = [0, 1, 2, 3].map((step) => ({
  label: \`step \${step * 100}, loss \${(1 - step / 4).toFixed(2)}\`,
  values: [[1 - step / 4, step / 4], [step / 4, 1 - step / 4]],
}));
replay(frames, { rows: ['a', 'b'], cols: ['x', 'y'], title: 'while training' });`;

/** The numbers written in the replay heatmap's cells, once they equal `expected`. */
async function waitForCells(/** @type {string[]} */ expected) {
  await ctx.site.page.waitForFunction(
    ([sel, want]) => {
      const texts = [...document.querySelectorAll(`${sel} [data-figure="replay"] .al-values text`)].map((t) => t.textContent?.trim());
      return JSON.stringify(texts) === JSON.stringify(want);
    },
    /** @type {const} */ ([FIGURE, expected]),
    { timeout: 5000 },
  );
}

describe('replay and figure export', () => {
  test('replay draws the last frame with a labelled slider; keys and dragging redraw the heatmap without a run', async () => {
    const { page } = ctx.site;
    await page.locator(FIGURE).scrollIntoViewIfNeeded();
    await waitForRun(page, ID, 0);
    const result = await runCode(REPLAY);
    assert.equal(result.state, 'done', result.status);
    const replayFigure = page.locator(`${FIGURE} [data-figure="replay"]`);
    const slider = replayFigure.getByRole('slider', { name: 'frame' });
    const label = replayFigure.locator('[data-role="replay-label"]');
    assert.equal(await replayFigure.locator('figcaption').textContent(), 'while training');
    assert.equal(await slider.inputValue(), '3', 'opens at the last frame');
    assert.equal(await label.textContent(), '4/4: step 300, loss 0.25');
    assert.equal(await replayFigure.locator('rect.al-cell').count(), 4);
    const fillsAtEnd = await replayFigure.locator('rect.al-cell').evaluateAll((cells) => cells.map((c) => c.getAttribute('fill')));

    const runs = await runsOf(page, ID);
    await slider.focus();
    await page.keyboard.press('Home');
    assert.equal(await label.textContent(), '1/4: step 0, loss 1.00');
    assert.equal(await slider.getAttribute('aria-valuetext'), 'step 0, loss 1.00');
    await waitForCells(['1.00', '0.00', '0.00', '1.00']);
    await page.keyboard.press('ArrowRight');
    assert.equal(await label.textContent(), '2/4: step 100, loss 0.75');
    await waitForCells(['0.75', '0.25', '0.25', '0.75']);
    await page.waitForTimeout(400); // the update's transition
    const fillsAtStep100 = await replayFigure.locator('rect.al-cell').evaluateAll((cells) => cells.map((c) => c.getAttribute('fill')));
    assert.notDeepEqual(fillsAtStep100, fillsAtEnd, 'the cells were recoloured');

    // Drag the thumb to the right end: the last frame again.
    const box = await slider.boundingBox();
    assert.ok(box);
    await page.mouse.move(box.x + box.width * 0.35, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width + 20, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    assert.equal(await slider.inputValue(), '3');
    assert.equal(await label.textContent(), '4/4: step 300, loss 0.25');
    await waitForCells(['0.25', '0.75', '0.75', '0.25']);
    assert.equal(await runsOf(page, ID), runs, 'moving the slider did not run the example again');
  });

  test('replay rejects frames of different shapes, naming the frame', async () => {
    const result = await runCode("import { replay } from 'live';\nreplay([{ label: 'a', values: [[1, 0]] }, { label: 'b', values: [[1], [0]] }]);");
    assert.equal(result.state, 'error');
    assert.match(result.status, /replay: frames\[1\]\.values has shape \[2, 1\], frames\[0\] has \[1, 2\]/);
  });

  test('every chart and flow diagram has SVG and PNG buttons that download <example>-<n>.svg and .png', async () => {
    const { page } = ctx.site;
    const result = await runCode(
      [
        "import * as tf from '@tensorflow/tfjs';",
        "import { flow, heatmap } from 'live';",
        "heatmap([[0.5, 0.5], [0.1, 0.9]], { title: 'first' });",
        "flow([{ id: 'x', label: 'input', tensor: tf.ones([2, 2]) }, { id: 'y', label: 'output' }], [['x', 'y']], { title: 'second' });",
      ].join('\n'),
    );
    assert.equal(result.state, 'done', result.status);
    const figures = page.locator(`${FIGURE} [data-role="figures"] > .live-figure`);
    assert.equal(await figures.count(), 2);

    for (const [index, kind] of /** @type {const} */ ([
      [0, 'attentionHeatmap'],
      [1, 'flow'],
    ])) {
      const figure = figures.nth(index);
      assert.equal(await figure.getAttribute('data-figure'), kind);
      const [svgDownload] = await Promise.all([page.waitForEvent('download'), figure.getByRole('button', { name: 'Download as SVG' }).click()]);
      assert.equal(svgDownload.suggestedFilename(), `${ID}-${index + 1}.svg`);
      const svgText = await readFile(await svgDownload.path(), 'utf8');
      const parsed = await page.evaluate((text) => {
        const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
        return { root: doc.documentElement.localName, namespace: doc.documentElement.namespaceURI, errors: doc.getElementsByTagName('parsererror').length };
      }, svgText);
      assert.deepEqual(parsed, { root: 'svg', namespace: 'http://www.w3.org/2000/svg', errors: 0 }, `${kind}: ${svgText.slice(0, 200)}`);

      const [pngDownload] = await Promise.all([page.waitForEvent('download'), figure.getByRole('button', { name: 'Download as PNG' }).click()]);
      assert.equal(pngDownload.suggestedFilename(), `${ID}-${index + 1}.png`);
      const png = await readFile(await pngDownload.path());
      assert.ok(png.length > 100, `${kind}: PNG of ${png.length} bytes`);
      assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], `${kind}: PNG signature`);
    }
  });

  test('no page errors, console errors or failed requests', () => {
    assert.deepEqual(ctx.site.problems, []);
  });
});
