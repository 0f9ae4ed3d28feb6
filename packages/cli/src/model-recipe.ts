import type { AttentionMap } from '@attention-lab/models';
import type * as tf from '@tensorflow/tfjs';

/** Inputs and targets of one split, as whole tensors. */
export interface SplitTensors {
  /** Model inputs, e.g. token ids `[n, seqLen]`, or one tensor per model input. */
  x: tf.Tensor | tf.Tensor[];
  /** Targets, e.g. class ids `[n]`. */
  y: tf.Tensor;
}

/** A recipe's data as tensors; the caller disposes them with `dispose()`. */
export interface RecipeData {
  train: SplitTensors;
  validation: SplitTensors;
  test: SplitTensors;
  /** What `predict` needs later besides the weights (e.g. tokenizers as JSON); saved with the model. */
  metadata: Record<string, unknown>;
  /** Frees every tensor above. */
  dispose(): void;
}

/** One prediction with its attention, ready to print and draw. */
export interface RecipePrediction {
  /** The prediction as one line of text, e.g. `'V3 (p = 0.97)'`. */
  text: string;
  /** The attention maps of the prediction (first batch item first), keyed by layer. */
  attention: Record<string, AttentionMap>;
  /** One label per input position (the keys of the attention, `seqLenK`). */
  keyTokens: string[];
  /** One label per output position, when the model has several queries (`seqLenQ`). Default: none. */
  queryTokens?: string[];
}

/** A trained model shipped with the models package, with what `predict` needs. */
export interface PretrainedRecipeModel {
  model: tf.LayersModel;
  metadata: Record<string, unknown>;
}

/**
 * How the command builds, feeds and reads one model: a models-package
 * factory, a data set from the datasets package turned into tensors, and a
 * prediction from a typed input (with its attention maps).
 */
export interface ModelRecipe {
  /** The name on the command line, e.g. `'key-recall'`. */
  name: string;
  /** One line on what the model does. */
  description: string;
  /** How to write an input for `attend` to a model this recipe trains. */
  inputHelp: string;
  /** An input that works, for help and error messages. */
  example: string;
  /**
   * How to write an input for a model with this metadata (shipped weights, or
   * a folder from `train`), when that depends on it (e.g. key recall's number
   * of pairs). Default: {@link ModelRecipe.inputHelp} and {@link ModelRecipe.example}.
   */
  inputFor?: (metadata: Record<string, unknown>) => { inputHelp: string; example: string };
  /** The metric `train` reports besides the loss (a name in the compiled model's metrics). */
  metric: string;
  /** Epochs `train` runs without `--epochs` (as many as the models package trains its shipped copy). */
  epochs: number;
  /** Builds the compiled, untrained model. */
  createModel(seed: number): tf.LayersModel;
  /** Loads the data set and makes tensors (seeded split). */
  loadData(seed: number): Promise<RecipeData>;
  /** Runs the model on a typed input; throws a `CliError` when the input cannot be encoded. */
  predict(model: tf.LayersModel, input: string, metadata: Record<string, unknown>): Promise<RecipePrediction>;
  /** Loads shipped trained weights, when the models package has them for this model. */
  pretrained?: () => Promise<PretrainedRecipeModel>;
}
