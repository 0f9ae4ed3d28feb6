// @ts-check
// Section 5 in Chromium: every case's shipped weights load in the page's
// worker and do their task; training from scratch lowers the loss; Stop ends
// training between steps and the final metric is still reported. Runs
// against the built site.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runsOf, usePage, waitForRun, withoutCancelledRequests } from './site.mjs';

const ctx = usePage('hands-on/');

/** The example's figure. */
const figureOf = (/** @type {string} */ id) => ctx.site.page.locator(`[data-live-example="${id}"]`);

/** Scrolls to an example, waits for its first run to succeed, and returns its printed lines. */
async function linesAfterFirstRun(/** @type {string} */ id, timeout = 120_000) {
  await figureOf(id).scrollIntoViewIfNeeded();
  const result = await waitForRun(ctx.site.page, id, 0, timeout);
  assert.equal(result.state, 'done', `${id}: ${result.status}`);
  return figureOf(id).locator('[data-role="console"] .line').allTextContents();
}

/**
 * Waits until example `id` has finished a run (after `afterRuns`) with these inputs, and returns its state.
 * @param {import('playwright-core').Page} page
 * @param {string} id
 * @param {number} afterRuns
 * @param {Record<string, unknown>} inputs
 */
async function waitForRan(page, id, afterRuns, inputs, timeout = 120_000) {
  await page.waitForFunction(
    ([exampleId, previous, wanted]) => {
      const el = document.querySelector(`[data-live-example="${exampleId}"]`);
      const ran = JSON.parse(el?.getAttribute('data-ran-inputs') ?? '{}');
      const finished = !['queued', 'running', 'stopping'].includes(el?.getAttribute('data-state') ?? '');
      return finished && Number(el?.getAttribute('data-runs')) > Number(previous) && Object.entries(wanted).every(([k, v]) => ran[k] === v);
    },
    /** @type {const} */ ([id, afterRuns, inputs]),
    { timeout },
  );
  return { state: (await page.locator(`[data-live-example="${id}"]`).getAttribute('data-state')) ?? '' };
}

