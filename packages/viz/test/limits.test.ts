// @vitest-environment node
// The documented size limits of attentionHeatmap (65,536 cells) and lineChart
// (20,000 points): past them a VizError names the function, the argument, the
// shape and the limit, before any number is copied or drawn. Drawn with
// linkedom, as the Node renderers do, which is several times faster than
// happy-dom at these sizes.
import { parseHTML } from 'linkedom';
import { describe, expect, test } from 'vitest';
import { attentionHeatmap, lineChart } from '../src/index.js';
import { expectRefusedIn } from './expect-refused.js';

/** A fresh container in a linkedom document. */
function container(): HTMLElement {
  const { document } = parseHTML('<!doctype html><html><body><div id="chart"></div></body></html>');
  return document.getElementById('chart') as unknown as HTMLElement;
}

const expectRefused = expectRefusedIn(container);

describe('limits', () => {
  test('attentionHeatmap of 257 × 256 cells throws naming the shape and the limit, before copying the numbers', () => {
    const values = { data: new Float32Array(257 * 256), shape: [257, 256] as const };
    expectRefused((el) => attentionHeatmap(el, { values }), 'attentionHeatmap', 'data.values', '[seqLenQ=257, seqLenK=256]: 65,792 cells');
    // 10,000 × 10,000 is refused from its shape alone: no 800 MB copy, no 7 GB of SVG.
    const huge = { data: { length: 1e8 } as ArrayLike<number>, shape: [10_000, 10_000] as const };
    expectRefused((el) => attentionHeatmap(el, { values: huge }), 'attentionHeatmap', 'data.values', '[seqLenQ=10000, seqLenK=10000]: 100,000,000 cells');
    expect(() => attentionHeatmap(container(), { values: { data: new Float32Array(256 * 256), shape: [256, 256] } }, { legend: false, animate: false })).not.toThrow();
  });

  test('lineChart holds at most 20,000 points over its series and appends, and says so', () => {
    const x = Array.from({ length: 20_001 }, (_, i) => i);
    expectRefused((el) => lineChart(el, { series: [{ name: 'loss', x, y: x }] }), 'lineChart', 'data.series', '1 series: 20,001 points');
    const chart = lineChart(container(), { series: [{ name: 'loss', x: x.slice(0, 19_999), y: x.slice(0, 19_999) }] }, { animate: false });
    chart.append('loss', 19_999, 1);
    expect(() => chart.append('acc', 0, 1)).toThrow(/lineChart: argument 'append\("acc"\)' expected at most 20,000 points \(the limit of lineChart\), got 20000 points drawn and 1 more: 20,001 points/);
  });
});
