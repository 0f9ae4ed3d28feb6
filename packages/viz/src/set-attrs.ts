/**
 * Attribute changes, animated or at once. Internal; kept out of the
 * modules whose types are public because it needs d3's types.
 */
import type { Selection } from 'd3-selection';
import 'd3-transition';

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
