import { sentimentSentences, type SentimentSentence, WordTokenizer } from '@attention-lab/datasets';
import { type AttentionMap, predictWithAttention, transformerClassifier } from '@attention-lab/models';
import * as tf from '@tensorflow/tfjs';
import { CliError } from './cli-error.js';
import type { ModelRecipe, RecipeData, SplitTensors } from './model-recipe.js';
import { shippedWeights } from './shipped-weights.js';

// The sizes of the models package's shipped sentiment-transformer
// (scripts/recipes-classifiers.ts there), so a model trained here reads the
// same inputs.
/** Words per input (`seqLen`): 98% of the training sentences fit; longer ones keep their first words. */
const SEQ_LEN = 40;
/** Most token ids: the tokenizer keeps the 2,996 most frequent training words after the 4 special tokens. */
const MAX_VOCAB = 3000;
/** Class names by id. */
const LABELS = ['negative', 'positive'] as const;
const EXAMPLE = 'The food was great and the staff were friendly.';
const INPUT_HELP = `an English sentence, such as a short review (the first ${SEQ_LEN} words are read)`;

/** What `predict` reads from a model's metadata: the tokenizer, the input length and the class names. */
interface SentimentMetadata {
  tokenizer: WordTokenizer;
  seqLen: number;
  labels: readonly string[];
}

function sentimentMetadata(metadata: Record<string, unknown>): SentimentMetadata {
  let tokenizer: WordTokenizer;
  try {
    tokenizer = WordTokenizer.fromJSON(metadata['tokenizer']);
  } catch (error) {
    throw new CliError(`the sentiment model has no usable tokenizer saved with it: ${(error as Error).message}`);
  }
  const seqLen = Number.isInteger(metadata['seqLen']) ? (metadata['seqLen'] as number) : SEQ_LEN;
  const labels = Array.isArray(metadata['labels']) ? (metadata['labels'] as unknown[]).map(String) : [...LABELS];
  return { tokenizer, seqLen, labels };
}

/**
 * Encodes a sentence as ids `[1, seqLen]` (padded with 0; words after
 * `seqLen` are dropped), with one label per word read; a word the tokenizer
 * does not know keeps its spelling but reads as `<unk>`. An input without
 * words is a `CliError`.
 *
 * @param input - The typed sentence.
 * @param tokenizer - The model's word tokenizer.
 * @param seqLen - The model's input length.
 * @returns `{ x [1, seqLen], words, unknown }`; the caller disposes `x`.
 * @example
 * const { x, words } = encodeSentence('Great food!', tokenizer, 40); // words ['great', 'food', '!']
 */
export function encodeSentence(input: string, tokenizer: WordTokenizer, seqLen: number): { x: tf.Tensor2D; words: string[]; unknown: string[] } {
  const words = tokenizer.tokenize(input).slice(0, seqLen);
  if (words.length === 0) throw new CliError(`sentiment needs at least one word: use ${INPUT_HELP}, e.g. "${EXAMPLE}"`);
  const ids = tokenizer.encode(input).slice(0, seqLen); // one id per word of tokenize(input)
  const unknown = words.filter((_, i) => ids[i] === tokenizer.unkId);
  const x = tf.tensor2d([[...ids, ...new Array<number>(seqLen - ids.length).fill(0)]], [1, seqLen], 'int32'); // [1, seqLen]
  return { x, words, unknown };
}

/** Sentences as ids `[n, seqLen]` (0-padded, cut after `seqLen` words) and labels `[n]`. */
function sentimentTensors(sentences: readonly SentimentSentence[], tokenizer: WordTokenizer, seqLen: number): SplitTensors {
  const rows = sentences.map((s) => {
    const ids = tokenizer.encode(s.text).slice(0, seqLen);
    return [...ids, ...new Array<number>(seqLen - ids.length).fill(0)];
  });
  return { x: tf.tensor2d(rows, [sentences.length, seqLen], 'int32'), y: tf.tensor1d(sentences.map((s) => s.label), 'float32') }; // [n, seqLen], [n]
}

