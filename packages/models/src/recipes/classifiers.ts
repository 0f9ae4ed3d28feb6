// Model (b), the Transformer text classifier on review sentences, and model
// (c), the MNIST classifier with attention pooling over a grid of patches.
import * as tf from '@tensorflow/tfjs';
import { WordTokenizer, mnist, sentimentSentences, type MnistDigit, type MnistOptions, type SentimentSentence, type SentimentSentencesOptions } from '@attention-lab/datasets';
import type { PretrainedModel } from '../load-pretrained.js';
import { imageAttentionClassifier, type ImageAttentionClassifierOptions } from '../image-attention-classifier.js';
import { configOf, variantOf, type Recipe, type RecipeConfig, type RecipeData, type TrainingSettings, type WithVariants } from '../recipe.js';
import { train, type Batch } from '../train.js';
import { transformerClassifier, type TransformerClassifierOptions } from '../transformer-classifier.js';
import { classifierAccuracy } from './classifier-accuracy.js';
import { learningRateOf } from './learning-rate-of.js';

/**
 * Sentences as ids `[n, seqLen]` (padded with 0, cut after `seqLen` words)
 * and labels `[n]`. Shared by the recipe and the shipped-weights test.
 *
 * @param sentences - Labelled sentences.
 * @param tokenizer - A fitted word tokenizer.
 * @param seqLen - Words per input.
 * @returns `{ x [n, seqLen] int32, y [n] }`; the caller disposes them.
 * @example
 * const { x, y } = sentimentTensors(ds.splits.test, tokenizer, 40);
 */
export function sentimentTensors(sentences: readonly SentimentSentence[], tokenizer: WordTokenizer, seqLen: number): { x: tf.Tensor2D; y: tf.Tensor1D } {
  const rows = sentences.map((s) => {
    const ids = tokenizer.encode(s.text).slice(0, seqLen);
    return [...ids, ...new Array<number>(seqLen - ids.length).fill(0)];
  });
  return { x: tf.tensor2d(rows, [sentences.length, seqLen], 'int32'), y: tf.tensor1d(sentences.map((s) => s.label), 'float32') };
}

/**
 * Digits as images `[n, 28, 28, 1]` scaled to 0..1 and labels `[n]`. Shared
 * by the recipe and the shipped-weights test.
 *
 * @param digits - MNIST digits.
 * @returns `{ x [n, 28, 28, 1], y [n] }`; the caller disposes them.
 * @example
 * const { x, y } = mnistTensors(ds.splits.test);
 */
export function mnistTensors(digits: readonly MnistDigit[]): { x: tf.Tensor4D; y: tf.Tensor1D } {
  const pixels = new Float32Array(digits.length * 784);
  digits.forEach((d, i) => {
    for (let j = 0; j < 784; j++) pixels[i * 784 + j] = d.pixels[j]! / 255;
  });
  return { x: tf.tensor4d(pixels, [digits.length, 28, 28, 1]), y: tf.tensor1d(digits.map((d) => d.label), 'float32') };
}

/**
 * One epoch of training batches of `digits`, in a seeded order, each digit
 * shifted by a seeded whole number of pixels in [-maxShift, maxShift] along
 * each axis (zeros come in at the border). MNIST digits are centred by their
 * centre of mass, so a shift is a plausible new digit: with 8,000 training
 * digits it keeps the model from memorising their exact positions.
 *
 * @param digits - The training digits.
 * @param batchSize - Digits per batch (the last batch may be smaller).
 * @param maxShift - The largest shift in pixels, along each axis.
 * @param seed - Seed of the order and the shifts.
 * @returns Batches `{ x [batch, 28, 28, 1], y [batch] }`; `train` disposes them.
 * @example
 * const batches = (epoch: number) => shiftedDigitBatches(ds.splits.train, 64, 2, 1000 + epoch);
 */
