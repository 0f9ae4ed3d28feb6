import type { AttentionMap, RecipeData, RecipeName } from '@attention-lab/models';
import type * as tf from '@tensorflow/tfjs';

// The data types of a recipe are the models package's (its registry's loadData gives them).
export type { RecipeData, SplitTensors } from '@attention-lab/models';

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
 * How the command builds, feeds and reads one model: what it trains comes
 * from the models package's recipe registry (`recipe(registry)`: its `quick`
 * variant, or the shipped recipe where it has none); what it shows (input
 * help, examples, predictions with their attention maps) is the command's own.
 */
export interface ModelRecipe {
  /** The name on the command line, e.g. `'key-recall'`. */
  name: string;
  /** The models package's recipe it trains, also the name of the shipped weights `attend` loads, e.g. `'key-recall-attention'`. */
  registry: RecipeName;
  /** How the run `train` does differs from the shipped one, and why (the registry's `quick.differences`); none when `train` runs the shipped recipe. */
  differences?: string;
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
  /** Epochs `train` runs without `--epochs` (the registry's). */
  epochs: number;
  /** Examples per step `train` uses without `--batch-size` (the registry's). */
  batchSize: number;
  /** Builds the compiled, untrained model (the registry's `createModel`). */
  createModel(seed: number): tf.LayersModel;
  /** Loads the data set and makes tensors, seeded split (the registry's `loadData`). */
  loadData(seed: number): Promise<RecipeData>;
  /** Runs the model on a typed input; throws a `CliError` when the input cannot be encoded. */
  predict(model: tf.LayersModel, input: string, metadata: Record<string, unknown>): Promise<RecipePrediction>;
  /** Loads shipped trained weights, when the models package has them for this model. */
  pretrained?: () => Promise<PretrainedRecipeModel>;
}
