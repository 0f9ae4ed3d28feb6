// Recipes of the Transformer text classifier (model b) and the MNIST attention classifier (model c).
import * as tf from '@tensorflow/tfjs';
import { WordTokenizer, mnist, sentimentSentences, type MnistDigit, type SentimentSentence } from '@attention-lab/datasets';
import { imageAttentionClassifier } from '../src/image-attention-classifier.js';
import { transformerClassifier } from '../src/transformer-classifier.js';
import { train, type Batch } from '../src/train.js';
import { cosineToATenth, type Recipe } from './recipe.js';

/** The shipped sentiment model's input length: 98% of the training sentences fit, longer ones keep their first words. */
export const SENTIMENT_SEQ_LEN = 40;

/**
 * Sentences as ids `[n, seqLen]` (padded with 0, cut after `seqLen` words)
 * and labels `[n]`. Shared by the recipe and the shipped-weights test.
 */
export function sentimentTensors(sentences: readonly SentimentSentence[], tokenizer: WordTokenizer, seqLen: number): { x: tf.Tensor2D; y: tf.Tensor1D } {
  const rows = sentences.map((s) => {
    const ids = tokenizer.encode(s.text).slice(0, seqLen);
    return [...ids, ...new Array<number>(seqLen - ids.length).fill(0)];
  });
  return { x: tf.tensor2d(rows, [sentences.length, seqLen], 'int32'), y: tf.tensor1d(sentences.map((s) => s.label), 'float32') };
}

/** Digits as images `[n, 28, 28, 1]` scaled to 0..1 and labels `[n]`. Shared by the recipe and the shipped-weights test. */
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

