// What every training recipe of a shipped model provides (see train-pretrained.ts).
import type * as tf from '@tensorflow/tfjs';

/** A model trained from a fixed seed: its name (the folder under pretrained/) and how to train it. */
export interface Recipe {
  name: string;
  /**
   * Trains the model, logging progress lines, and returns it with the metadata
   * stored beside its weights: `kind`, `dataset`, tokenizers, `metrics` on the
   * test split and, where the recipe knows it, `secondsToBar` (training time
   * until the validation metric first reached the documented bar) and
   * `examplesPerSecond`.
   */
  train(log: (line: string) => void): Promise<{ model: tf.LayersModel; metadata: Record<string, unknown> }>;
}

/**
 * The recipes' learning rate at a 1-based step: a linear warm-up from 0 to
 * `peak` over `warmupSteps` (none when 0), then a cosine decay from `peak` to a
 * tenth of it at `totalSteps` (held there after).
 */
export function cosineToATenth(peak: number, warmupSteps: number, totalSteps: number): (step: number) => number {
  return (step) => {
    if (step <= warmupSteps) return (peak * step) / warmupSteps;
    const done = Math.min(1, (step - warmupSteps) / (totalSteps - warmupSteps));
    return peak * (0.1 + 0.45 * (1 + Math.cos(Math.PI * done)));
  };
}
