import { ShapeError, formatShape } from './shape-error.js';

/**
 * The NumPy-style broadcast of several shapes (right-aligned; each dimension
 * equal or 1). Internal; throws a {@link ShapeError} naming the first
 * argument that does not broadcast.
 */
export function broadcastShapes(fn: string, shapes: ReadonlyArray<readonly [argument: string, shape: readonly number[]]>): number[] {
  const rank = Math.max(0, ...shapes.map(([, s]) => s.length));
  const out = new Array<number>(rank).fill(1);
  for (const [argument, shape] of shapes) {
    const offset = rank - shape.length;
    shape.forEach((size, i) => {
      const have = out[offset + i]!;
      if (size === have || size === 1) return;
      if (have === 1) {
        out[offset + i] = size;
        return;
      }
      throw new ShapeError(
        fn,
        argument,
        `a shape that broadcasts with ${formatShape(out)}`,
        shape,
        `dimension ${i} is ${size}, others have ${have}`,
      );
    });
  }
  return out;
}