export function* shiftedDigitBatches(digits: readonly MnistDigit[], batchSize: number, maxShift: number, seed: number): Generator<Batch> {
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const order = digits.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  for (let start = 0; start < order.length; start += batchSize) {
    const picked = order.slice(start, start + batchSize);
    const pixels = new Float32Array(picked.length * 784);
    picked.forEach((index, b) => {
      const source = digits[index]!.pixels;
      const dy = Math.floor(next() * (2 * maxShift + 1)) - maxShift;
      const dx = Math.floor(next() * (2 * maxShift + 1)) - maxShift;
      for (let r = 0; r < 28; r++) {
        const from = r - dy;
        if (from < 0 || from >= 28) continue;
        for (let c = 0; c < 28; c++) {
          const fc = c - dx;
          if (fc >= 0 && fc < 28) pixels[b * 784 + r * 28 + c] = source[from * 28 + fc]! / 255;
        }
      }
    });
    yield { x: tf.tensor4d(pixels, [picked.length, 28, 28, 1]), y: tf.tensor1d(picked.map((i) => digits[i]!.label), 'float32') };
  }
}

/**
 * Trains with early stopping on validation loss (best weights kept), logs each
 * epoch, and measures when validation accuracy first reached `bar` and the
 * training throughput (examples per second of optimizer steps, validation excluded).
 * With `stopAt`, training ends after the first epoch whose validation accuracy
 * reaches it; with `maxSeconds`, after the first epoch that ends later than that.
 */
async function fitClassifier(
  model: tf.LayersModel,
  data: { train: { x: tf.Tensor; y: tf.Tensor } | { count: number; batches: (epoch: number) => Iterable<Batch> }; validation: { x: tf.Tensor; y: tf.Tensor } },
  schedule: { epochs: number; batchSize: number; seed: number; patience: number; bar: number; stopAt?: number; maxSeconds?: number; learningRate?: (step: number) => number },
  log: (line: string) => void,
) {
  const t0 = performance.now();
  let secondsToBar: number | null = null;
  let trainingMs = 0;
  let epochStart = t0;
  let lastStep = t0;
  const controller = new AbortController();
  const result = await train(model, 'batches' in data.train ? data.train.batches : data.train, {
    epochs: schedule.epochs,
    ...(schedule.learningRate ? { learningRate: schedule.learningRate } : {}),
    batchSize: schedule.batchSize,
    seed: schedule.seed,
    validationData: data.validation,
    earlyStopping: { patience: schedule.patience, monitor: 'val_loss' },
    signal: controller.signal,
    onBatchEnd: () => void (lastStep = performance.now()),
    onEpochEnd: (epoch, logs) => {
      trainingMs += lastStep - epochStart;
      const seconds = (performance.now() - t0) / 1000;
      if (secondsToBar == null && logs['val_acc']! >= schedule.bar) secondsToBar = Math.round(seconds);
      log(`epoch ${epoch + 1}: loss ${logs['loss']!.toFixed(4)} acc ${logs['acc']!.toFixed(4)} val_loss ${logs['val_loss']!.toFixed(4)} val_acc ${logs['val_acc']!.toFixed(4)} (${seconds.toFixed(0)} s)`);
      if (schedule.stopAt != null && logs['val_acc']! >= schedule.stopAt) controller.abort(); // good enough on validation: stop before the next epoch
      if (schedule.maxSeconds != null && seconds >= schedule.maxSeconds) controller.abort(); // the time budget is spent
      epochStart = performance.now();
    },
  });
  log(`stopped (${result.stopReason}) after ${result.epochs} epochs; the weights of epoch ${result.bestEpoch + 1} are kept`);
  const examples = result.epochs * ('count' in data.train ? data.train.count : data.train.x.shape[0]!); // every completed epoch is one pass
  return { result, secondsToBar, examplesPerSecond: Math.round(examples / (trainingMs / 1000)) };
}

/** Accuracy on the test and validation splits after a shipped run, logged in one line with the run's throughput. */
async function scoreClassifier(model: tf.LayersModel, data: { validation: { x: tf.Tensor; y: tf.Tensor }; test: { x: tf.Tensor; y: tf.Tensor } }, examplesPerSecond: number, log: (line: string) => void) {
  const testAccuracy = await classifierAccuracy(model, data.test);
  const validationAccuracy = await classifierAccuracy(model, data.validation);
  log(`validation accuracy ${validationAccuracy.toFixed(4)}, test accuracy (${data.test.y.shape[0]}) ${testAccuracy.toFixed(4)}; ${examplesPerSecond} examples/s`);
  return { testAccuracy, validationAccuracy };
}

/** `transformerClassifier`'s options besides the seed; `vocabSize` is the most ids the word tokenizer keeps (the shipped model has as many as it kept). */
type SentimentModelOptions = Omit<TransformerClassifierOptions, 'seed'>;

