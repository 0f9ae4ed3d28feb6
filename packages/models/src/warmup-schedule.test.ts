import { expect, test } from 'vitest';
import { warmupSchedule } from './warmup-schedule.js';

test('warmupSchedule rises linearly to dModel^-0.5 · warmupSteps^-0.5, then decays as 1/sqrt(step)', () => {
  const lr = warmupSchedule({ dModel: 64, warmupSteps: 100 });
  const peak = (1 / 8) * (1 / 10);
  expect(lr(100)).toBeCloseTo(peak, 12);
  expect(lr(50)).toBeCloseTo(peak / 2, 12);
  expect(lr(400)).toBeCloseTo(peak / 2, 12);
  expect(lr(0)).toBe(lr(1));
  expect(warmupSchedule({ dModel: 64, warmupSteps: 100, scale: 2 })(100)).toBeCloseTo(2 * peak, 12);
});

test('warmupSchedule rejects bad options, naming the argument', () => {
  expect(() => warmupSchedule({ dModel: 0 })).toThrow(/warmupSchedule: argument 'options.dModel' must be an integer >= 1, got 0/);
  expect(() => warmupSchedule({ dModel: 8, warmupSteps: 1.5 })).toThrow(/'options.warmupSteps'/);
  expect(() => warmupSchedule({ dModel: 8, scale: -1 })).toThrow(/'options.scale'/);
});
