// @ts-check
// Browser test of /explorer/ on the built site (`astro build` first): the
// shipped subword Transformer on the reader's text, every view, generation,
// the induction test, links, narrow screens, and the neuron view's numbers
// against a float64 recomputation from the shipped weights read from disk.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { openPage, startSite, withoutCancelledRequests } from './site.mjs';

const WEIGHTS_DIR = fileURLToPath(new URL('../../../packages/models/pretrained/subword-transformer/', import.meta.url));

/**
 * The shipped model's weights by name (float64 copies) and its vocabulary, read
 * from the files the models package ships, not through any code of ours.
 */
async function shippedWeights() {
  const json = JSON.parse(await readFile(`${WEIGHTS_DIR}model.json`, 'utf8'));
  const bin = await readFile(`${WEIGHTS_DIR}weights.bin`);
  const floats = new Float32Array(bin.buffer, bin.byteOffset, bin.byteLength / 4);
  /** @type {Map<string, { shape: number[], values: Float64Array }>} */
  const weights = new Map();
  let offset = 0;
  for (const group of json.weightsManifest) {
    for (const spec of group.weights) {
      assert.equal(spec.dtype, 'float32');
      const size = spec.shape.reduce((/** @type {number} */ a, /** @type {number} */ b) => a * b, 1);
      weights.set(spec.name, { shape: spec.shape, values: Float64Array.from(floats.subarray(offset, offset + size)) });
      offset += size;
    }
  }
  assert.equal(offset, floats.length, 'the manifest covers weights.bin exactly');
  /** @type {string[]} */
  const vocab = json.userDefinedMetadata.tokenizer.vocab;
  return { weights, vocab };
}

/**
 * Layer 0's scaled scores and softmax weights of one head for query `i`, in
 * float64: token plus position embedding, the first block's pre-attention
 * layer norm, the head's columns of the query and key projections, and
 * each projected key (query) mixed with the one before it when the block
 * has keyShift (queryShift).
 *
 * @param {Awaited<ReturnType<typeof shippedWeights>>['weights']} w
 * @param {number[]} ids
 * @param {number} head
 * @param {number} i
 */
function layerZeroRow(w, ids, head, i) {
  /** @type {(name: string) => Float64Array} */
  const get = (name) => {
    const found = w.get(name);
    assert.ok(found, `weight ${name}`);
    return found.values;
  };
  /** @type {(values: ArrayLike<number>, index: number) => number} */
  const at = (values, index) => {
    const v = values[index];
    assert.ok(v !== undefined, `index ${index}`);
    return v;
  };
  const tokens = get('embedding/tokens/embeddings');
  const positions = get('embedding/positions/embeddings');
  const dModel = Number(w.get('embedding/tokens/embeddings')?.shape[1]);
  const [gamma, beta] = [get('block_1/attentionNorm/gamma'), get('block_1/attentionNorm/beta')];
  const [wq, bq, wk, bk] = ['query/kernel', 'query/bias', 'key/kernel', 'key/bias'].map((n) => get(`block_1/attention/${n}`));
  assert.ok(wq && bq && wk && bk);
  const heads = 4;
  const dHead = dModel / heads;
  /** @type {(t: number) => number[]} */
  const normedRow = (t) => {
    const x = Array.from({ length: dModel }, (_, d) => at(tokens, at(ids, t) * dModel + d) + at(positions, t * dModel + d));
    const mean = x.reduce((a, b) => a + b, 0) / dModel;
    const variance = x.reduce((a, b) => a + (b - mean) ** 2, 0) / dModel;
    return x.map((v, d) => ((v - mean) / Math.sqrt(variance + 1e-5)) * at(gamma, d) + at(beta, d));
  };
  /** @type {(t: number, kernel: Float64Array, bias: Float64Array) => number[]} */
  const project = (t, kernel, bias) => {
    const normed = normedRow(t);
    return Array.from({ length: dHead }, (_, j) => {
      const column = head * dHead + j;
      let sum = at(bias, column);
      for (let d = 0; d < dModel; d++) sum += at(normed, d) * at(kernel, d * dModel + column);
      return sum;
    });
  };
  // Rows 0..i projected once, then mixed with the row before when the block has the shift (keyShift,
  // queryShift): a projected row plus s * (the row before - the row), with zeros before row 0.
  /** @type {(kernel: Float64Array, bias: Float64Array, shift: Float64Array | undefined) => number[][]} */
  const shiftedRows = (kernel, bias, shift) => {
    const rows = Array.from({ length: i + 1 }, (_, t) => project(t, kernel, bias));
    if (!shift) return rows;
    return rows.map((row, t) => row.map((v, j) => v + at(shift, head * dHead + j) * ((t > 0 ? at(rows[t - 1] ?? [], j) : 0) - v)));
  };
  const q = shiftedRows(wq, bq, w.get('block_1/attention/queryShift')?.values)[i] ?? [];
  const dots = shiftedRows(wk, bk, w.get('block_1/attention/keyShift')?.values).map((k) => k.reduce((a, v, d) => a + v * at(q, d), 0));
  const scaled = dots.map((d) => d / Math.sqrt(dHead));
  const max = Math.max(...scaled);
  const e = scaled.map((s) => Math.exp(s - max));
  const total = e.reduce((a, b) => a + b, 0);
  return { dots, scaled, weights: e.map((x) => x / total) };
}

