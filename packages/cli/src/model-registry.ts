import { UsageError } from './cli-error.js';
import { keyRecallRecipe } from './key-recall-recipe.js';
import type { ModelRecipe } from './model-recipe.js';
import { dateTranslatorRecipe, numberWordsDeRecipe, numberWordsFrRecipe } from './seq2seq-recipe.js';

/**
 * Every model the command knows, by its command-line name.
 *
 * @example
 * Object.keys(MODELS); // ['key-recall', 'date-translator', 'number-words-fr', 'number-words-de']
 */
export const MODELS: Readonly<Record<string, ModelRecipe>> = Object.freeze({
  [keyRecallRecipe.name]: keyRecallRecipe,
  [dateTranslatorRecipe.name]: dateTranslatorRecipe,
  [numberWordsFrRecipe.name]: numberWordsFrRecipe,
  [numberWordsDeRecipe.name]: numberWordsDeRecipe,
});

/**
 * Looks a model up by its command-line name.
 *
 * @param name - The name typed, e.g. `'key-recall'`.
 * @returns Its recipe.
 * @throws {@link UsageError} naming the known models when there is no such model.
 * @example
 * findModel('key-recall').description;
 */
export function findModel(name: string | undefined): ModelRecipe {
  const known = Object.keys(MODELS).join(', ');
  if (name == null || name === '') throw new UsageError(`missing the model name; models: ${known}`);
  const recipe = Object.hasOwn(MODELS, name) ? MODELS[name] : undefined;
  if (recipe == null) throw new UsageError(`unknown model '${name}'; models: ${known}`);
  return recipe;
}
