import { WordTokenizer } from '@attention-lab/datasets';
import { type AttentionMap, predictWithAttention, recipe } from '@attention-lab/models';
import * as tf from '@tensorflow/tfjs';
import { CliError } from './cli-error.js';
import type { ModelRecipe } from './model-recipe.js';
import { recipeTraining } from './recipe-training.js';
import { shippedWeights } from './shipped-weights.js';

// `train sentiment` trains the models package's recipe 'sentiment-transformer'
// (its quick variant), so a model trained here reads the same inputs as the
// shipped one: words per input (seqLen, 40: 98% of the training sentences fit).
const SEQ_LEN = recipe('sentiment-transformer').model.options.seqLen;
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
 * Model (b) of the article on the command line: `transformerClassifier` (word
 * embeddings of dModel 32 with positions, pooled by attention with no encoder
 * block in between, so each weight belongs to one word) on the datasets package's `sentimentSentences` (3,000 review
 * sentences labelled negative or positive), trained as the models package's
 * recipe `sentiment-transformer` in its quick variant (4 epochs, no early
 * stopping); `attend sentiment` uses its shipped weights.
 * The word tokenizer is fitted on the training split (at most 3,000 ids) and
 * saved with the model. The prediction is the label with its probability;
 * the picture is the pooling weights `[1, words]`: how much each word counted
 * (a model trained with encoder blocks also has their self-attention
 * `encoder_<i>` `[1, heads, words, words]` after it).
 *
 * @example
 * const { model, metadata } = await sentimentRecipe.pretrained!();
 * const { text } = await sentimentRecipe.predict(model, 'The food was great.', metadata); // 'positive (p = 0.9…)'
 */
export const sentimentRecipe: ModelRecipe = {
  name: 'sentiment',
  description: 'tell a negative from a positive review sentence (attention pooling over the words)',
  inputHelp: INPUT_HELP,
  example: EXAMPLE,
  ...recipeTraining('sentiment-transformer'),

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
