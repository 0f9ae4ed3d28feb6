// Model (f): character language models on Moby-Dick, an LSTM and a causal
// Transformer. Both read 64 characters of lowercased text, train on random
// windows of the training chapters with the same kind of schedule, and are
// scored in bits per character on the unseen validation and test chapters.
import * as tf from '@tensorflow/tfjs';
import { CharTokenizer, createRng, languageModelWindows, mobyDick, type MobyDickChapter, type MobyDickOptions } from '@attention-lab/datasets';
import type { PretrainedModel } from '../load-pretrained.js';
import { generateText } from '../generate-text.js';
import { lstmLanguageModel, type LstmLanguageModelOptions } from '../lstm-language-model.js';
import { configOf, variantOf, type Recipe, type RecipeConfig, type RecipeData, type RecipeVariant, type SplitTensors, type TrainingSettings } from '../recipe.js';
import { train, type Batch } from '../train.js';
import { transformerLanguageModel, type TransformerLanguageModelOptions } from '../transformer-language-model.js';
import { learningRateOf } from './learning-rate-of.js';

/** The characters the language models read and write, besides the tokenizer's special tokens. */
export const MOBY_DICK_ALPHABET = "abcdefghijklmnopqrstuvwxyz \n.,;:'\"!?-()";

/**
 * The text the language models see: chapters joined by a newline, lowercased,
 * the em dash written as `-`, and every character outside {@link MOBY_DICK_ALPHABET}
 * (digits, `*`, `$`, `[`, `]`, `&`: about 0.04% of the book) removed.
 *
 * @param chapters - Chapters of `mobyDick()`.
 * @returns The text.
 * @example
 * const text = mobyDickText((await mobyDick()).splits.test);
 */
export function mobyDickText(chapters: readonly MobyDickChapter[]): string {
  const keep = new Set(MOBY_DICK_ALPHABET);
  const text = chapters.map((c) => c.text).join('\n').toLowerCase().replaceAll('—', '-');
  return Array.from(text).filter((c) => keep.has(c)).join('');
}

/** Natural log-probabilities `[n, seqLen]` that a next-token model gives each target of windows `[n, seqLen]`. */
function targetLogProbabilities(model: tf.LayersModel, inputs: tf.Tensor2D, targets: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const probs = model.predict(inputs) as tf.Tensor3D; // [n, seqLen, vocab]
    const picked = tf.sum(tf.mul(probs, tf.oneHot(targets, probs.shape[2])), -1); // [n, seqLen]
    return tf.log(tf.maximum(picked, 1e-30)) as tf.Tensor2D; // natural log
  });
}

/**
 * Mean cross-entropy in bits of a next-token model over a token stream: every
 * token after the first is predicted once. Windows of `seqLen` start every
 * `stride` tokens (and one more ends at the last token); each window scores
 * only the targets no earlier window scored, so every prediction but those of
 * the first window sees at least `seqLen - stride` tokens of context.
 *
 * @param model - Ids `[batch, seqLen]` to probabilities `[batch, seqLen, vocab]`.
 * @param ids - The token stream, at least `seqLen + 1` ids.
 * @param options - `stride` (default `seqLen / 2`), `batchSize` (default 256).
 * @returns Bits per token (per character for a character model).
 * @example
 * const bpc = await bitsPerCharacter(model, tokenizer.encode(mobyDickText(ds.splits.test)));
 */
export async function bitsPerCharacter(model: tf.LayersModel, ids: ArrayLike<number>, options: { stride?: number; batchSize?: number } = {}): Promise<number> {
  const seqLen = model.inputs[0]!.shape[1]!;
  const stride = options.stride ?? Math.max(1, Math.floor(seqLen / 2));
  const n = ids.length;
  if (n < seqLen + 1) throw new RangeError(`bitsPerCharacter: argument 'ids' has ${n} ids; a window of seqLen ${seqLen} and its target need at least ${seqLen + 1}`);
  const starts: number[] = [];
  for (let s = 0; s + seqLen + 1 <= n; s += stride) starts.push(s);
  if (starts[starts.length - 1] !== n - seqLen - 1) starts.push(n - seqLen - 1);
  const batchSize = options.batchSize ?? 256;
  let bits = 0;
  let scoredUpTo = 0; // targets ids[1..scoredUpTo] are scored
  for (let b = 0; b < starts.length; b += batchSize) {
    const chunk = starts.slice(b, b + batchSize);
    const x = new Int32Array(chunk.length * seqLen);
    chunk.forEach((s, i) => x.set(Array.prototype.slice.call(ids, s, s + seqLen) as number[], i * seqLen));
    const logP = tf.tidy(() => {
      const inputs = tf.tensor2d(x, [chunk.length, seqLen], 'int32');
      const targets = tf.tensor2d(Int32Array.from(chunk.flatMap((s) => Array.prototype.slice.call(ids, s + 1, s + seqLen + 1) as number[])), [chunk.length, seqLen], 'int32');
      return targetLogProbabilities(model, inputs, targets);
    });
    const values = await logP.data();
    logP.dispose();
    chunk.forEach((s, i) => {
      for (let t = 0; t < seqLen; t++) {
        if (s + t + 1 <= scoredUpTo) continue; // already scored by an earlier window
        bits -= values[i * seqLen + t]! / Math.LN2;
      }
      scoredUpTo = s + seqLen;
    });
  }
  return bits / (n - 1);
}

