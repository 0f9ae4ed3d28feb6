// fast-check pieces shared by the property tests (properties.test.ts,
// attention-paths.test.ts): the sizes of an attention call and the seed that
// feeds test/seeded-random.ts for its numbers.
import fc from 'fast-check';

/** A seed for `SeededRandom`: an integer in [0, 2^31 - 1]. */
export const anySeed = fc.integer({ min: 0, max: 0x7fffffff });

/**
 * One integer arbitrary per named size, in the order given: from 1 to `max`,
 * or from `min` to `max` for a `[min, max]` pair. Spread it into `fc.record`:
 * `fc.record({ rank, ...sizes({ batch: 3, dHead: [0, 3] }), seed: anySeed })`.
 */
export function sizes<K extends string>(ranges: Record<K, number | readonly [min: number, max: number]>): Record<K, fc.Arbitrary<number>> {
  const entries = (Object.entries(ranges) as Array<[K, number | readonly [number, number]]>).map(
    ([name, range]) => [name, typeof range === 'number' ? fc.integer({ min: 1, max: range }) : fc.integer({ min: range[0], max: range[1] })] as const,
  );
  return Object.fromEntries(entries) as Record<K, fc.Arbitrary<number>>;
}
