/**
 * Whether and how long to animate. Internal. Changes apply at once when the
 * caller turns animation off, when `prefers-reduced-motion: reduce` matches,
 * or when there is no window with animation frames (Node, linkedom).
 */
import type { Selection } from 'd3-selection';
import 'd3-transition';

/** Animation options shared by every chart. */
export interface MotionOptions {
  /** Animate `update`. Default `true`; ignored (no animation) under `prefers-reduced-motion: reduce`. */
  animate?: boolean;
  /** Length of an update animation in milliseconds. Default `250`. */
  duration?: number;
}

/** The animation length to use in `doc`: 0 means apply changes immediately. */
export function motionDuration(doc: Document, options: MotionOptions): number {
  if (options.animate === false) return 0;
  const win = doc.defaultView as (Window & typeof globalThis) | null;
  if (!win || typeof win.requestAnimationFrame !== 'function') return 0;
  if (typeof win.matchMedia === 'function' && win.matchMedia('(prefers-reduced-motion: reduce)').matches) return 0;
  return Math.max(0, options.duration ?? 250);
}

type AttrValue<D> = string | number | ((d: D, i: number) => string | number);

/**
 * Sets `attrs` on every element of `sel`, through a transition when
 * `duration > 0`. Resolves when the change is on screen (at once without
 * animation; interrupted transitions resolve too).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function setAttrs<E extends Element, D>(sel: Selection<E, D, any, any>, duration: number, attrs: Record<string, AttrValue<D>>): Promise<void> {
  if (duration <= 0 || sel.empty()) {
    sel.interrupt();
    for (const [name, value] of Object.entries(attrs)) sel.attr(name, value as never);
    return Promise.resolve();
  }
  const t = sel.transition().duration(duration);
  for (const [name, value] of Object.entries(attrs)) t.attr(name, value as never);
  return t.end().catch(() => undefined);
}