/** The first batch item of a map cut to the `n` words read: pooling `[1, n]`, self-attention `[1, heads, n, n]`. */
function cropToWords(map: AttentionMap, n: number): AttentionMap {
  if (map.shape.length === 2) return { shape: [1, Math.min(n, map.shape[1]!)], values: map.values.slice(0, Math.min(n, map.shape[1]!)) };
  if (map.shape.length !== 4) return map;
  const [, heads, q, k] = map.shape as [number, number, number, number];
  const r = Math.min(n, q);
  const c = Math.min(n, k);
  const values = new Float32Array(heads * r * c);
  for (let h = 0; h < heads; h++) for (let i = 0; i < r; i++) values.set(map.values.subarray((h * q + i) * k, (h * q + i) * k + c), (h * r + i) * c);
  return { shape: [1, heads, r, c], values };
}

/** The models package's shipped sentiment model, when it has one. */
const pretrained = shippedWeights('sentiment-transformer', 'sentiment');

/**
 * Model (b) of the article on the command line: `transformerClassifier` (one
 * Transformer encoder block, 4 heads, dModel 32, then attention pooling over
 * the words) on the datasets package's `sentimentSentences` (3,000 review
 * sentences labelled negative or positive), at the sizes of the models
 * package's shipped `sentiment-transformer`, which `attend sentiment` uses.
 * The word tokenizer is fitted on the training split (at most 3,000 ids) and
 * saved with the model. The prediction is the label with its probability;
 * the picture is the pooling weights `[1, words]`: how much each word counted
 * (the encoder's self-attention `encoder_<i>` `[1, heads, words, words]`
 * comes after it).
 *
 * @example
 * const { model, metadata } = await sentimentRecipe.pretrained!();
 * const { text } = await sentimentRecipe.predict(model, 'The food was great.', metadata); // 'positive (p = 0.9…)'
 */
export const sentimentRecipe: ModelRecipe = {
  name: 'sentiment',
  description: 'tell a negative from a positive review sentence (Transformer encoder + attention pooling over the words)',
  inputHelp: INPUT_HELP,
  example: EXAMPLE,
  metric: 'acc',
  epochs: 4, // the shipped copy kept the weights of its epoch 4 (early stopping on validation loss)

  createModel(seed) {
    // The tokenizer is fitted in loadData; it never has more than MAX_VOCAB ids.
    return transformerClassifier({ vocabSize: MAX_VOCAB, seqLen: SEQ_LEN, numClasses: LABELS.length, dModel: 32, numHeads: 4, ffDim: 64, numLayers: 1, dropout: 0.2, learningRate: 0.001, seed });
  },

  async loadData(seed): Promise<RecipeData> {
    const ds = await sentimentSentences({ seed });
    const tokenizer = WordTokenizer.fit(ds.splits.train.map((s) => s.text), { maxVocab: MAX_VOCAB, lowercase: true });
    const train = sentimentTensors(ds.splits.train, tokenizer, SEQ_LEN);
    const validation = sentimentTensors(ds.splits.validation, tokenizer, SEQ_LEN);
    const test = sentimentTensors(ds.splits.test, tokenizer, SEQ_LEN);
    return {
      train,
      validation,
      test,
      metadata: { tokenizer: tokenizer.toJSON(), seqLen: SEQ_LEN, labels: [...LABELS], dataset: { loader: 'sentimentSentences', options: { seed } } },
      dispose: () => tf.dispose([train, validation, test].flatMap((s) => [s.x as tf.Tensor, s.y])),
    };
  },

  async predict(model, input, metadata) {
    const { tokenizer, seqLen, labels } = sentimentMetadata(metadata);
    const { x, words, unknown } = encodeSentence(input, tokenizer, seqLen);
    try {
      const { predictions, attention } = await predictWithAttention(model, x); // attention: encoder_i [1, heads, seqLen, seqLen], attention [1, seqLen]
      const probabilities = await predictions.data();
      predictions.dispose();
      let best = 0;
      for (let i = 1; i < probabilities.length; i++) if (probabilities[i]! > probabilities[best]!) best = i;
      const maps: Record<string, AttentionMap> = {};
      const pooling = attention['attention'];
      if (pooling != null) maps['attention'] = cropToWords(pooling, words.length);
      for (const [key, map] of Object.entries(attention)) if (key !== 'attention') maps[key] = cropToWords(map, words.length);
      const notKnown = unknown.length > 0 ? `; not in its vocabulary: ${[...new Set(unknown)].join(', ')}` : '';
      return { text: `${labels[best] ?? String(best)} (p = ${probabilities[best]!.toFixed(3)})${notKnown}`, attention: maps, keyTokens: words };
    } finally {
      x.dispose();
    }
  },
  ...(pretrained ? { pretrained } : {}),
};
