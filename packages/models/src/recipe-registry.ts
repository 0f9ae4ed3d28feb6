// Every training recipe by the name of its shipped weights: what
// `train:pretrained`, `attention-lab train`, the site's examples and the
// benchmarks train, in one place.
import type { DateTranslationOptions, MnistOptions, MobyDickOptions, NumberWordsOptions, SentimentSentencesOptions } from '@attention-lab/datasets';
import type { AttentionSeq2seqOptions } from './attention-seq2seq.js';
import type { ImageAttentionClassifierOptions } from './image-attention-classifier.js';
import type { KeyRecallClassifierOptions } from './key-recall-classifier.js';
import type { LstmLanguageModelOptions } from './lstm-language-model.js';
import type { Recipe, TrainingSettings, WithVariants } from './recipe.js';
import type { KeyRecallDatasetOptions, KeyRecallSettings } from './recipes/key-recall.js';
import type { LanguageModelSettings } from './recipes/language.js';
import type { MnistSettings } from './recipes/classifiers.js';
import type { SubwordSettings } from './recipes/subword.js';
import type { TransformerClassifierOptions } from './transformer-classifier.js';
import type { TransformerLanguageModelOptions } from './transformer-language-model.js';
import type { TransformerSeq2seqOptions } from './transformer-seq2seq.js';
import { mnistRecipe, sentimentRecipe } from './recipes/classifiers.js';
import { keyRecallRecipe } from './recipes/key-recall.js';
import { charLstmRecipe, charTransformerRecipe } from './recipes/language.js';
import { dateTransformerRecipe, dateTranslatorRecipe, numberWordsDeRecipe, numberWordsFrRecipe, numberWordsZhRecipe } from './recipes/seq2seq.js';
import { subwordRecipe } from './recipes/subword.js';

/** Freezes an object and everything it holds (not functions), so no caller can change a recipe for the others. */
function deepFreeze<T>(value: T): T {
  if (value != null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/**
 * The type of {@link RECIPES}: every recipe by name, with its data set,
 * model and settings types and the variants it has (`quick`: what
 * `attention-lab train` runs; `browser`: what the site's examples train).
 */
export interface Recipes {
  'date-translator': WithVariants<Recipe<DateTranslationOptions, Omit<AttentionSeq2seqOptions, 'sourceVocabSize' | 'targetVocabSize' | 'seed'>, TrainingSettings>, 'browser'>;
  'number-words-fr': Recipe<NumberWordsOptions, Omit<AttentionSeq2seqOptions, 'sourceVocabSize' | 'targetVocabSize' | 'seed'>, TrainingSettings>;
  'number-words-de': Recipe<NumberWordsOptions, Omit<AttentionSeq2seqOptions, 'sourceVocabSize' | 'targetVocabSize' | 'seed'>, TrainingSettings>;
  'number-words-zh': Recipe<NumberWordsOptions, Omit<AttentionSeq2seqOptions, 'sourceVocabSize' | 'targetVocabSize' | 'seed'>, TrainingSettings>;
  'date-transformer': WithVariants<Recipe<DateTranslationOptions, Omit<TransformerSeq2seqOptions, 'sourceVocabSize' | 'targetVocabSize' | 'seed'> & { dModel: number }, TrainingSettings>, 'quick' | 'browser'>;
  'key-recall-attention': WithVariants<Recipe<KeyRecallDatasetOptions, Omit<KeyRecallClassifierOptions, 'vocabSize' | 'seqLen' | 'seed'>, KeyRecallSettings>, 'quick' | 'browser'>;
  'key-recall-lstm': WithVariants<Recipe<KeyRecallDatasetOptions, Omit<KeyRecallClassifierOptions, 'vocabSize' | 'seqLen' | 'seed'>, KeyRecallSettings>, 'quick' | 'browser'>;
  'sentiment-transformer': WithVariants<Recipe<SentimentSentencesOptions, Omit<TransformerClassifierOptions, 'seed'>, TrainingSettings>, 'quick'>;
  'mnist-attention': WithVariants<Recipe<MnistOptions, Omit<ImageAttentionClassifierOptions, 'seed'>, MnistSettings>, 'browser'>;
  'char-transformer': WithVariants<Recipe<MobyDickOptions, Omit<TransformerLanguageModelOptions, 'vocabSize' | 'seed'>, LanguageModelSettings>, 'browser'>;
  'char-lstm': Recipe<MobyDickOptions, Omit<LstmLanguageModelOptions, 'vocabSize' | 'seed'>, LanguageModelSettings>;
  'subword-transformer': Recipe<MobyDickOptions, Omit<TransformerLanguageModelOptions, 'seed'>, SubwordSettings>;
}

const TABLE: Recipes = {
  'date-translator': dateTranslatorRecipe,
  'number-words-fr': numberWordsFrRecipe,
  'number-words-de': numberWordsDeRecipe,
  'number-words-zh': numberWordsZhRecipe,
  'date-transformer': dateTransformerRecipe,
  'key-recall-attention': keyRecallRecipe(true),
  'key-recall-lstm': keyRecallRecipe(false),
  'sentiment-transformer': sentimentRecipe,
  'mnist-attention': mnistRecipe,
  'char-transformer': charTransformerRecipe,
  'char-lstm': charLstmRecipe,
  'subword-transformer': subwordRecipe,
};

/** The name of a recipe: the name of its shipped weights. */
export type RecipeName = keyof Recipes;

/**
 * Every training recipe, by the name of its shipped weights, in the order
 * `train:pretrained` trains them. Frozen, down to every option.
 *
 * @example
 * Object.keys(RECIPES); // ['date-translator', 'number-words-fr', …, 'subword-transformer']
 * RECIPES['key-recall-attention'].quick.differences; // '4 pairs instead of 12 …'
 */
export const RECIPES: Readonly<Recipes> = deepFreeze(TABLE);

/**
 * Looks a recipe up by name.
 *
 * @param name - The name of its shipped weights, e.g. `'key-recall-attention'`.
 * @returns The recipe: `dataset`, `model`, `settings` and `bar` of the shipped run, `quick` and `browser` variants where it has them, and `createModel`, `loadData`, `evaluate`, `trainShipped`.
 * @throws RangeError naming the known recipes when there is no such recipe.
 * @example
 * const { model: { options }, settings } = recipe('key-recall-attention').quick;
 * const model = recipe('key-recall-attention').createModel({ variant: 'quick', seed: 0 });
 */
export function recipe<N extends RecipeName>(name: N): Recipes[N];
export function recipe(name: string): Recipe;
export function recipe(name: string): Recipe {
  if (!Object.hasOwn(RECIPES, name)) throw new RangeError(`recipe: unknown recipe '${name}'; recipes: ${Object.keys(RECIPES).join(', ')}`);
  return RECIPES[name as RecipeName];
}
