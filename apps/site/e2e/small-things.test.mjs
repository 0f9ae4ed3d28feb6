// @ts-check
// Small things a learner trips over: how W^Q is written, the forward pass's
// step slider and its numbered steps, blank lines in printed bool tensors,
// and the size of the flow diagrams' labels. Runs against `dist/`.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runsOf, usePage, waitForRun } from './site.mjs';

describe('/mathematics/: the worked example', () => {
  const ctx = usePage('mathematics/');

  test('labels the projection inputs W with a superscript Q, K and V', async () => {
    const { page } = ctx.site;
    const labels = await page
      .locator('[data-live-example="worked-example"] .inputs label > span')
      .evaluateAll((spans) => spans.map((span) => span.innerHTML.replace(/ class="[^"]*"/g, '')));
    assert.deepEqual(labels, ['x₁', 'W<sup>Q</sup>', 'y', 'W<sup>K</sup>', 'W<sup>V</sup>']);
    const text = await page.locator('body').textContent();
    assert.ok(!/[ᵠᴷⱽ]/u.test(text ?? ''), 'no modifier letter stands in for a superscript');
  });
});

describe('/algorithm/: the forward pass', () => {
  const ctx = usePage('algorithm/');
  const ID = 'forward-pass';

  /** The printed list of steps: [marked, number] for each. */
  async function printedSteps() {
    const lines = await ctx.site.page.locator(`[data-live-example="${ID}"] [data-role="console"] .line`).allTextContents();
    return lines.flatMap((line) => {
      const match = /^([▶ ]) (\d+)\. /.exec(line);
      return match ? [{ marked: match[1] === '▶', step: Number(match[2]) }] : [];
    });
  }

  test('the step slider runs over exactly the numbered steps it prints, 1 to 8 as in the text', async () => {
    const { page } = ctx.site;
    const figure = page.locator(`[data-live-example="${ID}"]`);
    await figure.scrollIntoViewIfNeeded();
    await waitForRun(page, ID, 0);
    const slider = figure.locator('input[type="range"][name="step"]');
    const [min, max] = [Number(await slider.getAttribute('min')), Number(await slider.getAttribute('max'))];
    const steps = await printedSteps();
    assert.deepEqual(
      steps.map(({ step }) => step),
      Array.from({ length: max - min + 1 }, (_, i) => min + i),
    );
    assert.equal(min, 1);
    assert.equal(max, 8, 'the eight steps of the list in the text');
    const listInText = await page.locator('main .sl-markdown-content h2#the-forward-pass-of-self-attention').evaluate((heading) => {
      let node = heading.closest('.sl-heading-wrapper')?.nextElementSibling;
      while (node && node.tagName !== 'OL') node = node.nextElementSibling;
      return node?.children.length ?? 0;
    });
    assert.equal(listInText, max);

    for (const value of [1, 8]) {
      const runs = await runsOf(page, ID);
      await slider.fill(String(value));
      assert.equal((await waitForRun(page, ID, runs)).state, 'done');
      const marked = (await printedSteps()).filter(({ marked: isMarked }) => isMarked).map(({ step }) => step);
      assert.deepEqual(marked, [value], `slider at ${value} marks step ${value}`);
      const shown = await figure.locator('[data-role="console"] .line').allTextContents();
      assert.ok(
        shown.some((line) => line.startsWith(`${value}. `) && line.includes('Tensor [')),
        `slider at ${value} prints the tensor of step ${value}`,
      );
    }
  });
});

describe('/faq/: the padding mask', () => {
  const ctx = usePage('faq/');

  test('prints the bool mask [batch, 1, 1, maxLen] one row per line, without blank lines', async () => {
    const { page } = ctx.site;
    const figure = page.locator('[data-live-example="padding-mask"]');
    await figure.scrollIntoViewIfNeeded();
    await waitForRun(page, 'padding-mask', 0);
    const mask = (await figure.locator('[data-role="console"] .line').allTextContents()).find((line) => line.includes(' bool\n'));
    assert.ok(mask, 'the mask is printed');
    assert.equal(mask.split('\n').length, 3, mask);
    assert.ok(!mask.includes('\n\n'), mask);
  });
});

describe('/concepts/: the flow diagrams', () => {
  const ctx = usePage('concepts/');

  test('label their boxes at 11 px or more as rendered at 1280 px', async () => {
    const { page } = ctx.site;
    await page.setViewportSize({ width: 1280, height: 900 });
    for (const id of ['flow-model', 'flow-qkv']) {
      const figure = page.locator(`[data-live-example="${id}"]`);
      await figure.scrollIntoViewIfNeeded();
      await waitForRun(page, id, 0);
      // Drawn again at this width, whatever width the page opened at.
      const runs = await runsOf(page, id);
      await figure.locator('[data-role="run"]').click();
      assert.equal((await waitForRun(page, id, runs)).state, 'done');
      const sizes = await figure.locator('svg.flow').evaluate((svg) => {
        const scale = svg.getBoundingClientRect().width / /** @type {SVGSVGElement} */ (svg).viewBox.baseVal.width;
        return [...svg.querySelectorAll('.flow-node text')].map((text) => ({
          text: text.textContent ?? '',
          px: parseFloat(getComputedStyle(text).fontSize) * scale,
        }));
      });
      assert.ok(sizes.length >= 6, `${id} has labelled boxes`);
      for (const { text, px } of sizes) assert.ok(px >= 11, `${id}: "${text}" is ${px.toFixed(1)} px`);
      const fits = await figure.evaluate((example) => {
        const svg = example.querySelector('svg.flow');
        return (svg?.getBoundingClientRect().right ?? Infinity) <= example.getBoundingClientRect().right;
      });
      assert.ok(fits, `${id} fits the example's width`);
    }
  });
});
