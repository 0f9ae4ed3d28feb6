import { CliError, UsageError } from './cli-error.js';
import { keyRecallRecipe } from './key-recall-recipe.js';
import type { ModelRecipe } from './model-recipe.js';
import { sentimentRecipe } from './sentiment-recipe.js';
import { dateTransformerRecipe, dateTranslatorRecipe, numberWordsDeRecipe, numberWordsFrRecipe, numberWordsZhRecipe } from './seq2seq-recipe.js';

/**
 * Every model the command knows, by its command-line name.
 *
 * @example
 * Object.keys(MODELS); // ['key-recall', 'sentiment', 'date-translator', 'date-transformer', 'number-words-fr', 'number-words-de', 'number-words-zh']
 */
export const MODELS: Readonly<Record<string, ModelRecipe>> = Object.freeze({
  [keyRecallRecipe.name]: keyRecallRecipe,
  [sentimentRecipe.name]: sentimentRecipe,
  [dateTranslatorRecipe.name]: dateTranslatorRecipe,
  [dateTransformerRecipe.name]: dateTransformerRecipe,
  [numberWordsFrRecipe.name]: numberWordsFrRecipe,
  [numberWordsDeRecipe.name]: numberWordsDeRecipe,
  [numberWordsZhRecipe.name]: numberWordsZhRecipe,
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

/**
 * The recipe of a model read from a folder: like {@link findModel}, but a name
 * this version does not know is a plain {@link CliError} (exit 1) naming the folder.
 *
 * @param name - The model name stored in the folder.
 * @param folder - The folder, for the message.
 * @returns Its recipe.
 * @example
 * const recipe = recipeOfFolder(state.model, 'runs/kr');
 */
export function recipeOfFolder(name: string, folder: string): ModelRecipe {
  if (Object.hasOwn(MODELS, name)) return MODELS[name]!;
  throw new CliError(`the model in ${folder} is '${name}', which this version of attention-lab does not know (models: ${Object.keys(MODELS).join(', ')})`);
}
