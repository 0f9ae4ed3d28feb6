import * as tf from '@tensorflow/tfjs';
import { languageModelWindows, type LanguageModelWindowsOptions } from './language-model-windows.js';

/** Language-model windows as tensors; the caller owns (and disposes) both. */
export interface LanguageModelTensors {
  /** `int32 [count, seqLen]`. */
  inputs: tf.Tensor2D;
  /** `int32 [count, seqLen]`: the inputs shifted one token ahead. */
  targets: tf.Tensor2D;
}

/**
 * {@link languageModelWindows} as TensorFlow.js tensors. Exported from
 * `@attention-lab/datasets/tensors`.
 *
 * @param tokens - The token ids of a corpus, at least `seqLen + 1`.
 * @param options - `seqLen` (required), `stride` (default `seqLen`).
 * @returns `{ inputs, targets }`, each `int32 [count, seqLen]`; dispose them when done.
 * @example
 * const { inputs, targets } = languageModelTensors(tokenizer.encode(text), { seqLen: 64 });
 */
export function languageModelTensors(tokens: ArrayLike<number>, options: LanguageModelWindowsOptions): LanguageModelTensors {
  const { inputs, targets, shape } = languageModelWindows(tokens, options);
  return { inputs: tf.tensor2d(inputs, shape, 'int32'), targets: tf.tensor2d(targets, shape, 'int32') };
}