/** Class names of the sentiment model, by id. */
const SENTIMENT_LABELS = ['negative', 'positive'];

/** The sentiment recipe with its quick variant. */
type SentimentRecipe = WithVariants<Recipe<SentimentSentencesOptions, SentimentModelOptions, TrainingSettings>, 'quick'>;

/** The sentences of a config as tensors per split, with the word tokenizer fitted on the training split. */
async function sentimentData(config: RecipeConfig<SentimentSentencesOptions, SentimentModelOptions>, seed: number) {
  const ds = await sentimentSentences({ ...config.dataset.options, seed });
  const tokenizer = WordTokenizer.fit(ds.splits.train.map((s) => s.text), { maxVocab: config.model.options.vocabSize, lowercase: true });
  const { seqLen } = config.model.options;
  return {
    ds,
    tokenizer,
    train: sentimentTensors(ds.splits.train, tokenizer, seqLen),
    validation: sentimentTensors(ds.splits.validation, tokenizer, seqLen),
    test: sentimentTensors(ds.splits.test, tokenizer, seqLen),
  };
}

/**
 * Trains model (b) as the shipped run does: the tokenizer fitted on the
 * training sentences, early stopping on validation loss (best weights kept),
 * then accuracy on the validation and test splits.
 *
 * @param recipe - The data set, model, settings and bar (`sentimentRecipe`, or a copy with other settings).
 * @param log - Called with each progress line.
 * @returns The trained model and the metadata stored with the shipped weights.
 * @example
 * const { model, metadata } = await trainSentiment(sentimentRecipe, console.log);
 */
export async function trainSentiment(recipe: RecipeConfig<SentimentSentencesOptions, SentimentModelOptions> & Pick<Recipe, 'bar'>, log: (line: string) => void): Promise<Omit<PretrainedModel, 'name'>> {
  const { model: { options }, settings } = recipe;
  const data = await sentimentData(recipe, recipe.dataset.options.seed ?? 0);
  const { ds, tokenizer } = data;
  const sizes = { ...options, vocabSize: tokenizer.vocabSize, seed: settings.seed };
  const model = transformerClassifier(sizes);
  log(`${model.countParams()} parameters, vocab ${tokenizer.vocabSize}, seqLen ${options.seqLen}, ${ds.splits.train.length} training sentences, batch ${settings.batchSize}`);
  const { secondsToBar, examplesPerSecond } = await fitClassifier(model, data, { epochs: settings.epochs, batchSize: settings.batchSize, seed: settings.seed, patience: settings.patience!, bar: recipe.bar.value }, log);
  const { testAccuracy, validationAccuracy } = await scoreClassifier(model, data, examplesPerSecond, log);
  tf.dispose([data.train.x, data.train.y, data.validation.x, data.validation.y, data.test.x, data.test.y]);
  return {
    model,
    metadata: {
      kind: 'transformerClassifier',
      options: sizes,
      dataset: { loader: recipe.dataset.name, options: recipe.dataset.options },
      tokenizer: tokenizer.toJSON(),
      seqLen: options.seqLen,
      labels: [...SENTIMENT_LABELS],
      metrics: { testAccuracy, validationAccuracy },
      secondsToBar,
      examplesPerSecond,
    },
  };
}

const sentimentShipped: RecipeConfig<SentimentSentencesOptions, SentimentModelOptions> = {
  dataset: { name: 'sentimentSentences', options: { seed: 0 } },
  // seqLen 40: 98% of the training sentences fit, longer ones keep their first words.
  // numLayers 0: the pooling reads each word's own embedding (plus its position). After an encoder
  // block every position already mixes the whole sentence, so the pooling weights no longer say which
  // word counted; the models tests measure that the top-weighted word is a sentiment word.
  model: { factory: 'transformerClassifier', options: { vocabSize: 3000, seqLen: 40, numClasses: 2, dModel: 32, numHeads: 4, ffDim: 64, numLayers: 0, dropout: 0.2, learningRate: 0.001 } },
  settings: { epochs: 40, batchSize: 32, seed: 1, patience: 4 },
};

