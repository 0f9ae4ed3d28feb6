// The learning rate of a recipe's schedule, per 1-based step.
import type { LearningRateSchedule } from '../recipe.js';
import { warmupSchedule } from '../warmup-schedule.js';

/**
 * The recipes' cosine schedule: a linear warm-up from 0 to `peak` over
 * `warmupSteps` (none when 0), then a cosine decay from `peak` to a tenth of
 * it at `totalSteps` (held there after).
 *
 * @param peak - The highest rate, reached after the warm-up.
 * @param warmupSteps - Steps of the linear warm-up; 0 for none.
 * @param totalSteps - The step at which the rate has decayed to `peak / 10`.
 * @returns The rate at a 1-based step.
 * @example
 * const lr = cosineToATenth(0.003, 200, 6000);
 * lr(200); // 0.003
 * lr(6000); // 0.0003
 */
export function cosineToATenth(peak: number, warmupSteps: number, totalSteps: number): (step: number) => number {
  return (step) => {
    if (step <= warmupSteps) return (peak * step) / warmupSteps;
    const done = Math.min(1, (step - warmupSteps) / (totalSteps - warmupSteps));
    return peak * (0.1 + 0.45 * (1 + Math.cos(Math.PI * done)));
  };
}

/**
 * The per-step learning rate of a schedule, for `train`'s `learningRate`
 * option, or `undefined` without one (the model's compiled rate stays).
 *
 * @param schedule - The recipe's schedule, if any.
 * @param model - `peak` (the model's `learningRate`, for `cosineToATenth`), `dModel` (for `warmup`) and `totalSteps` (for `cosineToATenth`).
 * @returns The rate at a 1-based step, or `undefined`.
 * @example
 * const learningRate = learningRateOf({ kind: 'warmup', warmupSteps: 200, scale: 2 }, { dModel: 32 });
 */
export function learningRateOf(schedule: LearningRateSchedule | undefined, model: { peak?: number; dModel?: number; totalSteps?: number }): ((step: number) => number) | undefined {
  if (schedule == null) return undefined;
  if (schedule.kind === 'warmup') {
    if (model.dModel == null) throw new RangeError("learningRateOf: a 'warmup' schedule needs the model's dModel");
    return warmupSchedule({ dModel: model.dModel, warmupSteps: schedule.warmupSteps, scale: schedule.scale });
  }
  if (model.peak == null || model.totalSteps == null) throw new RangeError("learningRateOf: a 'cosineToATenth' schedule needs the peak rate and the total steps");
  return cosineToATenth(model.peak, schedule.warmupSteps, model.totalSteps);
}
