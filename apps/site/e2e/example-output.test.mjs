// @ts-check
// What the live examples print, on every page, at a desktop width (1280 px)
// and a phone width (390 px): prose wraps inside the output box, tensors and
// tables keep their columns and scroll with a visible hint, and no
// TensorFlow.js warning reaches the reader (the devtools console keeps them).
// Runs against `dist/`.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { articlePages, openPage, replaceCode, runsOf, startSite, usePage, waitForRun } from './site.mjs';

/** Text that TensorFlow.js writes to the console, which is no output of an example. */
const TFJS_WARNING = /Orthogonal initializer|Slowness may result|High memory usage|already registered|Platform browser has already|tfjs-node|TensorFlow\.js/i;

/**
 * Lines the issue named as cut off, which must wrap as prose: page → example → what the line says.
 * @type {Record<string, Record<string, RegExp>>}
 */
const PROSE = {
  'applications/': { 'translate-app': /→/, generate: /^.{120,}$/ },
  'hands-on/': { 'mha-layer': /^config: \{/, 'language-models': /call me ishmael/, translate: /→/ },
  'faq/': { 'mask-lab': /^float16 (emulated|on WebGL)/ },
};

/**
 * Problems with the output of every example on the page as laid out now: a
 * line of prose wider than its box, or a box that scrolls sideways without
 * its hint.
 *
 * @param {import('playwright-core').Page} page
 * @returns {Promise<string[]>}
 */
function layoutProblems(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('[data-live-example]')].flatMap((figure) => {
      const id = figure.getAttribute('data-live-example');
      const box = figure.querySelector('[data-role="console"]');
      if (!(box instanceof HTMLElement) || box.hidden) return [];
      /** @type {string[]} */
      const problems = [];
      for (const line of box.querySelectorAll('.line')) {
        const keepsColumns = getComputedStyle(line).whiteSpace === 'pre';
        if (keepsColumns && !['block', 'columns'].includes(line.getAttribute('data-layout') ?? '')) {
          problems.push(`${id}: a line of prose keeps its columns: ${line.textContent}`);
        }
        if (!keepsColumns && line.scrollWidth > line.clientWidth) {
          problems.push(`${id}: text runs ${line.scrollWidth - line.clientWidth} px past its box: ${line.textContent?.slice(0, 100)}`);
        }
      }
      if (box.scrollWidth > box.clientWidth) {
        const style = getComputedStyle(box);
        const scrolls = ['auto', 'scroll'].includes(style.overflowX);
        const hint = style.backgroundImage.includes('radial-gradient') && style.backgroundAttachment.includes('local');
        if (!scrolls || !hint) problems.push(`${id}: a table wider than the box scrolls ${scrolls ? 'without a hint' : 'not at all'}`);
      }
      const figureRight = figure.getBoundingClientRect().right;
      if (box.getBoundingClientRect().right > figureRight + 0.5) problems.push(`${id}: the output box is wider than the example`);
      return problems;
    }),
  );
}

/**
 * The console lines of every example on the page.
 * @param {import('playwright-core').Page} page
 * @returns {Promise<Array<{ id: string, level: string, text: string, whiteSpace: string }>>}
 */
function outputLines(page) {
  return page.locator('[data-live-example] [data-role="console"] .line').evaluateAll((lines) =>
    lines.map((line) => ({
      id: line.closest('[data-live-example]')?.getAttribute('data-live-example') ?? '',
      level: line.getAttribute('data-level') ?? '',
      text: line.textContent ?? '',
      whiteSpace: getComputedStyle(line).whiteSpace,
    })),
  );
}

/** @type {Awaited<ReturnType<typeof startSite>>} */
let server;
before(async () => {
  server = await startSite();
});
after(async () => {
  await server?.close();
});

const pages = await articlePages();

