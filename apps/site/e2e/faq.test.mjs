// @ts-check
// Section 9 in Chromium: the mask lab. Fully masked rows, the mask constant,
// and float16 rounding, emulated and on WebGL's half-float textures. Runs against the built site.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runsOf, usePage, waitForRun } from './site.mjs';

const ctx = usePage('faq/');
const ID = 'mask-lab';

/** Sets the lab's inputs, waits for the run they trigger, and returns its printed lines. */
async function runWith(/** @type {Record<string, string>} */ values) {
  const figure = ctx.site.page.locator(`[data-live-example="${ID}"]`);
  await figure.scrollIntoViewIfNeeded();
  if ((await runsOf(ctx.site.page, ID)) === 0) await waitForRun(ctx.site.page, ID, 0);
  for (const [name, value] of Object.entries(values)) {
    const runs = await runsOf(ctx.site.page, ID);
    const control = figure.locator(`[name="${name}"]`);
    if ((await control.evaluate((el) => el.tagName)) === 'SELECT') await control.selectOption(value);
    else await control.fill(value);
    const result = await waitForRun(ctx.site.page, ID, runs, 60_000);
    assert.equal(result.state, 'done', result.status);
  }
  return figure.locator('[data-role="console"] .line').allTextContents();
}

/** The row sums printed for one method, as strings. */
const sums = (/** @type {string[]} */ lines, /** @type {string} */ prefix) => (lines.find((l) => l.startsWith(prefix)) ?? '').slice(prefix.length).trim().split(/\s+/);

