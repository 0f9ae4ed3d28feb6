// What a training recipe is: the data set, the model and the training settings
// of one shipped model, its quality bar, and the variants that trade quality
// for time (the command line's `quick`, the site's `browser`). The recipes
// themselves are in ./recipes/; ./recipe-registry.ts lists them by name.
import type * as tf from '@tensorflow/tfjs';
import type { PretrainedModel } from './load-pretrained.js';

/** Inputs and targets of one split, as whole tensors. */
export interface SplitTensors {
  /** Model inputs, e.g. token ids `[n, seqLen]`, or one tensor per model input. */
  x: tf.Tensor | tf.Tensor[];
  /** Targets, e.g. class ids `[n]`. */
  y: tf.Tensor;
}

/** A recipe's data as tensors per split; the caller frees them with `dispose()`. */
export interface RecipeData {
  train: SplitTensors;
  validation: SplitTensors;
  test: SplitTensors;
  /** What reading the model's inputs needs besides the weights (the data set, tokenizers as JSON…); worth saving with the model. */
  metadata: Record<string, unknown>;
  /** Frees every tensor above. */
  dispose(): void;
}

/**
 * A per-step learning rate, on top of the model's compiled Adam:
 * `warmup` is {@link warmupSchedule} with the model's `dModel`;
 * `cosineToATenth` rises linearly from 0 to the model's `learningRate` over
 * `warmupSteps` (none when 0), then decays along a cosine to a tenth of it at
 * the last step. Without a schedule the compiled rate stays constant.
 */
export type LearningRateSchedule =
  | { kind: 'warmup'; warmupSteps: number; scale: number }
  | { kind: 'cosineToATenth'; warmupSteps: number };

/** How a recipe trains: the fields every recipe has; families add their own (see each recipe's `settings`). */
export interface TrainingSettings {
  /** Most epochs. */
  epochs: number;
  /** Examples (or windows) per step. */
  batchSize: number;
  /** Seed of the initial weights and of the shuffles. */
  seed: number;
  /** The learning rate per step. Default: none, the model's compiled rate throughout. */
  schedule?: LearningRateSchedule;
  /** Stop after the first epoch whose validation score on the bar's metric reaches this. Default: never. */
  stopAt?: number;
  /** Early stopping on validation loss with this patience, keeping the best weights. Default: none. */
  patience?: number;
}

/** The quality a shipped model must reach: a metric on a split, and which way is better. */
export interface QualityBar {
  /** What is measured, e.g. `'accuracy'`, `'exactMatch'` (greedy, teacher-forced) or `'bitsPerCharacter'`. */
  metric: string;
  /** The bar itself, e.g. `0.95`. */
  value: number;
  /** The split it is checked on during training. */
  split: 'validation' | 'test';
  /** Whether a higher (accuracy) or a lower (bits) score is better. */
  better: 'higher' | 'lower';
}

/** A data set, a model and training settings: what a recipe or one of its variants trains. */
export interface RecipeConfig<D extends object = object, M extends object = object, S extends TrainingSettings = TrainingSettings> {
  /** The datasets package's loader and its options, as stored in a shipped model's metadata. */
  dataset: { name: string; options: D };
  /**
   * This package's factory and the options the recipe passes it; what only
   * the data decides (vocabulary sizes, sequence lengths from the data set)
   * and the seed are added when the model is built.
   */
  model: { factory: string; options: M };
  /** How it trains. */
  settings: S;
}

/** A cheaper version of a recipe, with a plain-language line on how and why it differs from the shipped one. */
export interface RecipeVariant<D extends object = object, M extends object = object, S extends TrainingSettings = TrainingSettings> extends RecipeConfig<D, M, S> {
  /** How it differs from the shipped recipe, and why, e.g. `'4 pairs instead of 12 …, so an epoch takes seconds'`. */
  differences: string;
}

/**
 * Which version of a recipe to use: `shipped` (what `train:pretrained` runs),
 * `quick` (what `attention-lab train` runs: minutes on a CPU) or `browser`
 * (what the site's examples train: seconds in a page).
 */
export type RecipeVariantName = 'shipped' | 'quick' | 'browser';

/**
 * How one shipped model is trained: its data set, model and settings (the
 * shipped ones at the top level), its quality bar, optional cheaper variants,
 * and the functions that build, feed, score and train it.
 */
