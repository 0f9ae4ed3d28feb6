// Pins the public surface of both entries: a change to it must be deliberate
// (update this list and add a changeset). Also checks that the browser entry
// never reaches linkedom, which only the Node entry may import.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import * as viz from '../src/index.js';
import * as node from '../src/node/index.js';

test('@attention-lab/viz exports exactly these names', () => {
  expect(Object.keys(viz).sort()).toEqual([
    'VIZ_TEXT',
    'VizError',
    'attentionHeatmap',
    'attentionSteps',
    'headView',
    'imageAttentionOverlay',
    'lineChart',
    'modelView',
    'neuronView',
    'positionalEncodingChart',
    'probabilityBars',
    'softmaxScalingChart',
    'tokenSaliency',
  ]);
});

test('@attention-lab/viz/node exports exactly these names', () => {
  expect(Object.keys(node).sort()).toEqual([
    'renderAttentionHeatmapToSvg',
    'renderAttentionStepsToSvg',
    'renderHeadViewToSvg',
    'renderImageAttentionOverlayToSvg',
    'renderLineChartToSvg',
    'renderModelViewToSvg',
    'renderPositionalEncodingChartToSvg',
    'renderSoftmaxScalingChartToSvg',
    'renderToSvg',
    'renderTokenSaliencyToSvg',
  ]);
});

test('the browser entry imports only d3 modules and its own files (no linkedom)', () => {
  const src = resolve(dirname(fileURLToPath(import.meta.url)), '../src');
  const seen = new Set<string>();
  const external = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^(?:import|export)\s[^'"]*?from\s+'([^']+)'|^import\s+'([^']+)'/gm)) {
      const spec = (m[1] ?? m[2])!;
      if (spec.startsWith('.')) visit(join(dirname(file), spec.replace(/\.js$/, '.ts')));
      else external.add(spec);
    }
  };
  visit(join(src, 'index.ts'));
  expect([...external].sort()).toEqual(['d3-format', 'd3-scale', 'd3-scale-chromatic', 'd3-selection', 'd3-shape', 'd3-transition']);
  expect([...seen].some((f) => f.includes('/node/'))).toBe(false);
  expect(readdirSync(join(src, 'node')).sort()).toEqual(['index.ts', 'render-to-svg.ts']);
});
