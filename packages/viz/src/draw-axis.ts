/**
 * A minimal axis (a baseline, ticks and labels) for the line charts. Internal.
 * Written with d3-scale's ticks so the markup is the same in every DOM.
 */
import { format } from 'd3-format';
import type { Sel } from './chart-frame.js';
import { px } from './round.js';

/** A scale the axis can read: a function with ticks. */
export interface TickScale {
  (x: number): number;
  ticks(count?: number): number[];
  range(): number[];
}

/** Draws a bottom or left axis for `scale` into `g` (cleared first). */
export function drawAxis(g: Sel<SVGGElement>, scale: TickScale, orient: 'bottom' | 'left', options: { ticks?: number; format?: string; label?: string } = {}): void {
  g.selectAll('*').remove();
  g.attr('class', `al-axis al-axis-${orient}`).attr('fill', '#444444').attr('font-size', 10);
  const fmt = format(options.format ?? '~g');
  const [r0, r1] = scale.range() as [number, number];
  const line = g.append('path').attr('stroke', '#888888').attr('fill', 'none');
  if (orient === 'bottom') {
    line.attr('d', `M${px(r0)},0H${px(r1)}`);
    g.attr('text-anchor', 'middle');
    for (const t of scale.ticks(options.ticks ?? 6)) {
      const x = px(scale(t));
      g.append('path').attr('d', `M${x},0V5`).attr('stroke', '#888888');
      g.append('text').attr('x', x).attr('y', 16).text(fmt(t));
    }
    if (options.label) g.append('text').attr('class', 'al-axis-label').attr('x', px((r0 + r1) / 2)).attr('y', 30).text(options.label);
  } else {
    line.attr('d', `M0,${px(r0)}V${px(r1)}`);
    g.attr('text-anchor', 'end');
    for (const t of scale.ticks(options.ticks ?? 5)) {
      const y = px(scale(t));
      g.append('path').attr('d', `M0,${y}H-5`).attr('stroke', '#888888');
      g.append('text').attr('x', -8).attr('y', y).attr('dy', '0.35em').text(fmt(t));
    }
    if (options.label) {
      g.append('text')
        .attr('class', 'al-axis-label')
        .attr('text-anchor', 'middle')
        .attr('transform', `translate(-36,${px((r0 + r1) / 2)}) rotate(-90)`)
        .text(options.label);
    }
  }
}