/**
 * Mean cross-entropy in bits per target of a next-token model over whole
 * windows (each window scored on its own, from its first token).
 *
 * @param model - Ids `[batch, seqLen]` to probabilities `[batch, seqLen, vocab]`.
 * @param data - Windows `x` `[n, seqLen]` and their next tokens `y` `[n, seqLen, 1]`.
 * @returns Bits per token.
 * @example
 * const bits = await windowBits(model, data.test);
 */
export async function windowBits(model: tf.LayersModel, data: { x: tf.Tensor | tf.Tensor[]; y: tf.Tensor }): Promise<number> {
  const x = data.x as tf.Tensor2D;
  const [n, seqLen] = x.shape;
  let bits = 0;
  for (let start = 0; start < n; start += 256) {
    const size = Math.min(256, n - start);
    const logP = tf.tidy(() => targetLogProbabilities(model, x.slice([start, 0], [size, seqLen]), data.y.slice([start, 0, 0], [size, seqLen, 1]).reshape([size, seqLen]).toInt() as tf.Tensor2D)); // [size, seqLen]
    bits -= (await logP.sum().data())[0]! / Math.LN2;
    logP.dispose();
  }
  return bits / (n * seqLen);
}

/** Windows that carry a repeated span of random tokens (the induction mix of {@link randomWindows}). */
export interface RepeatedSpans {
  /** Share of windows in `[0, 1]` that get one span. */
  share: number;
  /** Span lengths are drawn uniformly from `[min, max]` tokens; both copies must fit a window. */
  min: number;
  max: number;
  /** Random tokens are drawn uniformly from `[firstId, vocab)` (leave out special tokens). */
  firstId: number;
  vocab: number;
}

/**
 * Random training windows: `steps` batches of `batchSize` windows of `seqLen`
 * ids and their targets `[batch, seqLen, 1]`. With `repeat`, that share of the
 * windows has a span of random tokens written into it twice in a row, so the
 * second copy can only be predicted by looking back at the first (what an
 * induction head does).
 *
 * @param ids - The training token stream.
 * @param seqLen - Tokens per window.
 * @param batchSize - Windows per batch.
 * @param steps - Batches.
 * @param seed - Seed of the window starts (and the spans).
 * @param repeat - The share and lengths of repeated spans. Default: none.
 * @returns Batches `{ x [batch, seqLen] int32, y [batch, seqLen, 1] }`; `train` disposes them.
 * @example
 * const batches = (epoch: number) => randomWindows(ids, 64, 32, 200, 1000 + epoch);
 */
export function randomWindows(ids: Int32Array, seqLen: number, batchSize: number, steps: number, seed: number, repeat?: RepeatedSpans): Iterable<Batch> {
  const rng = createRng(seed);
  return (function* () {
    const window = new Int32Array(seqLen + 1);
    for (let step = 0; step < steps; step++) {
      const x = new Int32Array(batchSize * seqLen);
      const y = new Float32Array(batchSize * seqLen);
      for (let i = 0; i < batchSize; i++) {
        const s = rng.int(ids.length - seqLen);
        window.set(ids.subarray(s, s + seqLen + 1));
        if (repeat && rng.next() < repeat.share) {
          const length = repeat.min + rng.int(repeat.max - repeat.min + 1);
          const start = rng.int(seqLen + 2 - 2 * length);
          for (let j = 0; j < length; j++) window[start + j] = window[start + length + j] = repeat.firstId + rng.int(repeat.vocab - repeat.firstId);
        }
        x.set(window.subarray(0, seqLen), i * seqLen);
        y.set(window.subarray(1, seqLen + 1), i * seqLen);
      }
      yield { x: tf.tensor2d(x, [batchSize, seqLen], 'int32'), y: tf.tensor3d(y, [batchSize, seqLen, 1], 'float32') };
    }
  })();
}