/** Model (b): attention pooling over the word embeddings (no encoder block, so each weight belongs to one word), on the 3,000 review sentences. */
export const sentimentRecipe: SentimentRecipe = {
  name: 'sentiment-transformer',
  description: 'model (b): negative or positive review sentences, attention pooling over the word embeddings with no encoder block, so each weight belongs to one word',
  ...sentimentShipped,
  bar: { metric: 'accuracy', value: 0.75, split: 'validation', better: 'higher' },
  quick: variantOf(sentimentShipped, {
    settings: { epochs: 4, patience: undefined },
    differences: '4 epochs without early stopping instead of up to 40 with it (the shipped run kept the weights of its epoch 11), and an embedding for all 3,000 ids the tokenizer may keep',
  }),
  createModel({ variant, seed } = {}) {
    const config = configOf(sentimentRecipe, variant);
    return transformerClassifier({ ...config.model.options, seed: seed ?? config.settings.seed }); // vocabSize: the most the tokenizer keeps
  },
  async loadData({ variant, seed } = {}): Promise<RecipeData> {
    const config = configOf(sentimentRecipe, variant);
    const options = { ...config.dataset.options, seed: seed ?? config.dataset.options.seed ?? 0 };
    const { tokenizer, train: tr, validation, test } = await sentimentData(config, options.seed);
    return {
      train: tr,
      validation,
      test,
      metadata: { tokenizer: tokenizer.toJSON(), seqLen: config.model.options.seqLen, labels: [...SENTIMENT_LABELS], dataset: { loader: config.dataset.name, options } },
      dispose: () => tf.dispose([tr.x, tr.y, validation.x, validation.y, test.x, test.y]),
    };
  },
  async evaluate(model, data) {
    return { accuracy: await classifierAccuracy(model, data.test) };
  },
  trainShipped: (log) => trainSentiment(sentimentRecipe, log),
};

/** The patch grid of the shipped MNIST model: 28x28 digits cut into 7x7 patches of 4x4 pixels. */
export const MNIST_GRID = { rows: 7, cols: 7, patchSize: 4, height: 28, width: 28 } as const;

/** `imageAttentionClassifier`'s options besides the seed. */
type MnistModelOptions = Omit<ImageAttentionClassifierOptions, 'seed'>;

/** MNIST's training settings. */
export interface MnistSettings extends TrainingSettings {
  /** Each training digit is shifted by up to this many pixels along each axis, anew every epoch (0: digits as they are). */
  maxShift: number;
}

/** The MNIST recipe with its browser variant. */
type MnistRecipe = WithVariants<Recipe<MnistOptions, MnistModelOptions, MnistSettings>, 'browser'>;

/**
 * Trains model (c) as the shipped run does: digits shifted anew every epoch,
 * the cosine schedule, early stopping on validation loss and a stop at
 * `settings.stopAt`, then accuracy on the validation and test splits.
 *
 * @param recipe - The data set, model, settings and bar (`mnistRecipe`, or a copy with other settings).
 * @param log - Called with each progress line.
 * @returns The trained model and the metadata stored with the shipped weights.
 * @example
 * const { model, metadata } = await trainMnist(mnistRecipe, console.log);
 */