describe('section 5, hands-on models', () => {
  test('the shipped date translator turns "Saturday, January 3, 1998" into 1998-01-03 and draws its alignment', async () => {
    const figure = ctx.site.page.locator('[data-live-example="translate"]');
    await figure.scrollIntoViewIfNeeded();
    const result = await waitForRun(ctx.site.page, 'translate', 0, 90_000);
    assert.equal(result.state, 'done', result.status);
    const line = (await figure.locator('[data-role="console"] .line').first().textContent()) ?? '';
    assert.match(line, /^Saturday, January 3, 1998 {2}→ {2}1998-01-03 /);
    // 10 output characters plus <eos>, against the 25 input characters.
    assert.equal(await figure.locator('[data-figure="attentionHeatmap"] rect.al-cell').count(), 11 * 25);
  });

  test('the German number model writes 84 as vierundachtzig', async () => {
    const figure = ctx.site.page.locator('[data-live-example="translate"]');
    const runs = await runsOf(ctx.site.page, 'translate');
    await figure.locator('select[name="model"]').selectOption('number-words-de');
    await figure.locator('input[name="text"]').fill('84');
    await ctx.site.page.waitForFunction(
      (n) => {
        const el = document.querySelector('[data-live-example="translate"]');
        const ran = JSON.parse(el?.getAttribute('data-ran-inputs') ?? '{}');
        return Number(el?.getAttribute('data-runs')) > n && ran.text === '84' && ran.model === 'number-words-de' && el?.getAttribute('data-state') !== 'running';
      },
      runs,
      { timeout: 90_000 },
    );
    const line = (await figure.locator('[data-role="console"] .line').first().textContent()) ?? '';
    assert.match(line, /^84 {2}→ {2}vierundachtzig /);
  });

  test('the date translator says when a year lies outside the years it was trained on', async () => {
    const figure = ctx.site.page.locator('[data-live-example="translate"]');
    const runs = await runsOf(ctx.site.page, 'translate');
    await figure.locator('select[name="model"]').selectOption('date-translator');
    await figure.locator('input[name="text"]').fill('July 4, 1776');
    await ctx.site.page.waitForFunction(
      (n) => {
        const el = document.querySelector('[data-live-example="translate"]');
        const ran = JSON.parse(el?.getAttribute('data-ran-inputs') ?? '{}');
        return Number(el?.getAttribute('data-runs')) > n && ran.text === 'July 4, 1776' && el?.getAttribute('data-state') !== 'running';
      },
      runs,
      { timeout: 90_000 },
    );
    const lines = await figure.locator('[data-role="console"] .line').allTextContents();
    assert.equal(lines[0], 'note: the year 1776 is outside the years the model was trained on (1950–2049), so the answer below is a guess');
    assert.match(lines[1] ?? '', /^July 4, 1776 {2}→ {2}/);
  });

  test('case (a): the shipped LSTM + attention recalls at 12 pairs where the plain LSTM does not', async () => {
    const lines = await linesAfterFirstRun('key-recall');
    const accuracyOf = (/** @type {string} */ label) => Number(/([\d.]+)/.exec(lines.find((l) => l.trim().startsWith(label)) ?? '')?.[1]);
    assert.ok(accuracyOf('LSTM + attention') >= 0.95, lines.join('\n'));
    assert.ok(accuracyOf('plain LSTM') < accuracyOf('LSTM + attention') - 0.3, lines.join('\n'));
  });

  test('case (b): the shipped sentiment model is above 75% on the test sentences', async () => {
    const lines = await linesAfterFirstRun('text-classifier');
    const accuracy = Number(/test accuracy ([\d.]+)/.exec(lines[0] ?? '')?.[1]);
    assert.ok(accuracy >= 0.75, lines.join('\n'));
  });

  test('case (c): the shipped MNIST model reaches its 96% bar on the test digits and draws attention over three digits', async () => {
    const lines = await linesAfterFirstRun('image-classifier');
    assert.ok(Number(/test accuracy ([\d.]+)/.exec(lines[0] ?? '')?.[1]) >= 0.96, lines.join('\n'));
    assert.equal(await figureOf('image-classifier').locator('[data-figure="imageAttentionOverlay"]').count(), 3);
  });

  test('case (d): the multi-head layer reports its shapes for 4 heads', async () => {
    const lines = await linesAfterFirstRun('mha-layer');
    assert.ok(lines.includes('attention weights  [batch, heads, seqLenQ, seqLenK] = [1, 4, 11, 11]'), lines.join('\n'));
  });

  test('case (e): training the Bahdanau translator from scratch lowers its loss', async () => {
    const lines = await linesAfterFirstRun('seq2seq-train', 240_000);
    const match = /training loss: first 5 steps ([\d.]+), last 5 steps ([\d.]+)/.exec(lines.find((l) => l.startsWith('training loss')) ?? '');
    assert.ok(match, lines.join('\n'));
    assert.ok(Number(match[2]) < Number(match[1]) * 0.7, match[0]);
  });

  test('case (f): both shipped language models write from the prompt and beat a letter-frequency model by far', async () => {
    const lines = await linesAfterFirstRun('language-models');
    for (const name of ['char-lstm', 'char-transformer']) {
      const bits = Number(/testBitsPerCharacter ([\d.]+)/.exec(lines.find((l) => l.startsWith(name)) ?? '')?.[1]);
      // a unigram model of the same text needs about 4.1 bits per character
      assert.ok(bits > 1 && bits < 3, `${name}: ${lines.join('\n')}`);
    }
    assert.equal(lines.filter((l) => l.startsWith('  call me ishmael. ')).length, 2, lines.join('\n'));
    // The Transformer's last block on the 17-character prompt: causal, so every cell right of the
    // diagonal holds 0 (one fill), while the first character reads only itself (weight 1).
    const cells = figureOf('language-models').locator('[data-figure="attentionHeatmap"] rect.al-cell');
    assert.equal(await cells.count(), 17 * 17);
    const fills = await cells.evaluateAll((rects) => rects.map((r) => ({ row: Number(r.getAttribute('data-row')), col: Number(r.getAttribute('data-col')), fill: r.getAttribute('fill') })));
    const upper = new Set(fills.filter((c) => c.col > c.row).map((c) => c.fill));
    assert.equal(upper.size, 1, [...upper].join(' '));
    assert.notEqual(fills.find((c) => c.row === 0 && c.col === 0)?.fill, [...upper][0]);
  });

  test('case (f): training the causal Transformer from scratch takes attention snapshots for the replay slider', async () => {
    const figure = figureOf('language-models');
    await figure.scrollIntoViewIfNeeded();
    await waitForRun(ctx.site.page, 'language-models', 0, 120_000); // the shipped weights' run
    const before = await runsOf(ctx.site.page, 'language-models');
    // The epochs apply only to training: pick training first, then one epoch (that run supersedes the first).
    await figure.locator('select[name="mode"]').selectOption('train from scratch');
    await figure.locator('input[name="epochs"]').fill('1');
    const result = await waitForRan(ctx.site.page, 'language-models', before, { mode: 'train from scratch', epochs: 1 }, 240_000);
    const lines = await figure.locator('[data-role="console"] .line').allTextContents();
    assert.equal(result.state, 'done', lines.join('\n'));
    assert.ok(lines.some((l) => /^50 steps: held-out [\d.]+ bits per character/.test(l)), lines.join('\n'));
    // one epoch of 50 steps, a snapshot every 25: two frames
    assert.equal(await figure.locator('[data-role="replay-slider"]').getAttribute('max'), '1');
  });

  test('case (g): the Transformer translates "3rd of January 1998" to 1998-01-03 with one cross-attention map per head', async () => {
    const lines = await linesAfterFirstRun('transformer-translate');
    assert.match(lines[0] ?? '', /^3rd of January 1998 {2}→ {2}1998-01-03 /);
    assert.equal(await figureOf('transformer-translate').locator('[data-figure="attentionHeatmap"]').count(), 4);
  });

  test('case (g): training the Transformer translator from scratch lowers its loss and draws its cross-attention', async () => {
    const lines = await linesAfterFirstRun('transformer-train', 240_000);
    const match = /training loss: first 5 steps ([\d.]+), last 5 steps ([\d.]+)/.exec(lines.find((l) => l.startsWith('training loss')) ?? '');
    assert.ok(match, lines.join('\n'));
    assert.ok(Number(match[2]) < Number(match[1]) * 0.7, match[0]);
    assert.ok((await figureOf('transformer-train').locator('[data-figure="attentionHeatmap"]').count()) >= 1);
  });

  test('Stop ends training from scratch between steps, and the test metric is still reported', async () => {
    const figure = figureOf('image-classifier');
    await figure.scrollIntoViewIfNeeded();
    // let the shipped weights' run finish, so switching the mode interrupts no download
    await waitForRun(ctx.site.page, 'image-classifier', 0, 120_000);
    const runs = await runsOf(ctx.site.page, 'image-classifier');
    // The epochs apply only to training: both changes land within the input pause, so one run starts.
    await figure.locator('select[name="mode"]').selectOption('train from scratch');
    await figure.locator('input[name="epochs"]').fill('20');
    await ctx.site.page.waitForFunction(() => document.querySelector('[data-live-example="image-classifier"]')?.getAttribute('data-state') === 'running');
    // let it take some steps, then stop
    await ctx.site.page.waitForFunction(() => (document.querySelectorAll('[data-live-example="image-classifier"] [data-figure="lineChart"] path.al-segment').length ?? 0) >= 3, undefined, { timeout: 120_000 });
    await figure.locator('[data-role="stop"]').click();
    const result = await waitForRun(ctx.site.page, 'image-classifier', runs, 60_000);
    const lines = await figure.locator('[data-role="console"] .line').allTextContents();
    const last = lines.find((l) => /steps \(stopped\); test accuracy/.test(l));
    assert.ok(last, `${result.state}: ${lines.join('\n')}`);
    assert.ok(Number(/^(\d+) steps/.exec(last)?.[1]) < 20 * 32, last);
  });

  test('no page errors, console errors or failed requests', () => {
    // A run that is replaced (an input changed, Stop's grace ran out) ends its worker, which cancels that
    // worker's downloads of data and weights: those show as ERR_ABORTED and are not failures.
    assert.deepEqual(withoutCancelledRequests(ctx.site.problems), []);
  });
});