describe('section 9, the mask lab', () => {
  test('a fully masked row filled with -Infinity is NaN; maskedSoftmax gives it zeros and every other row sums to 1', async () => {
    const lines = await runWith({ kind: 'fully masked row', constant: '-Infinity', precision: 'float32' });
    // Row 2 ("sat") hides every key, so exp(-inf)/sum(exp(-inf)) is 0/0.
    assert.deepEqual(sums(lines, 'fill with -Infinity + softmax: row sums'), ['1.000', '1.000', 'NaN', '1.000', '1.000'], lines.join('\n'));
    assert.deepEqual(sums(lines, 'maskedSoftmax: row sums'), ['1.000', '1.000', '0.000', '1.000', '1.000'], lines.join('\n'));
    assert.ok(lines.some((l) => l.startsWith('NaN in the rows of: sat')), lines.join('\n'));
  });

  test('a finite constant (-1e9) hides nothing from a fully masked row: it is uniform over hidden keys instead', async () => {
    const lines = await runWith({ constant: '-1e9' });
    assert.deepEqual(sums(lines, 'fill with -1000000000 + softmax: row sums'), ['1.000', '1.000', '1.000', '1.000', '1.000'], lines.join('\n'));
    // Every key of row 2 is hidden, so each gets 1/5.
    assert.ok(lines.includes('largest weight that "fill" puts on a hidden key: 2.00e-1'), lines.join('\n'));
  });

  test('a custom mask is parsed, and a bad one names the expected form', async () => {
    const lines = await runWith({ kind: 'custom', pattern: '10000 11000 10100 11110 11111', constant: '-Infinity' });
    assert.ok(lines.includes('  cat    1 1 0 0 0'), lines.join('\n'));
    const figure = ctx.site.page.locator(`[data-live-example="${ID}"]`);
    const runs = await runsOf(ctx.site.page, ID);
    await figure.locator('[name="pattern"]').fill('101');
    const result = await waitForRun(ctx.site.page, ID, runs);
    assert.equal(result.state, 'error');
    assert.match(result.status, /custom pattern: give 5 rows of 5 digits 0\/1/);
    await figure.locator('[name="pattern"]').fill('10000 11000 10100 11110 11111');
    await waitForRun(ctx.site.page, ID, runs + 1);
  });

  test('float16: -1e9 is beyond 65504, so it becomes -Infinity and the fully masked row is NaN again; maskedSoftmax only rounds', async () => {
    const lines = await runWith({ kind: 'fully masked row', constant: '-1e9', precision: 'float16' });
    assert.ok(lines.includes('the constant -1000000000 in float16 is -Infinity (beyond 65504)'), lines.join('\n'));
    const half = sums(lines, 'float16: fill with -1000000000 + softmax: row sums');
    assert.equal(half[2], 'NaN', lines.join('\n'));
    // the other rows sum to 1 up to half-precision rounding of their weights
    for (const i of [0, 1, 3, 4]) assert.ok(Math.abs(Number(half[i]) - 1) < 0.005, lines.join('\n'));
    const diff = lines.find((l) => l.startsWith('float16 vs float32, largest difference:')) ?? '';
    const exact = /maskedSoftmax ([\d.e+-]+)/.exec(diff);
    assert.ok(exact, diff);
    // half precision keeps about 3 significant digits: the weights differ, by less than 1e-2
    assert.ok(Number(exact[1]) > 0 && Number(exact[1]) < 1e-2, diff);
  });

  test('float16 on WebGL: a worker with half-float textures turns -1e9 into -Infinity itself, and -1e4 stays finite', async () => {
    const page = ctx.site.page;
    const figure = page.locator(`[data-live-example="${ID}"]`);
    let runs = await runsOf(page, ID);
    await figure.locator('[data-role="backend"]').selectOption('webgl-f16');
    let result = await waitForRun(page, ID, runs, 90_000);
    assert.equal(result.state, 'done', result.status);
    assert.equal(await figure.locator('[data-role="backend-used"]').textContent(), 'webgl-f16');
    let lines = await figure.locator('[data-role="console"] .line').allTextContents();
    assert.ok(lines.includes('float16 on WebGL: every tensor stored in a half-float texture (WEBGL_FORCE_F16_TEXTURES)'), lines.join('\n'));
    // The GPU's own storage, not the emulation: the constant read back from a half-float texture is NaN.
    assert.ok(lines.some((l) => l.startsWith('the constant -1000000000 in float16 is NaN (tfjs reads anything beyond')), lines.join('\n'));
    // So every row with a hidden key is NaN; only the last row, with every key visible, sums to 1.
    const half = sums(lines, 'float16: fill with -1000000000 + softmax: row sums');
    assert.deepEqual(half.slice(0, 4), ['NaN', 'NaN', 'NaN', 'NaN'], lines.join('\n'));
    assert.ok(Math.abs(Number(half[4]) - 1) < 0.005, lines.join('\n'));
    // float32 (on the cpu backend of the same worker) still gives the uniform row
    assert.deepEqual(sums(lines, 'fill with -1000000000 + softmax: row sums'), ['1.000', '1.000', '1.000', '1.000', '1.000'], lines.join('\n'));
    const diff = /maskedSoftmax ([\d.e+-]+)/.exec(lines.find((l) => l.startsWith('float16 vs float32, largest difference:')) ?? '');
    assert.ok(diff && Number(diff[1]) > 0 && Number(diff[1]) < 1e-2, lines.join('\n'));

    lines = await runWith({ constant: '-1e4' });
    assert.ok(lines.includes('the constant -10000 in float16 is -10000'), lines.join('\n'));
    // Finite: every row sums to 1, the fully masked one included (it reads the hidden keys uniformly).
    for (const s of sums(lines, 'float16: fill with -10000 + softmax: row sums')) assert.ok(Math.abs(Number(s) - 1) < 0.005, lines.join('\n'));

    // Back to float32 WebGL textures: a fresh worker, and float16 is emulated again.
    runs = await runsOf(page, ID);
    await figure.locator('[data-role="backend"]').selectOption('auto');
    result = await waitForRun(page, ID, runs, 90_000);
    assert.equal(result.state, 'done', result.status);
    lines = await figure.locator('[data-role="console"] .line').allTextContents();
    assert.ok(lines.some((l) => l.startsWith('float16 emulated number by number')), lines.join('\n'));
  });

  test('no page errors, console errors or failed requests', () => {
    assert.deepEqual(ctx.site.problems, []);
  });
});