/**
 * Token streams per split as a recipe's data: whole, non-overlapping windows
 * `x` `[n, seqLen]` int32 and their next tokens `y` `[n, seqLen, 1]`, with
 * the data set, the tokenizer and `seqLen` as metadata.
 *
 * @param ids - Token streams per split.
 * @param tokenizer - The tokenizer that made them (saved as JSON).
 * @param dataset - The data set's name and options.
 * @param seqLen - Tokens per window.
 * @returns The three splits as tensors; the caller calls `dispose()`.
 * @example
 * const data = windowData(ids, tokenizer, { name: 'mobyDick', options: { seed: 0 } }, 64);
 */
export function windowData(ids: Record<'train' | 'validation' | 'test', ArrayLike<number>>, tokenizer: { toJSON(): unknown }, dataset: { name: string; options: object }, seqLen: number): RecipeData {
  const tensors = (stream: ArrayLike<number>): SplitTensors => {
    const { inputs, targets, shape } = languageModelWindows(stream, { seqLen });
    return { x: tf.tensor2d(inputs, shape, 'int32'), y: tf.tensor3d(Float32Array.from(targets), [shape[0], shape[1], 1]) }; // [n, seqLen], [n, seqLen, 1]
  };
  const splits = { train: tensors(ids.train), validation: tensors(ids.validation), test: tensors(ids.test) };
  return {
    ...splits,
    metadata: { dataset, tokenizer: tokenizer.toJSON(), seqLen },
    dispose: () => tf.dispose(Object.values(splits).flatMap((s) => [s.x, s.y]).flat()),
  };
}

/** `transformerLanguageModel`'s options of the character Transformer, besides `vocabSize` (the tokenizer's) and `seed`. */
type CharTransformerOptions = Omit<TransformerLanguageModelOptions, 'vocabSize' | 'seed'>;

/** `lstmLanguageModel`'s options of the character LSTM, besides `vocabSize` and `seed`. */
type CharLstmOptions = Omit<LstmLanguageModelOptions, 'vocabSize' | 'seed'>;

/** A language model's training settings. */
export interface LanguageModelSettings extends TrainingSettings {
  /** Batches of random windows per epoch. */
  stepsPerEpoch: number;
  /** Tokens of the validation text scored after each epoch (the full text is scored at the end). */
  validationSample: number;
  /** Read only the first this many characters of the training text. Default: all of it. */
  trainingCharacters?: number;
}

/** A character language model recipe, with the variants it has. */
type LanguageRecipe<M extends CharTransformerOptions | CharLstmOptions, V extends object = object> = Recipe<MobyDickOptions, M, LanguageModelSettings> & V;

type Config = RecipeConfig<MobyDickOptions, CharTransformerOptions | CharLstmOptions, LanguageModelSettings>;

/** The model of a config; the vocabulary is the tokenizer's. */
function languageModel(config: Config, vocabSize: number, seed: number): tf.LayersModel {
  const options = { vocabSize, ...config.model.options, seed };
  return config.model.factory === 'transformerLanguageModel' ? transformerLanguageModel(options) : lstmLanguageModel(options);
}

/** The book's splits as text and ids, with the character tokenizer fitted on the training text. */
async function languageData(config: Config, seed: number) {
  const ds = await mobyDick({ ...config.dataset.options, seed });
  const train = mobyDickText(ds.splits.train);
  const text = { train: config.settings.trainingCharacters == null ? train : train.slice(0, config.settings.trainingCharacters), validation: mobyDickText(ds.splits.validation), test: mobyDickText(ds.splits.test) };
  const tokenizer = CharTokenizer.fit(text.train);
  const ids = { train: Int32Array.from(tokenizer.encode(text.train)), validation: tokenizer.encode(text.validation), test: tokenizer.encode(text.test) };
  return { tokenizer, ids };
}