/**
 * Waits until the explorer has drawn a text whose token chips read `expected` (or any, when undefined).
 * @param {import('playwright-core').Page} page
 * @param {number} [afterDraws]
 */
async function waitForDraw(page, afterDraws = 0) {
  await page.waitForFunction(
    (previous) => {
      const root = document.querySelector('[data-explorer]');
      return root instanceof HTMLElement && Number(root.dataset.draws ?? 0) > previous && root.dataset.state === 'ready' && root.dataset.pending === '0';
    },
    afterDraws,
    { timeout: 120_000 },
  );
  return page.evaluate(() => ({
    draws: Number(document.querySelector('[data-explorer]')?.getAttribute('data-draws')),
    chips: [...document.querySelectorAll('[data-role="tokens"] .token')].map((c) => c.textContent ?? ''),
    status: document.querySelector('[data-role="status"]')?.textContent ?? '',
  }));
}

/** @param {import('playwright-core').Page} page */
const draws = (page) => page.evaluate(() => Number(document.querySelector('[data-explorer]')?.getAttribute('data-draws') ?? 0));

describe('explorer', () => {
  /** @type {Awaited<ReturnType<typeof startSite>>} */
  let server;
  /** @type {Awaited<ReturnType<typeof openPage>>} */
  let site;
  before(async () => {
    server = await startSite();
    site = await openPage(`${server.url}explorer/`);
  });
  after(async () => {
    await site?.browser.close();
    await server?.close();
  });

  test('every view draws for the starting text, with no console error', async () => {
    const { page } = site;
    const first = await waitForDraw(page);
    assert.ok(first.chips.length > 10, `tokens: ${first.chips.join(' ')}`);
    assert.match(first.status, /tokens?\b.*Read in \d+ ms/);
    const counts = await page.evaluate(() => ({
      headLines: document.querySelectorAll('[data-role="head-view"] svg line').length,
      thumbs: document.querySelectorAll('[data-role="model-view"] rect.al-thumb').length,
      neuronRows: document.querySelectorAll('[data-role="neuron-view"] g.al-neuron-row').length,
      bars: document.querySelectorAll('[data-role="next-token"] svg rect').length,
    }));
    assert.ok(counts.headLines > 0, 'head view lines');
    assert.equal(counts.thumbs, 16, 'model view: 4 layers × 4 heads');
    await page.waitForFunction((n) => document.querySelectorAll('[data-role="neuron-view"] g.al-neuron-row').length === n, first.chips.length);
    assert.ok(counts.bars >= 10, 'ten probability bars');
    assert.deepEqual(withoutCancelledRequests(site.problems), []);
  });

  test('the next-token distribution sums to 1 and its bars fall from the most likely', async () => {
    const { page } = site;
    const total = Number(await page.getAttribute('[data-role="mass"]', 'data-total'));
    assert.ok(Math.abs(total - 1) < 1e-6, `sum ${total}`);
    const bars = await page.evaluate(() =>
      [...document.querySelectorAll('[data-role="next-token"] table.al-data-table tbody tr')].map((tr) => Number(tr.querySelectorAll('td')[1]?.textContent)),
    );
    assert.ok(bars.length >= 10, 'the bars are listed in the figure table');
    bars.forEach((p, i) => assert.ok(i === 0 || p <= Number(bars[i - 1]) + 1e-12, `bar ${i}`));
  });

  test('new text redraws every view, and fast typing leaves only the last text', async () => {
    const { page } = site;
    const final = 'the whale swam toward the ship';
    const textarea = page.locator('[data-role="text"]');
    for (const text of ['the white whale', 'the sea was calm and', final]) await textarea.fill(text);
    const readChips = () => page.evaluate(() => [...document.querySelectorAll('[data-role="tokens"] .token')].map((c) => c.textContent ?? ''));
    await page.waitForFunction(
      (want) => {
        const root = document.querySelector('[data-explorer]');
        const text = [...document.querySelectorAll('[data-role="tokens"] .token')].map((c) => c.textContent).join('').replaceAll('·', ' ');
        return text === want && root?.getAttribute('data-state') === 'ready' && root.getAttribute('data-pending') === '0';
      },
      final,
      { timeout: 60_000 },
    );
    const chips = await readChips();
    await page.waitForTimeout(1000); // a reply to an older text, drawn late, would change the chips in this time
    assert.deepEqual(await readChips(), chips);
    const rows = await page.evaluate(() => document.querySelectorAll('[data-role="head-view"] table.al-data-table tbody tr').length);
    assert.equal(rows, 4 * chips.length, 'head view table: heads × tokens rows');
    await page.waitForFunction((n) => document.querySelectorAll('[data-role="neuron-view"] g.al-neuron-row').length === n, chips.length);
  });

  test("the head view's layer picker shows another layer's weights", async () => {
    const { page } = site;
    const table = () => page.evaluate(() => [...document.querySelectorAll('[data-role="head-view"] table.al-data-table tbody td')].map((td) => td.textContent).join(' '));
    const layer0 = await table();
    await page.selectOption('[data-role="head-view"] select.al-layer-select', '3');
    await page.waitForFunction(() => /layer 3/.test(document.querySelector('[data-role="head-view"] svg')?.getAttribute('aria-label') ?? ''));
    assert.notEqual(await table(), layer0);
  });

  test("the neuron view's numbers equal a float64 recomputation from the shipped weights", async () => {
    const { page } = site;
    const { weights, vocab } = await shippedWeights();
    const chips = await page.evaluate(() => [...document.querySelectorAll('[data-role="tokens"] .token')].map((c) => c.textContent ?? ''));
    const ids = chips.map((chip) => vocab.indexOf(chip.replace(/^·/, ' ').replaceAll('⏎', '\n')));
    assert.ok(ids.every((id) => id >= 4), `every chip is a piece of the vocabulary: ${chips.join('|')}`);
    const query = ids.length - 1;
    // Head 1 of the shipped model's first block has smeared keys, head 3 smeared queries.
    for (const head of [1, 3]) {
      await page.selectOption('[data-role="neuron-layer"]', '0');
      await page.selectOption('[data-role="neuron-head"]', String(head));
      await page.selectOption('[data-role="neuron-query"]', String(query));
      await page.waitForFunction(
        ([h, q]) => {
          const figure = document.querySelector('[data-role="neuron-view"]');
          return figure instanceof HTMLElement && figure.dataset.layer === '0' && figure.dataset.head === String(h) && figure.dataset.query === String(q);
        },
        [head, query],
      );
      const shown = await page.evaluate(() =>
        [...document.querySelectorAll('[data-role="neuron-view"] table.al-data-table tbody tr')].slice(1).map((tr) => {
          const cells = [...tr.querySelectorAll('th, td')].map((td) => td.textContent ?? '');
          return { dot: Number(cells[3]), scaled: Number(cells[4]), weight: Number((cells[5] ?? '').replace(' (masked)', '')) };
        }),
      );
      const expected = layerZeroRow(weights, ids, head, query);
      assert.equal(shown.length, ids.length);
      shown.forEach((row, j) => {
        const [dot, scaled, weight] = [Number(expected.dots[j]), Number(expected.scaled[j]), Number(expected.weights[j])];
        assert.ok(Math.abs(row.dot - dot) <= 1e-4 * Math.max(1, Math.abs(dot)), `head ${head}, q·k of key ${j}: ${row.dot} vs ${dot}`);
        assert.ok(Math.abs(row.scaled - scaled) <= 1e-4 * Math.max(1, Math.abs(dot)), `head ${head}, scaled of key ${j}`);
        assert.ok(Math.abs(row.weight - weight) <= 1e-5, `head ${head}, weight of key ${j}: ${row.weight} vs ${weight}`);
      });
      const sum = shown.reduce((a, r) => a + r.weight, 0);
      assert.ok(Math.abs(sum - 1) < 1e-4, `head ${head}: the softmax sums to ${sum}`);
    }
  });

  test('adding tokens one at a time marks them and shows where the new token looks; undo removes it', async () => {
    const { page } = site;
    const start = await waitForDraw(page, 0);
    let n = await draws(page);
    await page.click('[data-role="add-token"]');
    let state = await waitForDraw(page, n);
    assert.equal(state.chips.length, start.chips.length + 1);
    assert.equal(await page.locator('[data-role="tokens"] .token.generated').count(), 1);
    n = state.draws;
    await page.click('[data-role="add-token"]');
    state = await waitForDraw(page, n);
    assert.equal(await page.locator('[data-role="tokens"] .token.generated').count(), 2);
    n = state.draws;
    await page.click('[data-role="undo-token"]');
    await waitForDraw(page, n);
    assert.equal(await page.locator('[data-role="tokens"] .token.generated').count(), 1);
  });

  test('the induction test scores every head on repeated random tokens and draws the strongest', async () => {
    const { page } = site;
    await page.click('[data-role="probe-run"]');
    await page.waitForFunction(() => (document.querySelector('[data-role="probe-rows"]')?.children.length ?? 0) > 0, null, { timeout: 60_000 });
    const scores = await page.evaluate(() => [...document.querySelectorAll('[data-role="probe-rows"] tr')].map((tr) => Number(tr.querySelectorAll('td')[1]?.textContent)));
    assert.equal(scores.length, 16);
    scores.forEach((score, i) => assert.ok(i === 0 || score <= Number(scores[i - 1]), `row ${i}`));
    assert.equal(await page.locator('[data-role="probe-map"] svg').count(), 1);
    assert.match((await page.textContent('[data-role="probe-status"]')) ?? '', /head|weight/);
  });

  test('a link restores the text and the sampling settings', async () => {
    const { page } = site;
    await page.locator('[data-role="text"]').fill('the sea and the sky');
    await page.locator('input[name="topK"]').fill('7');
    await page.click('[data-role="share"]');
    const link = ((await page.textContent('[data-role="share-link"]')) ?? '').replace(/ \(copied\)$/, '');
    assert.match(link, /#explorer\?/);
    const again = await openPage(link);
    try {
      await waitForDraw(again.page);
      assert.equal(await again.page.inputValue('[data-role="text"]'), 'the sea and the sky');
      assert.equal(await again.page.inputValue('input[name="topK"]'), '7');
    } finally {
      await again.browser.close();
    }
  });

  test('at 390 px wide nothing runs off the side of the page', async () => {
    const narrow = await openPage(`${server.url}explorer/`, { viewport: { width: 390, height: 844 } });
    try {
      await waitForDraw(narrow.page);
      const widths = await narrow.page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
      const [scrollWidth = 0, clientWidth = 0] = widths;
      assert.ok(scrollWidth <= clientWidth, `page ${scrollWidth} px wide in a ${clientWidth} px window`);
      assert.deepEqual(withoutCancelledRequests(narrow.problems), []);
    } finally {
      await narrow.browser.close();
    }
  });
});
