/** Options for {@link warmupSchedule}. */
export interface WarmupScheduleOptions {
  /** The model width; the peak rate scales as `dModel^-0.5`. Required. */
  dModel: number;
  /** Steps of linear warm-up before the inverse-square-root decay. Default `4000` (the paper's). */
  warmupSteps?: number;
  /** A factor on the whole schedule. Default `1`. */
  scale?: number;
}

/**
 * The Transformer learning-rate schedule (Vaswani et al., 2017, eq. 3):
 * `lr(step) = scale · dModel^-0.5 · min(step^-0.5, step · warmupSteps^-1.5)`,
 * rising linearly for `warmupSteps` steps, then decaying as `1/sqrt(step)`.
 * Steps count from 1; step 0 is treated as 1.
 *
 * @param options - `dModel` (required), `warmupSteps` (4000), `scale` (1).
 * @returns A function from the step number to the learning rate, for `train`'s `learningRate` option.
 * @example
 * const lr = warmupSchedule({ dModel: 64, warmupSteps: 200 });
 * lr(1); lr(200); lr(800); // rising, peak, half the peak
 */
export function warmupSchedule(options: WarmupScheduleOptions): (step: number) => number {
  const fn = 'warmupSchedule';
  if (options == null || typeof options !== 'object') throw new TypeError(`${fn}: argument 'options' must be an object with dModel, got ${String(options)}`);
  const { dModel, warmupSteps = 4000, scale = 1 } = options;
  if (!Number.isInteger(dModel) || dModel < 1) throw new RangeError(`${fn}: argument 'options.dModel' must be an integer >= 1, got ${String(dModel)}`);
  if (!Number.isInteger(warmupSteps) || warmupSteps < 1) throw new RangeError(`${fn}: argument 'options.warmupSteps' must be an integer >= 1, got ${String(warmupSteps)}`);
  if (typeof scale !== 'number' || !(scale > 0) || !Number.isFinite(scale)) throw new RangeError(`${fn}: argument 'options.scale' must be a positive finite number, got ${String(scale)}`);
  return (step: number) => {
    const s = Math.max(1, step);
    return scale * dModel ** -0.5 * Math.min(s ** -0.5, s * warmupSteps ** -1.5);
  };
}
