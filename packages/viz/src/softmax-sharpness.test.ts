import { describe, expect, test } from 'vitest';
import { SeededRandom } from '../test/seeded-random.js';
import { softmaxSharpness } from './softmax-sharpness.js';

/** Mean largest softmax weight of `k` standard normal logits, by plain Monte Carlo. */
function meanMaxOfNormalLogits(k: number, samples: number, rng: SeededRandom): number {
  let total = 0;
  for (let n = 0; n < samples; n++) {
    const z = Array.from({ length: k }, () => rng.normal());
    const m = Math.max(...z);
    total += 1 / z.reduce((s, x) => s + Math.exp(x - m), 0);
  }
  return total / samples;
}

describe('softmaxSharpness', () => {
  test('softmaxSharpness: one key always gets all the weight', () => {
    expect(softmaxSharpness([1, 64], 1, 5, 1)).toEqual([
      { dHead: 1, unscaled: 1, scaled: 1 },
      { dHead: 64, unscaled: 1, scaled: 1 },
    ]);
  });

  test('softmaxSharpness: unscaled scores sharpen with dHead; scaled ones match standard normal logits', () => {
    const points = softmaxSharpness([4, 64, 1024], 16, 400, 7);
    const unscaled = points.map((p) => p.unscaled);
    expect(unscaled[0]).toBeLessThan(unscaled[1]!);
    expect(unscaled[1]).toBeLessThan(unscaled[2]!);
    expect(unscaled[2]).toBeGreaterThan(0.9);
    // q·k / √dHead is close to N(0, 1) for large dHead: compare with an independent simulation.
    const reference = meanMaxOfNormalLogits(16, 4000, new SeededRandom(99));
    expect(Math.abs(points[2]!.scaled - reference)).toBeLessThan(0.03);
    expect(Math.abs(points[1]!.scaled - reference)).toBeLessThan(0.03);
  });

  test('softmaxSharpness is the same for the same seed', () => {
    expect(softmaxSharpness([8], 4, 10, 3)).toEqual(softmaxSharpness([8], 4, 10, 3));
    expect(softmaxSharpness([8], 4, 10, 3)).not.toEqual(softmaxSharpness([8], 4, 10, 4));
  });
});