/** Share of `data.x` whose most likely class is `data.y`. */
export async function classifierAccuracy(model: tf.LayersModel, data: { x: tf.Tensor; y: tf.Tensor }): Promise<number> {
  const acc = tf.tidy(() => (model.predict(data.x, { batchSize: 250 }) as tf.Tensor).argMax(-1).toFloat().equal(data.y).mean());
  const value = (await acc.data())[0]!;
  acc.dispose();
  return value;
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
  schedule: { epochs: number; batchSize: number; patience: number; bar: number; stopAt?: number; maxSeconds?: number; learningRate?: (step: number) => number },
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
    seed: 1,
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

/** Model (b): a one-block Transformer encoder with attention pooling over the words, on the 3,000 review sentences. */
const sentimentRecipe: Recipe = {
  name: 'sentiment-transformer',
  async train(log) {
    const ds = await sentimentSentences({ seed: 0 });
    const tokenizer = WordTokenizer.fit(ds.splits.train.map((s) => s.text), { maxVocab: 3000, lowercase: true });
    const sizes = { vocabSize: tokenizer.vocabSize, seqLen: SENTIMENT_SEQ_LEN, numClasses: 2, dModel: 32, numHeads: 4, ffDim: 64, numLayers: 1, dropout: 0.2, learningRate: 0.001, seed: 1 };
    const model = transformerClassifier(sizes);
    const data = {
      train: sentimentTensors(ds.splits.train, tokenizer, SENTIMENT_SEQ_LEN),
      validation: sentimentTensors(ds.splits.validation, tokenizer, SENTIMENT_SEQ_LEN),
      test: sentimentTensors(ds.splits.test, tokenizer, SENTIMENT_SEQ_LEN),
    };
    log(`${model.countParams()} parameters, vocab ${tokenizer.vocabSize}, seqLen ${SENTIMENT_SEQ_LEN}, ${ds.splits.train.length} training sentences, batch 32`);
    const { secondsToBar, examplesPerSecond } = await fitClassifier(model, data, { epochs: 40, batchSize: 32, patience: 4, bar: 0.75 }, log);
    const testAccuracy = await classifierAccuracy(model, data.test);
    const validationAccuracy = await classifierAccuracy(model, data.validation);
    log(`validation accuracy ${validationAccuracy.toFixed(4)}, test accuracy (${ds.splits.test.length}) ${testAccuracy.toFixed(4)}; ${examplesPerSecond} examples/s`);
    tf.dispose([data.train.x, data.train.y, data.validation.x, data.validation.y, data.test.x, data.test.y]);
    return {
      model,
      metadata: {
        kind: 'transformerClassifier',
        options: sizes,
        dataset: { loader: 'sentimentSentences', options: { seed: 0 } },
        tokenizer: tokenizer.toJSON(),
        seqLen: SENTIMENT_SEQ_LEN,
        labels: ['negative', 'positive'],
        metrics: { testAccuracy, validationAccuracy },
        secondsToBar,
        examplesPerSecond,
      },
    };
  },
};

/** The patch grid of the shipped MNIST model: 28x28 digits cut into 7x7 patches of 4x4 pixels. */
export const MNIST_GRID = { rows: 7, cols: 7, patchSize: 4, height: 28, width: 28 } as const;

/** Model (c): attention pooling over a 7x7 grid of patches of the 8,000 training digits. */
const mnistRecipe: Recipe = {
  name: 'mnist-attention',
  async train(log) {
    const ds = await mnist({ seed: 0 });
    const sizes = { height: 28, width: 28, channels: 1, patchSize: MNIST_GRID.patchSize, numClasses: 10, dModel: 64, tokenHidden: 128, context: 2, tokenMixing: true, numLayers: 0, dropout: 0.1, learningRate: 0.003, seed: 1 };
    const model = imageAttentionClassifier(sizes);
    const train = ds.splits.train;
    const schedule = { epochs: 30, batchSize: 64, maxShift: 2, peak: sizes.learningRate };
    const stepsPerEpoch = Math.ceil(train.length / schedule.batchSize);
    const totalSteps = schedule.epochs * stepsPerEpoch;
    const data = {
      train: { count: train.length, batches: (epoch: number) => shiftedDigitBatches(train, schedule.batchSize, schedule.maxShift, 1000 + epoch) },
      validation: mnistTensors(ds.splits.validation),
      test: mnistTensors(ds.splits.test),
    };
    log(`${model.countParams()} parameters, ${train.length} training digits shifted by up to ${schedule.maxShift} pixels, batch ${schedule.batchSize}, a ${MNIST_GRID.rows}x${MNIST_GRID.cols} grid of ${MNIST_GRID.patchSize}x${MNIST_GRID.patchSize} patches`);
    log(`learning rate ${schedule.peak}, cosine to a tenth over ${schedule.epochs} epochs`);
    const learningRate = cosineToATenth(schedule.peak, 0, totalSteps);
    const { secondsToBar, examplesPerSecond } = await fitClassifier(model, data, { epochs: schedule.epochs, batchSize: schedule.batchSize, patience: 6, bar: 0.96, stopAt: 0.985, learningRate }, log);
    const testAccuracy = await classifierAccuracy(model, data.test);
    const validationAccuracy = await classifierAccuracy(model, data.validation);
    log(`validation accuracy ${validationAccuracy.toFixed(4)}, test accuracy (${ds.splits.test.length}) ${testAccuracy.toFixed(4)}; ${examplesPerSecond} examples/s`);
    tf.dispose([data.validation.x, data.validation.y, data.test.x, data.test.y]);
    return {
      model,
      metadata: {
        kind: 'imageAttentionClassifier',
        options: sizes,
        dataset: { loader: 'mnist', options: { seed: 0 } },
        input: 'images [batch, 28, 28, 1], pixels / 255',
        grid: MNIST_GRID,
        labels: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
        metrics: { testAccuracy, validationAccuracy },
        secondsToBar,
        examplesPerSecond,
      },
    };
  },
};

export const CLASSIFIER_RECIPES: Recipe[] = [sentimentRecipe, mnistRecipe];
