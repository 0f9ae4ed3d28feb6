// @ts-check
// Section 8 in Chromium: the backends of this browser compared on one
// attention, against a float64 reference. Runs against the built site.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { usePage, waitForRun } from './site.mjs';

const ctx = usePage('trends/');

describe('section 8, trends', () => {
  test('every backend that starts is timed and agrees with the float64 reference (float32 rounding, float16 at worst)', async () => {
    const figure = ctx.site.page.locator('[data-live-example="backend-comparison"]');
    await figure.scrollIntoViewIfNeeded();
    const result = await waitForRun(ctx.site.page, 'backend-comparison', 0, 120_000);
    assert.equal(result.state, 'done', result.status);
    const lines = await figure.locator('[data-role="console"] .line').allTextContents();
    const rows = lines.map((l) => /^(\w+)\s+(\d+)\s+([\d.]+)\s+([\d.e+-]+)\s+([\d.e+-]+)$/.exec(l.trim())).filter((m) => m !== null);
    const backends = [...new Set(rows.map((m) => m[1]))];
    // cpu and webgl ship with @tensorflow/tfjs; Chromium here renders WebGL in software, which still starts.
    assert.ok(backends.includes('cpu'), lines.join('\n'));
    assert.ok(backends.length >= 2, `at least two backends: ${backends.join(', ')}`);
    for (const m of rows) {
      const [, backend, , ms, , relative] = m;
      assert.ok(Number(ms) > 0, `${backend} took time`);
      assert.ok(Number(relative) < (backend === 'webgl' ? 1e-2 : 1e-5), `${backend} relative difference ${relative}`);
    }
    // the chart drew one segment per backend and length (32, 64, 128)
    assert.equal(await figure.locator('svg path.al-segment').count(), backends.length * 3);
  });

  test('the cost benchmark times full, chunked and the fused kernel on one Web Worker per core, at every length', async () => {
    const figure = ctx.site.page.locator('[data-live-example="cost-benchmark"]');
    await figure.scrollIntoViewIfNeeded();
    const result = await waitForRun(ctx.site.page, 'cost-benchmark', 0, 150_000);
    assert.equal(result.state, 'done', result.status);
    const lines = await figure.locator('[data-role="console"] .line').allTextContents();
    const cores = await ctx.site.page.evaluate(() => navigator.hardwareConcurrency);
    assert.ok(lines.includes(`fused kernel: ${cores} Web Workers (one per core)`), lines.join('\n'));
    const rows = lines.map((l) => l.trim().split(/\s+/).map(Number)).filter((r) => r.length === 6 && r.every(Number.isFinite));
    // 128, 256, 512 and 1024 at the default longest sequence
    assert.deepEqual(rows.map((r) => r[0]), [128, 256, 512, 1024], lines.join('\n'));
    for (const [, full = 0, chunked = 0, workers = 0] of rows) assert.ok(full > 0 && chunked > 0 && workers > 0, lines.join('\n'));
    // the time chart has the workers' line beside the other two
    assert.equal(await figure.locator(`g.al-series[data-series="fused, ${cores} workers"]`).count(), 1);
    // a c·n² curve fitted to full attention, and legend names in full (not cut to "memory-effici…")
    assert.equal(await figure.locator('g.al-series[data-series="full, fitted c·n²"]').count(), 1);
    const legend = await figure.locator('g.al-legend text').allTextContents();
    assert.ok(legend.includes('memory-efficient') && legend.includes('full, fitted c·n²'), legend.join(', '));
    assert.ok(lines.some((l) => /^fitted to full attention: [\d.]+ ms per million query-key pairs/.test(l)), lines.join('\n'));
  });

  test('no page errors, console errors or failed requests', () => {
    assert.deepEqual(ctx.site.problems, []);
  });
});
