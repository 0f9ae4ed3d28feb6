/**
 * Colour scales for attention numbers. Internal. Sequential values (weights)
 * use viridis; signed values (raw scores) use a diverging red-blue scale
 * centred on 0. Both are readable with the common colour-vision deficiencies.
 */
import { scaleDiverging, scaleSequential } from 'd3-scale';
import { interpolateRdBu, interpolateViridis } from 'd3-scale-chromatic';

/** Which colour scale a chart uses: `auto` picks diverging when a value is negative. */
export type ColorScheme = 'auto' | 'sequential' | 'diverging';

/** A resolved colour scale. */
export interface ColorScale {
  kind: 'sequential' | 'diverging';
  domain: [number, number];
  /** Position of `v` on the scale, in [0, 1]. */
  t(v: number): number;
  /** The fill for `v`. */
  color(v: number): string;
  /** A text colour readable on `color(v)`. */
  textColor(v: number): string;
}

const diverging = (t: number): string => interpolateRdBu(1 - t); // positive = red, negative = blue

/** Builds the scale for `values`; `-Infinity` (masked) entries are skipped. */
export function colorScale(values: ArrayLike<number>, scheme: ColorScheme = 'auto', domain?: readonly [number, number]): ColorScale {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo === Infinity) [lo, hi] = [0, 1];
  const kind = scheme === 'auto' ? (lo < 0 ? 'diverging' : 'sequential') : scheme;
  if (kind === 'sequential') {
    const d: [number, number] = domain ? [domain[0], domain[1]] : [Math.min(0, lo), hi > Math.min(0, lo) ? hi : Math.min(0, lo) + 1];
    const s = scaleSequential(interpolateViridis).domain(d).clamp(true);
    const t = (v: number): number => {
      const x = (v - d[0]) / (d[1] - d[0]);
      return x < 0 ? 0 : x > 1 ? 1 : x;
    };
    return { kind, domain: d, t, color: (v) => s(v), textColor: (v) => (t(v) < 0.6 ? '#ffffff' : '#111111') };
  }
  const m = domain ? Math.max(Math.abs(domain[0]), Math.abs(domain[1])) : Math.max(Math.abs(lo), Math.abs(hi)) || 1;
  const s = scaleDiverging(diverging).domain([-m, 0, m]).clamp(true);
  const t = (v: number): number => Math.min(1, Math.max(0, (v + m) / (2 * m)));
  return { kind, domain: [-m, m], t, color: (v) => s(v), textColor: (v) => (Math.abs(t(v) - 0.5) > 0.3 ? '#ffffff' : '#111111') };
}