describe('example output on every page, at 1280 and 390 px', () => {
  test('the site has pages with live examples', () => {
    for (const path of ['concepts/', 'hands-on/', 'applications/']) assert.ok(pages.includes(path), path);
  });

  for (const path of pages) {
    test(`/${path}: text output wraps, tables scroll with a hint, and no TensorFlow.js warning is shown`, async () => {
      const site = await openPage(server.url + path, { viewport: { width: 1280, height: 900 } });
      try {
        const { page } = site;
        const ids = await page.locator('[data-live-example]').evaluateAll((els) => els.map((el) => el.getAttribute('data-live-example') ?? ''));
        for (const id of ids) {
          await page.locator(`[data-live-example="${id}"]`).scrollIntoViewIfNeeded();
          const result = await waitForRun(page, id, 0, 120_000);
          assert.equal(result.state, 'done', `${path}#${id}: ${result.status}`);
        }
        if (path === 'faq/') {
          // The float16 note only shows with float16 chosen.
          const figure = page.locator('[data-live-example="mask-lab"]');
          const runs = await runsOf(page, 'mask-lab');
          await figure.locator('select[name="precision"]').selectOption('float16');
          assert.equal((await waitForRun(page, 'mask-lab', runs, 120_000)).state, 'done');
        }

        const lines = await outputLines(page);
        assert.ok(ids.length === 0 || lines.length > 0, `/${path}: its examples printed something`);
        const noise = lines.filter((line) => TFJS_WARNING.test(line.text) || line.level !== 'log');
        assert.deepEqual(noise, [], `/${path}: library warnings in example output`);
        for (const [id, says] of Object.entries(PROSE[path] ?? {})) {
          const named = lines.filter((line) => line.id === id && says.test(line.text));
          assert.ok(named.length > 0, `/${path}#${id} printed a line like ${says}`);
          for (const line of named) assert.equal(line.whiteSpace, 'pre-wrap', `/${path}#${id} wraps "${line.text.slice(0, 60)}"`);
        }

        assert.deepEqual(await layoutProblems(page), [], `/${path} at 1280 px`);
        await page.setViewportSize({ width: 390, height: 844 });
        await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
        assert.deepEqual(await layoutProblems(page), [], `/${path} at 390 px`);

        // Wide tables in the article scroll with the same hint.
        const tables = await page.locator('main .sl-markdown-content table').evaluateAll((all) =>
          all.map((table) => ({
            wide: table.scrollWidth > table.clientWidth,
            scrolls: ['auto', 'scroll'].includes(getComputedStyle(table).overflowX),
            hint: getComputedStyle(table).backgroundImage.includes('radial-gradient'),
          })),
        );
        for (const table of tables.filter(({ wide }) => wide)) assert.ok(table.scrolls && table.hint, `/${path}: a wide table scrolls with a hint at 390 px`);
      } finally {
        await site.browser.close();
      }
    });
  }
});

describe('library warnings stay in the devtools console', () => {
  const ctx = usePage('concepts/');
  const ID = 'self-attention';

  test("the reader's console calls show below the example; TensorFlow.js's warning does not", async () => {
    const { page } = ctx.site;
    /** @type {string[]} */
    const devtools = [];
    page.on('console', (message) => devtools.push(message.text()));
    const figure = page.locator(`[data-live-example="${ID}"]`);
    await figure.scrollIntoViewIfNeeded();
    await waitForRun(page, ID, 0);
    // 60 × 60 = 3600 entries: over the 2000 at which tfjs warns that the orthogonal initializer is slow.
    await replaceCode(
      page,
      figure,
      [
        "import * as tf from '@tensorflow/tfjs';",
        'const w = tf.initializers.orthogonal({ gain: 1 }).apply([60, 60]);',
        "console.warn('the reader warns', w.shape.join('x'));",
        "['x'].forEach(console.log);",
      ].join('\n'),
    );
    const runs = await runsOf(page, ID);
    await figure.locator('[data-role="run"]').click();
    const result = await waitForRun(page, ID, runs);
    assert.equal(result.state, 'done', result.status);
    const lines = await figure.locator('[data-role="console"] .line').evaluateAll((all) => all.map((line) => [line.getAttribute('data-level'), line.textContent]));
    assert.deepEqual(lines, [
      ['warn', 'the reader warns 60x60'],
      ['log', 'x 0 ["x"]'],
    ]);
    assert.ok(
      devtools.some((text) => /Orthogonal initializer .* Slowness may result/.test(text)),
      `the devtools console keeps the warning: ${JSON.stringify(devtools)}`,
    );
  });
});
