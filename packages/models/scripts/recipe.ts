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