export async function trainMnist(recipe: RecipeConfig<MnistOptions, MnistModelOptions, MnistSettings> & Pick<Recipe, 'bar'>, log: (line: string) => void): Promise<Omit<PretrainedModel, 'name'>> {
  const { settings } = recipe;
  const ds = await mnist(recipe.dataset.options);
  const sizes = { ...recipe.model.options, seed: settings.seed };
  const model = imageAttentionClassifier(sizes);
  const train = ds.splits.train;
  const stepsPerEpoch = Math.ceil(train.length / settings.batchSize);
  const totalSteps = settings.epochs * stepsPerEpoch;
  const data = {
    train: { count: train.length, batches: (epoch: number) => shiftedDigitBatches(train, settings.batchSize, settings.maxShift, 1000 + epoch) },
    validation: mnistTensors(ds.splits.validation),
    test: mnistTensors(ds.splits.test),
  };
  log(`${model.countParams()} parameters, ${train.length} training digits shifted by up to ${settings.maxShift} pixels, batch ${settings.batchSize}, a ${MNIST_GRID.rows}x${MNIST_GRID.cols} grid of ${MNIST_GRID.patchSize}x${MNIST_GRID.patchSize} patches`);
  log(`learning rate ${sizes.learningRate}, cosine to a tenth over ${settings.epochs} epochs`);
  const learningRate = learningRateOf(settings.schedule, { peak: sizes.learningRate, totalSteps });
  const { secondsToBar, examplesPerSecond } = await fitClassifier(
    model,
    data,
    { epochs: settings.epochs, batchSize: settings.batchSize, seed: settings.seed, patience: settings.patience!, bar: recipe.bar.value, ...(settings.stopAt != null ? { stopAt: settings.stopAt } : {}), ...(learningRate ? { learningRate } : {}) },
    log,
  );
  const { testAccuracy, validationAccuracy } = await scoreClassifier(model, data, examplesPerSecond, log);
  tf.dispose([data.validation.x, data.validation.y, data.test.x, data.test.y]);
  return {
    model,
    metadata: {
      kind: 'imageAttentionClassifier',
      options: sizes,
      dataset: { loader: recipe.dataset.name, options: recipe.dataset.options },
      input: 'images [batch, 28, 28, 1], pixels / 255',
      grid: MNIST_GRID,
      labels: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
      metrics: { testAccuracy, validationAccuracy },
      secondsToBar,
      examplesPerSecond,
    },
  };
}

const mnistShipped: RecipeConfig<MnistOptions, MnistModelOptions, MnistSettings> = {
  dataset: { name: 'mnist', options: { seed: 0 } },
  model: {
    factory: 'imageAttentionClassifier',
    // Each token reads its patch and the ring of patches around it (context 1, 12x12 pixels) and nothing
    // else: no token mixing, so a token's pooling weight is about its own place in the digit; and blank
    // patches are left out of the pooling as padding is, since a model otherwise parks weight on background.
    // The models tests measure that the top-weighted patch holds ink.
    options: { height: 28, width: 28, channels: 1, patchSize: MNIST_GRID.patchSize, numClasses: 10, dModel: 64, tokenHidden: 128, context: 1, tokenMixing: false, maskBlankPatches: true, numLayers: 0, dropout: 0.1, learningRate: 0.003 },
  },
  settings: { epochs: 30, batchSize: 64, seed: 1, maxShift: 2, patience: 6, stopAt: 0.985, schedule: { kind: 'cosineToATenth', warmupSteps: 0 } },
};

/** Model (c): attention pooling over the inked patches of a 7x7 grid, each reading its 3x3 neighbourhood, on the 8,000 training digits. */
export const mnistRecipe: MnistRecipe = {
  name: 'mnist-attention',
  description: 'model (c): handwritten digits, attention pooling over the inked patches of a 7x7 grid, each patch reading its neighbours',
  ...mnistShipped,
  bar: { metric: 'accuracy', value: 0.96, split: 'validation', better: 'higher' },
  browser: variantOf(mnistShipped, {
    model: { learningRate: 0.001 },
    settings: { epochs: 1, maxShift: 0, patience: undefined, stopAt: undefined, schedule: undefined },
    differences: 'the first 1,000 to 8,000 training digits (chosen on the page) as they are instead of all 8,000 shifted by up to 2 pixels, at a constant rate of 0.001 instead of 0.003 decayed along a cosine, for an epoch or a few of seconds in a browser',
  }),
  createModel({ variant, seed } = {}) {
    const config = configOf(mnistRecipe, variant);
    return imageAttentionClassifier({ ...config.model.options, seed: seed ?? config.settings.seed });
  },
  async loadData({ variant, seed } = {}): Promise<RecipeData> {
    const config = configOf(mnistRecipe, variant);
    const options = { ...config.dataset.options, seed: seed ?? config.dataset.options.seed ?? 0 };
    const ds = await mnist(options);
    const [tr, validation, test] = [mnistTensors(ds.splits.train), mnistTensors(ds.splits.validation), mnistTensors(ds.splits.test)];
    return {
      train: tr,
      validation,
      test,
      metadata: { dataset: { loader: config.dataset.name, options }, grid: MNIST_GRID },
      dispose: () => tf.dispose([tr.x, tr.y, validation.x, validation.y, test.x, test.y]),
    };
  },
  async evaluate(model, data) {
    return { accuracy: await classifierAccuracy(model, data.test) };
  },
  trainShipped: (log) => trainMnist(mnistRecipe, log),
};
