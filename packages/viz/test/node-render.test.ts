// @vitest-environment node
// The Node renderers draw with linkedom (no browser, no happy-dom) and the
// markup they return parses back into the expected structure.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Window } from 'happy-dom';
import { afterAll, describe, expect, test } from 'vitest';
import { tokenSaliency } from '../src/index.js';
import {
  renderAttentionHeatmapToSvg,
  renderAttentionStepsToSvg,
  renderHeadViewToSvg,
  renderImageAttentionOverlayToSvg,
  renderLineChartToSvg,
  renderModelViewToSvg,
  renderPositionalEncodingChartToSvg,
  renderSoftmaxScalingChartToSvg,
  renderToSvg,
  renderTokenSaliencyToSvg,
} from '../src/node/index.js';
import { SeededRandom } from './seeded-random.js';

const dir = mkdtempSync(join(tmpdir(), 'viz-node-'));
// Parse back with a different DOM than the one that drew (linkedom's XML
// parser leaves entities in attributes undecoded).
const parser = new Window();
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await parser.happyDOM.close();
});

/** Writes `svg` to a file, reads it back and parses it as XML. */
function roundTrip(name: string, svg: string): Element {
  const path = join(dir, `${name}.svg`);
  writeFileSync(path, svg);
  const doc = new parser.DOMParser().parseFromString(readFileSync(path, 'utf8'), 'image/svg+xml');
  expect(doc.querySelector('parsererror'), `${name} is well-formed XML`).toBeNull();
  return doc.documentElement as unknown as Element;
}

describe('Node renderers', () => {
  test('there is no window in this environment', () => {
    expect(typeof (globalThis as { document?: unknown }).document).toBe('undefined');
  });

  test('renderAttentionHeatmapToSvg writes a file that parses back into cells, labels and a title', () => {
    const rng = new SeededRandom(1);
    const svg = renderAttentionHeatmapToSvg(
      { values: { data: rng.weights(3, 4), shape: [3, 4] }, queryTokens: ['a', 'b', '<c>'], keyTokens: ['w', 'x', 'y', 'z'] },
      { title: 'Heatmap & friends' },
    );
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    const root = roundTrip('heatmap', svg);
    expect(root.localName).toBe('svg');
    expect(root.getAttribute('aria-label')).toBe('Heatmap & friends');
    expect(root.querySelector('title')!.textContent).toBe('Heatmap & friends');
    expect(root.querySelectorAll('rect.al-cell')).toHaveLength(12);
    expect([...root.querySelectorAll('.al-row-labels text')].map((t) => t.textContent)).toEqual(['a', 'b', '<c>']);
    expect(svg).toContain('&lt;c&gt;');
  });

  test('every renderer returns parseable SVG with an accessible name', () => {
    const rng = new SeededRandom(2);
    const outputs = {
      head: renderHeadViewToSvg({ attention: { data: rng.weights(2 * 2 * 3, 3), shape: [2, 2, 3, 3] }, queryTokens: ['x', 'y', 'z'] }),
      model: renderModelViewToSvg({ attention: { data: rng.weights(2 * 2 * 3, 3), shape: [2, 2, 3, 3] } }),
      steps: renderAttentionStepsToSvg({ q: [[1, 0]], k: [[1, 0], [0, 1]], v: [[1], [2]] }),
      pe: renderPositionalEncodingChartToSvg({ seqLen: 8, dModel: 8 }),
      scaling: renderSoftmaxScalingChartToSvg({ dims: [1, 4], samples: 5 }),
      line: renderLineChartToSvg({ series: [{ name: 'loss', x: [0, 1, 2], y: [1, 0.5, 0.25] }] }),
      image: renderImageAttentionOverlayToSvg({ image: { data: rng.array(16, 0, 255, 0), shape: [4, 4] }, attention: [[1, 0], [0, 1]] }),
      saliency: renderTokenSaliencyToSvg({ tokens: ['a', 'b'], weights: [0.2, 0.8] }),
      generic: renderToSvg(tokenSaliency, { tokens: ['a'], weights: [1] }),
    };
    const counts: Record<string, number> = {};
    for (const [name, svg] of Object.entries(outputs)) {
      const root = roundTrip(name, svg);
      expect(root.localName, name).toBe('svg');
      expect(root.getAttribute('aria-label')?.length, name).toBeGreaterThan(10);
      counts[name] = root.querySelectorAll('*').length;
    }
    expect(roundTrip('head2', outputs.head).querySelectorAll('.al-lines line')).toHaveLength(2 * 3 * 3);
    expect(roundTrip('model2', outputs.model).querySelectorAll('rect.al-thumb')).toHaveLength(4);
    expect(roundTrip('steps2', outputs.steps).querySelectorAll('g.al-step')).toHaveLength(8);
    expect(Object.values(counts).every((n) => n > 3)).toBe(true);
  });

  test('renderers report bad data with the chart function in the message', () => {
    expect(() => renderAttentionHeatmapToSvg({ values: [[1, 2], [3]] })).toThrow("attentionHeatmap: argument 'data.values'");
    expect(() => renderHeadViewToSvg({ attention: { data: [1, 2], shape: [1, 1, 1, 1] } })).toThrow('expected 1 numbers for shape [1, 1, 1, 1], got 2 numbers');
  });
});
