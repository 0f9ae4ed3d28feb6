// Model (a): LSTM + attention against a plain LSTM of the same width, on key
// recall at growing lengths (the datasets package's toySequenceTasks). The
// shipped run trains each length from scratch and ships the longest.
import * as tf from '@tensorflow/tfjs';
import { toySequenceTasks } from '@attention-lab/datasets';
import type { PretrainedModel } from '../load-pretrained.js';
import { keyRecallClassifier, type KeyRecallClassifierOptions } from '../key-recall-classifier.js';
import { configOf, variantOf, type Recipe, type RecipeConfig, type RecipeData, type SplitTensors, type TrainingSettings, type WithVariants } from '../recipe.js';
import { train } from '../train.js';
import { classifierAccuracy } from './classifier-accuracy.js';

/** The key-recall task as `toySequenceTasks` takes it: `length` key–value pairs over `symbols` keys, `count` examples (80/10/10). */
export interface KeyRecallDatasetOptions {
  task: 'keyRecall';
  length: number;
  symbols: number;
  count: number;
  seed: number;
}

/** `keyRecallClassifier`'s options besides `vocabSize` and `seqLen` (from the task) and `seed`. */
type KeyRecallModelOptions = Omit<KeyRecallClassifierOptions, 'vocabSize' | 'seqLen' | 'seed'>;

/** Key recall's training settings. */
export interface KeyRecallSettings extends TrainingSettings {
  /** Pair counts trained in turn, each from scratch, for the metrics by length; the model of the last (`dataset.options.length`) is kept. */
  lengths: readonly number[];
}

/** A key-recall recipe with both of its cheaper variants. */
type KeyRecallRecipe = WithVariants<Recipe<KeyRecallDatasetOptions, KeyRecallModelOptions, KeyRecallSettings>, 'quick' | 'browser'>;

/** Key recall's tensors at one set of options: ids `[n, 2 * length + 2]` (int32) and the values asked for `[n]`, per split. */
function keyRecallTensors(options: KeyRecallDatasetOptions) {
  const ds = toySequenceTasks(options);
  const seqLen = 2 * options.length + 2;
  const tensors = (split: 'train' | 'validation' | 'test'): { x: tf.Tensor2D; y: tf.Tensor1D } => ({
    x: tf.tensor2d(ds.splits[split].map((e) => e.input), [ds.splits[split].length, seqLen], 'int32'), // [n, seqLen]
    y: tf.tensor1d(ds.splits[split].map((e) => e.target[0]!), 'float32'), // [n]
  });
  return { vocabSize: ds.vocabSize, train: tensors('train'), validation: tensors('validation'), test: tensors('test') };
}

/** The model of a config: vocabulary and input length from its task. */
function keyRecallModel(config: RecipeConfig<KeyRecallDatasetOptions, KeyRecallModelOptions, KeyRecallSettings>, seed: number, vocabSize?: number): tf.LayersModel {
  const { length, symbols } = config.dataset.options;
  const vocab = vocabSize ?? toySequenceTasks({ task: 'keyRecall', length, symbols, count: 1, seed: 0 }).vocabSize;
  return keyRecallClassifier({ vocabSize: vocab, seqLen: 2 * length + 2, ...config.model.options, seed });
}

/**
 * Trains model (a) as the shipped run does: every length of
 * `settings.lengths` from scratch (early stopping on validation loss, a stop
 * at `settings.stopAt` validation accuracy), the test accuracy of each.
 *
 * @param recipe - The data set, model, settings and bar (a key-recall recipe, or a copy with other settings).
 * @param log - Called with each progress line.
 * @returns The model of the last length and the metadata stored with the shipped weights (`metrics.byLength` holds every length).
 * @example
 * const { model, metadata } = await trainKeyRecall(recipe('key-recall-attention'), console.log);
 */