export interface Recipe<D extends object = object, M extends object = object, S extends TrainingSettings = TrainingSettings> extends RecipeConfig<D, M, S> {
  /** The name of the shipped weights (`loadPretrained(name)`, the folder under `pretrained/`). */
  name: string;
  /** One line on the model and its task. */
  description: string;
  /** The quality the shipped run must reach. */
  bar: QualityBar;
  /** What `attention-lab train` runs, where it differs from the shipped recipe. */
  quick?: RecipeVariant<D, M, S>;
  /** What the site's examples train from scratch, where it differs from the shipped recipe. */
  browser?: RecipeVariant<D, M, S>;
  /**
   * Builds the compiled, untrained model of a variant.
   *
   * @param options - `variant` (default `'shipped'`; one the recipe lacks is a `RangeError`) and `seed` of the weights (default the variant's `settings.seed`).
   * @returns The model; the caller disposes it.
   */
  createModel(options?: { variant?: RecipeVariantName; seed?: number }): tf.LayersModel;
  /**
   * Loads a variant's data set as tensors per split.
   *
   * @param options - `variant` (default `'shipped'`) and `seed` of the data set's split (default the variant's `dataset.options.seed`).
   * @returns The tensors and metadata; the caller calls `dispose()`.
   */
  loadData(options?: { variant?: RecipeVariantName; seed?: number }): Promise<RecipeData>;
  /**
   * Scores a model on `data.test`.
   *
   * @param model - A model of this recipe.
   * @param data - Data from {@link Recipe.loadData}.
   * @returns Figures by metric name, e.g. `{ accuracy: 0.98 }`.
   */
  evaluate(model: tf.LayersModel, data: RecipeData): Promise<Record<string, number>>;
  /**
   * Trains the shipped model from its fixed seeds, as `train:pretrained` does.
   *
   * @param log - Called with each progress line.
   * @returns The model and the metadata stored beside its weights: `kind`, `dataset`, tokenizers, `metrics` on the test split and, where known, `secondsToBar` and `examplesPerSecond`.
   */
  trainShipped(log: (line: string) => void): Promise<Omit<PretrainedModel, 'name'>>;
}

/**
 * A recipe type whose variants `K` are known to exist (so
 * `recipe('key-recall-attention').quick` needs no check).
 *
 * @example
 * type KeyRecall = WithVariants<Recipe, 'quick' | 'browser'>;
 */
export type WithVariants<R extends Recipe, K extends 'quick' | 'browser'> = R & Required<Pick<R, K>>;

/**
 * A variant of a recipe: the shipped data set, model and settings with some
 * of their fields replaced (a field set to `undefined` is dropped from use,
 * e.g. `settings: { schedule: undefined }` for a constant rate).
 *
 * @param base - The shipped data set, model and settings.
 * @param changes - Replaced `dataset` options, `model` options and `settings` fields, and the `differences` line.
 * @returns The variant, complete (every field of `base` that was not replaced).
 * @example
 * const quick = variantOf(shipped, { dataset: { length: 4, count: 6000 }, differences: '4 pairs instead of 12, so an epoch takes seconds' });
 */
export function variantOf<D extends object, M extends object, S extends TrainingSettings>(
  base: RecipeConfig<D, M, S>,
  changes: { dataset?: Partial<D>; model?: Partial<M>; settings?: Partial<S>; differences: string },
): RecipeVariant<D, M, S> {
  return {
    dataset: { name: base.dataset.name, options: { ...base.dataset.options, ...changes.dataset } },
    model: { factory: base.model.factory, options: { ...base.model.options, ...changes.model } },
    settings: { ...base.settings, ...changes.settings },
    differences: changes.differences,
  };
}

/**
 * The data set, model and settings of one variant of a recipe.
 *
 * @param recipe - The recipe.
 * @param variant - `'shipped'`, `'quick'` or `'browser'`. Default `'shipped'`.
 * @returns The recipe itself for `'shipped'`, else its variant.
 * @throws RangeError when the recipe has no such variant, naming those it has.
 * @example
 * configOf(recipe('key-recall-attention'), 'quick').dataset.options.length; // 4
 */
export function configOf<D extends object, M extends object, S extends TrainingSettings>(
  recipe: Pick<Recipe<D, M, S>, 'name' | 'dataset' | 'model' | 'settings' | 'quick' | 'browser'>,
  variant: RecipeVariantName = 'shipped',
): RecipeConfig<D, M, S> {
  if (variant === 'shipped') return recipe;
  const found = recipe[variant];
  if (found == null) {
    const has = ['shipped', ...(['quick', 'browser'] as const).filter((v) => recipe[v] != null)].join(', ');
    throw new RangeError(`${recipe.name} has no ${variant} variant; it has: ${has}`);
  }
  return found;
}
