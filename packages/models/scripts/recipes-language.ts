// Recipes of the character language models on Moby-Dick (model f): an LSTM and a causal Transformer.
// Both read 64 characters of lowercased text, train on random windows of the training chapters with
// the same schedule, and are scored in bits per character on the unseen validation and test chapters.
import * as tf from '@tensorflow/tfjs';
import { CharTokenizer, createRng, mobyDick, type MobyDickChapter } from '@attention-lab/datasets';
import { generateText } from '../src/generate-text.js';
import { lstmLanguageModel } from '../src/lstm-language-model.js';
import { train, type Batch } from '../src/train.js';
import { transformerLanguageModel } from '../src/transformer-language-model.js';
import { cosineToATenth, type Recipe } from './recipe.js';

/** The characters the language models read and write, besides the tokenizer's special tokens. */
export const MOBY_DICK_ALPHABET = "abcdefghijklmnopqrstuvwxyz \n.,;:'\"!?-()";

/**
 * The text the language models see: chapters joined by a blank line, lowercased,
 * the em dash written as `-`, and every character outside {@link MOBY_DICK_ALPHABET}
 * (digits, `*`, `$`, `[`, `]`, `&`: about 0.04% of the book) removed.
 */
export function mobyDickText(chapters: readonly MobyDickChapter[]): string {
  const keep = new Set(MOBY_DICK_ALPHABET);
  const text = chapters.map((c) => c.text).join('\n').toLowerCase().replaceAll('—', '-');
  return Array.from(text).filter((c) => keep.has(c)).join('');
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
      const probs = model.predict(inputs) as tf.Tensor3D; // [chunk, seqLen, vocab]
      const targets = tf.tensor2d(Int32Array.from(chunk.flatMap((s) => Array.prototype.slice.call(ids, s + 1, s + seqLen + 1) as number[])), [chunk.length, seqLen], 'int32');
      const picked = tf.sum(tf.mul(probs, tf.oneHot(targets, probs.shape[2])), -1); // [chunk, seqLen]
      return tf.log(tf.maximum(picked, 1e-30)); // natural log
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

interface LanguageSchedule {
  /** Batches per epoch (random windows). */
  stepsPerEpoch: number;
  /** Most epochs. */
  epochs: number;
  batchSize: number;
  /** Peak learning rate, after a linear warm-up, then a cosine decay to a tenth over all epochs. */
  learningRate: number;
  warmupSteps: number;
  /** The bar on validation bits per character (`secondsToBar`); stop early once validation reaches `stopAt`. */
  bar: number;
  stopAt: number;
  /** Characters of the validation text scored after each epoch (the full text is scored at the end). */
  validationSample: number;
  /** The model's size options (`transformerLanguageModel` or `lstmLanguageModel`, by the recipe's name). */
  options: Record<string, number | boolean>;
}

const SEQ_LEN = 64;

export function languageRecipe(name: 'char-transformer' | 'char-lstm', schedule: LanguageSchedule): Recipe {
  return {
    name,
    async train(log) {
      const ds = await mobyDick({ seed: 0 });
      const text = { train: mobyDickText(ds.splits.train), validation: mobyDickText(ds.splits.validation), test: mobyDickText(ds.splits.test) };
      const tokenizer = CharTokenizer.fit(text.train);
      const ids = { train: Int32Array.from(tokenizer.encode(text.train)), validation: tokenizer.encode(text.validation), test: tokenizer.encode(text.test) };
      const sizes = { kind: name === 'char-transformer' ? 'transformerLanguageModel' : 'lstmLanguageModel', options: schedule.options };
      const common = { vocabSize: tokenizer.vocabSize, seqLen: SEQ_LEN, learningRate: schedule.learningRate, seed: 1 };
      const model = name === 'char-transformer' ? transformerLanguageModel({ ...common, ...sizes.options }) : lstmLanguageModel({ ...common, ...sizes.options });
      log(`${model.countParams()} parameters, vocab ${tokenizer.vocabSize}; characters: train ${ids.train.length}, validation ${ids.validation.length}, test ${ids.test.length}`);
      log(`${schedule.epochs} epochs of ${schedule.stepsPerEpoch} batches of ${schedule.batchSize} random windows of ${SEQ_LEN}; lr ${schedule.learningRate} (warm-up ${schedule.warmupSteps} steps, cosine to a tenth)`);
      const totalSteps = schedule.epochs * schedule.stepsPerEpoch;
      const learningRate = cosineToATenth(schedule.learningRate, schedule.warmupSteps, totalSteps);
      const validationSample = ids.validation.slice(0, schedule.validationSample);
      const controller = new AbortController();
      let trainingMs = 0;
      let secondsToBar: number | null = null;
      let epochStart = performance.now();
      const result = await train(model, (epoch) => randomWindows(ids.train, SEQ_LEN, schedule.batchSize, schedule.stepsPerEpoch, 1000 + epoch), {
        epochs: schedule.epochs,
        learningRate,
        signal: controller.signal,
        onEpochEnd: async (epoch, logs) => {
          trainingMs += performance.now() - epochStart; // training time only: the evaluation below is not counted
          const bpc = await bitsPerCharacter(model, validationSample);
          if (secondsToBar == null && bpc <= schedule.bar) secondsToBar = Math.round(trainingMs / 1000);
          log(`epoch ${epoch + 1}: loss ${(logs['loss']! / Math.LN2).toFixed(3)} bpc, validation (first ${validationSample.length} characters) ${bpc.toFixed(3)} bpc, lr ${logs['learningRate']!.toExponential(2)} (${(trainingMs / 1000).toFixed(0)} s training)`);
          if (bpc <= schedule.stopAt) controller.abort(); // good enough: stop before the next epoch
          epochStart = performance.now();
        },
      });
      const windows = result.steps * schedule.batchSize;
      const examplesPerSecond = windows / (trainingMs / 1000);
      const validation = await bitsPerCharacter(model, ids.validation);
      const test = await bitsPerCharacter(model, ids.test);
      const prompt = 'call me ishmael. ';
      const { ids: sample } = await generateText(model, tokenizer.encode(prompt), { maxTokens: 160, temperature: 0.7, topK: 8, seed: 1, suppressIds: [0, 1, 2, 3] });
      log(`${result.steps} steps, ${windows} windows in ${(trainingMs / 1000).toFixed(0)} s (${examplesPerSecond.toFixed(1)} windows/s, ${(examplesPerSecond * SEQ_LEN).toFixed(0)} characters/s)`);
      log(`bits per character: validation ${validation.toFixed(4)}, test ${test.toFixed(4)} (bar ${schedule.bar}); ${secondsToBar == null ? 'the validation sample never went under it during training' : `reached on the validation sample after ${secondsToBar} s`}`);
      log(`sample (temperature 0.7, top-8, seed 1): ${JSON.stringify(prompt + tokenizer.decode(sample))}`);
      return {
        model,
        metadata: {
          kind: sizes.kind,
          options: sizes.options,
          dataset: { name: 'mobyDick', options: { seed: 0 }, text: 'chapters joined by a newline, lowercased, — as -, characters outside the alphabet removed', alphabet: MOBY_DICK_ALPHABET },
          tokenizer: tokenizer.toJSON(),
          seqLen: SEQ_LEN,
          metrics: { validationBitsPerCharacter: validation, testBitsPerCharacter: test, evaluation: `every character after the first, windows of ${SEQ_LEN} every ${SEQ_LEN / 2}` },
          bar: schedule.bar,
          secondsToBar,
          examplesPerSecond: Math.round(examplesPerSecond * 10) / 10,
          steps: result.steps,
          parameters: model.countParams(),
        },
      };
    },
  };
}

export const LANGUAGE_RECIPES: Recipe[] = [
  languageRecipe('char-transformer', { stepsPerEpoch: 200, epochs: 30, batchSize: 32, learningRate: 0.003, warmupSteps: 200, bar: 2.2, stopAt: 2.1, validationSample: 10_000, options: { dModel: 128, numBlocks: 2, numHeads: 4, ffDim: 256 } }),
  languageRecipe('char-lstm', { stepsPerEpoch: 200, epochs: 20, batchSize: 32, learningRate: 0.01, warmupSteps: 100, bar: 2.2, stopAt: 2.15, validationSample: 10_000, options: { embeddingDim: 32, units: 116 } }),
];