/**
 * Trains a character language model as the shipped runs do: random windows of
 * the training chapters under the settings' schedule, bits per character on
 * the validation sample after each epoch (a stop at `settings.stopAt`), then
 * on the full validation and test chapters, and a sample.
 *
 * @param recipe - The data set, model, settings and bar (a character recipe, or a copy with other settings).
 * @param log - Called with each progress line.
 * @returns The trained model and the metadata stored with the shipped weights.
 * @example
 * const { model, metadata } = await trainLanguageModel(recipe('char-lstm'), console.log);
 */
export async function trainLanguageModel(recipe: Config & Pick<Recipe, 'bar'>, log: (line: string) => void): Promise<Omit<PretrainedModel, 'name'>> {
  const { settings } = recipe;
  const { seqLen, learningRate: peak, ...architecture } = recipe.model.options;
  const { tokenizer, ids } = await languageData(recipe, recipe.dataset.options.seed ?? 0);
  const model = languageModel(recipe, tokenizer.vocabSize, settings.seed);
  log(`${model.countParams()} parameters, vocab ${tokenizer.vocabSize}; characters: train ${ids.train.length}, validation ${ids.validation.length}, test ${ids.test.length}`);
  log(`${settings.epochs} epochs of ${settings.stepsPerEpoch} batches of ${settings.batchSize} random windows of ${seqLen}; lr ${peak} (warm-up ${settings.schedule?.warmupSteps ?? 0} steps, cosine to a tenth)`);
  const totalSteps = settings.epochs * settings.stepsPerEpoch;
  const learningRate = learningRateOf(settings.schedule, { peak, totalSteps });
  const validationSample = ids.validation.slice(0, settings.validationSample);
  const controller = new AbortController();
  let trainingMs = 0;
  let secondsToBar: number | null = null;
  let epochStart = performance.now();
  const result = await train(model, (epoch) => randomWindows(ids.train, seqLen, settings.batchSize, settings.stepsPerEpoch, 1000 + epoch), {
    epochs: settings.epochs,
    ...(learningRate ? { learningRate } : {}),
    signal: controller.signal,
    onEpochEnd: async (epoch, logs) => {
      trainingMs += performance.now() - epochStart; // training time only: the evaluation below is not counted
      const bpc = await bitsPerCharacter(model, validationSample);
      if (secondsToBar == null && bpc <= recipe.bar.value) secondsToBar = Math.round(trainingMs / 1000);
      log(`epoch ${epoch + 1}: loss ${(logs['loss']! / Math.LN2).toFixed(3)} bpc, validation (first ${validationSample.length} characters) ${bpc.toFixed(3)} bpc, lr ${logs['learningRate']!.toExponential(2)} (${(trainingMs / 1000).toFixed(0)} s training)`);
      if (settings.stopAt != null && bpc <= settings.stopAt) controller.abort(); // good enough: stop before the next epoch
      epochStart = performance.now();
    },
  });
  const windows = result.steps * settings.batchSize;
  const examplesPerSecond = windows / (trainingMs / 1000);
  const validation = await bitsPerCharacter(model, ids.validation);
  const test = await bitsPerCharacter(model, ids.test);
  const prompt = 'call me ishmael. ';
  const { ids: sample } = await generateText(model, tokenizer.encode(prompt), { maxTokens: 160, temperature: 0.7, topK: 8, seed: 1, suppressIds: [0, 1, 2, 3] });
  log(`${result.steps} steps, ${windows} windows in ${(trainingMs / 1000).toFixed(0)} s (${examplesPerSecond.toFixed(1)} windows/s, ${(examplesPerSecond * seqLen).toFixed(0)} characters/s)`);
  log(`bits per character: validation ${validation.toFixed(4)}, test ${test.toFixed(4)} (bar ${recipe.bar.value}); ${secondsToBar == null ? 'the validation sample never went under it during training' : `reached on the validation sample after ${secondsToBar} s`}`);
  log(`sample (temperature 0.7, top-8, seed 1): ${JSON.stringify(prompt + tokenizer.decode(sample))}`);
  return {
    model,
    metadata: {
      kind: recipe.model.factory,
      options: architecture,
      dataset: { ...recipe.dataset, text: 'chapters joined by a newline, lowercased, — as -, characters outside the alphabet removed', alphabet: MOBY_DICK_ALPHABET },
      tokenizer: tokenizer.toJSON(),
      seqLen,
      metrics: { validationBitsPerCharacter: validation, testBitsPerCharacter: test, evaluation: `every character after the first, windows of ${seqLen} every ${seqLen / 2}` },
      bar: recipe.bar.value,
      secondsToBar,
      examplesPerSecond: Math.round(examplesPerSecond * 10) / 10,
      steps: result.steps,
      parameters: model.countParams(),
    },
  };
}

