import type * as tf from '@tensorflow/tfjs';

/** Inputs and targets of one split, as whole tensors. */
export interface SplitTensors {
  /** Model inputs, e.g. token ids `[n, seqLen]`. */
  x: tf.Tensor;
  /** Targets, e.g. class ids `[n]`. */
  y: tf.Tensor;
}

/** A recipe's data as tensors; the caller disposes them with `dispose()`. */
export interface RecipeData {
  train: SplitTensors;
  validation: SplitTensors;
  test: SplitTensors;
  /** Frees every tensor above. */
  dispose(): void;
}

/** One input encoded for the model: ids and the token label of each position. */
export interface EncodedInput {
  /** The model input, `[1, ...]`; the caller disposes it. */
  x: tf.Tensor;
  /** One label per input position, for the attention picture's axis. */
  tokens: string[];
}

/**
 * How the command builds, feeds and reads one model: a models-package
 * factory, a data set from the datasets package turned into tensors, an
 * encoder for a typed input and a reader for the prediction.
 */
export interface ModelRecipe {
  /** The name on the command line, e.g. `'key-recall'`. */
  name: string;
  /** One line on what the model does. */
  description: string;
  /** How to write an input for `attend`. */
  inputHelp: string;
  /** An input that works, for help and error messages. */
  example: string;
  /** The metric `train` reports besides the loss (a name in the compiled model's metrics). */
  metric: string;
  /** Builds the compiled, untrained model. */
  createModel(seed: number): tf.LayersModel;
  /** Loads the data set and makes tensors (seeded split). */
  loadData(seed: number): Promise<RecipeData>;
  /** Encodes a typed input, or throws a `CliError` saying why it cannot. */
  encode(input: string): EncodedInput;
  /** Reads the prediction for one input as a line of text, e.g. `'V3 (p = 0.97)'`. */
  describe(predictions: Float32Array, tokens: readonly string[]): string;
  /** Loads shipped trained weights, when the models package has them. */
  pretrained?: () => Promise<tf.LayersModel>;
}
