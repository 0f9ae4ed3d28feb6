/**
 * Whether and how long to animate. Internal. Changes apply at once when the
 * caller turns animation off, when `prefers-reduced-motion: reduce` matches,
 * or when there is no window with animation frames (Node, linkedom).
 */

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