/**
 * A character language model recipe: data as whole windows of the book's
 * splits, scored in bits per character over those windows.
 *
 * @param spec - Name, description, bar, the shipped data set, model and settings, and the variants.
 * @returns The recipe.
 * @example
 * const charLstm = languageRecipe({ name: 'char-lstm', description: 'an LSTM language model', bar, ...shipped });
 */
export function languageRecipe<M extends CharTransformerOptions | CharLstmOptions, V extends { quick?: RecipeVariant<MobyDickOptions, M, LanguageModelSettings>; browser?: RecipeVariant<MobyDickOptions, M, LanguageModelSettings> }>(
  spec: Pick<Recipe<MobyDickOptions, M, LanguageModelSettings>, 'name' | 'description' | 'bar' | 'dataset' | 'model' | 'settings'> & V,
): LanguageRecipe<M, V> {
  const recipe: LanguageRecipe<M, V> = {
    ...spec,
    createModel({ variant, seed } = {}) {
      const config = configOf(recipe, variant);
      // The tokenizer fitted on the training chapters holds every character of the alphabet and the 4 special tokens.
      return languageModel(config, MOBY_DICK_ALPHABET.length + 4, seed ?? config.settings.seed);
    },
    async loadData({ variant, seed } = {}): Promise<RecipeData> {
      const config = configOf(recipe, variant);
      const options = { ...config.dataset.options, seed: seed ?? config.dataset.options.seed ?? 0 };
      const { tokenizer, ids } = await languageData(config, options.seed);
      return windowData(ids, tokenizer, { name: config.dataset.name, options }, config.model.options.seqLen);
    },
    async evaluate(model, data) {
      return { bitsPerCharacter: await windowBits(model, data.test) };
    },
    trainShipped: (log) => trainLanguageModel(recipe, log),
  };
  return recipe;
}

const charTransformerShipped: RecipeConfig<MobyDickOptions, CharTransformerOptions, LanguageModelSettings> = {
  dataset: { name: 'mobyDick', options: { seed: 0 } },
  model: { factory: 'transformerLanguageModel', options: { seqLen: 64, learningRate: 0.003, dModel: 128, numBlocks: 2, numHeads: 4, ffDim: 256 } },
  settings: { epochs: 30, batchSize: 32, seed: 1, stepsPerEpoch: 200, validationSample: 10_000, stopAt: 2.1, schedule: { kind: 'cosineToATenth', warmupSteps: 200 } },
};

/** Model (f), the causal Transformer: two blocks of dModel 128 reading 64 characters. */
export const charTransformerRecipe = languageRecipe({
  name: 'char-transformer',
  description: 'model (f): a causal Transformer language model of Moby-Dick, one character at a time',
  bar: { metric: 'bitsPerCharacter', value: 2.2, split: 'validation', better: 'lower' },
  ...charTransformerShipped,
  browser: variantOf(charTransformerShipped, {
    model: { seqLen: 48, dModel: 48, numBlocks: 1, ffDim: 192 },
    settings: { epochs: 4, stepsPerEpoch: 50, validationSample: 20_000, trainingCharacters: 200_000, schedule: undefined, stopAt: undefined },
    differences: 'one block of dModel 48 reading 48 characters instead of two of dModel 128 reading 64, 50 steps an epoch instead of 200 at a constant rate, on the first 200,000 characters of the training chapters, so an epoch takes seconds in a browser',
  }),
});

/** Model (f), the LSTM baseline: 116 units over 32-wide embeddings, reading 64 characters. */
export const charLstmRecipe = languageRecipe({
  name: 'char-lstm',
  description: 'model (f) without attention: an LSTM language model of Moby-Dick, one character at a time',
  bar: { metric: 'bitsPerCharacter', value: 2.2, split: 'validation', better: 'lower' },
  dataset: { name: 'mobyDick', options: { seed: 0 } },
  model: { factory: 'lstmLanguageModel', options: { seqLen: 64, learningRate: 0.01, embeddingDim: 32, units: 116 } },
  settings: { epochs: 20, batchSize: 32, seed: 1, stepsPerEpoch: 200, validationSample: 10_000, stopAt: 2.15, schedule: { kind: 'cosineToATenth', warmupSteps: 100 } },
});