export async function trainKeyRecall(recipe: RecipeConfig<KeyRecallDatasetOptions, KeyRecallModelOptions, KeyRecallSettings> & Pick<Recipe, 'bar'>, log: (line: string) => void): Promise<Omit<PretrainedModel, 'name'>> {
  const { settings } = recipe;
  const byLength: { pairs: number; seqLen: number; testAccuracy: number; epochs: number; seconds: number; secondsToBar: number | null; examplesPerSecond: number }[] = [];
  let shipped: tf.LayersModel | null = null;
  let vocabSize = 0;
  for (const pairs of settings.lengths) {
    const options = { ...recipe.dataset.options, length: pairs };
    const data = keyRecallTensors(options);
    vocabSize = data.vocabSize;
    const model = keyRecallModel({ ...recipe, dataset: { ...recipe.dataset, options } }, settings.seed, vocabSize);
    const t0 = performance.now();
    let secondsToBar: number | null = null;
    const controller = new AbortController();
    const result = await train(model, data.train, {
      epochs: settings.epochs,
      signal: controller.signal,
      batchSize: settings.batchSize,
      seed: settings.seed,
      validationData: data.validation,
      ...(settings.patience != null ? { earlyStopping: { patience: settings.patience, monitor: 'val_loss' } } : {}),
      onEpochEnd: (epoch, logs) => {
        log(`${pairs} pairs, epoch ${epoch + 1}: loss ${logs['loss']!.toFixed(3)} acc ${logs['acc']!.toFixed(3)} val_acc ${logs['val_acc']!.toFixed(3)} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
        if (secondsToBar == null && logs['val_acc']! >= recipe.bar.value) secondsToBar = Math.round((performance.now() - t0) / 1000);
        if (settings.stopAt != null && logs['val_acc']! >= settings.stopAt) controller.abort(); // solved: stop before the next epoch
      },
    });
    const seconds = (performance.now() - t0) / 1000;
    const testAccuracy = await classifierAccuracy(model, data.test, 500);
    const examplesPerSecond = Math.round((result.steps * settings.batchSize) / seconds);
    const epochs = result.steps / Math.ceil(data.train.x.shape[0] / settings.batchSize);
    byLength.push({ pairs, seqLen: 2 * pairs + 2, testAccuracy, epochs, seconds: Math.round(seconds), secondsToBar, examplesPerSecond });
    log(`${pairs} pairs (seqLen ${2 * pairs + 2}): test accuracy ${testAccuracy.toFixed(4)} after ${epochs} epochs, ${seconds.toFixed(0)} s`);
    tf.dispose([data.train.x, data.train.y, data.validation.x, data.validation.y, data.test.x, data.test.y]);
    shipped?.dispose();
    shipped = model;
  }
  const last = byLength[byLength.length - 1]!;
  return {
    model: shipped!,
    metadata: {
      kind: 'keyRecallClassifier',
      dataset: { name: recipe.dataset.name, options: { ...recipe.dataset.options, length: last.pairs } },
      vocabSize,
      metrics: { testAccuracy: last.testAccuracy, byLength },
      bar: recipe.bar.value,
      secondsToBar: last.secondsToBar,
      examplesPerSecond: last.examplesPerSecond,
    },
  };
}

/**
 * A key-recall recipe: the shipped run (12 pairs over 16 keys, 12,000
 * examples per length, lengths 4, 8 and 12 in turn), the command line's quick
 * run and the site's.
 *
 * @param attention - The attention model (`key-recall-attention`) or the plain LSTM baseline (`key-recall-lstm`).
 * @returns The recipe.
 * @example
 * const recipe = keyRecallRecipe(true);
 * const model = recipe.createModel({ variant: 'quick' }); // ids [batch, 10] to [batch, 37]
 */
export function keyRecallRecipe(attention: boolean): KeyRecallRecipe {
  const shipped: RecipeConfig<KeyRecallDatasetOptions, KeyRecallModelOptions, KeyRecallSettings> = {
    dataset: { name: 'toySequenceTasks', options: { task: 'keyRecall', length: 12, symbols: 16, count: 12000, seed: 0 } },
    model: { factory: 'keyRecallClassifier', options: { units: 32, embeddingDim: 16, attention, learningRate: 0.01 } },
    // The baseline gets at most 6 epochs per length; the attention model stops once validation passes 99%.
    settings: { epochs: attention ? 12 : 6, batchSize: 64, seed: 1, patience: 4, stopAt: 0.99, lengths: [4, 8, 12] },
  };
  const recipe: KeyRecallRecipe = {
    name: attention ? 'key-recall-attention' : 'key-recall-lstm',
    description: attention
      ? 'model (a): an LSTM whose last state queries every state with dot-product attention, recalling the value stored under a key'
      : 'model (a) without attention: a plain LSTM of the same width, the baseline of key recall',
    ...shipped,
    bar: { metric: 'accuracy', value: 0.95, split: 'validation', better: 'higher' },
    quick: variantOf(shipped, {
      dataset: { length: 4, count: 6000 },
      settings: { epochs: 24, lengths: [4], patience: undefined, stopAt: undefined },
      differences: '4 pairs instead of 12 and 6,000 examples instead of 12,000, so an epoch takes seconds; 24 epochs without early stopping, as many steps as 12 of the shipped data',
    }),
    browser: variantOf(shipped, {
      dataset: { length: 3, count: 4000, seed: 1 },
      settings: { epochs: 8, lengths: [3], patience: undefined, stopAt: undefined },
      differences: '2 to 6 pairs (3 unless the page says otherwise) instead of 12 and 4,000 examples instead of 12,000, so an epoch takes a second or two in a browser; 8 epochs without early stopping',
    }),
    createModel({ variant, seed } = {}) {
      const config = configOf(recipe, variant);
      return keyRecallModel(config, seed ?? config.settings.seed);
    },
    async loadData({ variant, seed } = {}): Promise<RecipeData> {
      const config = configOf(recipe, variant);
      const options = { ...config.dataset.options, seed: seed ?? config.dataset.options.seed };
      const { train: tr, validation, test } = keyRecallTensors(options);
      const splits: SplitTensors[] = [tr, validation, test];
      return { train: tr, validation, test, metadata: { dataset: { name: config.dataset.name, options } }, dispose: () => tf.dispose(splits.flatMap((s) => [s.x, s.y]).flat()) };
    },
    async evaluate(model, data) {
      return { accuracy: await classifierAccuracy(model, data.test, 500) };
    },
    trainShipped: (log) => trainKeyRecall(recipe, log),
  };
  return recipe;
}
