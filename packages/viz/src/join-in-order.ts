/**
 * A d3 data join without `selection.order()`. Internal. `selection.join`
 * ends with `order()`, which calls `compareDocumentPosition` per node; in
 * linkedom that is linear, making a join of n new nodes quadratic (a
 * 12 × 12 × 16 × 16 model view took minutes in Node). Enter nodes are
 * already inserted before their next update node, so when the data keep their
 * order (index joins, or keys in a fixed order) no reordering is needed.
 */
import type { BaseType, EnterElement, Selection } from 'd3-selection';

/** Removes `update.exit()`, creates `update.enter()` with `create`, and returns enter merged with update. */
export function joinInOrder<E extends BaseType, D, P extends BaseType, PD>(
  update: Selection<E, D, P, PD>,
  create: (enter: Selection<EnterElement, D, P, PD>) => Selection<E, D, P, PD>,
): Selection<E, D, P, PD> {
  update.exit().remove();
  return create(update.enter()).merge(update);
}
